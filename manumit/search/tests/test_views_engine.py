"""The search page over the real engine and a small library (see conftest.py): the reader's
query finds the right report, with its passage and page, and facets narrow it down."""

from __future__ import annotations

import pytest
from django.test import Client

from manumit.catalog.models import Resource

pytestmark = pytest.mark.django_db


def test_a_query_finds_the_report_with_a_passage_linking_to_its_page(
    client: Client, library: dict[str, Resource]
) -> None:
    thai = library["thai"]
    data = client.get("/search.json", {"q": "forced labour seafood Thailand"}).json()
    assert data["results"][0]["title"] == thai.title
    pages = [passage["page"] for passage in data["results"][0]["passages"]]
    assert 2 in pages or 3 in pages
    attachment = thai.attachments.get()
    link = data["results"][0]["passages"][0]["url"]
    assert link.startswith(
        f"http://testserver/resources/{thai.slug}/download/{attachment.pk}/#page="
    )
    html = client.get("/search/", {"q": "forced labour seafood Thailand"}).content.decode()
    assert "<mark>" in html
    assert "Draft: seafood" not in html
    assert "Withdrawn seafood" not in html


def test_facets_narrow_the_results_and_count_over_the_whole_match_set(
    client: Client, library: dict[str, Resource]
) -> None:
    everything = client.get("/search.json", {"q": "labour"}).json()
    types = {value["key"]: value["count"] for value in everything["facets"]["type"]}
    assert types["publications"] >= 2
    narrowed = client.get("/search.json", {"q": "labour", "country": "CI"}).json()
    assert [item["title"] for item in narrowed["results"]] == [library["cocoa"].title]
    html = client.get("/search/", {"q": "labour", "country": "CI"}).content.decode()
    assert "Country: Côte d" in html


def test_a_misspelling_offers_did_you_mean_as_a_link(
    client: Client, library: dict[str, Resource]
) -> None:
    html = client.get("/search/", {"q": "seafod"}).content.decode()
    assert 'Did you mean <a href="/search/?q=seafood" data-live>seafood</a>?' in html
