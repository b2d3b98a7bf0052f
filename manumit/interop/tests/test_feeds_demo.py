"""Every feed of the whole demo library: valid by the validator's rules, read by
feedparser, and holding what its page lists."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

from manumit.catalog.models import Resource
from manumit.interop.feeds.channels import FEED_SIZE
from manumit.interop.feeds.head import feed_route
from manumit.interop.tests.feed_helpers import fetch
from manumit.search import apply_outbox

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[Resource]]:
    """The demo library, loaded once for the module inside a transaction rolled back after,
    so no other test sees it."""
    media: Path = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        call_command("demo", verbosity=0)
        yield list(Resource.objects.public())
        transaction.set_rollback(True)


def browse_pages(client: Client) -> list[str]:
    """Every browse page the demo's term indexes link to, found as a visitor would."""
    pages = []
    for index in ("/types/", "/tags/", "/countries/", "/topics/", "/sectors/", "/organisations/"):
        html = lxml.html.fromstring(client.get(index).content)
        prefix = index.rstrip("/") + "/"
        pages += sorted(
            {
                href
                for href in html.xpath("//main//a/@href")
                if href.startswith(prefix) and href != index and not href.endswith(".json")
            }
        )
    return pages


def test_every_feed_of_the_demo_is_valid_and_matches_its_page(
    client: Client, demo: list[Resource]
) -> None:
    assert len(demo) > 40
    pages = browse_pages(client)
    assert len(pages) > 30
    for page in ["/", *pages]:
        response = client.get(page)
        assert response.status_code == 200, page
        # A ContextList iterates over its contexts, so its keys come from keys().
        context = {key: response.context[key] for key in response.context.keys()}  # noqa: SIM118
        route = feed_route(context)
        assert route is not None, page
        total = response.context["total"]
        rss = fetch(client, f"{page}feed/" if page != "/" else "/feed/")
        atom = fetch(client, f"{page}feed/atom/" if page != "/" else "/feed/atom/")
        assert len(rss.entries) == len(atom.entries) == min(total, FEED_SIZE), page
        if total:  # the content types index lists types with nothing yet
            first_card = response.context["resources"][0]
            assert rss.entries[0].link.endswith(first_card.get_absolute_url()), page
        assert [e.id for e in rss.entries] == [e.id for e in atom.entries]


def test_searches_of_the_demo_are_valid_feeds(client: Client, demo: list[Resource]) -> None:
    apply_outbox()
    for query in ("q=forced+labour", "q=trafficking&region=asia", "type=publications"):
        rss = fetch(client, f"/search/feed/?{query}")
        atom = fetch(client, f"/search/feed/atom/?{query}")
        assert 0 < len(rss.entries) == len(atom.entries) <= FEED_SIZE, query
