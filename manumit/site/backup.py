"""`manumit backup DIR` and `manumit restore DIR`: the database and the uploaded files.

A backup folder holds `manifest.json` (what it is, and the library's counts at the time),
the database (`manumit.sqlite3`, written by SQLite's online backup API while the site
keeps serving, or `database.dump` from `pg_dump --format=custom`), and `media/`, a copy of
the uploads and thumbnails. The search index is not in it: a restore rebuilds it from the
database (`manumit reindex`), which is always consistent with what was restored, where a
copied index could be older or newer than the dump beside it.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

FORMAT = 1
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


def library_counts() -> dict[str, int]:
    from manumit.catalog.models import Attachment, Resource

    return {"resources": Resource.objects.count(), "attachments": Attachment.objects.count()}


def backup(folder: Path) -> Summary:
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty: back up into a new folder")
    os.chmod(folder, 0o700)  # the database holds password hashes and drafts
    counts = library_counts()
    if connection.vendor == "sqlite":
        _sqlite_backup(folder / SQLITE_FILE)
    elif connection.vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={folder / POSTGRES_FILE}"])
    else:
        raise BackupError(f"no backup method for the {connection.vendor} database")
    files = _copy_tree(Path(settings.MEDIA_ROOT), folder / MEDIA)
    manifest = {
        "format": FORMAT,
        "created": timezone.now().isoformat(),
        "database": connection.vendor,
        "files": files,
        **counts,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return Summary(counts["resources"], counts["attachments"], files)


def _sqlite_backup(target: Path) -> None:
    # Its own connection to the file, so the copy is one consistent snapshot taken while
    # other processes keep reading and writing (they wait only for the steps, not the copy).
    source = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]))
    copy = sqlite3.connect(str(target))
    try:
        source.backup(copy, pages=1024)
    finally:
        copy.close()
        source.close()
    os.chmod(target, 0o600)


def _copy_tree(source: Path, target: Path) -> int:
    if not source.is_dir():
        target.mkdir()
        return 0
    shutil.copytree(source, target, dirs_exist_ok=True)
    return sum(1 for item in target.rglob("*") if item.is_file())


def read_manifest(folder: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{folder} holds no Manumit backup ({MANIFEST}: {error})") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{folder} is a backup of another format ({manifest.get('format')})")
    return manifest


def restore(folder: Path, replace: bool = False) -> Summary:
    """Restore into this node's database and media folder, then rebuild the search index.
    Refuses a library that already holds resources unless `replace`."""
    manifest = read_manifest(folder)
    if manifest["database"] != connection.vendor:
        raise BackupError(
            f"the backup is of a {manifest['database']} database, this is {connection.vendor}"
        )
    if not replace and _holds_resources():
        raise BackupError("this library is not empty; restore with --replace to overwrite it")
    if connection.vendor == "sqlite":
        _sqlite_restore(folder / SQLITE_FILE)
    else:
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", str(folder / POSTGRES_FILE)])
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    files = _copy_tree(folder / MEDIA, media)
    from manumit.search import reindex

    reindex()
    counts = library_counts()
    return Summary(counts["resources"], counts["attachments"], files)


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
