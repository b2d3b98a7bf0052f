"""Read the demo's own PDFs as ingestion would, so search finds words inside them on a
first run. Only the text is stored: a published demo resource gets no suggestions."""

from __future__ import annotations

from manumit.catalog.models import Attachment
from manumit.ingest.pipeline import read_attachment_text


def read_demo_documents() -> int:
    """Extract the text of every demo file not read yet (or changed since); returns how many."""
    unread = _unread_files()
    for attachment in unread:
        read_attachment_text(attachment, media_type=attachment.media_type or "application/pdf")
    return len(unread)


def _unread_files() -> list[Attachment]:
    files = Attachment.objects.exclude(file="").select_related("resource", "document_text")
    return [attachment for attachment in files if not _read_since_stored(attachment)]


def _read_since_stored(attachment: Attachment) -> bool:
    """Whether the stored text is newer than the file (the demo rewrites a changed PDF)."""
    if not hasattr(attachment, "document_text"):
        return False
    stored_at = attachment.file.storage.get_modified_time(attachment.file.name or "")
    return attachment.document_text.extracted_at >= stored_at
