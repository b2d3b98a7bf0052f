"""Step 1: is this a file the library takes? Size, kind (from the content), sha256, and
whether the very same file is already in the library."""

from __future__ import annotations

import hashlib
from typing import BinaryIO

from django.conf import settings

from manumit.catalog.admin import filetypes
from manumit.catalog.formatting import human_size
from manumit.catalog.models import Attachment
from manumit.ingest.models import Outcome
from manumit.ingest.pipeline.document import Document, StopPipeline

CHUNK = 1024 * 1024


def preflight(document: Document) -> None:
    """Fill size, media type and sha256; StopPipeline for a file the library must not take."""
    document.size = document.path.stat().st_size
    check_size(document.size)
    with document.path.open("rb") as file:
        document.media_type = media_type_of(file, document.name)
        document.sha256 = sha256_of(file)
    existing = find_exact_duplicate(document.sha256, exclude=document.attachment)
    if existing is not None:
        raise StopPipeline(
            Outcome.DUPLICATE,
            f"The same file is already in the library, in “{existing.resource.title}”.",
            existing=existing.resource,
        )


def check_size(size: int) -> None:
    limit = settings.MAX_UPLOAD_BYTES
    if size > limit:
        raise StopPipeline(
            Outcome.REJECTED,
            f"The file is {human_size(size)}, larger than the {human_size(limit)} allowed.",
        )


def media_type_of(file: BinaryIO, name: str) -> str:
    """The media type the content shows; StopPipeline for a kind the library refuses."""
    head = file.read(filetypes.HEAD_BYTES)
    file.seek(0)
    try:
        kind = filetypes.detect(head, file, name=name)
    except filetypes.DamagedFile as damaged:
        raise StopPipeline(Outcome.UNREADABLE, f"{damaged} It may be damaged.") from damaged
    if name.lower().endswith(".pdf") and kind != filetypes.PDF:
        raise StopPipeline(Outcome.UNREADABLE, "It is named .pdf but its content is not a PDF.")
    if kind is None or not kind.accepted:
        found = (
            f"It looks like {kind.description}"
            if kind
            else "Manumit could not tell what kind of file this is"
        )
        raise StopPipeline(
            Outcome.REJECTED,
            f"{found}, which the library does not take. Give it {filetypes.ACCEPTED_SUMMARY}.",
        )
    return kind.media_type


def sha256_of(file: BinaryIO) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    while chunk := file.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def find_exact_duplicate(sha256: str, exclude: Attachment | None = None) -> Attachment | None:
    """The first attachment holding a file with this sha256, other than `exclude`."""
    if not sha256:
        return None
    others = Attachment.objects.filter(sha256=sha256).select_related("resource")
    if exclude is not None and exclude.pk is not None:
        others = others.exclude(pk=exclude.pk)
    return others.order_by("pk").first()
