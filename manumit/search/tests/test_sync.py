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

    monkeypatch.setattr(sync, "sync_once", locked_once)
    monkeypatch.setattr(sync, "close_old_connections", lambda: None)
    sync.run_forever(tmp_path, interval=5.0, stop=stop)
    assert len(attempts) == 2
    assert attempts[1] - attempts[0] < 0.6
