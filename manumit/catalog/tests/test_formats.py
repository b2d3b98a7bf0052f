"""The format registry: a format registered from outside the catalogue appears on resource
pages and listings at `<address>.<format>`, announced by `<link rel="alternate">`;
an unknown suffix is not found; a listing streams instead of reading the library at once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.http import HttpRequest, StreamingHttpResponse
from django.test import Client
from django.urls import URLResolver, resolve, reverse

from manumit.catalog import formats
from manumit.catalog.formats import LISTING, RESOURCE, Format
from manumit.catalog.formats.subjects import Listing, ResourceItem
from manumit.catalog.models import LegacySlug, Status
from manumit.catalog.tests.factories import ResourceFactory


def lines_of_resource(request: HttpRequest, item: ResourceItem) -> str:
    return f"{item.record['title']} ({item.record['machine_date']})\n"


def lines_of_listing(request: HttpRequest, listing: Listing) -> Iterator[str]:
    yield f"# {listing.title}\n"
    for record in listing.records():
        yield f"{record['title']}\n"


RESOURCE_LINES = Format("lines.txt", "text/plain", lines_of_resource, label="Lines", download=True)
LISTING_LINES = Format("lines.txt", "text/plain", lines_of_listing, label="Lines", download=True)


def streamed(response: object) -> bytes:
    """The whole body of a response that must have been streamed."""
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)  # type: ignore[arg-type]


@pytest.fixture
def lines_format() -> Iterator[None]:
    """A format plugged in the way the open interfaces plug in theirs."""
    formats.register(RESOURCE, RESOURCE_LINES)
    formats.register(LISTING, LISTING_LINES)
    yield
    formats.unregister(RESOURCE, "lines.txt")
    formats.unregister(LISTING, "lines.txt")


# --- The registry -------------------------------------------------------------------------


def test_registering_again_is_harmless_but_a_second_format_of_one_name_is_refused(
    lines_format: None,
) -> None:
    formats.register(RESOURCE, RESOURCE_LINES)
    assert [f.name for f in formats.formats_for(RESOURCE)].count("lines.txt") == 1
    other = Format("lines.txt", "text/csv", lines_of_resource)
    with pytest.raises(ValueError, match="already registered"):
        formats.register(RESOURCE, other)


@pytest.mark.parametrize("name", ["JSON", "", ".json", "csl..json", "a/b", "bib "])
def test_a_format_name_is_lower_case_words_joined_by_dots(name: str) -> None:
    with pytest.raises(ValueError, match="lower-case"):
        Format(name, "text/plain", lines_of_resource)


def test_a_kind_of_page_that_does_not_exist_is_an_error() -> None:
    with pytest.raises(ValueError, match="kind"):
        formats.register("sitemap", RESOURCE_LINES)


def test_a_pages_own_format_takes_the_place_of_a_registered_one() -> None:
    own = Format("json", "application/json", lines_of_listing)
    offered = formats.formats_for(LISTING, own=[own])
    assert [f for f in offered if f.name == "json"] == [own]
    assert formats.lookup(LISTING, "json", own=[own]) is own
    assert formats.lookup(LISTING, "") is None


# --- Routing by suffix --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "view_kwargs"),
    [
        ("/resources/walk-free.csl.json", {"slug": "walk-free", "format": "csl.json"}),
        ("/resources/walk-free.bib", {"slug": "walk-free", "format": "bib"}),
        ("/resources/trabajo-forzoso-ñ.ris", {"slug": "trabajo-forzoso-ñ", "format": "ris"}),
        ("/resources/walk-free/", {"slug": "walk-free"}),
        ("/tags/asia.csv", {"slug": "asia", "format": "csv"}),
        ("/countries/th.json", {"iso": "th", "format": "json"}),
        ("/resources.bib", {"format": "bib"}),
        ("/search.csv", {"format": "csv"}),
    ],
)
def test_one_route_takes_a_page_and_every_suffix(address: str, view_kwargs: dict) -> None:
    assert resolve(address).kwargs == view_kwargs


def test_suffix_addresses_are_reversed_by_name() -> None:
    assert reverse("catalog:resource-format", args=["x", "csl.json"]) == "/resources/x.csl.json"
    assert reverse("catalog:tag-format", args=["asia", "json"]) == "/tags/asia.json"
    assert reverse("search:page-format", kwargs={"format": "json"}) == "/search.json"


def test_the_wordpress_catch_all_is_the_very_last_route() -> None:
    from manumit import urls

    last = urls.urlpatterns[-1]
    assert isinstance(last, URLResolver)
    assert [getattr(p, "name", None) for p in last.url_patterns] == ["legacy-slug"]
    assert resolve("/some-old-post/").url_name == "legacy-slug"
    # Real pages of every app still win over it.
    assert resolve("/search/").url_name == "page"
    assert resolve("/resources/").url_name == "resources"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address", ["/resources/{slug}.nope", "/resources.nope", "/tags/asia.nope", "/search.nope"]
)
def test_an_unknown_suffix_is_not_found(client: Client, address: str) -> None:
    resource = ResourceFactory.create(regions=["Asia"])
    assert client.get(address.format(slug=resource.slug)).status_code == 404


@pytest.mark.django_db
def test_an_unknown_suffix_of_an_old_slug_is_not_found_rather_than_redirected(
    client: Client,
) -> None:
    resource = ResourceFactory.create(title="New name")
    LegacySlug.objects.create(slug="old-name", resource=resource)
    assert client.get("/resources/old-name.nope").status_code == 404


# --- A registered format on real pages ----------------------------------------------------


@pytest.mark.django_db
def test_a_registered_format_answers_on_a_resource_page(client: Client, lines_format: None) -> None:
    import datetime

    resource = ResourceFactory.create(
        title="Pervasive", pub_date=datetime.date(2018, 1, 1), pub_date_precision="year"
    )
    response = client.get(f"/resources/{resource.slug}.lines.txt")
    assert response.status_code == 200
    assert response.content.decode() == "Pervasive (2018)\n"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{resource.slug}.lines.txt"'
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.django_db
def test_an_old_address_in_a_format_moves_to_the_new_one(
    client: Client, lines_format: None
) -> None:
    resource = ResourceFactory.create(title="New name")
    LegacySlug.objects.create(slug="old-name", resource=resource)
    response = client.get("/resources/old-name.lines.txt")
    assert response.status_code == 301
    assert response["Location"] == "/resources/new-name.lines.txt"


@pytest.mark.django_db
def test_a_listing_format_exports_the_whole_listing_not_one_page(
    client: Client, lines_format: None
) -> None:
    ResourceFactory.create_batch(25, regions=["Europe"])
    ResourceFactory.create(title="Asian", regions=["Asia"])
    ResourceFactory.create(title="Draft in Europe", regions=["Europe"], status=Status.DRAFT)
    response = client.get("/tags/europe.lines.txt", {"page": "2"})
    lines = streamed(response).decode().splitlines()
    assert lines[0] == "# Europe"
    assert len(lines) == 26
    assert "Asian" not in lines
    assert "Draft in Europe" not in lines
    assert response["Content-Disposition"] == 'attachment; filename="europe.lines.txt"'


@pytest.mark.django_db
def test_a_curators_export_may_hold_drafts_so_it_is_never_cached(
    client: Client, editor: User, lines_format: None
) -> None:
    ResourceFactory.create(title="Draft", status=Status.DRAFT)
    client.force_login(editor)
    response = client.get("/resources.lines.txt")
    assert "Draft" in streamed(response).decode()
    assert response["Cache-Control"] == "private, no-store"
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.django_db
def test_html_pages_announce_every_registered_format(client: Client, lines_format: None) -> None:
    resource = ResourceFactory.create(regions=["Asia"])
    for page, stem in [
        ("/", "/resources"),
        ("/tags/asia/", "/tags/asia"),
        (resource.get_absolute_url(), f"/resources/{resource.slug}"),
    ]:
        html = client.get(page).content.decode()
        assert f'<link rel="alternate" type="application/json" href="{stem}.json">' in html
        assert f'<link rel="alternate" type="text/plain" href="{stem}.lines.txt">' in html


@pytest.mark.django_db
def test_a_listing_streams_in_chunks_and_never_reads_the_library_at_once(
    client: Client, lines_format: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from manumit.catalog.formats import subjects

    monkeypatch.setattr(subjects, "CHUNK_SIZE", 2)
    ResourceFactory.create_batch(5, types=["Guidance"])
    response = client.get("/resources.lines.txt")
    assert isinstance(response, StreamingHttpResponse)
    pieces = iter(response.streaming_content)
    assert next(pieces) == b"# Resources\n"

    def type_lookups(queries: CaptureQueriesContext) -> int:
        return sum('"catalog_resource_types"' in query["sql"] for query in queries)

    with CaptureQueriesContext(connection) as first:
        next(pieces)
    # The first line needs the first chunk only: its types are read for two resources.
    assert type_lookups(first) == 1
    with CaptureQueriesContext(connection) as rest:
        lines = list(pieces)
    assert len(lines) == 4
    # Two more chunks (two resources, then one), each read with its own prefetch.
    assert type_lookups(rest) == 2
