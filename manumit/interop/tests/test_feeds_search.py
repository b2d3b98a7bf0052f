"""A saved search is a feed: `/search/feed/?q=...&region=asia`, over the real engine."""

from __future__ import annotations

import datetime

import feedparser
import pytest
from django.test import Client

from manumit.catalog.models import Resource, Status
from manumit.catalog.tests.factories import ResourceFactory
from manumit.interop.tests.feed_helpers import ORIGIN, fetch
from manumit.search import apply_outbox

pytestmark = pytest.mark.django_db

SAVED = "/search/feed/?q=forced+labour&region=asia"


@pytest.fixture
def library(db: None) -> dict[str, Resource]:
    found = {
        "asia": ResourceFactory.create(
            title="Forced labour on Asian fishing boats",
            pub_date=datetime.date(2022, 1, 1),
            regions=["Asia"],
        ),
        "older": ResourceFactory.create(
            title="Forced labour in Asian brick kilns",
            pub_date=datetime.date(2015, 1, 1),
            regions=["Asia"],
        ),
        "europe": ResourceFactory.create(
            title="Forced labour in European farms", regions=["Europe"]
        ),
        "other": ResourceFactory.create(
            title="Child marriage in Asia",
            description="<p>Early marriage.</p>",
            regions=["Asia"],
        ),
        "draft": ResourceFactory.create(
            title="Forced labour draft about Asia", regions=["Asia"], status=Status.DRAFT
        ),
    }
    apply_outbox()
    return found


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_a_saved_search_lists_its_published_matches_newest_first(
    client: Client, library: dict[str, Resource], suffix: str
) -> None:
    address = SAVED.replace("feed/", "feed/" + suffix)
    parsed = fetch(client, address)
    assert [entry.title for entry in parsed.entries] == [
        library["asia"].title,
        library["older"].title,
    ]
    assert parsed.feed.title == "Manumit: search “forced labour”, Region: Asia"
    assert parsed.feed.link == ORIGIN + "/search/?q=forced+labour&region=asia"


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_the_self_link_is_the_address_with_its_query_escaped_in_the_xml(
    client: Client, library: dict[str, Resource], suffix: str
) -> None:
    address = SAVED.replace("feed/", "feed/" + suffix)
    body = client.get(address).content
    assert b'href="http://testserver' + address.replace("&", "&amp;").encode() + b'"' in body
    selves = [link.href for link in feedparser.parse(body).feed.links if link.rel == "self"]
    assert selves == [ORIGIN + address]


def test_an_equivalent_address_is_sent_to_the_canonical_one(
    client: Client, library: dict[str, Resource]
) -> None:
    response = client.get("/search/feed/atom/?region=asia&q=forced%20labour&page=3&sort=oldest")
    assert response.status_code == 301
    assert response["Location"] == "/search/feed/atom/?q=forced+labour&region=asia"


def test_a_search_with_no_match_is_an_empty_valid_feed(
    client: Client, library: dict[str, Resource]
) -> None:
    for suffix in ("", "atom/"):
        assert fetch(client, f"/search/feed/{suffix}?q=zebra").entries == []


def test_a_resource_withdrawn_after_indexing_leaves_the_feed(
    client: Client, library: dict[str, Resource]
) -> None:
    # Withdrawn without letting the index catch up: the database still has the last word.
    Resource.objects.filter(pk=library["asia"].pk).update(status=Status.WITHDRAWN)
    titles = [entry.title for entry in fetch(client, SAVED).entries]
    assert titles == [library["older"].title]


def test_a_search_that_cannot_answer_asks_the_reader_to_come_back(
    client: Client, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(query: object) -> None:
        raise RuntimeError("index unreadable")

    monkeypatch.setattr("manumit.search.search", broken, raising=False)
    response = client.get(SAVED)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    # An address to put right is put right before any search runs.
    assert client.get(SAVED + "&page=2").status_code == 301


def test_the_search_page_names_its_feed_after_the_search(
    client: Client, library: dict[str, Resource]
) -> None:
    html = client.get("/search/?q=forced+labour&region=asia").content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" '
        'title="Manumit: search “forced labour”, Region: Asia (Atom)" '
        'href="/search/feed/atom/?q=forced+labour&amp;region=asia">'
    ) in html
