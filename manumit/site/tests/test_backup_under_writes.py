"""`manumit backup` while the library is busy: a child process keeps creating resources
with files and editing others, and `manumit serve` answers readers. The backup must still
be one snapshot: its counts are its own database's, every attachment row in it has its
file beside it with the sha256 the row records, and a restore into a fresh data folder is
a working library (integrity check, the same counts, search). Real processes throughout;
on PostgreSQL (EXPECT_DB_VENDOR=postgresql) through pg_dump's exported snapshot.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from manumit.site.tests import test_backup
from manumit.tests.support import servers
from manumit.tests.support.processes import environment, run
from manumit.tests.support.servers import MANUMIT, answers, free_port, get, start

# The same two empty databases as the plain backup test (PostgreSQL only).
database_urls = test_backup.database_urls
TIMEOUT_S = test_backup.TIMEOUT_S

START_TIMEOUT_S = 300.0  # collectstatic and a worker on a busy two-core machine

# Creates a published resource with a file, and edits an older one, until told to stop;
# `PROGRESS` holds how many it has made, so the test knows writes went on meanwhile.
WRITER = """
import hashlib, itertools, pathlib
import django
django.setup()
from django.core.files.base import ContentFile
from django.db import transaction
from manumit.catalog.models import Attachment, Resource
stop, progress = pathlib.Path(STOP), pathlib.Path(PROGRESS)
for n in itertools.count():
    if stop.exists():
        break
    with transaction.atomic():
        resource = Resource.objects.create(
            title=f"Brick kiln audit {n}", slug=f"kiln-{n}", status="published"
        )
        body = f"Audit {n} of debt bondage in the brick kilns.\\n".encode() * (200 + n)
        # The digest of what was written, so the test checks the bytes, not the storage.
        attachment = Attachment(
            resource=resource, label="Audit", sha256=hashlib.sha256(body).hexdigest()
        )
        attachment.file.save(f"audit {n}.txt", ContentFile(body), save=True)
    if n >= 2:
        older = Resource.objects.get(slug=f"kiln-{n // 2}")
        older.title = f"Brick kiln audit {n // 2}, revised {n}"
        older.save()
    # Replaced whole, so the test never reads it half written.
    pathlib.Path(PROGRESS + ".new").write_text(str(n + 1))
    pathlib.Path(PROGRESS + ".new").replace(progress)
"""

# After the restore: what a reader and an operator would check.
LOOK = """
import hashlib, json
import django
django.setup()
from django.db import connection
from manumit.catalog.models import Attachment, Resource
from manumit.search import SearchQuery, search
bad = []
for attachment in Attachment.objects.all():
    with attachment.file.open("rb") as handle:
        if hashlib.sha256(handle.read()).hexdigest() != attachment.sha256:
            bad.append(attachment.file.name)
integrity = "ok"
if connection.vendor == "sqlite":
    with connection.cursor() as cursor:
        integrity = cursor.execute("PRAGMA integrity_check").fetchone()[0]
print(json.dumps({
    "resources": Resource.objects.count(),
    "attachments": Attachment.objects.count(),
    "bad": bad,
    "integrity": integrity,
    "found": search(SearchQuery(text='"kiln audit"', page_size=5)).total,
}))
"""


def manumit(data_dir: Path, database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    variables = {"MANUMIT_DATABASE_URL": database_url} if database_url else {}
    return run([*MANUMIT, *args], data_dir, TIMEOUT_S, **variables)


def child(
    data_dir: Path, database_url: str, command: list[str], log: Path
) -> subprocess.Popen[bytes]:
    variables = {"MANUMIT_DATABASE_URL": database_url} if database_url else {}
    return start(command, environment(data_dir, **variables), data_dir.parent, log)


@pytest.fixture
def busy_library(
    tmp_path: Path, database_urls: tuple[str, str]
) -> Iterator[tuple[Path, str, Path, str]]:
    """A migrated library, a server on it and a writer writing to it."""
    data_dir, url = tmp_path / "old" / "var", database_urls[0]
    data_dir.mkdir(parents=True)
    migrated = manumit(data_dir, url, "migrate", "-v0")
    assert migrated.returncode == 0, migrated.stderr
    port = free_port()
    server = child(
        data_dir,
        url,
        [*MANUMIT, "serve", "--port", str(port), "--workers", "1"],
        tmp_path / "serve.log",
    )
    stop, progress = tmp_path / "stop", tmp_path / "progress"
    code = f"STOP = {str(stop)!r}\nPROGRESS = {str(progress)!r}\n{WRITER}"
    writer = child(data_dir, url, [sys.executable, "-c", code], tmp_path / "writer.log")
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        # The server builds its index on its first start; until then search answers 503.
        while not answers(base, "/search/?q=kiln") or written(progress) < 5:
            assert server.poll() is None, (tmp_path / "serve.log").read_text()
            assert writer.poll() is None, (tmp_path / "writer.log").read_text()
            assert time.monotonic() < deadline, "the server or the writer never got going"
            time.sleep(0.5)
        yield data_dir, url, progress, base
        stop.touch()
        assert writer.wait(timeout=120) == 0, (tmp_path / "writer.log").read_text()
    finally:
        for process in (writer, server):
            if process.poll() is None:
                servers.stop(process)


def written(progress: Path) -> int:
    try:
        return int(progress.read_text() or 0)
    except (OSError, ValueError):
        return 0


class Reader(threading.Thread):
    """Reads the listing and a search from the server until stopped; keeps the statuses."""

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.base, self.done = base, threading.Event()
        self.statuses: list[int] = []
        self.failures: list[str] = []

    def run(self) -> None:
        while not self.done.is_set():
            for path in ("/", "/search/?q=kiln"):
                try:
                    status, _, body = get(self.base + path)
                except OSError as error:
                    status, body = 0, repr(error).encode()
                self.statuses.append(status)
                if status != 200:
                    self.failures.append(f"{path}: {status} {body[:300]!r}")
            time.sleep(0.05)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_backup_taken_under_writes_is_one_snapshot_and_restores(
    tmp_path: Path, busy_library: tuple[Path, str, Path, str], database_urls: tuple[str, str]
) -> None:
    data_dir, url, progress, base = busy_library
    reader = Reader(base)
    reader.start()
    before = written(progress)
    backup = tmp_path / "backup"
    made = manumit(data_dir, url, "backup", str(backup))
    after = written(progress)
    reader.done.set()
    reader.join(timeout=60)
    assert made.returncode == 0, made.stderr
    assert after > before, "the writer made nothing while the backup ran"
    assert reader.statuses and set(reader.statuses) == {200}, reader.failures

    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["missing"] == []
    assert before <= manifest["resources"] <= after
    assert manifest["attachments"] == manifest["resources"]  # one file each, in one transaction
    if not url:  # SQLite: the snapshot itself, read as the operator would
        database = sqlite3.connect(str(backup / "manumit.sqlite3"))
        assert database.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        counts = [
            database.execute("SELECT COUNT(*) FROM catalog_resource").fetchone()[0],
            database.execute("SELECT COUNT(*) FROM catalog_attachment").fetchone()[0],
        ]
        assert counts == [manifest["resources"], manifest["attachments"]]
        rows = database.execute("SELECT file, sha256 FROM catalog_attachment").fetchall()
        database.close()
        assert len(rows) == manifest["attachments"]
        for name, digest in rows:
            assert digest and sha256(backup / "media" / name) == digest, name

    target = tmp_path / "new" / "var"
    target.mkdir(parents=True)
    restored = manumit(target, database_urls[1], "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    looked = manumit(target, database_urls[1], "shell", "-c", LOOK)
    assert looked.returncode == 0, looked.stderr
    library = json.loads(looked.stdout.strip().splitlines()[-1])
    assert library == {
        "resources": manifest["resources"],
        "attachments": manifest["attachments"],
        "bad": [],
        "integrity": "ok",
        "found": manifest["resources"],
    }
