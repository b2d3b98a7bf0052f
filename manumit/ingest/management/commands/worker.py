"""`manumit worker`: run the background queue (ingestion jobs) until stopped.

It is django-tasks-db's `db_worker` under Manumit's name, with the same options
(`--batch` to run what is queued and exit, `--max-tasks N`, `--interval SECONDS`,
`--queue-name`). Run one beside the web server (`make run` does); run more for a busier
library: a job is claimed by one worker only. Ctrl+C (or SIGTERM) lets the running job
finish first; a second Ctrl+C stops at once.

A worker that dies mid-job (`kill -9`, out of memory) leaves its job to the next worker
to start: see manumit/ingest/recovery.py.

The worker writes no search index: what a job saves writes outbox rows (search's signals),
and the web processes' sync thread, or `manumit search_sync`, applies them.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from manumit.ingest import recovery


class Command(DatabaseWorkerCommand):
    help = (
        "Run Manumit's background jobs (document ingestion) from the database queue "
        "until stopped. --batch runs what is queued and exits."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        # Code reloading restarts a job half-way; a curator's worker never wants it.
        parser.set_defaults(reload=False)

    def handle(self, *args: Any, **options: Any) -> None:
        # Lock first, then look for dead workers: two workers starting at once each see
        # the other alive, never dead.
        worker_id = options["worker_id"]
        try:
            with recovery.alive(worker_id):
                recovery.recover(options["backend_name"], worker_id)
                super().handle(*args, **options)
        except recovery.WorkerIdInUse as error:
            raise CommandError(str(error)) from error
