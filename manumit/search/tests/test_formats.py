"""The search page's formats: its own `.json` twin, and every listing format registered in
the catalogue's registry, which exports all the results of a search, not one page."""

from __future__ import annotations

from collections.abc import Iterator

import factory
import pytest
from django.http import HttpRequest, StreamingHttpResponse
from django.test import Client

from manumit.catalog import formats
from manumit.catalog.formats import LISTING, Format
from manumit.catalog.formats.subjects import Listing
from manumit.catalog.models import Resource
from manumit.catalog.tests.factories import ResourceFactory
from manumit.search.types import Hit, SearchQuery, SearchResults

pytestmark = pytest.mark.django_db


def titles(request: HttpRequest, listing: Listing) -> Iterator[str]:
    for record in listing.records():
        yield f"{record['title']}\n"


TITLES = Format("titles.txt", "text/plain", titles, download=True)


@pytest.fixture
def titles_format() -> Iterator[None]:
    formats.register(LISTING, TITLES)
    yield
    formats.unregister(LISTING, TITLES.name)


class PagingEngine:
    """Answers with every public resource whose title holds the words, page by page."""

    def __init__(self) -> None:
        self.pages: list[int] = []

    def __call__(self, query: SearchQuery) -> SearchResults:
        self.pages.append(query.page)
        matching = [
            resource
            for resource in Resource.objects.public().order_by("id")
            if query.text.lower() in resource.title.lower()
        ]
        start = (query.page - 1) * query.page_size
        hits = [Hit(resource, 1.0) for resource in matching[start : start + query.page_size]]
        return SearchResults(query=query, hits=hits, total=len(matching))


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch) -> PagingEngine:
    fake = PagingEngine()
    monkeypatch.setattr("manumit.search.search", fake, raising=False)
    return fake


def test_a_search_exports_every_result_across_the_engines_pages(
    client: Client, engine: PagingEngine, titles_format: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("manumit.search.views.BULK_PAGE_SIZE", 3)
    ResourceFactory.create_batch(7, title=factory.Sequence(lambda n: f"Cocoa report {n}"))
    ResourceFactory.create(title="Fishing fleets")
    response = client.get("/search.titles.txt", {"q": "cocoa"})
    assert isinstance(response, StreamingHttpResponse)
    lines = b"".join(response.streaming_content).decode().splitlines()  # type: ignore[arg-type]
    assert len(lines) == 7
    assert all("Cocoa" in line for line in lines)
    # One page for the page itself, then the export reads pages 1 to 3 of three.
    assert engine.pages == [1, 1, 2, 3]
    assert response["Content-Disposition"] == 'attachment; filename="search.titles.txt"'


def test_the_search_page_announces_its_twin_and_the_registered_formats(
    client: Client, engine: PagingEngine, titles_format: None
) -> None:
    html = client.get("/search/", {"q": "cocoa"}).content.decode()
    assert '<link rel="alternate" type="application/json" href="/search.json?q=cocoa">' in html
    assert '<link rel="alternate" type="text/plain" href="/search.titles.txt?q=cocoa">' in html


def test_an_export_of_an_unavailable_search_fails_before_it_starts(
    client: Client, titles_format: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unavailable(query: SearchQuery, notes: list[str]) -> tuple[SearchResults, int]:
        return SearchResults(query=query, message="Search is not available"), 503

    # However the page learns the index is down, it hands the view a 503.
    monkeypatch.setattr("manumit.search.views.run_search", unavailable)
    response = client.get("/search.titles.txt", {"q": "cocoa"})
    assert response.status_code == 503
    assert not isinstance(response, StreamingHttpResponse)
