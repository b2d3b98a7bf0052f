"""`manumit backup` then `manumit restore` into a fresh data folder gives the same library:
its counts, a resource, a file's bytes and a search. Real processes, as an operator runs
them; on PostgreSQL (EXPECT_DB_VENDOR=postgresql) through pg_dump and pg_restore."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from manumit.tests.support import processes

# Migrating a new PostgreSQL database takes a while on a loaded machine.
TIMEOUT_S = 400

PDF_BYTES = b"%PDF-1.4\n% a stand-in document kept byte for byte\n%%EOF\n"

LIBRARY = f"""
import django
django.setup()
from django.core.files.base import ContentFile
from django.core.management import call_command
call_command("migrate", verbosity=0, interactive=False)
from manumit.catalog.models import Attachment, Resource
kilns = Resource.objects.create(title="Debt bondage in brick kilns", slug="kilns",
                                status="published")
Resource.objects.create(title="Draft kilns memo", slug="memo", status="draft")
attachment = Attachment(resource=kilns, label="Report")
attachment.file.save("kilns report.pdf", ContentFile({PDF_BYTES!r}), save=True)
call_command("backup", BACKUP)
"""

LOOK = """
import json
import django
django.setup()
from django.core.management import call_command
call_command("restore", BACKUP)
from manumit.catalog.models import Attachment, Resource
from manumit.search import SearchQuery, search
kilns = Resource.objects.get(slug="kilns")
with kilns.attachments.get().file.open("rb") as handle:
    content = handle.read().decode("latin-1")
print(json.dumps({
    "resources": Resource.objects.count(),
    "attachments": Attachment.objects.count(),
    "title": kilns.title,
    "status": Resource.objects.get(slug="memo").status,
    "file": content,
    "found": [hit.resource.slug for hit in search(SearchQuery(text="kilns")).hits],
}))
"""


@pytest.fixture
def database_urls() -> Iterator[tuple[str, str]]:
    """Two empty databases, the library's and the one restored into."""
    if os.environ.get("EXPECT_DB_VENDOR") != "postgresql":
        yield "", ""
        return
    import psycopg

    server = os.environ["MANUMIT_DATABASE_URL"]
    names = [f"backup_{uuid.uuid4().hex[:8]}_{n}" for n in (1, 2)]
    with psycopg.connect(server, autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(server)
    yield tuple(urlunsplit(parts._replace(path=f"/{name}")) for name in names)  # type: ignore[misc]
    with psycopg.connect(server, autocommit=True) as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_python(code: str, data_dir: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    return processes.run([sys.executable, "-c", code], data_dir, TIMEOUT_S, **variables)


def python(code: str, data_dir: Path, database_url: str, backup: Path) -> str:
    variables = {"MANUMIT_DATABASE_URL": database_url} if database_url else {}
    finished = run_python(f"BACKUP = {str(backup)!r}\n{code}", data_dir, **variables)
    assert finished.returncode == 0, finished.stderr
    return finished.stdout


def test_a_backup_restored_into_a_fresh_data_folder_is_the_same_library(
    tmp_path: Path, database_urls: tuple[str, str]
) -> None:
    source, target = tmp_path / "old" / "var", tmp_path / "new" / "var"
    source.mkdir(parents=True)
    target.mkdir(parents=True)
    backup = tmp_path / "backup"
    made = python(LIBRARY, source, database_urls[0], backup)
    assert "Backed up 2 resources, 1 attachments and 1 files" in made
    assert stat.S_IMODE(backup.stat().st_mode) == 0o700  # it holds password hashes
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["resources"] == 2

    restored = json.loads(python(LOOK, target, database_urls[1], backup).strip().splitlines()[-1])
    assert restored == {
        "resources": 2,
        "attachments": 1,
        "title": "Debt bondage in brick kilns",
        "status": "draft",
        "file": PDF_BYTES.decode("latin-1"),
        "found": ["kilns"],  # the index was rebuilt, and the draft stays out of it
    }


def test_restore_refuses_a_folder_that_is_not_a_backup_and_a_library_not_empty(
    tmp_path: Path, database_urls: tuple[str, str]
) -> None:
    data_dir = tmp_path / "var"
    data_dir.mkdir()
    backup = tmp_path / "backup"
    python(LIBRARY, data_dir, database_urls[0], backup)
    variables = {"MANUMIT_DATABASE_URL": database_urls[0]} if database_urls[0] else {}
    again = run_python(
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        f"call_command('restore', {str(backup)!r})",
        data_dir,
        **variables,
    )
    assert again.returncode != 0
    assert "this library is not empty; restore with --replace" in again.stderr
    nothing = run_python(
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        f"call_command('restore', {str(tmp_path)!r})",
        data_dir,
        **variables,
    )
    assert "holds no Manumit backup" in nothing.stderr
