"""The search page and its `.json` twin, over a small stand-in engine: what a reader sees
(passages with page links, facets, chips, sorting, paging, suggestions) and that the
address carries the whole state. The real engine's own behaviour has its own tests."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.test.utils import CaptureQueriesContext

from manumit.catalog.models import Attachment, Resource
from manumit.catalog.tests.factories import ResourceFactory
from manumit.search.types import (
    UNAVAILABLE,
    FacetValue,
    Hit,
    Passage,
    SearchQuery,
    SearchResults,
    SearchUnavailable,
    WithoutFacet,
    WithoutWords,
    WithoutYears,
)

pytestmark = pytest.mark.django_db


class FakeEngine:
    """Answers every query with the given resources, and remembers what it was asked."""

    def __init__(self, **fields: Any) -> None:
        self.fields = fields
        self.asked: list[SearchQuery] = []
        self.passages: dict[int, tuple[Passage, ...]] = {}

    def __call__(self, query: SearchQuery) -> SearchResults:
        self.asked.append(query)
        resources = list(Resource.objects.public().order_by("id"))
        start = (query.page - 1) * query.page_size
        hits = [
            Hit(resource=r, score=1.0, passages=self.passages.get(r.pk, ()))
            for r in resources[start : start + query.page_size]
        ]
        fields = {"total": len(resources), "hits": hits, "took_ms": 3.2, **self.fields}
        return SearchResults(query=query, **fields)


@pytest.fixture
def fake_engine(monkeypatch: pytest.MonkeyPatch) -> Callable[..., FakeEngine]:
    def install(**fields: Any) -> FakeEngine:
        engine = FakeEngine(**fields)
        monkeypatch.setattr("manumit.search.search", engine, raising=False)
        return engine

    return install


COUNTRY_FACET = {
    "country": [
        FacetValue("TH", "Thailand", 7),
        FacetValue("MY", "Malaysia", 3),
    ],
    "type": [FacetValue("publications", "Publications", 9)],
}


def seafood_report() -> tuple[Resource, Attachment]:
    resource = ResourceFactory.create(
        title="Forced labour in Thai seafood",
        types=["Publications"],
        authors=["Amina Okafor", "Walk Free Foundation"],
    )
    attachment = Attachment(resource=resource)
    attachment.file.save("seafood.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    attachment.save()
    return resource, attachment


def test_a_result_shows_its_title_type_date_byline_and_passages_linking_to_their_page(
    client: Client, fake_engine: Callable[..., FakeEngine]
) -> None:
    resource, attachment = seafood_report()
    engine = fake_engine()
    engine.passages[resource.pk] = (
        Passage("workers on <mark>fishing</mark> boats", page=12, attachment_id=attachment.pk),
        Passage("<mark>Seafood</mark> in the title", page=None),
    )
    html = client.get("/search/", {"q": "fishing"}).content.decode()
    assert "Forced labour in Thai seafood" in html
    assert "Publications" in html
    assert resource.display_date in html
    assert '<p class="byline">By Amina Okafor &amp; Walk Free Foundation</p>' in html
    download = f"/resources/{resource.slug}/download/{attachment.pk}/#page=12"
    assert f'href="{download}"' in html
    assert "p. 12" in html
    assert "workers on <mark>fishing</mark> boats" in html
    assert "1 result for “fishing”" in html
    assert "in 3 ms" in html


def test_a_passage_can_never_inject_markup(
    client: Client, fake_engine: Callable[..., FakeEngine]
) -> None:
    resource, _ = seafood_report()
    engine = fake_engine()
    engine.passages[resource.pk] = (Passage('<script>alert(1)</script><mark onclick="x">a</mark>'),)
    html = client.get("/search/", {"q": "a"}).content.decode()
    assert "<script>alert(1)" not in html
    assert "onclick" not in html
    assert "<mark>a</mark>" in html


def test_the_address_is_read_into_the_query_the_engine_gets(
    client: Client, fake_engine: Callable[..., FakeEngine]
) -> None:
    engine = fake_engine()
    client.get(
        "/search/?q=forced+labour&country=th&country=MY&type=guidance"
        "&year_from=2015&year_to=2020&sort=newest&page=1"
    )
    assert engine.asked[-1] == SearchQuery(
        text="forced labour",
        filters={"type": ("guidance",), "country": ("TH", "MY")},
        year_from=2015,
        year_to=2020,
        sort="newest",
    )


def test_facets_show_counts_and_several_ticked_values_become_removable_chips(
    client: Client, fake_engine: Callable[..., FakeEngine]
) -> None:
    seafood_report()
    fake_engine(facets=COUNTRY_FACET)
    response = client.get("/search/?q=seafood&country=TH&country=MY")
    html = response.content.decode()
    assert re.search(r'id="f-country-TH"[^>]* checked', html)
    assert 'Thailand <span class="facet-count">7</span>' in html
    assert "<legend>Country</legend>" in html
    # Each chip removes its own value and keeps the rest of the state.
    assert 'href="/search/?q=seafood&amp;country=MY"' in html
    assert 'href="/search/?q=seafood&amp;country=TH"' in html
    assert "Country: Thailand" in html
    assert "Clear all filters" in html


def test_the_sidebar_works_without_javascript_as_a_get_form(
    client: Client, fake_engine: Callable[..., FakeEngine]
) -> None:
    fake_engine(facets=COUNTRY_FACET)
    html = client.get("/search/?q=seafood&sort=oldest").content.decode()
    form = html[
        html.index('<form class="facet-form"') : html.index("</form>", html.index("facet-form"))
    ]
    assert 'method="get"' in form
    assert '<input type="hidden" name="q" value="seafood">' in form
    assert '<input type="hidden" name="sort" value="oldest">' in form
    assert 'name="country" value="TH"' in form
    assert 'name="year_from"' in form
    assert "Apply filters" in form


def test_sorting_and_paging_links_keep_the_rest_of_the_state(
    client: Client, fake_engine: Callable[..., FakeEngine]
) -> None:
    ResourceFactory.create_batch(25)
    fake_engine()
    html = client.get("/search/?q=labour&topic=child-labour&page=2").content.decode()
    assert 'href="/search/?q=labour&amp;topic=child-labour&amp;sort=newest"' in html
    assert 'href="/search/?q=labour&amp;topic=child-labour&amp;page=3" rel="next"' in html
    assert 'href="/search/?q=labour&amp;topic=child-labour" rel="prev"' in html
    assert '<span aria-current="page">2</span>' in html
    assert '<ol class="hits" start="11">' in html


def test_a_page_past_the_end_shows_the_last_page_with_a_note(
    client: Client, fake_engine: Callable[..., FakeEngine]
) -> None:
    ResourceFactory.create_batch(12)
    engine = fake_engine()
    html = client.get("/search/?q=labour&page=9").content.decode()
    assert engine.asked[-1].page == 2
    assert "There are only 2 pages of results; this is the last." in html


def test_no_results_suggest_what_to_drop_and_a_spelling(
    client: Client, fake_engine: Callable[..., FakeEngine]
) -> None:
    fake_engine(
        total=0,
        hits=[],
        facets=COUNTRY_FACET,
        did_you_mean="trafficking",
        try_without=[
            WithoutWords("traficking"),
            WithoutFacet("country", ("TH", "MY")),
            WithoutYears(),
        ],
    )
    html = client.get(
        "/search/?q=traficking+seafood&country=TH&country=MY&year_from=2020"
    ).content.decode()
    assert "No resources match “traficking seafood” with these filters." in html
    state = "country=TH&amp;country=MY&amp;year_from=2020"
    assert f'Did you mean <a href="/search/?q=trafficking&amp;{state}" data-live>' in html
    assert f'<a href="/search/?q=seafood&amp;{state}" data-live>traficking</a>' in html
    assert (
        '<a href="/search/?q=traficking+seafood&amp;year_from=2020" data-live>'
        "Country: Thailand, Malaysia</a>"
    ) in html
    assert (
        '<a href="/search/?q=traficking+seafood&amp;country=TH&amp;country=MY" data-live>'
        "Years 2020–…</a>"
    ) in html
    twin = client.get(
        "/search.json?q=traficking+seafood&country=TH&country=MY&year_from=2020"
    ).json()
    assert [item["label"] for item in twin["try_without"]] == [
        "traficking",
        "Country: Thailand, Malaysia",
        "Years 2020–…",
    ]
    assert twin["try_without"][1]["url"] == (
        "http://testserver/search.json?q=traficking+seafood&year_from=2020"
    )


def test_bad_parameters_give_a_page_with_friendly_notes(
    client: Client, fake_engine: Callable[..., FakeEngine]
) -> None:
    engine = fake_engine()
    response = client.get(
        "/search/?q=x&year_from=abc&year_to=1990&sort=best&page=-1&country=Thailand!"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ignored year_from=&#x27;abc&#x27;: not a year." in html
    assert "Ignored sort=&#x27;best&#x27;" in html
    assert "Ignored page=&#x27;-1&#x27;" in html
    assert "not a known country key" in html
    assert engine.asked[-1] == SearchQuery(text="x", year_to=1990)


def test_an_unavailable_engine_gives_a_friendly_page_not_a_server_error(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(query: SearchQuery) -> SearchResults:
        raise SearchUnavailable

    monkeypatch.setattr("manumit.search.search", broken, raising=False)
    response = client.get("/search/", {"q": "labour"})
    assert response.status_code == 503
    assert UNAVAILABLE in response.content.decode()
    twin = client.get("/search.json", {"q": "labour"})
    assert twin.status_code == 503
    assert twin.json()["message"] == UNAVAILABLE


def test_the_json_twin_has_the_same_results_facets_and_passages(
    client: Client, fake_engine: Callable[..., FakeEngine]
) -> None:
    resource, attachment = seafood_report()
    engine = fake_engine(facets=COUNTRY_FACET, did_you_mean=None)
    engine.passages[resource.pk] = (Passage("<mark>fish</mark>", 3, attachment.pk),)
    data = client.get("/search.json?q=fish&country=TH").json()
    assert data["count"] == 1
    assert data["query"] == {
        "q": "fish",
        "filters": {"country": ["TH"]},
        "year_from": None,
        "year_to": None,
        "sort": "relevance",
    }
    result = data["results"][0]
    assert result["title"] == "Forced labour in Thai seafood"
    assert result["url"] == f"http://testserver/resources/{resource.slug}/"
    assert result["types"] == ["Publications"]
    assert result["byline"] == "By Amina Okafor & Walk Free Foundation"
    assert result["passages"] == [
        {
            "html": "<mark>fish</mark>",
            "page": 3,
            "url": f"http://testserver/resources/{resource.slug}/download/{attachment.pk}/#page=3",
        }
    ]
    assert data["facets"]["country"][0] == {
        "key": "TH",
        "label": "Thailand",
        "count": 7,
        "selected": False,
    }


def test_the_json_twin_pages_like_the_page(
    client: Client, fake_engine: Callable[..., FakeEngine]
) -> None:
    ResourceFactory.create_batch(15)
    fake_engine()
    data = client.get("/search.json?q=labour").json()
    assert data["pages"] == 2
    assert data["next"] == "http://testserver/search.json?q=labour&page=2"
    assert client.get(data["next"]).json()["previous"] == "http://testserver/search.json?q=labour"


def test_the_page_links_its_json_twin(
    client: Client, fake_engine: Callable[..., FakeEngine]
) -> None:
    fake_engine()
    html = client.get("/search/?q=fish").content.decode()
    assert 'rel="alternate" type="application/json" href="/search.json?q=fish"' in html


def test_a_page_of_results_costs_a_fixed_number_of_queries(
    client: Client, fake_engine: Callable[..., FakeEngine]
) -> None:
    from django.db import connection

    for number in range(10):
        ResourceFactory.create(types=["Guidance"], authors=[f"Person {number}"])
    fake_engine()
    with CaptureQueriesContext(connection) as few:
        client.get("/search/?q=labour")
    ResourceFactory.create(types=["Guidance"], authors=["One More"])
    with CaptureQueriesContext(connection) as more:
        client.get("/search/?q=labour")
    assert len(more) == len(few)


def test_the_header_on_every_page_has_a_labelled_search_box(
    client: Client, fake_engine: Callable[..., FakeEngine]
) -> None:
    html = client.get("/").content.decode()
    assert '<form class="header-search" role="search"' in html
    assert '<label for="header-q" class="visually-hidden">Search the library</label>' in html
    assert 'action="/search/"' in html


@pytest.mark.parametrize(
    ("address", "hidden"),
    [
        ("/tags/europe/", ("region", "europe")),
        ("/types/guidance/", ("type", "guidance")),
        ("/topics/child-labour/", ("topic", "child-labour")),
        ("/sectors/mining/", ("sector", "mining")),
        ("/countries/th/", ("country", "TH")),
    ],
)
def test_browse_pages_offer_a_search_within_their_subject(
    client: Client, address: str, hidden: tuple[str, str]
) -> None:
    html = client.get(address).content.decode()
    assert "Search within" in html
    name, value = hidden
    assert f'<input type="hidden" name="{name}" value="{value}">' in html


def test_an_organisation_page_searches_its_publications(client: Client) -> None:
    ResourceFactory.create(publishers=["Walk Free Foundation"])
    html = client.get("/organisations/walk-free-foundation/").content.decode()
    assert '<input type="hidden" name="publisher" value="walk-free-foundation">' in html


def test_a_curators_search_is_never_cached_and_shows_only_published_work(
    client: Client, fake_engine: Callable[..., FakeEngine], editor: Any
) -> None:
    engine = fake_engine()
    client.force_login(editor)
    assert client.get("/search/?q=x")["Cache-Control"] == "private, no-store"
    # The public page searches published work only, even for a curator (the admin is theirs).
    assert engine.asked[-1].include_unpublished is False
