"""After a merge, what reads the catalogue follows through its usual signals: the search
index (the outbox), OAI-PMH (the loser becomes a deleted record) and the page cache. After
an undo, the loser is back in each."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from manumit.catalog.merging import merge
from manumit.catalog.models import Resource
from manumit.catalog.tests.factories import ResourceFactory
from manumit.catalog.unmerging import undo
from manumit.interop.oai.changelog import drain
from manumit.interop.oai.models import OaiRecord
from manumit.search import SearchQuery, apply_outbox, search
from manumit.search.models import OutboxEntry

pytestmark = pytest.mark.django_db


def found(text: str) -> list[int]:
    apply_outbox()
    return [hit.resource.pk for hit in search(SearchQuery(text=text)).hits]


@pytest.fixture
def twins() -> tuple[Resource, Resource]:
    winner = ResourceFactory.create(title="Forced labour in Thai fishing")
    loser = ResourceFactory.create(title="Forced Labour in Thai Fishing.")
    return winner, loser


def test_search_finds_the_winner_only(twins: tuple[Resource, Resource], publisher: User) -> None:
    winner, loser = twins
    assert sorted(found("Forced Labour in Thai Fishing")) == sorted([winner.pk, loser.pk])
    first_new = (OutboxEntry.objects.order_by("-id").values_list("id", flat=True).first()) or 0
    record = merge(winner, loser, publisher)
    queued = set(OutboxEntry.objects.filter(id__gt=first_new).values_list("resource_id", flat=True))
    assert {winner.pk, loser.pk} <= queued
    assert found("Forced Labour in Thai Fishing") == [winner.pk]
    undo(record, publisher)
    assert sorted(found("Forced Labour in Thai Fishing")) == sorted([winner.pk, loser.pk])


def test_oai_pmh_shows_the_loser_as_deleted_until_the_undo(
    twins: tuple[Resource, Resource], publisher: User, django_capture_on_commit_callbacks: Any
) -> None:
    winner, loser = twins
    drain()
    assert not OaiRecord.objects.get(resource_id=loser.pk).deleted
    with django_capture_on_commit_callbacks(execute=True):
        record = merge(winner, loser, publisher)
    drain()
    assert OaiRecord.objects.get(resource_id=loser.pk).deleted
    assert not OaiRecord.objects.get(resource_id=winner.pk).deleted
    with django_capture_on_commit_callbacks(execute=True):
        undo(record, publisher)
    drain()
    assert not OaiRecord.objects.get(resource_id=loser.pk).deleted


def test_a_cached_page_of_the_loser_becomes_a_redirect(
    twins: tuple[Resource, Resource], publisher: User, django_capture_on_commit_callbacks: Any
) -> None:
    winner, loser = twins
    client = Client()
    address = loser.get_absolute_url()
    assert client.get(address).status_code == 200
    assert client.get(address).status_code == 200  # now from the page cache
    with django_capture_on_commit_callbacks(execute=True):
        merge(winner, loser, publisher)
    moved = client.get(address)
    assert (moved.status_code, moved["Location"]) == (301, winner.get_absolute_url())
