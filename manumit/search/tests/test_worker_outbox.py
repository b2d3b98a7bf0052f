"""Who writes the index: the worker only writes outbox rows (through the signals on what
ingestion saves); the web processes' sync thread, or `manumit search_sync`, applies them.

A worker may run on a machine with no index of its own, and ingestion never calls search
(docs/architecture.md), so the worker starts no sync; a web node is fresh within a poll.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from manumit.catalog.models import Attachment
from manumit.ingest.tests.ingest_fixtures import FOUR_PAGES
from manumit.search import SearchQuery, apply_outbox, index_lag, search
from manumit.search.models import OutboxEntry


@pytest.mark.django_db(transaction=True)
def test_the_worker_writes_the_outbox_and_the_sync_applies_it(
    attach: Callable[[Path], Attachment], settings: Any, index_dir: Path
) -> None:
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    from manumit.ingest.tasks import queue_ingest

    attachment = attach(FOUR_PAGES)
    queue_ingest(attachment)  # autocommit: enqueued at once
    rows_before = OutboxEntry.objects.count()
    threads_before = set(threading.enumerate())
    call_command("worker", batch=True, startup_delay=False, verbosity=0)

    assert OutboxEntry.objects.count() > rows_before, "the text the worker saved is told"
    assert index_lag().pending == OutboxEntry.objects.count(), "the worker applied nothing"
    started = {thread.name for thread in threading.enumerate() if thread not in threads_before}
    assert "manumit-search-sync" not in started

    apply_outbox()  # what each web process's sync thread does twice a second
    assert index_lag().pending == 0
    words = attachment.document_text.pages.get(number=3).text.split()
    found = search(SearchQuery(text=" ".join(words[:3]), include_unpublished=True))
    assert attachment.resource in [hit.resource for hit in found.hits]
