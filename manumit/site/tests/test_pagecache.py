"""The anonymous page cache: never a draft, never stale, curators bypass it, 304s."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from manumit.catalog.models import Status, Topic
from manumit.catalog.tests.factories import ResourceFactory
from manumit.search import apply_outbox

pytestmark = pytest.mark.django_db


def titles(client: Client, address: str = "/") -> list[str]:
    html = client.get(address).content.decode()
    return re.findall(r'<h2 class="card-title"><a href="[^"]+">([^<]+)</a>', html)


def test_a_second_anonymous_visit_is_served_from_the_cache(client: Client) -> None:
    ResourceFactory.create_batch(3)
    first = client.get("/")
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/")
    assert second.content == first.content
    assert len(queries) == 1  # only the library's version, no page to build
    assert second["ETag"] == first["ETag"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_publishing_shows_on_the_next_anonymous_visit(client: Client) -> None:
    ResourceFactory.create(title="Already out")
    draft = ResourceFactory.create(title="Waiting report", status=Status.DRAFT)
    assert titles(client) == ["Already out"]  # now cached
    assert client.get(f"/resources/{draft.slug}/").status_code == 404

    draft.status = Status.PUBLISHED
    draft.save()
    assert "Waiting report" in titles(client)
    assert client.get(f"/resources/{draft.slug}/").status_code == 200


def test_a_withdrawn_resource_leaves_the_cached_pages_at_once(client: Client) -> None:
    resource = ResourceFactory.create(title="Soon withdrawn")
    assert titles(client) == ["Soon withdrawn"]
    assert client.get(f"/resources/{resource.slug}/").status_code == 200

    resource.status = Status.WITHDRAWN
    resource.save()
    assert titles(client) == []
    assert client.get(f"/resources/{resource.slug}/").status_code != 200


def test_an_edit_and_a_term_change_are_seen_at_once(client: Client) -> None:
    resource = ResourceFactory.create(title="First title")
    assert titles(client) == ["First title"]
    resource.title = "Second title"
    resource.save()
    assert titles(client) == ["Second title"]

    topic = Topic.objects.order_by("pk").first()
    assert topic is not None
    page = f"/topics/{topic.slug}/"
    assert titles(client, page) == []
    resource.topics.add(topic)  # a relation only: no save of the resource itself
    assert titles(client, page) == ["Second title"]


def test_curators_bypass_the_cache_and_their_pages_are_not_kept(
    client: Client, publisher: User
) -> None:
    ResourceFactory.create(title="Public report")
    ResourceFactory.create(title="Draft report", status=Status.DRAFT)
    assert titles(client) == ["Public report"]  # cached for anonymous readers

    curator = Client()
    curator.force_login(publisher)
    assert sorted(titles(curator)) == ["Draft report", "Public report"]
    assert titles(client) == ["Public report"]  # the curator's page was not stored


def test_an_unchanged_page_answers_304_to_its_etag_and_date(client: Client) -> None:
    ResourceFactory.create()
    first = client.get("/")
    again = client.get("/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    dated = client.get("/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert dated.status_code == 304
    assert "Cookie" in first["Vary"]


def test_after_a_change_the_old_etag_gets_the_new_page(client: Client) -> None:
    resource = ResourceFactory.create(title="Before")
    etag = client.get("/")["ETag"]
    resource.title = "After"
    resource.save()
    response = client.get("/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "After" in response.content.decode()


def test_search_and_machine_readable_twins_are_never_kept(client: Client) -> None:
    # Search follows this node's index, which lags the database: a cached answer keyed on
    # the database's version could outlive the lag.
    resource = ResourceFactory.create(title="Seafood report")
    apply_outbox()
    assert "Seafood report" in client.get("/search/?q=seafood").content.decode()
    later = ResourceFactory.create(title="Seafood audit")
    apply_outbox()
    assert "Seafood audit" in client.get("/search/?q=seafood").content.decode()
    client.get(f"/resources/{resource.slug}.json")
    for address in ("/search/?q=seafood", f"/resources/{later.slug}.json"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address)
        assert response.status_code == 200
        assert len(queries) > 1, f"{address} came from the page cache"


def test_nothing_is_kept_when_the_cache_is_off(client: Client, settings: object) -> None:
    settings.PAGE_CACHE_ENTRIES = 0  # type: ignore[attr-defined]
    ResourceFactory.create()
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    assert "ETag" not in response
    assert len(queries) > 1


def test_a_feed_is_kept_but_a_search_feed_is_not(client: Client) -> None:
    resource = ResourceFactory.create(title="Feed report")
    assert "Feed report" in client.get("/feed/").content.decode()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/feed/").status_code == 200
    assert len(queries) == 1
    resource.title = "Renamed feed report"
    resource.save()
    assert "Renamed feed report" in client.get("/feed/").content.decode()

    apply_outbox()
    client.get("/search/feed/?q=report")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/search/feed/?q=report").status_code == 200
    assert len(queries) > 1


def test_a_cached_feed_keeps_its_newest_entry_s_date_not_the_library_s(client: Client) -> None:
    from datetime import UTC, datetime

    from manumit.catalog.models import Resource

    resource = ResourceFactory.create(title="Older report")
    entry_changed = datetime(2024, 3, 5, 10, 30, tzinfo=UTC)
    Resource.objects.filter(pk=resource.pk).update(  # no signal
        updated_at=entry_changed, published_at=entry_changed
    )
    Topic.objects.create(name="Later topic", slug="later-topic")  # the library changes now
    for _ in range(2):  # built, then replayed from the cache
        response = client.get("/feed/")
        assert response["Last-Modified"] == "Tue, 05 Mar 2024 10:30:00 GMT"
    assert client.get("/feed/", headers={"If-None-Match": response["ETag"]}).status_code == 304
