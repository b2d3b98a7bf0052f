"""The background sync keeps polling, and soon, when SQLite says another process writes."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from django.db import OperationalError

from manumit.search import sync


def test_a_locked_database_is_tried_again_within_half_a_second(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts: list[float] = []
    stop = threading.Event()

    def locked_once(index_dir: object = None) -> int:
        attempts.append(time.monotonic())
        if len(attempts) == 1:
            raise OperationalError("database is locked")
        stop.set()
        return 0

    monkeypatch.setattr(sync, "catch_up", locked_once)
    monkeypatch.setattr(sync, "close_old_connections", lambda: None)
    monkeypatch.setattr(sync, "prune_now_and_then", lambda: 0)
    sync.run_forever(tmp_path, interval=5.0, stop=stop)
    assert len(attempts) == 2
    assert attempts[1] - attempts[0] < 0.6


@pytest.mark.django_db
def test_the_sync_forgets_outbox_entries_every_replica_applied_a_week_ago(
    index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from manumit.catalog.tests.factories import ResourceFactory
    from manumit.search import apply_outbox
    from manumit.search.models import OutboxEntry

    old = ResourceFactory.create(title="Applied long ago")
    apply_outbox()
    OutboxEntry.objects.update(created_at=timezone.now() - timedelta(days=8))
    ResourceFactory.create(title="Written just now")  # not applied yet: must stay
    monkeypatch.setattr(sync, "_last_prune", 0.0)

    assert sync.prune_now_and_then() > 0
    assert not OutboxEntry.objects.filter(resource_id=old.pk).exists()
    assert OutboxEntry.objects.exists()
    assert sync.prune_now_and_then() == 0  # not again within the hour
