"""`manumit backup DIR` and `manumit restore DIR`: the database and the stored files.

A backup folder holds `manifest.json` (what it is, and the library's counts in the
snapshot), the database (`manumit.sqlite3`, written by SQLite's online backup API while
the site keeps serving, or `database.dump` from `pg_dump --format=custom`), `media/`, a
copy of the uploads and thumbnails from the site's file storage (the media folder or an S3
bucket alike, see backup_files.py) and `media.sha256`, and `index/` with `index.sha256`, a
copy of this node's search index taken before the snapshot, which a restore catches up
from the outbox or, when it cannot be used, rebuilds (see backup_index.py).

Consistency while the site writes: the files are copied once before the database
snapshot and once after it for the names the snapshot records that the first pass missed
(uploads made meanwhile) or copied short (a file still being written). Stored files are
never rewritten under a name, so every file a row of the snapshot names is in the backup,
unless it was deleted after the snapshot was taken; those are listed under `missing` in
the manifest. A file without a row (an upload whose transaction had not committed) may be
in the backup too; it is restored but nothing serves it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from manumit.site import backup_files, backup_index

# 2: files copied through the storage, with media.sha256; 3: the search index in `index/`.
# Older formats still restore (their index is rebuilt).
FORMAT = 3
READABLE = {1, 2, 3}
MANIFEST = "manifest.json"
SQLITE_FILE = "manumit.sqlite3"
POSTGRES_FILE = "database.dump"
MEDIA = "media"


class BackupError(RuntimeError):
    """Why a backup or a restore could not be done, for the operator."""


@dataclass(frozen=True)
class Summary:
    resources: int
    attachments: int
    files: int
    missing: list[str] = field(default_factory=list)
    index: str = ""  # what became of the search index, for the operator


@dataclass(frozen=True)
class Snapshot:
    """What the database snapshot holds: its counts and the stored files its rows name."""

    resources: int
    attachments: int
    names: list[str]


def library_counts() -> dict[str, int]:
    from manumit.catalog.models import Attachment, Resource

    return {"resources": Resource.objects.count(), "attachments": Attachment.objects.count()}


def backup(folder: Path, before_snapshot: Callable[[], None] | None = None) -> Summary:
    """`before_snapshot` runs between the index copy and the database snapshot (tests use
    it to write in that interval, deterministically)."""
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty: back up into a new folder")
    os.chmod(folder, 0o700)  # the database holds password hashes and drafts
    media = folder / MEDIA
    media.mkdir()
    # Before the snapshot, so the copy is never ahead of it: the outbox holds the rest.
    index = backup_index.copy_out(folder)
    if before_snapshot is not None:
        before_snapshot()
    copied: dict[str, str] = {}
    backup_files.copy_all_out(backup_files.stored_names(), media, copied)
    if connection.vendor == "sqlite":
        snapshot = _sqlite_backup(folder / SQLITE_FILE)
    elif connection.vendor == "postgresql":
        snapshot = _postgres_backup(folder / POSTGRES_FILE)
    else:
        raise BackupError(f"no backup method for the {connection.vendor} database")
    missing = _complete(snapshot.names, media, copied)
    backup_files.write_checksums(folder, copied)
    manifest = {
        "format": FORMAT,
        "created": timezone.now().isoformat(),
        "database": connection.vendor,
        "storage": settings.STORAGES["default"]["BACKEND"],
        "files": len(copied),
        "resources": snapshot.resources,
        "attachments": snapshot.attachments,
        "missing": missing,
        "index": index,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2))
    held = "with" if index else "without"
    return Summary(
        snapshot.resources, snapshot.attachments, len(copied), missing, f"{held} the search index"
    )


def _complete(names: list[str], media: Path, copied: dict[str, str]) -> list[str]:
    """The second pass: files the snapshot's rows name that the first pass missed or
    caught half written (a committed row's file is whole); the ones gone since."""
    from django.core.files.storage import default_storage

    for name in names:
        copy = media / name
        if name in copied and copy.stat().st_size != _size(default_storage, name):
            del copied[name]
    return backup_files.copy_all_out(names, media, copied)


def _size(storage: Any, name: str) -> int | None:
    try:
        return int(storage.size(name))
    except FileNotFoundError:
        return None


def _queries() -> tuple[str, str, str, str]:
    from manumit.catalog.models import Attachment, Resource
    from manumit.ingest.models import DocumentText

    # Plain SQL, as it also runs on the snapshot file through sqlite3; the table names
    # are the models' own, nothing anyone typed.
    attachments, texts = Attachment._meta.db_table, DocumentText._meta.db_table
    return (
        f"SELECT COUNT(*) FROM {Resource._meta.db_table}",  # noqa: S608
        f"SELECT COUNT(*) FROM {attachments}",  # noqa: S608
        f"SELECT file FROM {attachments} WHERE file <> ''",  # noqa: S608
        f"SELECT thumbnail FROM {texts} WHERE thumbnail <> ''",  # noqa: S608
    )


def _read_snapshot(execute: Any) -> Snapshot:
    """`execute(sql)` returns the rows of a query run inside the snapshot."""
    resources, attachments, files, thumbnails = _queries()
    names = [row[0] for row in [*execute(files), *execute(thumbnails)]]
    return Snapshot(execute(resources)[0][0], execute(attachments)[0][0], names)


def _sqlite_backup(target: Path) -> Snapshot:
    # Its own connection to the file, and the whole copy in one step: in WAL mode that
    # step reads one snapshot while other processes keep writing. Copied in small steps,
    # a write from another process between two of them restarts the copy, so a library
    # that is written to all the time would never finish its backup.
    source = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]))
    copy = sqlite3.connect(str(target))
    try:
        source.backup(copy, pages=-1)
        snapshot = _read_snapshot(lambda sql: copy.execute(sql).fetchall())
    finally:
        copy.close()
        source.close()
    os.chmod(target, 0o600)
    return snapshot


def _postgres_backup(target: Path) -> Snapshot:
    # pg_dump joins a snapshot exported by this transaction, so the counts and the file
    # names read here are those of the dump, however many writes happen meanwhile.
    with _repeatable_read() as cursor:
        cursor.execute("SELECT pg_export_snapshot()")
        exported = cursor.fetchone()[0]

        def execute(sql: str) -> list[Any]:
            cursor.execute(sql)
            return list(cursor.fetchall())

        snapshot = _read_snapshot(execute)
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                f"--snapshot={exported}",
                f"--file={target}",
            ]
        )
    return snapshot


@contextmanager
def _repeatable_read() -> Iterator[Any]:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield cursor


def read_manifest(folder: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{folder} holds no Manumit backup ({MANIFEST}: {error})") from error
    if manifest.get("format") not in READABLE:
        raise BackupError(f"{folder} is a backup of another format ({manifest.get('format')})")
    return manifest


def restore(folder: Path, replace: bool = False) -> Summary:
    """Restore into this node's database and media folder, then the search index (the
    backup's copy caught up, or a rebuild: backup_index.py). Refuses a library that
    already holds resources unless `replace`."""
    manifest = read_manifest(folder)
    if manifest["database"] != connection.vendor:
        raise BackupError(
            f"the backup is of a {manifest['database']} database, this is {connection.vendor}"
        )
    if not replace and _holds_resources():
        raise BackupError("this library is not empty; restore with --replace to overwrite it")
    media = folder / MEDIA
    try:
        names = backup_files.verify(folder, media)
    except backup_files.DamagedBackup as error:
        raise BackupError(f"nothing restored: {error}") from error
    if connection.vendor == "sqlite":
        _sqlite_restore(folder / SQLITE_FILE)
    else:
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", str(folder / POSTGRES_FILE)])
    try:
        files = backup_files.copy_all_in(names, media)
    except backup_files.DamagedBackup as error:
        raise BackupError(f"the database is restored, but not the files: {error}") from error
    index = backup_index.restore(folder, manifest)
    counts = library_counts()
    return Summary(counts["resources"], counts["attachments"], files, index=index.sentence())


def _holds_resources() -> bool:
    from django.db import DatabaseError

    try:
        return library_counts()["resources"] > 0
    except DatabaseError:  # no tables yet: a fresh data folder
        return False


def _sqlite_restore(source: Path) -> None:
    # Into the live file through the same API: other connections see the old database or
    # the restored one, never a file half copied.
    connection.close()
    database = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]))
    backup_file = sqlite3.connect(str(source))
    try:
        backup_file.backup(database)
    finally:
        backup_file.close()
        database.close()


def _run(command: list[str]) -> None:
    """pg_dump / pg_restore on the configured database, its password in the environment."""
    database = settings.DATABASES["default"]
    env = {**os.environ, "PGPASSWORD": str(database.get("PASSWORD") or "")}
    target = [
        f"--dbname={database['NAME']}",
        f"--host={database.get('HOST') or 'localhost'}",
        f"--port={database.get('PORT') or 5432}",
        f"--username={database.get('USER') or ''}",
    ]
    # A fixed program and our own settings, never a shell: nothing a user typed.
    finished = subprocess.run(  # noqa: S603
        [*command[:1], *target, *command[1:]], env=env, capture_output=True, text=True
    )
    if finished.returncode != 0:
        raise BackupError(f"{command[0]} failed: {finished.stderr.strip()}")
