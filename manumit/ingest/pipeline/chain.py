"""The steps in order, and the two ways into them: a file on disk, or an attached file
(and, for an attached file, a way to read only its text)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.db import transaction

from manumit.catalog.models import Attachment, Status
from manumit.ingest.pipeline.document import Document
from manumit.ingest.pipeline.extraction import extract
from manumit.ingest.pipeline.preflight import preflight
from manumit.ingest.pipeline.saving import save, store_text
from manumit.ingest.pipeline.similar import near_duplicates
from manumit.ingest.pipeline.suggesting import suggest

Step = Callable[[Document], None]

STEPS: tuple[Step, ...] = (preflight, extract, suggest, near_duplicates, save)
# Everything that only reads: what would happen, with nothing written.
DRY_RUN_STEPS: tuple[Step, ...] = (preflight, extract, suggest, near_duplicates)


def run(document: Document, steps: Sequence[Step] = STEPS) -> Document:
    """Each step in turn; a step's StopPipeline ends the chain and reaches the caller."""
    for step in steps:
        step(document)
    return document


def ingest_path(
    path: Path,
    *,
    status: str = Status.DRAFT,
    type_slugs: tuple[str, ...] = (),
    created_by: Any = None,
    name: str = "",
    dry_run: bool = False,
) -> Document:
    """A file from disk becomes a draft resource (unless `dry_run`)."""
    document = Document(
        path=Path(path),
        name=name or Path(path).name,
        status=status,
        type_slugs=type_slugs,
        created_by=created_by,
    )
    return run(document, DRY_RUN_STEPS if dry_run else STEPS)


def ingest_attachment(attachment: Attachment, *, password: str = "") -> Document:
    """An attached file's text, thumbnail and suggestions, (re)made from the stored file."""
    with stored_file_on_disk(attachment) as path:
        return run(attached_document(attachment, path, password=password))


def read_attachment_text(attachment: Attachment, *, media_type: str = "") -> Document:
    """Only an attached file's text and thumbnail, (re)made from the stored file: no checks,
    suggestions or near-duplicate warnings, for a resource already described in full (the
    demo's). The file is taken to be of `media_type`, else of the type stored with it."""
    with stored_file_on_disk(attachment) as path:
        document = attached_document(attachment, path)
        document.media_type = media_type or attachment.media_type
        extract(document)
    with transaction.atomic():
        store_text(document)
    return document


def attached_document(attachment: Attachment, path: Path, *, password: str = "") -> Document:
    """The document for an attached file, read from `path`."""
    return Document(
        path=path,
        name=attachment.filename,
        resource=attachment.resource,
        attachment=attachment,
        password=password,
    )


@contextmanager
def stored_file_on_disk(attachment: Attachment) -> Iterator[Path]:
    """The stored file's path; a storage without local paths lends a temporary copy."""
    try:
        local: str | None = attachment.file.path
    except NotImplementedError:
        local = None
    if local is not None:
        yield Path(local)
        return
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / (attachment.filename or "file")
        with attachment.file.open("rb") as source, copy.open("wb") as target:
            shutil.copyfileobj(source, target)
        yield copy
