"""RIS, as EndNote, Zotero, Mendeley and RefWorks export it.

The file streams one reference at a time (up to its `ER  -` line), each parsed by rispy.
An author written `Family, Given` is a person, shown `Given Family`; an author in one
field with no comma (`AU  - Walk Free`) is an organisation, as Zotero and EndNote write
one. `DA` gives the date at its precision (`2019/11//` is November 2019); `PY` the year.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from typing import Any

import rispy

from manumit.importers.formats import bibliographic as bib
from manumit.importers.records import Agent, AgentKind, BadFile, Problem, Record
from manumit.importers.registry import ImportFormat, Source

END = re.compile(r"^ER\s{2}-")
TAG = re.compile(r"^[A-Z][A-Z0-9]\s{2}-")
ISBN_LENGTHS = (10, 13)


def read(source: Source) -> Iterator[Record | Problem]:
    found = 0
    ids = bib.OwnIds()
    with source.open() as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline=None)
        try:
            for line, chunk, ended in _references(text):
                found += 1
                for item in _parsed(chunk, line):
                    if isinstance(item, Record) and not ended:
                        item.warnings.append("The file ends before this reference's ER line.")
                    yield ids.checked(item)
        except UnicodeDecodeError as error:
            raise BadFile(
                f"{source.name} is not UTF-8 text (byte {error.start} of a line cannot be "
                "read); export it from the reference manager as UTF-8 RIS."
            ) from error
    if not found:
        raise BadFile(f"{source.name} holds no RIS reference (a `TY  - ` line to `ER  - `).")


def _references(text: io.TextIOWrapper) -> Iterator[tuple[int, str, bool]]:
    """(line of the reference's first tag, its text, whether it has its end line) for each
    reference, as it streams."""
    lines: list[str] = []
    first = 0
    for number, line in enumerate(text, start=1):
        if not lines and not TAG.match(line):
            continue  # a `1.` counter or a blank line between references
        first = first or number
        lines.append(line)
        if END.match(line):
            yield first, "".join(lines), True
            lines, first = [], 0
    if lines:
        yield first, "".join(lines) + "ER  - \n", False


def _parsed(chunk: str, line: int) -> Iterator[Record | Problem]:
    try:
        references = rispy.loads(chunk, skip_unknown_tags=True)
    except Exception as error:  # rispy says what it could not read in its own words
        yield Problem(f"line {line}", f"This reference cannot be read: {error}")
        return
    for reference in references:
        yield from _record(reference, line)


def _record(reference: dict[str, Any], line: int) -> Iterator[Record | Problem]:
    own_id = str(reference.get("id", "")).strip()
    location = f"line {line}" + (f" ({own_id})" if own_id else "")
    title = _first(reference, "title", "primary_title", "short_title")
    if not title:
        yield Problem(location, "This reference has no title (TI or T1).")
        return
    record = Record(
        title=title,
        location=location,
        own_id=own_id,
        types=bib.content_types(str(reference.get("type_of_reference", ""))),
        authors=[agent(name) for name in _authors(reference)],
        publishers=[name.strip() for name in _first(reference, "publisher").split(";")],
        description=_paragraph(_first(reference, "abstract", "notes_abstract")),
        source_url=next(iter(_web_addresses(reference)), ""),
        doi=bib.clean_doi(_first(reference, "doi")),
        isbn=_isbn(_first(reference, "issn")),
        language=bib.language_code(_first(reference, "language")),
        terms=bib.keywords(reference.get("keywords", [])),
    )
    record.publishers = [name for name in record.publishers if name]
    _set_date(record, reference)
    yield record


def agent(name: str) -> Agent:
    name = " ".join(name.split())
    if "," not in name:
        return Agent(name, AgentKind.ORGANISATION)
    family, _, rest = (part.strip() for part in name.partition(","))
    given, _, suffix = (part.strip() for part in rest.partition(","))
    return Agent(" ".join(part for part in (given, family, suffix) if part), AgentKind.PERSON)


def _authors(reference: dict[str, Any]) -> list[str]:
    names = [*reference.get("authors", []), *reference.get("first_authors", [])]
    return [name for name in dict.fromkeys(names) if name.strip()]


def _first(reference: dict[str, Any], *keys: str) -> str:
    for key in keys:
        value = reference.get(key)
        if isinstance(value, list):
            value = next(iter(value), "")
        if value and str(value).strip():
            return " ".join(str(value).split())
    return ""


def _web_addresses(reference: dict[str, Any]) -> list[str]:
    urls = reference.get("urls", [])
    return [url.strip() for url in urls if url.strip().lower().startswith(("http://", "https://"))]


def _isbn(value: str) -> str:
    """SN holds an ISBN or an ISSN; only an ISBN (10 or 13 digits) is the resource's."""
    digits = re.sub(r"[^0-9Xx]", "", value)
    return value if len(digits) in ISBN_LENGTHS else ""


def _set_date(record: Record, reference: dict[str, Any]) -> None:
    for key in ("date", "year", "publication_year"):
        value = _first(reference, key)
        if not value:
            continue
        parts = [part.strip() for part in value.split("/")]
        if not parts[0]:
            continue
        record.date, record.date_precision, problem = bib.date_from_parts(*[*parts, "", ""][:3])
        if problem:
            record.warnings.append(f"{problem} in {value!r}; the date keeps the parts before it.")
        return


def _paragraph(text: str) -> str:
    return f"<p>{html.escape(text, quote=False)}</p>" if text else ""


FORMAT = ImportFormat(
    "ris",
    "RIS (EndNote, Zotero, Mendeley, RefWorks)",
    read,
    suffixes=(".ris",),
    help="RIS references; an author with no comma is an organisation.",
)
