"""The one shape every import format produces, whatever it reads.

A format's reader turns its file into `Record`s (one per resource it describes) and
`Problem`s (what it could not read, with where); the writer (`manumit.importers.writer`)
alone turns records into resources. A record holds names as the source wrote them: the
writer and the mapping find the catalogue's terms, people and organisations for them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from enum import StrEnum


class AgentKind(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"


@dataclass(frozen=True)
class Agent:
    """An author as the source names it: "Jane Smith", or an organisation kept whole."""

    name: str
    kind: AgentKind = AgentKind.PERSON


@dataclass(frozen=True)
class SourceTerm:
    """A term the source files a record under without saying which vocabulary it is:
    a WordPress category or tag, a keyword. The mapping decides where it goes."""

    taxonomy: str  # "category", "post_tag", "keyword", ...
    name: str
    slug: str = ""


@dataclass(frozen=True)
class FileRef:
    """A file the record brings: a web address (`url`) or a path beside the import file."""

    url: str = ""
    path: str = ""
    label: str = ""


@dataclass
class Record:
    """One resource as a source describes it.

    `location` says where it is in its file ("line 12", "item 3 (post 42)") for the report.
    `own_id` is the format's own identifier ("42" for a WordPress post, a BibTeX key) within
    `id_scheme` (by default the format's name; WordPress adds the site's address), so that
    a second import finds the first one's resource. The vocabulary lists (`types` …
    `sectors`) hold names, slugs or (countries) ISO codes of that vocabulary; `terms` holds
    the terms whose vocabulary the mapping decides. `status` is the source's, already
    mapped to a catalogue status ("" when the source has none). `description` may be HTML:
    the catalogue sanitises it when the resource is saved.
    """

    title: str
    location: str = ""
    own_id: str = ""
    id_scheme: str = ""
    types: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    terms: list[SourceTerm] = field(default_factory=list)
    date: datetime.date | None = None
    date_precision: str = "day"  # catalog.DatePrecision: "day", "month" or "year"
    authors: list[Agent] = field(default_factory=list)
    publishers: list[str] = field(default_factory=list)
    language: str = ""
    description: str = ""
    source_url: str = ""
    doi: str = ""
    isbn: str = ""
    legacy_id: int | None = None  # a WordPress post id: /?p=ID redirects to the resource
    legacy_slugs: list[str] = field(default_factory=list)
    status: str = ""
    files: list[FileRef] = field(default_factory=list)
    creator: str = ""  # who entered it in the old system (WordPress's dc:creator)
    warnings: list[str] = field(default_factory=list)


class Severity(StrEnum):
    ERROR = "error"  # the record (or file) cannot be imported as it is
    WARNING = "warning"  # imported, but a curator should look
    SKIPPED = "skipped"  # deliberately not imported (a page, a post in the trash)
    NOTE = "note"  # what the file holds (counts of posts, attachments, terms)


@dataclass(frozen=True)
class Problem:
    """Something a reader could not use, and where: the report lists every one."""

    location: str
    message: str
    severity: Severity = Severity.ERROR
    title: str = ""


class BadFile(Exception):
    """The whole file cannot be read (not this format, malformed, unsafe, empty): `message`
    says so to a curator, and nothing from the file is imported."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
