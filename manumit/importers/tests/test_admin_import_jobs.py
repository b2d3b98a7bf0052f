"""The admin import's list of every job, and its "Download the files" option: files fetched
through the file gate, from public addresses only unless the library allows its intranet."""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from manumit.catalog.models import Resource
from manumit.importers.fetching import NotPublic, check_public
from manumit.importers.models import ImportJob, JobState
from manumit.importers.tests.conftest import Post, client_of
from manumit.ingest.models import DocumentText

pytestmark = pytest.mark.django_db

NEW = "/admin/import/"
JOBS = "/admin/import/jobs/"


@pytest.fixture(autouse=True)
def _data_in_tmp(tmp_path: Path, settings: Any) -> None:
    settings.DATA_DIR = tmp_path / "data"


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """No request lines in the test output."""


@pytest.fixture
def intranet(tmp_path: Path, shared_dir: Path) -> Iterator[str]:
    """A web server on loopback holding one real PDF, as a library's old intranet would."""
    folder = tmp_path / "site"
    folder.mkdir()
    pdf = shared_dir / "data" / "antislavery" / "libertas_HTI" / "Human_Trafficking.pdf"
    (folder / "report.pdf").write_bytes(pdf.read_bytes())
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def sheet_with_file(url: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("sheet.csv", f"title,files\nHuman trafficking,{url}\n".encode())


def import_through_the_admin(client: Client, post: Post, data: dict[str, Any]) -> ImportJob:
    post(client, NEW, {"status": "draft", **data})
    job = ImportJob.objects.latest("pk")
    assert job.state == JobState.CHECKED, job.message
    post(client, reverse("importers:confirm", args=[job.pk]))
    job.refresh_from_db()
    return job


def test_the_files_are_downloaded_checked_and_ingested_when_the_intranet_is_allowed(
    publisher: User, post: Post, intranet: str, settings: Any, shared_dir: Path
) -> None:
    settings.IMPORT_FETCH_PRIVATE = True
    client = client_of(publisher)
    data = {"file": sheet_with_file(f"{intranet}/report.pdf"), "fetch_files": "on"}
    job = import_through_the_admin(client, post, data)
    assert job.state == JobState.DONE and job.fetch_files
    attachment = Resource.objects.get(title="Human trafficking").attachments.get()
    pdf = shared_dir / "data" / "antislavery" / "libertas_HTI" / "Human_Trafficking.pdf"
    assert attachment.file and attachment.media_type == "application/pdf"
    assert attachment.sha256 == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert attachment.page_count == 11
    assert DocumentText.objects.filter(attachment=attachment).exists(), "its text was read"
    page = client.get(f"/admin/import/{job.pk}/").content.decode()
    assert "<dt>Files</dt><dd>downloaded, checked and read</dd>" in page


def test_by_default_a_private_address_is_not_fetched_and_the_file_is_linked(
    publisher: User, post: Post, intranet: str
) -> None:
    client = client_of(publisher)
    url = f"{intranet}/report.pdf"
    job = import_through_the_admin(
        client, post, {"file": sheet_with_file(url), "fetch_files": "on"}
    )
    assert job.state == JobState.DONE
    attachment = Resource.objects.get(title="Human trafficking").attachments.get()
    assert not attachment.file and attachment.url == url
    report = client.get(reverse("importers:report", args=[job.pk]))
    text = b"".join(report.streaming_content).decode()  # type: ignore[attr-defined]
    assert f"Could not fetch {url}: 127.0.0.1 is a private or local address" in text


def test_without_the_option_the_records_link_to_their_files(
    publisher: User, post: Post, intranet: str, settings: Any
) -> None:
    settings.IMPORT_FETCH_PRIVATE = True
    url = f"{intranet}/report.pdf"
    job = import_through_the_admin(client_of(publisher), post, {"file": sheet_with_file(url)})
    assert not job.fetch_files
    attachment = Resource.objects.get(title="Human trafficking").attachments.get()
    assert not attachment.file and attachment.url == url


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/report.pdf",
        "http://localhost:8000/report.pdf",
        "http://10.1.2.3/report.pdf",
        "http://192.168.0.10/report.pdf",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/report.pdf",
    ],
)
def test_local_private_and_link_local_addresses_are_not_public(url: str) -> None:
    with pytest.raises(NotPublic):
        check_public(url)


def test_a_public_address_passes_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    # No network here: the name server's answer for a public host is given.
    import socket

    def resolve(host: str, *args: Any, **kwargs: Any) -> list[Any]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", 0))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    check_public("https://library.example.org/report.pdf")


def make_jobs(user: User, count: int, **fields: Any) -> list[ImportJob]:
    return [
        ImportJob.objects.create(
            created_by=user, format="csv", file_name=f"sheet-{n}.csv", size=10, **fields
        )
        for n in range(count)
    ]


def test_every_import_is_listed_newest_first_a_page_at_a_time(publisher: User) -> None:
    made = make_jobs(publisher, 55, state=JobState.DONE, dry_run=False, counts={"create": 3})
    client = client_of(publisher)
    first = client.get(JOBS).content.decode()
    assert "<h1>All imports</h1>" in first
    assert first.index("sheet-54.csv") < first.index("sheet-53.csv")
    assert "sheet-4.csv" not in first and "Page 1 of 2" in first
    assert "<td>3 create</td>" in first
    second = client.get(JOBS, {"page": 2}).content.decode()
    assert "sheet-4.csv" in second and "sheet-54.csv" not in second
    assert f'href="/admin/import/{made[0].pk}/"' in second
    new_page = client.get(NEW).content.decode()
    assert '<a href="/admin/import/jobs/">All 55 imports</a>' in new_page


def test_the_list_keeps_one_state(publisher: User) -> None:
    make_jobs(publisher, 2, state=JobState.DONE)
    failed = make_jobs(publisher, 1, state=JobState.FAILED)[0]
    page = client_of(publisher).get(JOBS, {"state": "failed"}).content.decode()
    assert re.findall(r'href="/admin/import/(\d+)/"', page) == [str(failed.pk)]
    assert '<option value="failed" selected>' in page
    junk = client_of(publisher).get(JOBS, {"state": "<script>", "page": "x"})
    assert junk.status_code == 200 and "<script>" not in junk.content.decode()


def test_the_list_is_for_curators_only(client: Client) -> None:
    response = client.get(JOBS)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
