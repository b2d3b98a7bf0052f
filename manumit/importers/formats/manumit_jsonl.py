"""`manumit import manumit FILE`: the project's own export (see exporters/library.py), read
back, for moving a library between instances.

The vocabulary lines come first: content types, topics and sectors the library lacks are
created (with their slugs and order), and so are the organisations and people the
resources name, under their own slugs, so links to them keep working. Each resource keeps
its slug (it is the first of the slugs the record was known by, which the writer takes
when it is free), its status, its WordPress id and old slugs; `own_id` is the slug, so a
second import finds what the first one made. A stored file comes along when the export
holds it (`--with-files`: the zip is read as it is, see importers/bundles.py, or its
unzipped folder); otherwise the record says which file it lacks. The writer calls
`FORMAT.extra["prepare"]` inside its transaction, before it loads the vocabularies.

`import_library(path)` is the whole round in one call (a zip too): what `manumit demo`
uses.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db.models import Max

from manumit.catalog.models import Country, Organisation, Person, ResourceType, Sector, Topic
from manumit.importers import bundles
from manumit.importers.formats.dates import parse_date
from manumit.importers.records import Agent, AgentKind, BadFile, FileRef, Problem, Record, Severity
from manumit.importers.registry import ImportFormat, Source
from manumit.importers.writer import FileReport, ImportOptions, import_file

FORMAT_NAME = "manumit"
VERSION = 1  # the newest version this reader knows (exporters.library.VERSION)
TERMS = {"type": ResourceType, "topic": Topic, "sector": Sector}
IGNORED_KINDS = {"region", "region_parent", "country"}  # the seed's, the same everywhere


class Known:
    """Names of the agents the vocabulary lines declared, by slug."""

    def __init__(self) -> None:
        self.people: dict[str, str] = {}
        self.organisations: dict[str, str] = {}


def read(source: Source) -> Iterator[Record | Problem]:
    if bundles.is_bundle(source.path):
        yield from _read_bundle(source)
        return
    with source.open() as raw:
        yield from _read_library(raw, source.name)


def _read_library(raw: IO[bytes], name: str) -> Iterator[Record | Problem]:
    text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
    try:
        lines = enumerate(text, start=1)
        _check_header(next(lines, (1, ""))[1], name)
        known = Known()
        for number, line in lines:
            if line.strip():
                yield from _line(line, number, known)
    except UnicodeDecodeError as error:
        raise BadFile(f"{name} is not UTF-8 (byte {error.start}).") from error


def _read_bundle(source: Source) -> Iterator[Record | Problem]:
    """A zip from `export --with-files`: each record's files are taken out of it (hash
    checked) just before the record is written, and removed once it has been."""
    limit = settings.MAX_UPLOAD_BYTES
    with bundles.opened(source.path, source.name, limit) as bundle, bundle.library() as raw:
        for item in _read_library(raw, source.name):
            if isinstance(item, Record) and item.files:
                item.files = [out for ref in item.files if (out := _taken(bundle, ref, item))]
            yield item
            bundle.let_go()


def _taken(bundle: bundles.Bundle, ref: FileRef, record: Record) -> FileRef | None:
    if not ref.path:
        return ref
    path = bundle.take(ref.path)
    if path is None:
        record.warnings.append(f"The file {ref.path} is not in the bundle; it was left out.")
        return None
    return FileRef(path=str(path), label=ref.label)


def _check_header(line: str, name: str) -> None:
    try:
        header = json.loads(line) if line.strip() else None
    except ValueError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT_NAME:
        raise BadFile(
            f"{name} is not a Manumit export: its first line is not "
            '{"kind": "header", "format": "manumit", ...}.'
        )
    version = header.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise BadFile(
            f"{name} is a Manumit export of version {version}; this Manumit reads "
            f"version {VERSION} and older. Upgrade Manumit to import it."
        )


def _line(line: str, number: int, known: Known) -> Iterator[Record | Problem]:
    where = f"line {number}"
    try:
        data = json.loads(line)
    except ValueError as error:
        yield Problem(where, f"This line is not JSON: {error}.")
        return
    kind = data.get("kind") if isinstance(data, dict) else None
    if kind == "resource":
        yield from _resource(data, where, known)
    elif kind in TERMS:
        _term(kind, data)
    elif kind == "organisation" and data.get("name"):
        known.organisations[str(data.get("slug", ""))] = _organisation(data).name
    elif kind == "person" and data.get("name"):
        known.people[str(data.get("slug", ""))] = _person(data).name
    elif kind not in IGNORED_KINDS:
        yield Problem(
            where, f"A line of kind {kind!r} is not known; it was left out.", Severity.WARNING
        )


def _term(kind: str, data: dict[str, Any]) -> None:
    """A content type, topic or sector the library lacks, added with its slug; an existing
    one (by slug or name) is left as the curators have it."""
    model: Any = TERMS[kind]
    name, slug = str(data.get("name", "")).strip(), str(data.get("slug", "")).strip()
    if not name or not slug or model.objects.filter(slug=slug).exists():
        return
    if model.objects.filter(name=name).exists():
        return
    extra: dict[str, Any] = {"description": str(data.get("description", ""))}
    if model is ResourceType:
        last = ResourceType.objects.aggregate(last=Max("position"))["last"] or 0
        extra["position"] = max(int(data.get("position") or 0), last + 1)
    model.objects.create(name=name, slug=slug, **extra)


def _organisation(data: dict[str, Any]) -> Organisation:
    name = str(data["name"]).strip()[:255]
    found = Organisation.objects.filter(name__iexact=name).first()
    if found is not None:
        return found
    slug = str(data.get("slug", ""))
    if not slug or Organisation.objects.filter(slug=slug).exists():
        return Organisation(name=name)  # the writer makes it, with a slug of its own
    country = Country.objects.filter(iso2=str(data.get("country", ""))).first()
    return Organisation.objects.create(
        name=name,
        slug=slug,
        acronym=str(data.get("acronym", ""))[:40],
        website=_web(data.get("website")),
        country=country,
        description=str(data.get("description", "")),
    )


def _person(data: dict[str, Any]) -> Person:
    name = str(data["name"]).strip()[:255]
    found = Person.objects.filter(name=name).first()
    if found is not None:
        return found
    slug = str(data.get("slug", ""))
    if not slug or Person.objects.filter(slug=slug).exists():
        return Person(name=name)
    affiliation = Organisation.objects.filter(slug=str(data.get("affiliation", ""))).first()
    return Person.objects.create(
        name=name, slug=slug, orcid=str(data.get("orcid", ""))[:19], affiliation=affiliation
    )


def _web(value: object) -> str:
    text = str(value or "")
    return text if text.startswith(("http://", "https://")) else ""


def _resource(data: dict[str, Any], where: str, known: Known) -> Iterator[Record | Problem]:
    slug = str(data.get("slug", ""))
    where += f" ({slug})" if slug else ""
    title = str(data.get("title", "")).strip()
    if not title:
        yield Problem(where, "This resource has no title.")
        return
    record = Record(
        title=title,
        location=where,
        own_id=slug,
        id_scheme=FORMAT_NAME,
        types=_strings(data, "types"),
        regions=_strings(data, "regions"),
        countries=_strings(data, "countries"),
        topics=_strings(data, "topics"),
        sectors=_strings(data, "sectors"),
        publishers=[known.organisations.get(s, s) for s in _strings(data, "publishers")],
        language=str(data.get("language", "")),
        description=str(data.get("description", "")),
        source_url=str(data.get("source_url", "")),
        doi=str(data.get("doi", "")),
        isbn=str(data.get("isbn", "")),
        legacy_id=data.get("wp_post_id") if isinstance(data.get("wp_post_id"), int) else None,
        legacy_slugs=[s for s in [slug, *_strings(data, "legacy_slugs")] if s],
        status=str(data.get("status", "")),
    )
    record.authors = [
        agent for credit in data.get("authors", []) if (agent := _agent(credit, known))
    ]
    _set_date(record, str(data.get("date", "")))
    record.files = [ref for item in data.get("attachments", []) if (ref := _file(item, record))]
    yield record


def _strings(data: dict[str, Any], key: str) -> list[str]:
    values = data.get(key, [])
    return [str(value) for value in values] if isinstance(values, list) else []


def _agent(credit: object, known: Known) -> Agent | None:
    if not isinstance(credit, dict):
        return None
    if "person" in credit:
        slug = str(credit["person"])
        return Agent(known.people.get(slug, slug), AgentKind.PERSON)
    if "organisation" in credit:
        slug = str(credit["organisation"])
        return Agent(known.organisations.get(slug, slug), AgentKind.ORGANISATION)
    return None


def _set_date(record: Record, text: str) -> None:
    if not text:
        return
    parsed = parse_date(text)
    if parsed is None:
        record.warnings.append(f"Not a date: {text!r}; the record is undated.")
        return
    record.date, record.date_precision = parsed


def _file(item: object, record: Record) -> FileRef | None:
    if not isinstance(item, dict):
        return None
    label = str(item.get("label", ""))
    if item.get("url"):
        return FileRef(url=str(item["url"]), label=label)
    stored = item.get("file") if isinstance(item.get("file"), dict) else None
    if stored is None:
        return None
    path = str(stored.get("path", ""))
    if not path:
        record.warnings.append(
            f"The file {stored.get('name', '')} is not in this export (export with "
            "--with-files to bring the files)."
        )
        return None
    return FileRef(path=path, label=label)


def import_library(path: Path, **options: Any) -> FileReport:
    """Import a Manumit export (a .jsonl, or a zip made with --with-files): the writer's
    FileReport. Options are the writer's `ImportOptions` fields (`update=True`...)."""
    return import_file(FORMAT, Source(path), ImportOptions(**options))


def _prepare(source: Source) -> None:
    """Create the vocabulary the file declares before the writer loads the vocabularies."""
    if bundles.is_bundle(source.path):
        limit = settings.MAX_UPLOAD_BYTES
        with bundles.opened(source.path, source.name, limit) as bundle, bundle.library() as raw:
            _prepare_lines(io.TextIOWrapper(raw, encoding="utf-8-sig"))
        return
    with source.path.open(encoding="utf-8-sig") as lines:
        _prepare_lines(lines)


def _prepare_lines(lines: Iterable[str]) -> None:
    try:
        for line in lines:
            try:
                data = json.loads(line) if line.strip() else {}
            except ValueError:
                return  # the reader reports the line
            kind = data.get("kind") if isinstance(data, dict) else None
            if kind == "resource":
                return
            if kind in TERMS:
                _term(kind, data)
    except UnicodeDecodeError:
        return  # the reader says the file is not UTF-8


FORMAT = ImportFormat(
    FORMAT_NAME,
    "Manumit export (JSON Lines)",
    read,
    suffixes=(".jsonl",),
    help="A file written by `manumit export`: another Manumit library, whole.",
    # For a writer that prepares a file before it loads the vocabularies (see _prepare).
    extra={"prepare": _prepare},
)
