"""What Manumit writes is readable by its own user only: the data folder, the SQLite
database (and its WAL files), uploads and their folders. Real processes, started the way
an operator starts them (`manumit ...`), with a permissive umask beforehand."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from manumit.tests.support.processes import environment

STORE = """
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
print(default_storage.path(default_storage.save("attachments/2026/report.pdf",
                                                ContentFile(b"%PDF-1.4 test"))))
"""


def manumit(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "manumit", *args],
        env=environment(data_dir),
        cwd=data_dir.parent,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        preexec_fn=lambda: os.umask(0o022),  # the usual default, which makes 0644 files
    )


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_database_and_uploads_are_private(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    migrated = manumit(data_dir, "migrate", "--no-input")
    assert migrated.returncode == 0, migrated.stderr
    stored = manumit(data_dir, "shell", "-c", STORE)
    assert stored.returncode == 0, stored.stderr
    upload = Path(stored.stdout.strip().splitlines()[-1])

    assert mode(data_dir) == 0o700
    database = data_dir / "manumit.sqlite3"
    assert mode(database) == 0o600
    for companion in (data_dir / "manumit.sqlite3-wal", data_dir / "manumit.sqlite3-shm"):
        if companion.exists():  # present while a connection is open; gone after a checkpoint
            assert mode(companion) == 0o600
    assert mode(upload) == 0o600
    assert upload.read_bytes() == b"%PDF-1.4 test"
    folder = upload.parent
    while folder != data_dir:
        assert mode(folder) == 0o700, folder
        folder = folder.parent
    # Nothing anywhere in the data folder is open to other users.
    for path in data_dir.rglob("*"):
        assert mode(path) & 0o077 == 0, path
