"""Keep this process's index fresh: a daemon thread applying the outbox twice a second."""

from __future__ import annotations

import contextlib
import logging
import random
import threading
import time
from pathlib import Path

from django.db import OperationalError, close_old_connections

from manumit.search.backends.base import IndexBusy
from manumit.search.outbox import apply_outbox, prune
from manumit.search.registry import IndexNotBuilt, get_backend

log = logging.getLogger(__name__)

POLL_SECONDS = 0.5
# SQLite lets one process write at a time: a round that met "database is locked" is tried
# again in a moment (jittered, so two nodes do not meet again), not after a long pause.
LOCKED_RETRY_SECONDS = (0.2, 0.5)

_started: threading.Thread | None = None
_start_lock = threading.Lock()


def catch_up(index_dir: Path | str | None = None) -> int:
    """Apply what is new; when another process on this node holds the index's writer
    (the worker, another web process), just pick up its commits. Returns how many outbox
    entries were applied. The admin calls it after a save so the curator's own list
    shows the change at once. While another process builds the first index, there is
    nothing to pick up yet: searches say the index is unavailable meanwhile."""
    try:
        return apply_outbox(index_dir)
    except IndexBusy:
        with contextlib.suppress(IndexNotBuilt):
            get_backend(index_dir).refresh()
        return 0


def run_forever(
    index_dir: Path | str | None = None,
    interval: float = POLL_SECONDS,
    stop: threading.Event | None = None,
) -> None:
    while not (stop and stop.is_set()):
        try:
            close_old_connections()
            catch_up(index_dir)
            prune_now_and_then()
        except Exception as error:  # keep polling: the next round may succeed
            if isinstance(error, OperationalError) and is_locked(error):
                log.info("search outbox: the database is locked; trying again in a moment")
                time.sleep(random.uniform(*LOCKED_RETRY_SECONDS))
                continue
            log.exception("applying the search outbox failed")  # database restarted, say
            time.sleep(min(10.0, interval * 10))
        time.sleep(interval)


# The outbox keeps a week of entries that every replica has applied; older ones go, at most
# once an hour per process, so the table does not grow for ever.
PRUNE_EVERY_SECONDS = 3600.0
_last_prune = 0.0


def prune_now_and_then() -> int:
    global _last_prune
    now = time.monotonic()
    if _last_prune and now - _last_prune < PRUNE_EVERY_SECONDS:
        return 0
    _last_prune = now
    return prune()


def is_locked(error: OperationalError) -> bool:
    """SQLite's "database is locked" (another process is writing), not a real failure."""
    return "locked" in str(error).lower()


def start_background_sync(
    index_dir: Path | str | None = None, interval: float = POLL_SECONDS
) -> threading.Thread:
    """Start (once per process) the thread that keeps this node's index fresh. Web
    processes call it at start-up (manumit/wsgi.py); tests do not, unless they ask."""
    global _started
    with _start_lock:
        if _started is None or not _started.is_alive():
            _started = threading.Thread(
                target=run_forever,
                args=(index_dir, interval),
                name="manumit-search-sync",
                daemon=True,
            )
            _started.start()
        return _started
