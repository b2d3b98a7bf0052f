"""What an uploaded file really is (its kind, from its content) and a PDF's page count."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import BinaryIO, cast

import pypdfium2 as pdfium
from django.core.files.uploadedfile import UploadedFile

from manumit.catalog.admin import filetypes
from manumit.catalog.admin.filetypes import FileKind


class UnreadableUpload(ValueError):
    """The upload claims to be something (a PDF) that its content is not, or is damaged."""


class RefusedUpload(ValueError):
    """The upload is of a kind Manumit does not attach (HTML, SVG, a program, unknown)."""

    def __init__(self, kind: FileKind | None) -> None:
        self.kind = kind
        if kind is None:
            found = "Manumit could not tell what kind of file this is"
        else:
            found = f"This file looks like {kind.description}"
        super().__init__(
            f"{found}, which Manumit does not accept as an attachment. "
            f"Upload {filetypes.ACCEPTED_SUMMARY}."
        )


@dataclass(frozen=True)
class UploadFacts:
    media_type: str
    page_count: int | None


def count_pdf_pages(upload: UploadedFile) -> int | None:
    """The page count of an uploaded PDF; None for one locked by a password (kept: a curator
    gives the password later, see manumit.ingest); UnreadableUpload if PDFium cannot open it."""
    source: str | bytes
    if hasattr(upload, "temporary_file_path"):
        source = upload.temporary_file_path()
    else:
        upload.seek(0)
        source = upload.read()
    try:
        document = pdfium.PdfDocument(source)
    except pdfium.PdfiumError as error:
        upload.seek(0)
        if getattr(error, "err_code", None) == pdfium.raw.FPDF_ERR_PASSWORD:
            return None
        raise UnreadableUpload(f"PDFium could not open it ({error}).") from error
    try:
        return len(document)
    finally:
        document.close()
        upload.seek(0)


def inspect_upload(upload: UploadedFile) -> UploadFacts:
    """Media type from the content, and a PDF's page count; refuses what is not allowed.

    RefusedUpload for a kind not in filetypes.ACCEPTED; UnreadableUpload for a damaged file
    or one named .pdf that is no PDF.
    """
    filename = PurePosixPath(upload.name or "").name
    upload.seek(0)
    head = upload.read(filetypes.HEAD_BYTES)
    upload.seek(0)
    try:
        kind = filetypes.detect(head, cast(BinaryIO, upload), name=filename)
    except filetypes.DamagedFile as damaged:
        raise UnreadableUpload(str(damaged)) from damaged
    if kind is None or not kind.accepted:
        raise RefusedUpload(kind)
    if filename.lower().endswith(".pdf") and kind != filetypes.PDF:
        raise UnreadableUpload("It is named .pdf but its content is not a PDF.")
    if kind != filetypes.PDF:
        return UploadFacts(kind.media_type, None)
    return UploadFacts(kind.media_type, count_pdf_pages(upload))
