"""The DOWNLOAD lines of a demo resource: links to the originals, a real document where the
demo ships one (documents/), and a catalogue-record PDF."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.utils.text import slugify

from manumit import files
from manumit.catalog.models import Attachment, Resource
from manumit.catalog.models.attachments import attachment_path
from manumit.demo.pdfs import count_pages, render_catalogue_record

CATALOGUE_SUFFIX = "-catalogue-record.pdf"
NOTE = "Manumit catalogue record, not the original publication"
FILENAME_STEM_LIMIT = 80


def sync_attachments(
    resource: Resource,
    links: list[str],
    latin_title: str = "",
    document: tuple[Path, str] | None = None,
) -> None:
    """Links first, in the data's order, then the real document (a path and its label),
    then the generated PDF; stale demo attachments go."""
    _sync_links(resource, links)
    if document is not None:
        _sync_document(resource, *document, position=len(links))
    position = len(links) + (document is not None)
    _sync_catalogue_record(resource, position=position, latin_title=latin_title)


def _sync_document(resource: Resource, path: Path, label: str, *, position: int) -> None:
    """The shipped document, through the file gate as any upload; stored once (by sha256)."""
    facts = files.examine_path(path, max_bytes=settings.MAX_UPLOAD_BYTES)
    attachment = resource.attachments.filter(sha256=facts.sha256).first()
    if attachment is None:
        attachment = Attachment(resource=resource)
        attachment.apply_facts(facts)
        with path.open("rb") as content:
            attachment.file.save(facts.stored_name, File(content), save=False)
        attachment.page_count = count_pages(path.read_bytes())
    attachment.position, attachment.label = position, label
    attachment.save()


def _sync_links(resource: Resource, links: list[str]) -> None:
    resource.attachments.filter(file="").exclude(url__in=links).delete()
    for position, url in enumerate(links):
        Attachment.objects.update_or_create(
            resource=resource, file="", url=url, defaults={"position": position}
        )


def _sync_catalogue_record(resource: Resource, *, position: int, latin_title: str) -> None:
    content = render_catalogue_record(resource, latin_title)
    name = catalogue_filename(resource, latin_title)
    current = _catalogue_records(resource)
    # Rewrite the existing record in place: deleting it would, once the transaction commits,
    # also delete the file at its path (see catalog/signals.py), which the new PDF reuses.
    attachment = current[0] if current else Attachment(resource=resource)
    for extra in current[1:]:
        extra.delete()
    if not _holds(attachment, name=name, digest=hashlib.sha256(content).hexdigest()):
        _store_pdf(attachment, name, content)
    attachment.position = position
    # No label: the download line cites the resource itself, as the original library did;
    # the note says plainly that this PDF is our record, not the publisher's document.
    attachment.label = ""
    attachment.note = NOTE
    attachment.save()


def _holds(attachment: Attachment, *, name: str, digest: str) -> bool:
    """Whether the stored attachment already is this PDF, under this name, on disk."""
    stored = attachment.file.name or ""
    return (
        attachment.sha256 == digest
        and attachment.filename == name
        and attachment.file.storage.exists(stored)
    )


def catalogue_filename(resource: Resource, latin_title: str = "") -> str:
    """`<ascii slug>-catalogue-record.pdf`, so the name downloads cleanly everywhere."""
    stem = slugify(latin_title or resource.title)
    if len(stem) > FILENAME_STEM_LIMIT:
        stem = stem[: FILENAME_STEM_LIMIT + 1].rsplit("-", 1)[0]
    return (stem or f"resource-{resource.pk}") + CATALOGUE_SUFFIX


def _catalogue_records(resource: Resource) -> list[Attachment]:
    stored = resource.attachments.exclude(file="")
    return [attachment for attachment in stored if attachment.filename.endswith(CATALOGUE_SUFFIX)]


def _store_pdf(attachment: Attachment, name: str, content: bytes) -> None:
    # The path belongs to this resource's catalogue record; an older copy there (from an
    # earlier version, or an earlier database) must not push the new one to a random name.
    storage = attachment.file.storage
    path = attachment_path(attachment, name)
    if storage.exists(path):
        storage.delete(path)
    attachment.file.save(name, ContentFile(content), save=False)
    attachment.media_type = "application/pdf"
    attachment.measure()
    attachment.page_count = count_pages(content)
