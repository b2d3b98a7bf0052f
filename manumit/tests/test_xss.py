"""A hostile value in every field that reaches a page, a twin, a feed, the API or a citation
is shown as text: never as markup in HTML or XML, and in JSON only as a string served
as JSON (with nosniff). A browser test (`-m browser`) confirms no script runs, with the
page's CSP switched off so that it is the escaping, not the CSP, that holds."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from manumit.catalog.models import (
    Attachment,
    Authorship,
    Organisation,
    Person,
    Publishing,
    Resource,
    Topic,
)
from manumit.catalog.tests.factories import ResourceFactory
from manumit.search import apply_outbox

# Closes an attribute, opens a script, and tries an event handler: each marker below is
# what would run if a value were pasted into markup unescaped.
PAYLOAD = '"\'><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
MARKERS = ("<script>window.__pwned", "<img src=x onerror")


@pytest.fixture
def hostile(db: None) -> Resource:
    resource = ResourceFactory.create(
        title=f"Forced labour {PAYLOAD}",
        slug="hostile",
        description=f"<p>Summary {PAYLOAD}</p><script>window.__pwned=3</script>",
        doi=f"10.1/{PAYLOAD}",
    )
    person = Person.objects.create(name=f"Ann {PAYLOAD}", slug="ann")
    Authorship.objects.create(resource=resource, person=person, position=0)
    organisation = Organisation.objects.create(name=f"Org {PAYLOAD}", slug="org")
    Publishing.objects.create(resource=resource, organisation=organisation, position=0)
    resource.topics.add(Topic.objects.create(name=f"Topic {PAYLOAD}", slug="hostile-topic"))
    attachment = Attachment(resource=resource, label=f"Report {PAYLOAD}")
    attachment.file.save("<svg onload=alert(1)>.pdf", ContentFile(b"%PDF-1.4 x"), save=False)
    attachment.save()
    apply_outbox()
    return resource


PAGES = [
    "/",
    "/resources/",
    "/resources/hostile/",
    "/people/ann/",
    "/organisations/org/",
    "/organisations/",
    "/topics/",
    "/topics/hostile-topic/",
    "/feed/",
    "/feed/atom/",
    "/topics/hostile-topic/feed/",
    "/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=IDENTIFIER",
]
PLAIN = ["/resources/hostile.bib", "/resources/hostile.ris"]  # citation files: text, not markup
JSON = [
    "/resources.json",
    "/resources/hostile.json",
    "/resources/hostile.csl.json",
    "/api/v1/resources",
    "/api/v1/resources/hostile",
    "/search.json?q=forced",
]


def assert_no_markup(body: str, where: str) -> None:
    for marker in MARKERS:
        assert marker not in body, f"{where} carries {marker!r} as markup"


@pytest.mark.parametrize("path", PAGES)
def test_pages_feeds_and_citations_show_the_value_as_text(
    client: Client, hostile: Resource, path: str, settings: Any
) -> None:
    path = path.replace("IDENTIFIER", f"oai:{settings.OAI_REPOSITORY_ID}:{hostile.pk}")
    response = client.get(path)
    assert response.status_code == 200, path
    body = response.content.decode()
    assert_no_markup(body, path)
    assert "window.__pwned" in body  # the value is there, as text


@pytest.mark.parametrize("path", PLAIN)
def test_citation_files_are_served_as_plain_text_never_sniffed(
    client: Client, hostile: Resource, path: str
) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert "html" not in response["Content-Type"]
    assert response["X-Content-Type-Options"] == "nosniff"


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings(item)]
    return []


@pytest.mark.parametrize("path", JSON)
def test_json_twins_and_the_api_carry_the_value_as_a_json_string(
    client: Client, hostile: Resource, path: str
) -> None:
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith(("application/json", "application/vnd"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert f"Forced labour {PAYLOAD}" in strings(response.json())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {"q": PAYLOAD},
        {"q": "forced", "publisher": PAYLOAD},
        {"q": "forced", "topic": PAYLOAD, "type": PAYLOAD, "country": PAYLOAD},
        {"q": "forced", "year_from": PAYLOAD, "sort": PAYLOAD, "page": PAYLOAD},
    ],
)
def test_the_search_echo_is_text(client: Client, query: dict[str, str]) -> None:
    apply_outbox()
    for path in ("/search/", "/search/feed/"):
        response = client.get(path, query)
        assert response.status_code in (200, 301), (path, query)  # a feed drops bad values
        assert_no_markup(response.content.decode(), f"{path} {query}")


@pytest.mark.browser
def test_no_script_runs_in_a_browser_even_without_the_csp(
    browser: Any, live_server: Any, hostile: Resource
) -> None:
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    dialogs: list[str] = []

    def refuse(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", refuse)
    try:
        for path in ("/", "/resources/hostile/", "/people/ann/", "/organisations/org/"):
            page.goto(live_server.url + path)
            assert page.evaluate("window.__pwned === undefined"), path
        page.goto(live_server.url + "/search/?" + "q=forced&publisher=" + PAYLOAD)
        assert page.evaluate("window.__pwned === undefined")
        assert PAYLOAD in page.inner_text("body") or "forced" in page.inner_text("body")
    finally:
        context.close()
    assert dialogs == []
