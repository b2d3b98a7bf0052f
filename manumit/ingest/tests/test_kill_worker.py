"""`kill -9` of `manumit worker` in the middle of an ingestion, inside the transaction that
saves the document's text; then a worker starts again and the job completes: one resource,
one attachment, the file whole in storage, its text searchable, no outbox entry missing.

Real processes over a throwaway data folder (SQLite, or the PostgreSQL server named by
MANUMIT_DATABASE_URL when EXPECT_DB_VENDOR=postgresql). The test-only `pause` app
(manumit/tests/support/pause.py) freezes the worker when it saves the DocumentText row,
so the kill always lands at the same point, with the text half written.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from manumit.tests.support.processes import REPO, alive, children, environment, python_json
from manumit.tests.support.servers import scratch_database

TIMEOUT_S = 400  # migrating, and extracting eleven pages, on a loaded two-core machine
PDF = Path("data/antislavery/libertas_HTI/Human_Trafficking.pdf")  # 11 pages, with text

QUEUE = """
import hashlib, json
import django
django.setup()
from django.core.files import File
from django.core.management import call_command
from django.db import transaction
call_command("migrate", verbosity=0, interactive=False)
from manumit.catalog.models import Attachment
from manumit.catalog.tests.factories import ResourceFactory
from manumit.ingest.tasks import queue_ingest
# As an admin upload leaves it: the file stored, its job queued when the upload commits.
with transaction.atomic():
    resource = ResourceFactory.create(title="Uploaded in the admin", slug="uploaded")
    attachment = Attachment(resource=resource, media_type="application/pdf")
    with open(PDF, "rb") as source:
        attachment.file.save("Human_Trafficking.pdf", File(source), save=False)
    attachment.measure()
    attachment.save()
    job = queue_ingest(attachment)
with open(PDF, "rb") as source:
    print(json.dumps({"job": job.pk, "sha256": hashlib.sha256(source.read()).hexdigest()}))
"""

LOOK = """
import hashlib, json
import django
django.setup()
from django_tasks_db.models import DBTaskResult
from manumit.catalog.models import Attachment, Resource
from manumit.ingest.models import DocumentText, IngestJob
from manumit.search.models import OutboxEntry
job = IngestJob.objects.get(pk=JOB)
task = DBTaskResult.objects.get(pk=job.task_id)
attachments = list(Attachment.objects.all())
stored = ""
if attachments and attachments[0].file.storage.exists(attachments[0].file.name):
    with attachments[0].file.open("rb") as handle:
        stored = hashlib.sha256(handle.read()).hexdigest()
text = DocumentText.objects.filter(attachment__in=attachments).first()
found = []
if SEARCH:
    from manumit.search import SearchQuery, catch_up, index_lag, search
    catch_up()
    query = SearchQuery(text="clearances", include_unpublished=True)
    found = [hit.resource.slug for hit in search(query).hits]
    pending = index_lag().pending
print(json.dumps({
    "job": [job.state, job.outcome, job.attempts],
    "task": [task.status, len(task.worker_ids), task.return_value],
    "resources": Resource.objects.count(),
    "attachments": [a.sha256 for a in attachments],
    "stored": stored,
    "pages": [text.page_count, text.pages.count()] if text else None,
    "outbox": list(OutboxEntry.objects.order_by("id").values_list("id", flat=True)),
    "found": found,
    "pending": pending if SEARCH else None,
}))
"""


@pytest.fixture
def database_url() -> Iterator[str]:
    """'' for SQLite in the data folder; on PostgreSQL, an empty database of our own."""
    with scratch_database("kill_worker") as url:
        yield url


class Library:
    """One data folder (and database) that several processes share, one after another."""

    def __init__(self, data_dir: Path, database_url: str) -> None:
        self.data_dir = data_dir
        self.variables = {"MANUMIT_DATABASE_URL": database_url} if database_url else {}

    def env(self, **variables: str) -> dict[str, str]:
        return environment(self.data_dir, **self.variables, **variables)

    def python(self, code: str) -> dict[str, object]:
        return python_json(code, self.env(), TIMEOUT_S)

    def worker(self, *args: str, **variables: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "manumit", "worker", "--no-startup-delay", *args],
            env=self.env(**variables),
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )


def wait_for(marker: Path, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while not marker.exists() or not marker.read_text():
        if process.poll() is not None:
            pytest.fail(f"the worker ended before pausing: {process.stderr.read()}")  # type: ignore[union-attr]
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("the worker never reached the save")
        time.sleep(0.1)


def test_a_worker_killed_while_saving_a_document_leaves_it_to_the_next_worker(
    shared_dir: Path, tmp_path: Path, database_url: str
) -> None:
    library = Library(tmp_path / "var", database_url)
    queued = library.python(f"PDF = {str(shared_dir / PDF)!r}\n{QUEUE}")
    look = f"JOB = {queued['job']}\nSEARCH = SEARCH_NOW\n{LOOK}"
    marker = tmp_path / "paused"

    killed = library.worker(
        DJANGO_SETTINGS_MODULE="manumit.tests.support.pause_settings",
        PAUSE_ON_SAVE="ingest.DocumentText",
        PAUSE_MARKER=str(marker),
    )
    wait_for(marker, killed)
    assert int(marker.read_text()) == killed.pid
    extractors = children(killed.pid)  # the extraction child process, idle by now
    assert extractors, "extraction should have run in a child process"
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=60)
    killed.stderr.close()  # type: ignore[union-attr]
    # The orphaned extraction child sees its pipe close and ends: nothing is left running.
    deadline = time.monotonic() + 60
    while any(alive(pid) for pid in extractors):
        assert time.monotonic() < deadline, "the killed worker's extraction child lives on"
        time.sleep(0.1)

    # What the crash leaves: the job and its task "running" for ever, none of its text.
    after_kill = library.python(look.replace("SEARCH_NOW", "False"))
    assert after_kill["job"] == ["running", "", 1]
    assert after_kill["task"] == ["RUNNING", 1, None]
    assert after_kill["pages"] is None
    assert after_kill["attachments"] == [queued["sha256"]]

    # The next worker to start sees the dead worker's claim and runs the job again.
    restarted = library.worker("--batch")
    _, errors = restarted.communicate(timeout=TIMEOUT_S)
    assert restarted.returncode == 0, errors
    assert "Recovered after a crash: 1 task(s)" in errors

    done = library.python(look.replace("SEARCH_NOW", "True"))
    assert done["job"] == ["done", "text", 2]
    assert done["task"] == ["SUCCESSFUL", 2, "done"]
    assert done["resources"] == 1
    assert done["attachments"] == [queued["sha256"]]
    assert done["stored"] == queued["sha256"]
    assert done["pages"] == [11, 11]
    assert done["found"] == ["uploaded"]
    assert done["pending"] == 0  # the index applied every entry the outbox holds
    outbox = done["outbox"]
    assert isinstance(outbox, list) and len(outbox) >= 2  # the upload's, and the text's
    if not database_url:
        # SQLite hands the killed transaction's ids out again: the ids run without a gap.
        # (A PostgreSQL sequence skips them; the index's cursor moves past such a gap.)
        assert outbox == list(range(outbox[0], outbox[0] + len(outbox)))
