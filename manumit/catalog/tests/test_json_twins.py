"""Every public page has a `.json` twin that shows the same resources as plain data."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client

from manumit.catalog.models import Status
from manumit.catalog.tests.factories import LinkAttachmentFactory, ResourceFactory

pytestmark = pytest.mark.django_db


def test_the_listing_twin_has_the_same_resources_in_the_same_order(client: Client) -> None:
    ResourceFactory.create(title="Older", pub_date=datetime.date(2016, 2, 1), regions=["Europe"])
    ResourceFactory.create(title="Newer", pub_date=datetime.date(2018, 6, 2), types=["Guidance"])
    ResourceFactory.create(title="Hidden", status=Status.DRAFT)
    data = client.get("/resources.json").json()
    assert [item["title"] for item in data["resources"]] == ["Newer", "Older"]
    assert data["count"] == 2
    newer = data["resources"][0]
    assert newer["display_date"] == "02 June 2018"
    assert newer["types"] == ["Guidance"]
    assert newer["url"] == "http://testserver/resources/newer/"
    assert "status" not in newer


def test_the_listing_twin_pages_like_the_listing(client: Client) -> None:
    ResourceFactory.create_batch(25)
    first = client.get("/resources.json").json()
    assert len(first["resources"]) == 20
    assert first["pages"] == 2
    assert first["next"] == "http://testserver/resources.json?page=2"
    second = client.get(first["next"]).json()
    assert len(second["resources"]) == 5
    assert second["next"] is None


def test_browse_page_twins_filter_like_their_pages(client: Client) -> None:
    ResourceFactory.create(title="European", regions=["Europe"], topics=["Child labour"])
    ResourceFactory.create(title="Asian", regions=["Asia"])
    assert [r["title"] for r in client.get("/tags/europe.json").json()["resources"]] == ["European"]
    topic = client.get("/topics/child-labour.json").json()
    assert topic["title"] == "Child labour"
    assert topic["kind"] == "Topic"
    assert client.get("/tags/atlantis.json").status_code == 404


def test_the_detail_twin_carries_byline_citation_and_downloads(client: Client) -> None:
    resource = ResourceFactory.create(
        title="Pervasive, punitive, and predetermined",
        pub_date=datetime.date(2018, 1, 1),
        pub_date_precision="year",
        authors=["Remco E. Breuker", "Imke van Gardingen"],
        publishers=["Walk Free Foundation", "Leiden University"],
    )
    LinkAttachmentFactory.create(resource=resource)
    response = client.get(f"/resources/{resource.slug}.json")
    data = response.json()
    assert response["Access-Control-Allow-Origin"] == "*"
    assert data["byline"] == "By Remco E. Breuker & Imke van Gardingen"
    assert data["citation"] == (
        "Pervasive, punitive, and predetermined - Walk Free Foundation & Leiden University, 2018"
    )
    assert data["display_date"] == "2018"
    assert [a["kind"] for a in data["authors"]] == ["person", "person"]
    assert data["attachments"][0]["external"] is True
    assert data["attachments"][0]["download_url"].startswith("http://testserver/resources/")


def test_a_draft_twin_is_not_found_for_visitors_and_private_for_curators(
    client: Client, editor: User
) -> None:
    draft = ResourceFactory.create(status=Status.DRAFT)
    assert client.get(f"/resources/{draft.slug}.json").status_code == 404
    client.force_login(editor)
    response = client.get(f"/resources/{draft.slug}.json")
    assert response.json()["status"] == "draft"
    assert "no-store" in response["Cache-Control"]


def test_html_pages_point_to_their_json_twin(client: Client) -> None:
    resource = ResourceFactory.create(regions=["Asia"])
    for page, twin in [
        ("/", "/resources.json"),
        ("/tags/asia/", "/tags/asia.json"),
        (resource.get_absolute_url(), f"/resources/{resource.slug}.json"),
    ]:
        html = client.get(page).content.decode()
        assert f'<link rel="alternate" type="application/json" href="{twin}">' in html
        assert client.get(twin).status_code == 200
