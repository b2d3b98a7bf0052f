"""Step 1: is this a file the library takes? The gate (manumit.files) finds its kind, size
and sha256 in one read; this step adds whether the very same file is in the library already.

An attached file passed the gate when it was uploaded, and its facts were stored with it:
they are taken from the attachment, not found again, unless they are missing (a file
attached before facts were kept) or the stored file's size no longer matches them.
"""

from __future__ import annotations

from django.conf import settings

from manumit import files
from manumit.catalog.models import Attachment
from manumit.ingest.models import Outcome
from manumit.ingest.pipeline.document import Document, StopPipeline

# How each refusal ends a file's way in.
OUTCOMES: dict[type[files.Refusal], str] = {
    files.TooLarge: Outcome.REJECTED,
    files.NotAccepted: Outcome.REJECTED,
    files.Unreadable: Outcome.UNREADABLE,
}


def preflight(document: Document) -> None:
    """Fill size, media type and sha256; StopPipeline for a file the library must not take."""
    facts = document.facts or stored_facts(document) or examine(document)
    document.facts = facts
    document.size, document.media_type, document.sha256 = (
        facts.size,
        facts.media_type,
        facts.sha256,
    )
    existing = Attachment.objects.exact_duplicate(facts.sha256, exclude=document.attachment)
    if existing is not None:
        raise StopPipeline(
            Outcome.DUPLICATE,
            f"The same file is already in the library, in “{existing.resource.title}”.",
            existing=existing.resource,
        )


def examine(document: Document) -> files.FileFacts:
    try:
        return files.examine_path(
            document.path, name=document.name, max_bytes=settings.MAX_UPLOAD_BYTES
        )
    except files.Refusal as refusal:
        raise StopPipeline(OUTCOMES[type(refusal)], refusal.message) from refusal


def stored_facts(document: Document) -> files.FileFacts | None:
    """The facts an attached file was stored with, if they are whole and still hold."""
    attachment = document.attachment
    if attachment is None or not (attachment.sha256 and attachment.media_type):
        return None
    kind = next((k for k in files.ACCEPTED if k.media_type == attachment.media_type), None)
    if kind is None or attachment.size != document.path.stat().st_size:
        return None
    if attachment.size > settings.MAX_UPLOAD_BYTES:
        refusal = files.TooLarge(attachment.size, settings.MAX_UPLOAD_BYTES)
        raise StopPipeline(Outcome.REJECTED, refusal.message)
    name = document.name
    return files.FileFacts(
        name, files.safe_filename(name), kind, attachment.size, attachment.sha256
    )
