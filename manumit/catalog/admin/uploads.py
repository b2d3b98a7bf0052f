"""What an uploaded file really is: its media type from its first bytes, a PDF's page count."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import PurePosixPath

import pypdfium2 as pdfium
from django.core.files.uploadedfile import UploadedFile

PDF = "application/pdf"
OCTET_STREAM = "application/octet-stream"
SNIFF_BYTES = 16

# Leading bytes that name a format outright.
SIGNATURES: list[tuple[bytes, str]] = [
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
]
# Containers whose contents decide the real type (a .docx is a zip): trust the name inside them.
CONTAINERS: list[tuple[bytes, str]] = [
    (b"PK\x03\x04", "application/zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),
]


class UnreadableUpload(ValueError):
    """The upload claims to be something (a PDF) that its content is not."""


@dataclass(frozen=True)
class UploadFacts:
    media_type: str
    page_count: int | None


def sniff_media_type(head: bytes, filename: str) -> str:
    """The media type from the file's first bytes, falling back on its name."""
    guessed = mimetypes.guess_type(filename)[0]
    for signature, media_type in SIGNATURES:
        if head.startswith(signature):
            return media_type
    if head[8:12] == b"WEBP" and head.startswith(b"RIFF"):
        return "image/webp"
    for signature, media_type in CONTAINERS:
        if head.startswith(signature):
            return guessed or media_type
    if guessed == PDF:
        return OCTET_STREAM  # named .pdf but not one: never label it a PDF
    return guessed or OCTET_STREAM


def count_pdf_pages(upload: UploadedFile) -> int:
    """The page count of an uploaded PDF; UnreadableUpload if PDFium cannot open it."""
    source: str | bytes
    if hasattr(upload, "temporary_file_path"):
        source = upload.temporary_file_path()
    else:
        upload.seek(0)
        source = upload.read()
    try:
        document = pdfium.PdfDocument(source)
    except pdfium.PdfiumError as error:
        raise UnreadableUpload(f"PDFium could not open it ({error}).") from error
    try:
        return len(document)
    finally:
        document.close()
        upload.seek(0)


def inspect_upload(upload: UploadedFile) -> UploadFacts:
    """Media type and, for a PDF, page count. A file named .pdf must be a readable PDF."""
    filename = PurePosixPath(upload.name or "").name
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    media_type = sniff_media_type(head, filename)
    named_pdf = filename.lower().endswith(".pdf")
    if named_pdf and media_type != PDF:
        raise UnreadableUpload("It is named .pdf but its content is not a PDF.")
    if media_type != PDF:
        return UploadFacts(media_type, None)
    return UploadFacts(media_type, count_pdf_pages(upload))
