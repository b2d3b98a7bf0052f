"""Read the demo's own PDFs as ingestion would, so search finds words inside them on a
first run. Only the text is stored: a published demo resource gets no suggestions."""

from __future__ import annotations

from django.db import transaction

from manumit.catalog.models import Attachment


def read_demo_documents() -> int:
    """Extract the text of every demo file not read yet (or changed since); returns how many."""
    from manumit.ingest.pipeline import Document, extract, stored_file_on_disk
    from manumit.ingest.pipeline.saving import store_text
    from manumit.search import changed

    read = 0
    for attachment in _unread_files():
        with stored_file_on_disk(attachment) as path:
            document = Document(
                path=path,
                name=attachment.filename,
                resource=attachment.resource,
                attachment=attachment,
                media_type=attachment.media_type or "application/pdf",
            )
            extract(document)
        with transaction.atomic():
            store_text(document)
            changed(attachment.resource_id)
        read += 1
    return read


def _unread_files() -> list[Attachment]:
    files = Attachment.objects.exclude(file="").select_related("resource", "document_text")
    return [attachment for attachment in files if not _read_since_stored(attachment)]


def _read_since_stored(attachment: Attachment) -> bool:
    """Whether the stored text is newer than the file (the demo rewrites a changed PDF)."""
    if not hasattr(attachment, "document_text"):
        return False
    stored_at = attachment.file.storage.get_modified_time(attachment.file.name or "")
    return attachment.document_text.extracted_at >= stored_at
