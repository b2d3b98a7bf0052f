"""`manumit backup` and `restore` with the files on S3 (`-m s3`, a local moto server from
`eval "$(scripts/s3.sh start)"`). The backup downloads the objects into its own `media/`,
so it is a whole library even if the bucket is lost; a restore uploads them into whatever
storage the restored node is configured with (here: an empty prefix of the bucket)."""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import boto3
import pytest

from manumit.site.tests import test_backup

pytestmark = [
    pytest.mark.s3,
    pytest.mark.skipif(
        not os.environ.get("MANUMIT_TEST_S3_URL"),
        reason='no S3 server: eval "$(scripts/s3.sh start)" to run these',
    ),
]

database_urls = test_backup.database_urls

REPORT = b"%PDF-1.4\n% the kilns report, kept byte for byte\n%%EOF\n"

LIBRARY = f"""
import django
django.setup()
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
call_command("migrate", verbosity=0, interactive=False)
from manumit.catalog.models import Attachment, Resource
kilns = Resource.objects.create(title="Debt bondage in brick kilns", slug="kilns",
                                status="published")
attachment = Attachment(resource=kilns, label="Report")
attachment.file.save("kilns report.pdf", ContentFile({REPORT!r}), save=True)
call_command("backup", BACKUP)
print(attachment.file.name)
"""

LOOK = """
import json
import django
django.setup()
from django.core.management import call_command
call_command("restore", BACKUP)
from manumit.catalog.models import Attachment
attachment = Attachment.objects.get()
with attachment.file.open("rb") as handle:
    print(json.dumps({"name": attachment.file.name, "file": handle.read().decode("latin-1")}))
"""


class Prefix:
    """A prefix of the test bucket of its own, as a MANUMIT_STORAGE_URL, emptied after."""

    def __init__(self) -> None:
        parts = urlsplit(os.environ["MANUMIT_TEST_S3_URL"])
        self.name = f"backup-{uuid.uuid4().hex[:8]}"
        self.url = urlunsplit(parts._replace(path=f"/{self.name}"))
        endpoint = dict(item.split("=", 1) for item in parts.query.split("&"))["endpoint_url"]
        self.bucket = boto3.resource("s3", endpoint_url=endpoint).Bucket(parts.hostname)

    def keys(self) -> set[str]:
        found = self.bucket.objects.filter(Prefix=self.name + "/")
        return {item.key.removeprefix(self.name + "/") for item in found}

    def read(self, key: str) -> bytes:
        body: bytes = self.bucket.Object(f"{self.name}/{key}").get()["Body"].read()
        return body


@pytest.fixture
def prefixes() -> Iterator[tuple[Prefix, Prefix]]:
    made = (Prefix(), Prefix())
    yield made
    for prefix in made:
        prefix.bucket.objects.filter(Prefix=prefix.name + "/").delete()


def test_a_backup_holds_the_objects_and_a_restore_uploads_them(
    tmp_path: Path, database_urls: tuple[str, str], prefixes: tuple[Prefix, Prefix]
) -> None:
    old, new = prefixes
    source, target = tmp_path / "old" / "var", tmp_path / "new" / "var"
    source.mkdir(parents=True)
    target.mkdir(parents=True)
    backup = tmp_path / "backup"

    made = run(LIBRARY, source, database_urls[0], old.url, backup)
    name = made.strip().splitlines()[-1]
    assert old.keys() == {name}
    assert not (source / "media").exists() or not any((source / "media").rglob("*.pdf"))
    # The backup holds its own copy, and its digest.
    assert (backup / "media" / name).read_bytes() == REPORT
    digest = hashlib.sha256(REPORT).hexdigest()
    assert (backup / "media.sha256").read_text() == f"{digest}  {name}\n"
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["storage"] == "storages.backends.s3.S3Storage"
    assert (manifest["files"], manifest["missing"]) == (1, [])

    # Restored onto an empty prefix, as after losing the bucket: the object is back.
    restored = json.loads(run(LOOK, target, database_urls[1], new.url, backup).splitlines()[-1])
    assert restored == {"name": name, "file": REPORT.decode("latin-1")}
    assert new.keys() == {name}
    assert new.read(name) == REPORT


def test_a_damaged_backup_restores_nothing(
    tmp_path: Path, database_urls: tuple[str, str], prefixes: tuple[Prefix, Prefix]
) -> None:
    old, new = prefixes
    source, target = tmp_path / "old" / "var", tmp_path / "new" / "var"
    source.mkdir(parents=True)
    target.mkdir(parents=True)
    backup = tmp_path / "backup"
    name = run(LIBRARY, source, database_urls[0], old.url, backup).strip().splitlines()[-1]
    (backup / "media" / name).write_bytes(REPORT.replace(b"kilns", b"kilnz"))

    variables = {"MANUMIT_STORAGE_URL": new.url}
    if database_urls[1]:
        variables["MANUMIT_DATABASE_URL"] = database_urls[1]
    finished = test_backup.run_python(f"BACKUP = {str(backup)!r}\n{LOOK}", target, **variables)
    assert finished.returncode != 0
    assert f"nothing restored: {name} in the backup is missing or damaged" in finished.stderr
    assert new.keys() == set()


def run(code: str, data_dir: Path, database_url: str, storage_url: str, backup: Path) -> str:
    variables = {"MANUMIT_STORAGE_URL": storage_url}
    if database_url:
        variables["MANUMIT_DATABASE_URL"] = database_url
    finished = test_backup.run_python(f"BACKUP = {str(backup)!r}\n{code}", data_dir, **variables)
    assert finished.returncode == 0, finished.stderr
    return finished.stdout
