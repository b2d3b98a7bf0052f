"""Every way in passes the one gate (manumit.files), and a file is read for its facts once.

An admin upload used to be hashed three times (the form, the model, the worker's
preflight); `manumit ingest` and "Create from files" read the file for its kind and again
for its sha256. A hash object that saw the whole file is counted here, wherever it was made.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from manumit.catalog.models import Attachment, Resource
from manumit.catalog.tests.admin_forms import ADD_URL, resource_form
from manumit.ingest.models import DocumentText
from manumit.ingest.tests.ingest_fixtures import FOUR_PAGES, ONE_PAGE

pytestmark = pytest.mark.django_db

# 84 Chinese or Thai characters and ".pdf": 256 bytes in UTF-8, over the 255 a file system
# takes. (The Thai has no vowel or tone marks, which Django's storage drops from names.)
LONG_NAMES = [
    ("现代奴隶制与人口贩运研究报告" * 7)[:84] + ".pdf",
    ("รายงานการคามนษยในอตสาหกรรมประมง" * 3)[:84] + ".pdf",
]


class CountingHash:
    """Stands in for hashlib.sha256: each hash made is remembered with what it computed."""

    def __init__(self, real: Callable[..., Any]) -> None:
        self.real = real
        self.digests: list[Callable[[], str]] = []

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        made = self.real(*args, **kwargs)
        self.digests.append(lambda: made.hexdigest())
        return made

    def times_hashed(self, content: bytes) -> int:
        wanted = self.real(content).hexdigest()
        return sum(1 for digest in self.digests if digest() == wanted)


@pytest.fixture
def sha256_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[CountingHash]:
    counting = CountingHash(hashlib.sha256)
    monkeypatch.setattr(hashlib, "sha256", counting)
    yield counting


def test_an_admin_upload_that_queues_its_ingestion_is_hashed_once(
    curator: Client,
    shared_dir: Path,
    sha256_calls: CountingHash,
    django_capture_on_commit_callbacks: Any,
) -> None:
    content = (shared_dir / FOUR_PAGES).read_bytes()
    upload = SimpleUploadedFile("report.pdf", content, content_type="application/pdf")
    data = resource_form(
        title="Uploaded", inlines={"attachments": [{"position": "0", "file": upload}]}
    )
    with django_capture_on_commit_callbacks(execute=True):  # the queued ingestion runs too
        assert curator.post(ADD_URL, data).status_code == 302
    attachment = Attachment.objects.get()
    assert DocumentText.objects.get(attachment=attachment).page_count == 4  # it was ingested
    assert attachment.sha256 == sha256_calls.real(content).hexdigest()
    assert attachment.size == len(content)
    assert sha256_calls.times_hashed(content) == 1


def test_manumit_ingest_of_one_file_hashes_it_once(
    shared_dir: Path, tmp_path: Path, sha256_calls: CountingHash
) -> None:
    path = tmp_path / "statement.pdf"
    path.write_bytes((shared_dir / ONE_PAGE).read_bytes())
    call_command("ingest", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    attachment = Attachment.objects.get()
    assert attachment.sha256 == sha256_calls.real(path.read_bytes()).hexdigest()
    assert attachment.media_type == "application/pdf"
    assert sha256_calls.times_hashed(path.read_bytes()) == 1


# Names longer than a file system holds (found by the outside probe: HTTP 500 on both routes)


@pytest.mark.parametrize("name", LONG_NAMES)
def test_a_name_over_255_bytes_is_stored_shortened_from_the_attachment_form(
    curator: Client, shared_dir: Path, name: str
) -> None:
    assert len(name) == 84 + 4 and len(name.encode()) > 255
    content = (shared_dir / ONE_PAGE).read_bytes()
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    data = resource_form(
        title="A Thai report", inlines={"attachments": [{"position": "0", "file": upload}]}
    )
    assert curator.post(ADD_URL, data).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.filename.endswith(".pdf")
    assert len(attachment.filename.encode()) < 255
    assert name.startswith(attachment.filename.removesuffix(".pdf"))
    assert attachment.label == name  # the whole name is still what readers see
    with attachment.file.open("rb") as stored:
        assert stored.read() == content
    download = curator.get(attachment.get_download_url())
    assert download.status_code == 200


def test_a_label_given_with_a_long_named_upload_is_kept(curator: Client, shared_dir: Path) -> None:
    upload = SimpleUploadedFile(LONG_NAMES[0], (shared_dir / ONE_PAGE).read_bytes())
    row = {"position": "0", "label": "Summary in Thai", "file": upload}
    data = resource_form(title="A Thai report", inlines={"attachments": [row]})
    assert curator.post(ADD_URL, data).status_code == 302
    assert Attachment.objects.get().label == "Summary in Thai"


@pytest.mark.parametrize("name", LONG_NAMES)
def test_a_name_over_255_bytes_is_stored_shortened_from_create_from_files(
    curator: Client, shared_dir: Path, django_capture_on_commit_callbacks: Any, name: str
) -> None:
    upload = SimpleUploadedFile(name, (shared_dir / ONE_PAGE).read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        response = curator.post(
            "/admin/catalog/resource/from-files/", {"documents": [upload]}, follow=True
        )
    assert response.status_code == 200
    attachment = Attachment.objects.get()
    assert len(attachment.filename.encode()) < 255 and attachment.filename.endswith(".pdf")
    assert attachment.label == name
    assert Resource.objects.count() == 1
    assert DocumentText.objects.get(attachment=attachment).page_count == 1
