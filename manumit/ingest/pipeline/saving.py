"""Step 4: store what was learned, all at once or not at all.

A file from disk gets its draft resource and attachment here, in the same transaction as
its text and suggestions, so a failure leaves no half-made record. An attached file keeps
its attachment whatever happens: only its text and suggestions are (re)written.
"""

from __future__ import annotations

from typing import Any

import pycountry
from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from manumit.catalog.models import Attachment, Resource, ResourceType, Status
from manumit.catalog.sanitize import without_nul
from manumit.ingest.models import DocumentText, NearDuplicateWarning, Page
from manumit.ingest.pipeline.document import Document
from manumit.ingest.pipeline.suggesting import file_name_title, title_for


def save(document: Document) -> None:
    stored = ""
    try:
        with transaction.atomic():
            if document.attachment is None:
                stored = create_resource(document)
            store_text(document)
            store_suggestions(document)
    except BaseException:
        if stored:  # the database forgot the attachment; forget its file too
            default_storage.delete(stored)
        raise


def create_resource(document: Document) -> str:
    """A draft resource holding the file; returns the stored file's name."""
    resource = Resource(
        title=title_for(document),
        status=document.status,
        language=detected_language(document.language) or "en",
        created_by=document.created_by,
    )
    resource.save()
    resource.types.set(ResourceType.objects.filter(slug__in=document.type_slugs))
    attachment = Attachment(
        resource=resource,
        media_type=document.media_type,
        size=document.size,
        sha256=document.sha256,
        page_count=document.page_count,
    )
    if document.facts is not None:  # found once, by preflight: the file is not read again
        attachment.apply_facts(document.facts)
    with document.path.open("rb") as source:
        attachment.file.save(document.name, File(source), save=False)
    try:
        attachment.save()
    except BaseException:
        if attachment.file.name:
            default_storage.delete(attachment.file.name)
        raise
    document.resource, document.attachment, document.created = resource, attachment, True
    return attachment.file.name or ""


def detected_language(code: str) -> str:
    """A detected language as the two-letter code a resource takes, or ''."""
    code = (code or "").lower()
    return code if len(code) == 2 and pycountry.languages.get(alpha_2=code) else ""


def store_text(document: Document) -> None:
    attachment = document.attachment
    assert attachment is not None
    text, _ = DocumentText.objects.update_or_create(
        attachment=attachment,
        defaults={
            "outcome": document.outcome,
            "message": without_nul(document.message),
            "page_count": document.page_count,
            "char_count": document.char_count,
            "language": detected_language(document.language),
            "metadata": clean_metadata(document.metadata),
            "passage_count": document.fingerprint.passages,
            "fingerprint": document.fingerprint.to_bytes(),
        },
    )
    store_warnings(text, document)
    text.pages.all().delete()
    Page.objects.bulk_create(
        [
            Page(document=text, number=number, text=without_nul(page))
            for number, page in enumerate(document.pages, start=1)
        ],
        batch_size=500,
    )
    replace_thumbnail(text, document.extracted.thumbnail_png if document.extracted else None)
    if document.page_count is not None and attachment.page_count != document.page_count:
        attachment.page_count = document.page_count
        attachment.save(update_fields=["page_count"])


def store_warnings(text: DocumentText, document: Document) -> None:
    """The near-duplicates found this time replace those found at an earlier extraction."""
    text.near_duplicates.all().delete()
    NearDuplicateWarning.objects.bulk_create(
        NearDuplicateWarning(document=text, resource=near.resource, reason=near.reason[:500])
        for near in document.near_duplicates
        if document.resource is None or near.resource.pk != document.resource.pk
    )


def replace_thumbnail(text: DocumentText, png: bytes | None) -> None:
    old = text.thumbnail.name or ""
    if png:
        text.thumbnail.save(f"attachment-{text.attachment_id}.png", ContentFile(png), save=True)
    elif old:
        text.thumbnail = ""  # type: ignore[assignment]
        text.save(update_fields=["thumbnail"])
    if old and old != text.thumbnail.name:
        transaction.on_commit(lambda: default_storage.delete(old))


def store_suggestions(document: Document) -> None:
    from manumit.ingest.suggest import accept, auto_apply, store_proposals

    resource = document.resource
    assert resource is not None
    document.suggestions = store_proposals(resource, document.proposals)
    # A title made from the file name gives way to the suggested one; a title a curator
    # wrote stays, and the suggestion waits for them.
    stand_in = file_name_title(document.name)
    for suggestion in document.suggestions:
        if suggestion.field == "title" and resource.title in (suggestion.value, stand_in):
            accept(suggestion)
    if settings.AUTO_APPLY_SUGGESTIONS and resource.status == Status.DRAFT:
        auto_apply(resource)
    resource.refresh_from_db()  # accepting wrote to the resource's row


def clean_metadata(metadata: dict[str, Any]) -> dict[str, str]:
    return {without_nul(str(key)): without_nul(str(value)) for key, value in metadata.items()}
