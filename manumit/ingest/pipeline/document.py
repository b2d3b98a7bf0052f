"""What travels between the pipeline's steps, and how a step stops the chain."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from manumit.catalog.models import Attachment, Resource, Status
from manumit.files import FileFacts
from manumit.ingest.fingerprint import Fingerprint

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from manumit.ingest.duplicates import NearDuplicate
    from manumit.ingest.extract import Extracted
    from manumit.ingest.models import Suggestion
    from manumit.ingest.suggest import Proposal


class StopPipeline(Exception):
    """A step found that the file cannot go further: `outcome` says how it ended (an
    `Outcome` value), `message` says why in a curator's words, and `existing` is the
    resource that already holds the same file, for a duplicate."""

    def __init__(self, outcome: str, message: str, existing: Resource | None = None) -> None:
        super().__init__(message)
        self.outcome = outcome
        self.message = message
        self.existing = existing


@dataclass
class Document:
    """One file on its way into the library.

    A file from disk (`manumit ingest`, "Create from files") starts with only `path` and
    `name`; the save step makes its draft resource and attachment. A file already attached
    (an admin upload) starts with `resource` and `attachment` set.
    """

    path: Path
    name: str
    resource: Resource | None = None
    attachment: Attachment | None = None
    password: str = ""
    # For a new resource: its status, content types (slugs) and the curator who gave it.
    status: str = Status.DRAFT
    type_slugs: tuple[str, ...] = ()
    created_by: User | None = None
    # Learned by the steps (`facts` by the gate, manumit.files; the three after it copy it)
    facts: FileFacts | None = None
    media_type: str = ""
    size: int = 0
    sha256: str = ""
    outcome: str = ""
    message: str = ""
    extracted: Extracted | None = None
    proposals: list[Proposal] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    near_duplicates: list[NearDuplicate] = field(default_factory=list)
    created: bool = False  # the save step made the resource for this file

    @property
    def pages(self) -> list[str]:
        return list(self.extracted.pages) if self.extracted else []

    @property
    def page_count(self) -> int | None:
        return self.extracted.page_count if self.extracted else None

    @property
    def char_count(self) -> int:
        return sum(len(page) for page in self.pages)

    @property
    def metadata(self) -> dict[str, Any]:
        return dict(self.extracted.metadata) if self.extracted else {}

    @property
    def language(self) -> str:
        return (self.extracted.language or "") if self.extracted else ""

    @property
    def text(self) -> str:
        return "\n\n".join(self.pages)

    @cached_property
    def fingerprint(self) -> Fingerprint:
        """Made once the text is extracted; the near-duplicate check and the save share it."""
        return Fingerprint.of(self.text)

    @property
    def warnings(self) -> list[str]:
        """The near-duplicate warnings, as lines a curator reads."""
        return [
            f"Similar to “{near.resource.title}” (resource {near.resource.pk}): {near.reason}"
            for near in self.near_duplicates
        ]
