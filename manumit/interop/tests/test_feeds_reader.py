"""A feed reader's round: feedparser fetches the feeds over HTTP from a live server,
discovers them from a page, and polls again with the validators it was given."""

from __future__ import annotations

import urllib.request
from typing import Any

import feedparser
import lxml.html
import pytest

from manumit.catalog.tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reader_discovers_subscribes_and_polls_without_refetching(live_server: Any) -> None:
    ResourceFactory.create(title="Forced labour at sea", regions=["Asia"])
    base = str(live_server.url)
    with urllib.request.urlopen(base + "/tags/asia/") as page:  # noqa: S310  our own server
        head = lxml.html.fromstring(page.read()).find("head")
    assert head is not None
    found = [
        link.get("href")
        for link in head.iter("link")
        if link.get("rel") == "alternate" and link.get("type") == "application/atom+xml"
    ]
    assert found == ["/tags/asia/feed/atom/"]
    first = feedparser.parse(base + found[0])
    assert (first.status, first.bozo, first.version) == (200, 0, "atom10")
    assert [entry.title for entry in first.entries] == ["Forced labour at sea"]
    selves = [link.href for link in first.feed.links if link.rel == "self"]
    assert selves == [base + found[0]]
    again = feedparser.parse(base + found[0], etag=first.etag, modified=first.modified)
    assert again.status == 304 and again.entries == []
