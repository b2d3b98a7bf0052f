"""The search page over the real engine and a small library (see conftest.py): the reader's
query finds the right report, with its passage and page, and facets narrow it down."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client

from manumit.catalog.models import Resource
from manumit.search import UNAVAILABLE, registry

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


def replace_with_a_file(folder: Path) -> None:
    shutil.rmtree(folder)
    folder.write_text("not an index")


def corrupt_the_metadata(folder: Path) -> None:
    metas = list(folder.rglob("meta.json"))
    assert metas, "the index has its metadata files"
    for meta in metas:
        meta.write_text('{"segments": [')


@pytest.mark.parametrize("breaking", [replace_with_a_file, corrupt_the_metadata])
def test_a_broken_index_gives_503_and_one_message_on_the_page_and_its_twin(
    client: Client,
    library: dict[str, Resource],
    index_dir: Path,
    breaking: Callable[[Path], None],
) -> None:
    assert client.get("/search/", {"q": "seafood"}).status_code == 200
    breaking(index_dir)
    registry.forget(index_dir)  # as a process starting on the broken folder finds it
    response = client.get("/search/", {"q": "seafood"})
    assert response.status_code == 503
    html = response.content.decode()
    assert html.count(UNAVAILABLE) == 1
    assert "No resources match" not in html
    twin = client.get("/search.json", {"q": "seafood"})
    assert twin.status_code == 503
    assert twin.json()["message"] == UNAVAILABLE
    assert twin.json()["results"] == []


def test_with_a_broken_index_the_admin_search_hands_over_to_the_database(
    library: dict[str, Resource], index_dir: Path
) -> None:
    from manumit.search.curators import admin_search

    assert library["draft"].pk in (admin_search("audit") or [])
    replace_with_a_file(index_dir)
    registry.forget(index_dir)
    assert admin_search("audit") is None  # the admin then runs its own database search
