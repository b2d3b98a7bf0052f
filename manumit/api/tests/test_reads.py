"""Reading: published records only, the search page's query language and facets."""

from __future__ import annotations

from typing import Any

from django.test import Client

from manumit.catalog.models import Resource


def get(client: Client, path: str, **params: Any) -> Any:
    response = client.get(f"/api/v1{path}", params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_the_list_holds_published_resources_only(anon: Client, library: dict) -> None:
    data = get(anon, "/resources")
    titles = {item["title"] for item in data["results"]}
    assert titles == {library["thai"].title, library["guide"].title}
    assert data["count"] == 2
    assert all(item["status"] == "published" for item in data["results"])


def test_a_search_finds_words_and_never_a_draft(anon: Client, library: dict) -> None:
    data = get(anon, "/resources", q="fishing crews")
    assert [item["slug"] for item in data["results"]] == [library["thai"].slug]
    assert data["results"][0]["passages"]


def test_filters_and_facet_counts_match_the_search_page(anon: Client, library: dict) -> None:
    data = get(anon, "/resources", type="guidance")
    assert [item["slug"] for item in data["results"]] == [library["guide"].slug]
    types = {value["key"]: value for value in data["facets"]["type"]}
    assert types["guidance"]["selected"] and types["guidance"]["count"] == 1
    assert types["publications"]["count"] == 1  # a facet ignores its own selection
    by_country = get(anon, "/resources", country="th")
    assert [item["slug"] for item in by_country["results"]] == [library["thai"].slug]


def test_sorting_oldest_first(anon: Client, library: dict) -> None:
    data = get(anon, "/resources", sort="oldest")
    assert [item["slug"] for item in data["results"]] == [
        library["guide"].slug,
        library["thai"].slug,
    ]


def test_a_draft_answers_404_like_a_resource_that_does_not_exist(
    anon: Client, library: dict
) -> None:
    draft = anon.get(f"/api/v1/resources/{library['draft'].slug}")
    missing = anon.get("/api/v1/resources/no-such-resource")
    assert draft.status_code == missing.status_code == 404
    assert draft.json() == missing.json()
    assert anon.get(f"/api/v1/resources/{library['draft'].slug}/attachments").status_code == 404


def test_detail_has_attachments_with_download_urls_and_page_counts(
    anon: Client, library: dict
) -> None:
    thai: Resource = library["thai"]
    thai.attachments.create(url="https://example.org/thai.pdf", label="Full report")
    thai.attachments.update(page_count=42)
    data = get(anon, f"/resources/{thai.slug}")
    assert data["authors"][0] == {
        "kind": "organisation",
        "slug": "walk-free-foundation",
        "name": "Walk Free Foundation",
        "url": "http://testserver/organisations/walk-free-foundation/",
        "api_url": "http://testserver/api/v1/organisations/walk-free-foundation",
    }
    assert data["countries"] == [{"iso2": "TH", "name": "Thailand"}]
    [attachment] = data["attachments"]
    assert attachment["pages"] == 42
    assert attachment["download_url"].startswith(f"http://testserver/resources/{thai.slug}/")
    assert get(anon, f"/resources/{thai.slug}/attachments") == data["attachments"]


def test_vocabularies_count_published_resources(anon: Client, library: dict) -> None:
    types = {item["slug"]: item for item in get(anon, "/types")}
    assert types["guidance"]["resources"] == 1
    regions = {item["slug"]: item for item in get(anon, "/regions")}
    asia = regions["asia"]
    assert asia["resources"] == 1 and asia["parent"] is not None
    assert "south-eastern-asia" in asia["children"]
    assert regions["south-eastern-asia"]["parent"] == "asia"
    thailand = get(anon, "/countries/th")
    assert thailand["subregion"] == "south-eastern-asia" and thailand["resources"] == 1
    assert {item["code"]: item["resources"] for item in get(anon, "/languages")} == {"en": 2}
    assert any(item["slug"] for item in get(anon, "/topics"))
    assert any(item["slug"] for item in get(anon, "/sectors"))


def test_people_and_organisations_only_on_drafts_do_not_exist(anon: Client, library: dict) -> None:
    organisations = get(anon, "/organisations")
    assert [item["slug"] for item in organisations["results"]] == ["walk-free-foundation"]
    people = get(anon, "/people")
    assert {item["slug"] for item in people["results"]} == {"ana-researcher", "bo-writer"}
    for path in ("/organisations/hidden-institute", "/people/hidden-person"):
        hidden = anon.get(f"/api/v1{path}")
        assert hidden.status_code == 404
        assert hidden.json() == anon.get(f"/api/v1{path}-nobody").json()


def test_the_index_links_every_list(anon: Client, library: dict) -> None:
    index = get(anon, "/")
    for name in ("resources", "regions", "organisations", "people", "openapi"):
        assert index[name].startswith("http://testserver/api/v1/")
        assert anon.get(index[name]).status_code == 200
