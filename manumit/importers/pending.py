"""The files an import has put in storage before its transaction commits.

Storage is not part of the database transaction: an import killed (`kill -9`, a power cut)
after it stored some files but before it committed leaves files no attachment names. So
each import that stores a file first writes the file's name to a journal of its own, in
the data folder, and holds an exclusive lock on that journal while it runs (the kernel
drops the lock when the process dies, however it dies). The journal is removed once the
transaction commits, or once a rollback has removed the files.

The next import that may store files sweeps: every journal it can lock belongs to an
import that is no longer running, and each file it lists that no attachment names is
deleted. A name an attachment does name was committed after all, and stays.
"""

from __future__ import annotations

import fcntl
import os
import uuid
from pathlib import Path
from typing import TextIO

from django.conf import settings
from django.core.files.storage import Storage

from manumit.catalog.models import Attachment

SUFFIX = ".names"


def folder() -> Path:
    return Path(settings.DATA_DIR) / "import-journals"


class Journal:
    """One running import's list of stored names, locked while it lives."""

    def __init__(self) -> None:
        folder().mkdir(mode=0o700, parents=True, exist_ok=True)
        self.path = folder() / f"{uuid.uuid4().hex}{SUFFIX}"
        self.file: TextIO | None = self.path.open("a", encoding="utf-8")
        fcntl.flock(self.file, fcntl.LOCK_EX)

    def note(self, name: str) -> None:
        """Record `name` durably before (and after) the storage holds it."""
        if self.file is None or not name:
            return
        self.file.write(name + "\n")
        self.file.flush()
        os.fsync(self.file.fileno())

    def close(self) -> None:
        """The import is over: its files are committed, or were removed."""
        if self.file is None:
            return
        self.path.unlink(missing_ok=True)
        self.file.close()  # and the lock goes with it
        self.file = None


def sweep(storage: Storage) -> list[str]:
    """Delete what dead imports stored and never committed; the names deleted."""
    removed: list[str] = []
    if not folder().is_dir():
        return removed
    for path in sorted(folder().glob(f"*{SUFFIX}")):
        try:
            journal = path.open("r", encoding="utf-8")
        except FileNotFoundError:
            continue  # its import just finished
        with journal:
            try:
                fcntl.flock(journal, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # an import still running
            names = {line.strip() for line in journal if line.strip()}
            named = set(Attachment.objects.filter(file__in=names).values_list("file", flat=True))
            for name in sorted(names - named):
                if storage.exists(name):
                    storage.delete(name)
                    removed.append(name)
            path.unlink(missing_ok=True)
    return removed
