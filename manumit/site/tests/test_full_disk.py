"""A full disk while storing an upload: the curator is told plainly, nothing is half-saved.

Each upload path (the admin's form, the API's upload, `manumit ingest`) meets a disk that
fills up part-way through the file, two ways: a real 1 MB tmpfs as the media folder
(where the machine lets us mount one: root) and, everywhere, a storage that fails as a
full disk does once its free bytes are spent. Either way: a clear message, no Resource or
Attachment row, no partial file, and the file stored before is untouched.
"""

from __future__ import annotations

import errno
import os
import random
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from manumit.api import tokens
from manumit.catalog.models import Attachment, Resource, Status
from manumit.catalog.tests.admin_forms import ADD_URL, resource_form
from manumit.catalog.tests.factories import ResourceFactory
from manumit.catalog.tests.files import media_files, tiny_pdf
from manumit.site.storage import WholeFileSystemStorage

pytestmark = pytest.mark.django_db

STORED_BEFORE = b"A report stored before the disk filled up.\n"
SIMULATED_FREE_BYTES = 256 * 1024


class NearlyFullStorage(WholeFileSystemStorage):
    """The project's storage on a disk with `free` bytes left: the write that passes them
    fails with ENOSPC after writing what fitted, as a real full disk does."""

    free = SIMULATED_FREE_BYTES

    def _save(self, name: str, content: Any) -> str:
        return super()._save(name, Metered(content, self))


class Metered:
    """The content, handed to the storage chunk by chunk until the free bytes run out."""

    def __init__(self, content: Any, storage: NearlyFullStorage) -> None:
        self.content, self.storage = content, storage

    def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]:
        for chunk in self.content.chunks(8192):
            if len(chunk) > self.storage.free:
                yield chunk[: self.storage.free]  # written: a disk fills to the last byte
                self.storage.free = 0
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            self.storage.free -= len(chunk)
            yield chunk


def mount_tmpfs(folder: Path) -> bool:
    if os.geteuid() != 0:
        return False
    folder.mkdir(parents=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(folder)],
        capture_output=True,
        timeout=30,
        check=False,
    )
    return done.returncode == 0


@pytest.fixture(params=["tmpfs", "simulated"])
def full_disk(request: pytest.FixtureRequest, settings: Any, tmp_path: Path) -> Iterator[Path]:
    """A media folder that the large PDF cannot fit in, holding one file stored before."""
    if request.param == "tmpfs":
        folder = tmp_path / "tmpfs-media"
        if not mount_tmpfs(folder):
            pytest.skip("mounting a tmpfs needs root; the simulated disk covers the same paths")
        settings.MEDIA_ROOT = folder
    else:
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {"BACKEND": f"{__name__}.NearlyFullStorage"},
        }
        NearlyFullStorage.free = SIMULATED_FREE_BYTES
    before = default_storage.save("attachments/stored-before.txt", ContentFile(STORED_BEFORE))
    try:
        yield Path(default_storage.path(before))
    finally:
        if request.param == "tmpfs":
            subprocess.run(["umount", str(settings.MEDIA_ROOT)], timeout=30, check=False)


@pytest.fixture(scope="module")
def large_pdf() -> bytes:
    """A real PDF of about 1.5 MB (an image of noise, which no compression shrinks)."""
    from fpdf import FPDF
    from PIL import Image

    noise = random.Random(13).randbytes(700 * 700 * 3)
    document = FPDF()
    document.add_page()
    document.image(Image.frombytes("RGB", (700, 700), noise), x=10, y=10, w=100)
    return bytes(document.output())


def assert_nothing_half_saved(stored_before: Path) -> None:
    assert not Resource.objects.exists()
    assert not Attachment.objects.exists()
    assert media_files() == [stored_before], "no partial file is left"
    assert stored_before.read_bytes() == STORED_BEFORE


def test_the_admin_form_says_the_disk_is_full_and_saves_nothing(
    full_disk: Path, large_pdf: bytes, client: Client, editor: User
) -> None:
    client.force_login(editor)
    upload = SimpleUploadedFile("large-report.pdf", large_pdf, content_type="application/pdf")
    data = resource_form(
        title="Too large for the disk",
        inlines={"attachments": [{"position": "0", "file": upload}]},
    )
    response = client.post(ADD_URL, data, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == ADD_URL, "back to the form, to try again"
    page = response.content.decode()
    assert "disk is full" in page and "Nothing was saved" in page
    assert_nothing_half_saved(full_disk)


def test_the_api_upload_answers_507_and_saves_nothing(
    full_disk: Path, large_pdf: bytes, editor: User
) -> None:
    resource = ResourceFactory.create(title="Awaiting its report", status=Status.DRAFT)
    token = tokens.issue(editor, "tests")[1]
    upload = SimpleUploadedFile("large-report.pdf", large_pdf, content_type="application/pdf")
    response = Client().post(
        f"/api/v1/resources/{resource.slug}/attachments",
        {"file": upload},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 507, response.content
    error = response.json()["error"]
    assert error["code"] == "insufficient_storage"
    assert "disk is full" in error["message"]
    assert not Attachment.objects.exists()
    assert Resource.objects.get() == resource  # the resource it was for is as it was
    leftovers = [path for path in media_files() if path != full_disk]
    assert leftovers == [], "no partial file is left"
    assert full_disk.read_bytes() == STORED_BEFORE


def test_ingest_stops_with_a_clear_message_keeping_what_it_stored_before(
    full_disk: Path, large_pdf: bytes, tmp_path: Path
) -> None:
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "a-small.pdf").write_bytes(tiny_pdf(pages=1))
    (folder / "b-large.pdf").write_bytes(large_pdf)
    with pytest.raises(CommandError) as stopped:
        call_command("ingest", str(folder), verbosity=0)
    message = str(stopped.value)
    assert (
        "b-large.pdf: not stored" in message
        and "disk holding the library's files is full" in message
    )
    assert "run again" in message
    kept = Attachment.objects.get()  # the small file, stored before the disk filled
    assert kept.filename == "a-small.pdf"
    assert Resource.objects.count() == 1
    assert [p.name for p in media_files() if p.name.startswith(".partial-")] == []
    assert not any("b-large" in path.name for path in media_files())
    assert full_disk.read_bytes() == STORED_BEFORE


def test_a_second_file_of_the_same_name_gets_a_name_of_its_own(settings: Any) -> None:
    first = default_storage.save("attachments/report.pdf", ContentFile(b"%PDF-1.4 first"))
    second = default_storage.save("attachments/report.pdf", ContentFile(b"%PDF-1.4 second"))
    assert first == "attachments/report.pdf" and second != first
    assert default_storage.open(first).read() == b"%PDF-1.4 first"
    assert default_storage.open(second).read() == b"%PDF-1.4 second"
    assert sorted(path.name for path in media_files()) == sorted(
        Path(name).name for name in (first, second)
    ), "only the two files, no partial one"
    assert oct(Path(default_storage.path(second)).stat().st_mode & 0o777) == oct(
        settings.FILE_UPLOAD_PERMISSIONS
    )
