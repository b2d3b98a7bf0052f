"""Every page with a feed names it in its <head>, and the feed it names is valid."""

from __future__ import annotations

import lxml.html
import pytest
from django.test import Client

from manumit.catalog.models import Country, Resource, Sector
from manumit.catalog.tests.factories import ResourceFactory
from manumit.interop.tests.feed_helpers import fetch
from manumit.search import apply_outbox

pytestmark = pytest.mark.django_db

TYPES = {"application/rss+xml": "rss20", "application/atom+xml": "atom10"}


def feed_links(client: Client, address: str) -> list[tuple[str, str, str]]:
    response = client.get(address)
    assert response.status_code == 200, address
    head = lxml.html.fromstring(response.content).find("head")
    assert head is not None
    return [
        (link.get("type", ""), link.get("href", ""), link.get("title", ""))
        for link in head.iter("link")
        if link.get("rel") == "alternate" and link.get("type") in TYPES
    ]


@pytest.fixture
def resource(db: None) -> Resource:
    found = ResourceFactory.create(
        title="Forced labour at sea",
        types=["Publications"],
        regions=["Asia"],
        topics=["Forced labour"],
        authors=["Jane Smith"],
        publishers=["Walk Free Foundation"],
    )
    found.countries.add(Country.objects.get(iso2="TH"))
    found.sectors.add(Sector.objects.get(slug="fishing-and-seafood"))
    apply_outbox()  # the search page answers from the index, built here
    return found


PAGES = {
    "/": "/feed/",
    "/resources/": "/feed/",
    "/types/publications/": "/types/publications/feed/",
    "/tags/asia/": "/tags/asia/feed/",
    "/countries/th/": "/countries/th/feed/",
    "/topics/forced-labour/": "/topics/forced-labour/feed/",
    "/sectors/fishing-and-seafood/": "/sectors/fishing-and-seafood/feed/",
    "/organisations/walk-free-foundation/": "/organisations/walk-free-foundation/feed/",
    "/people/jane-smith/": "/people/jane-smith/feed/",
    "/search/?q=forced+labour&region=asia&page=2&sort=oldest": (
        "/search/feed/?q=forced+labour&region=asia"
    ),
}


def test_every_listing_browse_and_search_page_links_its_rss_and_atom_feeds(
    client: Client, resource: Resource
) -> None:
    for page, rss in PAGES.items():
        atom = rss.replace("feed/", "feed/atom/")
        links = feed_links(client, page)
        assert [(kind, href) for kind, href, _ in links] == [
            ("application/rss+xml", rss),
            ("application/atom+xml", atom),
        ], page
        assert all(title.startswith("Manumit: ") for _, _, title in links)
        for kind, href, _ in links:
            assert fetch(client, href).version == TYPES[kind]


def test_a_browse_page_s_link_is_titled_after_its_subject(
    client: Client, resource: Resource
) -> None:
    titles = [title for _, _, title in feed_links(client, "/tags/asia/")]
    assert titles == ["Manumit: Region Asia (RSS)", "Manumit: Region Asia (Atom)"]


def test_pages_without_a_feed_link_none(client: Client, resource: Resource) -> None:
    for page in (resource.get_absolute_url(), "/topics/", "/tags/"):
        assert feed_links(client, page) == [], page
