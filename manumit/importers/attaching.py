"""A record's files: links to where they were, or (with --fetch-files, or a path beside
the import file) the files themselves, through the one file gate, then queued for
ingestion as an upload in the admin is."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import transaction

from manumit import files
from manumit.catalog.models import Attachment, Resource
from manumit.importers import fetching, pending
from manumit.importers.apply import web_address
from manumit.importers.records import FileRef
from manumit.ingest.tasks import queue_ingest


@dataclass
class Attacher:
    fetch: bool
    folder: Path
    dry_run: bool
    public_only: bool = False  # fetch only from public addresses (an admin import)
    max_bytes: int = field(default_factory=lambda: settings.MAX_UPLOAD_BYTES)
    stored: list[str] = field(default_factory=list)  # names written, removed on rollback
    journal: pending.Journal | None = None  # the same names, for a rerun after a kill

    def __post_init__(self) -> None:
        if not self.dry_run:
            pending.sweep(_storage())  # what an import killed before its commit left

    def attach(self, resource: Resource, ref: FileRef, warnings: list[str]) -> bool:
        """Attach one file or link unless the resource has it; True when one was added."""
        if ref.path:
            return self._attach_path(resource, self.folder / ref.path, ref, warnings)
        url = web_address(ref.url, "file address", warnings)
        if not url:
            return False
        if self.fetch and not self.dry_run:
            return self._fetch(resource, url, ref, warnings)
        if resource.attachments.filter(url=url).exists():
            return False
        Attachment.objects.create(
            resource=resource, url=url, label=ref.label[:255], position=_next(resource)
        )
        return True

    def _fetch(self, resource: Resource, url: str, ref: FileRef, warnings: list[str]) -> bool:
        with tempfile.TemporaryDirectory(prefix="manumit-fetch-") as folder:
            name = Path(url.split("?")[0].rstrip("/")).name or "download"
            target = Path(folder) / files.safe_filename(name)
            try:
                fetching.download(url, target, self.max_bytes, public_only=self.public_only)
            except (OSError, ValueError) as error:
                warnings.append(f"Could not fetch {url}: {error}; linked instead.")
                if not resource.attachments.filter(url=url).exists():
                    Attachment.objects.create(resource=resource, url=url, label=ref.label[:255])
                return True
            return self._attach_path(resource, target, ref, warnings, note_url=url)

    def _attach_path(
        self, resource: Resource, path: Path, ref: FileRef, warnings: list[str], note_url: str = ""
    ) -> bool:
        shown = note_url or ref.path
        if not path.is_file():
            warnings.append(f"The file {shown} was not found; it was left out.")
            return False
        try:
            facts = files.examine_path(path, max_bytes=self.max_bytes, name=path.name)
        except files.Refusal as refusal:
            warnings.append(f"The file {shown} was refused: {refusal.message}")
            return False
        twin = Attachment.objects.exact_duplicate(facts.sha256)
        if twin is not None:
            if twin.resource_id != resource.pk:
                warnings.append(
                    f"The file {shown} is already in the library, attached to "
                    f"'{twin.resource.title}' (#{twin.resource_id}); not attached again."
                )
            return False
        if self.dry_run:
            return True
        attachment = Attachment(resource=resource, label=ref.label[:255], position=_next(resource))
        attachment.apply_facts(facts)
        journal = self._journal()
        upload = attachment.file
        name = upload.storage.get_available_name(
            upload.field.generate_filename(attachment, facts.stored_name),
            max_length=upload.field.max_length,
        )
        journal.note(name)  # before the storage holds it: a kill after this is swept
        with path.open("rb") as content:
            attachment.file.save(facts.stored_name, File(content), save=False)
        self.stored.append(attachment.file.name or "")
        if attachment.file.name != name:
            journal.note(attachment.file.name or "")
        attachment.save()
        queue_ingest(attachment)
        return True

    def discard(self) -> None:
        """The transaction was rolled back: remove the files it had stored."""
        storage = _storage()
        for name in self.stored:
            storage.delete(name)
        self.stored.clear()
        self._finished()

    def _journal(self) -> pending.Journal:
        if self.journal is None:
            self.journal = pending.Journal()
            transaction.on_commit(self._finished)
        return self.journal

    def _finished(self) -> None:
        if self.journal is not None:
            self.journal.close()
            self.journal = None


def _storage() -> Any:
    return Attachment._meta.get_field("file").storage  # type: ignore[union-attr]


def _next(resource: Resource) -> int:
    return resource.attachments.count()
