"""CSL-JSON (Citation Style Language data), as Zotero, Mendeley and citeproc tools write it.

The file is an array of items and is read with ijson one item at a time, so its size does
not matter; a single item on its own is accepted too. A name is a person
(`{"family", "given", ...}`, shown `Given Family`) or, written `{"literal": ...}`, an
organisation kept whole. `issued` gives the date at the precision of its `date-parts`.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from typing import IO, Any

import ijson

from manumit.importers.formats import bibliographic as bib
from manumit.importers.formats.dates import parse_date
from manumit.importers.records import Agent, AgentKind, BadFile, Problem, Record
from manumit.importers.registry import ImportFormat, Source

BOM = b"\xef\xbb\xbf"
# A single item (not in an array) is read whole; an item is never this large.
SINGLE_ITEM_LIMIT = 10 * 1024 * 1024
NAME_PARTS = ("given", "dropping-particle", "non-dropping-particle", "family", "suffix")


class _Rest:
    """The file after its first bytes (looked at to tell an array from an item)."""

    def __init__(self, head: bytes, file: IO[bytes]) -> None:
        self.head, self.file = head, file

    def read(self, size: int = -1) -> bytes:
        if size == 0:  # ijson asks for nothing first, to learn whether the file is binary
            return b""
        head, self.head = self.head, b""
        if size < 0:
            return head + self.file.read()
        return head + self.file.read(max(size - len(head), 0)) if head else self.file.read(size)


def read(source: Source) -> Iterator[Record | Problem]:
    with source.open() as raw:
        head = raw.read(64).removeprefix(BOM)
        first = head.lstrip()[:1]
        if first not in (b"[", b"{"):
            what = "empty" if not head.strip() else "not JSON"
            raise BadFile(f"{source.name} is {what}: CSL-JSON is an array of items, [{{...}}].")
        rest = _Rest(head, raw)
        items = _array(rest, source.name) if first == b"[" else _single(rest, source.name)
        ids = bib.OwnIds()
        for number, item in enumerate(items, start=1):
            for found in _record(item, number):
                yield ids.checked(found)


def _array(file: _Rest, name: str) -> Iterator[Any]:
    try:
        yield from ijson.items(file, "item", use_float=True)
    except ijson.JSONError as error:
        raise BadFile(f"{name} is not valid JSON (or not UTF-8): {error}") from error


def _single(file: _Rest, name: str) -> Iterator[Any]:
    text = file.read(SINGLE_ITEM_LIMIT + 1)
    if len(text) > SINGLE_ITEM_LIMIT:
        raise BadFile(f"{name} is one JSON object over 10 MB: CSL-JSON is an array of items.")
    try:
        yield json.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise BadFile(f"{name} is not valid JSON (or not UTF-8): {error}") from error


def _record(item: Any, number: int) -> Iterator[Record | Problem]:
    location = f"item {number}"
    if not isinstance(item, dict):
        yield Problem(location, "This item is not a JSON object.")
        return
    own_id = str(item.get("id", "")).strip()
    location += f" ({own_id})" if own_id else ""
    title = _text(item.get("title"))
    if not title:
        yield Problem(location, "This item has no title.")
        return
    record = Record(
        title=title,
        location=location,
        own_id=own_id,
        types=bib.content_types(_text(item.get("type")), csl=True),
        authors=[agent for name in _list(item.get("author")) if (agent := _agent(name))],
        publishers=[part.strip() for part in _text(item.get("publisher")).split(";")],
        description=_paragraph(_text(item.get("abstract"))),
        source_url=_text(item.get("URL")),
        doi=bib.clean_doi(_text(item.get("DOI"))),
        isbn=_text(item.get("ISBN")),
        language=bib.language_code(_text(item.get("language"))),
        terms=bib.keywords(bib.split_keywords(_text(item.get("keyword")))),
    )
    record.publishers = [name for name in record.publishers if name]
    _set_date(record, item.get("issued"))
    yield record


def _agent(name: Any) -> Agent | None:
    if not isinstance(name, dict):
        return None
    if literal := _text(name.get("literal")):
        return Agent(literal, AgentKind.ORGANISATION)
    whole = " ".join(_text(name.get(part)) for part in NAME_PARTS if _text(name.get(part)))
    return Agent(whole, AgentKind.PERSON) if whole else None


def _set_date(record: Record, issued: Any) -> None:
    if not isinstance(issued, dict):
        return
    parts = _list(issued.get("date-parts"))
    first = _list(parts[0]) if parts else []
    if first:
        numbers = [str(int(part)) if isinstance(part, float) else part for part in first]
        record.date, record.date_precision, problem = bib.date_from_parts(*numbers[:3])
        if problem:
            record.warnings.append(f"{problem}; the date keeps the parts before it.")
        return
    written = _text(issued.get("raw") or issued.get("literal"))
    if written:
        parsed = parse_date(written)
        if parsed:
            record.date, record.date_precision = parsed
        else:
            record.warnings.append(f"Not a date: {written!r}; the record is undated.")


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str | int):
        return " ".join(str(value).split())
    return ""


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _paragraph(text: str) -> str:
    return f"<p>{html.escape(text, quote=False)}</p>" if text else ""


FORMAT = ImportFormat(
    "csl-json",
    "CSL-JSON (Zotero, Mendeley, citeproc)",
    read,
    suffixes=(".json", ".csl.json"),
    help='An array of CSL items; {"literal": ...} names are organisations.',
)
