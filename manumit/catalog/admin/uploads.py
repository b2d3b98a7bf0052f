"""What an uploaded file really is: its kind, from its content.

No document is opened here (only a ZIP's list of parts is read, to tell Word from EPUB).
A PDF is recognised by its signature and opened only by ingestion, in an isolated child
process under time and memory limits (manumit.ingest), which then records its page count:
a hostile PDF never reaches PDFium in the web process.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import BinaryIO, cast

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


def inspect_upload(upload: UploadedFile) -> UploadFacts:
    """Media type from the content; refuses what is not allowed.

    RefusedUpload for a kind not in filetypes.ACCEPTED; UnreadableUpload for a damaged ZIP
    container or a file named .pdf that is no PDF.
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
    return UploadFacts(kind.media_type)
