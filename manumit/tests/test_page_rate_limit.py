"""Anonymous search and machine-readable twins are rate-limited per client: 429 and
Retry-After past MANUMIT_PAGE_RATE_LIMIT a minute; pages and curators are not counted."""

from __future__ import annotations

import types

import pytest
from django.contrib.auth.models import User
from django.test import Client

from manumit.catalog.tests.factories import ResourceFactory
from manumit.search import apply_outbox


@pytest.fixture(autouse=True)
def _index(db: None) -> None:
    apply_outbox()  # the node's index, as the web process's sync thread builds it


@pytest.fixture
def limit_of_three(settings: object, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.PAGE_RATE_LIMIT = 3  # type: ignore[attr-defined]
    # Thirty seconds into a minute, for every request: a test never straddles two minutes.
    clock = types.SimpleNamespace(time=lambda: 1_800_000_030.0)
    monkeypatch.setattr("manumit.middleware.time", clock)


def answers(client: Client, path: str, times: int) -> list[int]:
    return [client.get(path).status_code for _ in range(times)]


@pytest.mark.django_db
@pytest.mark.usefixtures("limit_of_three")
@pytest.mark.parametrize("path", ["/search/?q=labour", "/search.json?q=labour"])
def test_anonymous_search_past_the_limit_is_answered_429_with_retry_after(path: str) -> None:
    client = Client(REMOTE_ADDR="203.0.113.5")
    assert answers(client, path, 3) == [200, 200, 200]
    refused = client.get(path)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "30"  # the seconds left in this minute
    assert "Too many requests" in refused.content.decode()


@pytest.mark.django_db
@pytest.mark.usefixtures("limit_of_three")
def test_twins_share_one_budget_and_the_html_page_is_not_counted() -> None:
    resource = ResourceFactory.create()
    client = Client(REMOTE_ADDR="203.0.113.6")
    html = f"/resources/{resource.slug}/"
    assert answers(client, html, 5) == [200] * 5  # reading pages is never limited
    twins = [f"/resources/{resource.slug}.json", "/resources.json", "/search.json"]
    assert [client.get(path).status_code for path in twins] == [200, 200, 200]
    assert client.get(f"/resources/{resource.slug}.json").status_code == 429
    assert client.get(html).status_code == 200


@pytest.mark.django_db
@pytest.mark.usefixtures("limit_of_three")
def test_each_client_address_has_its_own_budget() -> None:
    first, second = Client(REMOTE_ADDR="203.0.113.7"), Client(REMOTE_ADDR="203.0.113.8")
    assert answers(first, "/search/?q=a", 4)[-1] == 429
    assert answers(second, "/search/?q=a", 3) == [200, 200, 200]


@pytest.mark.django_db
@pytest.mark.usefixtures("limit_of_three")
def test_the_api_budget_is_separate_from_the_page_budget(settings: object) -> None:
    settings.API_RATE_LIMIT = 100  # type: ignore[attr-defined]
    client = Client(REMOTE_ADDR="203.0.113.9")
    assert answers(client, "/search.json", 4)[-1] == 429
    assert client.get("/api/v1/resources").status_code == 200


@pytest.mark.django_db
@pytest.mark.usefixtures("limit_of_three")
def test_signed_in_curators_are_not_limited(editor: User) -> None:
    client = Client(REMOTE_ADDR="203.0.113.10")
    client.force_login(editor)
    assert set(answers(client, "/search.json?q=labour", 6)) == {200}


@pytest.mark.django_db
def test_zero_switches_the_limit_off(settings: object) -> None:
    settings.PAGE_RATE_LIMIT = 0  # type: ignore[attr-defined]
    client = Client(REMOTE_ADDR="203.0.113.11")
    assert set(answers(client, "/search.json", 10)) == {200}
