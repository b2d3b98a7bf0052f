"""Load library.jsonl through the importer, the way a library moving in is loaded.

library.jsonl is in the project's own export format (`manumit export`, docs/import.md):
a header line, the vocabulary lines (content types, organisations, people), then one line
per resource naming its terms and agents by slug. `manumit import manumit` reads the same
file. Two fields only the demo reads ride along on a resource line (readers ignore fields
they do not know): `pdf_title`, a Latin-script title for the generated catalogue-record
PDF, and `document`, a real document shipped in documents/ to attach to the record.

Every load imports with `update=True`, so editing a line and loading again changes that
resource, and loading twice changes nothing.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps as django_apps
from django.db import transaction

from manumit.catalog import seeding
from manumit.catalog.models import Region, Resource, Topic
from manumit.demo.attachments import sync_attachments
from manumit.importers.formats import manumit_jsonl
from manumit.importers.models import ImportedIdentifier

DEMO_FILE = Path(__file__).resolve().with_name("library.jsonl")

Line = dict[str, Any]


class DemoDataError(ValueError):
    """library.jsonl does not import cleanly: the message lists what the importer said."""


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int

    @property
    def total(self) -> int:
        return self.created + self.updated


def read_lines(path: Path = DEMO_FILE) -> list[Line]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def read_library(path: Path = DEMO_FILE) -> list[Line]:
    """The resource lines of the demo file."""
    return [line for line in read_lines(path) if line.get("kind") == "resource"]


@transaction.atomic
def load_demo(path: Path = DEMO_FILE) -> LoadResult:
    """Create or update every demo resource; running it again changes nothing."""
    records = read_library(path)
    created = _import(path, records)
    return LoadResult(created=created, updated=len(records) - created)


def load_record(record: Line, path: Path = DEMO_FILE) -> tuple[Resource, bool]:
    """Import one resource line (with the demo file's vocabulary): what a curator's edit
    of one line does on the next load."""
    vocabulary = [line for line in read_lines(path) if line.get("kind") != "resource"]
    with tempfile.TemporaryDirectory(prefix="manumit-demo-") as folder:
        single = Path(folder) / "record.jsonl"
        single.write_text("".join(json.dumps(line) + "\n" for line in [*vocabulary, record]))
        with transaction.atomic():
            created = _import(single, [record], documents=path.parent)
    return Resource.objects.get(slug=record["slug"]), bool(created)


def _import(path: Path, records: list[Line], documents: Path | None = None) -> int:
    ensure_vocabularies()
    _claim_loaded_by_slug(records)
    report = manumit_jsonl.import_library(path, update=True)
    if not report.imported:
        problems = [
            f"{row.location}: {row.message}" for row in report.rows if row.action == "error"
        ]
        raise DemoDataError("; ".join([report.message, *problems]))
    folder = documents or path.parent
    for record in records:
        resource = Resource.objects.get(slug=record["slug"])
        links = [item["url"] for item in record.get("attachments", []) if item.get("url")]
        document = record.get("document")
        sync_attachments(
            resource,
            links,
            record.get("pdf_title", ""),
            document=(folder / document["path"], document.get("label", "")) if document else None,
        )
    return int(report.counts["create"])


def _claim_loaded_by_slug(records: list[Line]) -> None:
    """A demo loaded before the demo went through the importer has no import identifiers:
    its resources are claimed by slug, so loading again updates them instead of adding
    copies."""
    slugs = {record["slug"] for record in records}
    claimed = set(
        ImportedIdentifier.objects.filter(
            scheme=manumit_jsonl.FORMAT_NAME, identifier__in=slugs
        ).values_list("identifier", flat=True)
    )
    for resource in Resource.objects.filter(slug__in=slugs - claimed):
        ImportedIdentifier.objects.create(
            resource=resource, scheme=manumit_jsonl.FORMAT_NAME, identifier=resource.slug
        )


def ensure_vocabularies() -> None:
    """Seed types, topics, sectors and regions if they are missing.

    The seed migration normally provides them, but `manumit flush` (and every transactional
    test) empties those tables too, and the demo cannot be loaded without them.
    """
    if Region.objects.filter(level=Region.Level.GLOBAL).exists() and Topic.objects.exists():
        return
    seeding.load_taxonomies(django_apps)
    seeding.load_geography(django_apps)
