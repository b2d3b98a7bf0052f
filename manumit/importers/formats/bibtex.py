"""BibTeX and biblatex, as Zotero, Mendeley, JabRef and EndNote export them.

The file is read as it streams, a batch of whole entries at a time (an entry starts with
`@` at the beginning of a line), so a very large file never sits in memory whole.
bibtexparser parses each batch with no middleware, and this module does the rest itself:
`@string` macros and `#` concatenation across the whole file (bibtexparser 2 resolves
neither across batches nor with `#`), then braces and LaTeX (`{\\'e}` is é).

Names follow BibTeX's own rules (`von Last, Jr, First` or `First von Last`), and a name
that is one braced group, `{World Health Organization}`, is an organisation kept whole,
as Zotero writes a single-field name.
"""

from __future__ import annotations

import html
import io
from collections.abc import Iterator

import bibtexparser
from bibtexparser.middlewares.names import parse_single_name_into_parts
from bibtexparser.model import Entry, ParsingFailedBlock

from manumit.importers.formats import bibliographic as bib
from manumit.importers.formats import latex
from manumit.importers.formats.dates import MONTHS, parse_date
from manumit.importers.records import Agent, AgentKind, BadFile, Problem, Record
from manumit.importers.registry import ImportFormat, Source

BATCH_CHARACTERS = 1_000_000
PUBLISHER_FIELDS = ("publisher", "institution", "organization", "school")
# biblatex's undated work (EDTF's unspecified year), as the library's own export writes it.
UNDATED = {"xxxx", "nd", "n.d."}


def read(source: Source) -> Iterator[Record | Problem]:
    strings: dict[str, str] = {}
    ids = bib.OwnIds()
    found = 0
    with source.open() as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        try:
            for first_line, batch in _batches(text):
                library = bibtexparser.parse_string(batch, parse_stack=[])
                for string in library.strings:
                    strings[string.key.lower()] = latex.resolve(string.value, strings)
                for block in library.failed_blocks:
                    yield _failure(block, first_line)
                for entry in library.entries:
                    found += 1
                    for item in _record(entry, strings, first_line + (entry.start_line or 0)):
                        yield ids.checked(item)
        except UnicodeDecodeError as error:
            raise BadFile(
                f"{source.name} is not UTF-8 text (byte {error.start} of a line cannot be "
                "read); save it from the reference manager as UTF-8 BibTeX."
            ) from error
    if not found:
        raise BadFile(f"{source.name} holds no BibTeX entry (@article{{...}}, @book{{...}}).")


def _batches(text: io.TextIOWrapper) -> Iterator[tuple[int, str]]:
    """(number of the batch's first line, counted from 1, and its text), in whole entries."""
    lines: list[str] = []
    size, first, number = 0, 1, 0
    for number, line in enumerate(text, start=1):
        if size >= BATCH_CHARACTERS and line.lstrip().startswith("@"):
            yield first, "".join(lines)
            lines, size, first = [], 0, number
        lines.append(line)
        size += len(line)
    if lines:
        yield first, "".join(lines)


def _failure(block: ParsingFailedBlock, first_line: int) -> Problem:
    line = first_line + (block.start_line or 0)
    reason = str(block.error).split(" due to ")[-1].split("\n")[0] or "not valid BibTeX"
    return Problem(f"line {line}", f"This entry cannot be read: {reason}.")


def _record(entry: Entry, strings: dict[str, str], line: int) -> Iterator[Record | Problem]:
    fields = {field.key.lower(): latex.resolve(field.value, strings) for field in entry.fields}
    location = f"line {line} ({entry.key})"
    title = latex.text(fields.get("title", ""))
    if not title:
        yield Problem(location, "This entry has no title.", title=entry.key)
        return
    record = Record(
        title=title,
        location=location,
        own_id=entry.key,
        types=bib.content_types(entry.entry_type),
        authors=[agent(name) for name in latex.split_names(fields.get("author", ""))],
        publishers=_publishers(fields),
        description=_paragraph(latex.text(fields.get("abstract", ""))),
        source_url=fields.get("url", "").strip(),
        doi=bib.clean_doi(fields.get("doi", "")),
        isbn=fields.get("isbn", "").strip(),
        language=bib.language_code(latex.text(fields.get("langid") or fields.get("language", ""))),
        terms=bib.keywords(bib.split_keywords(latex.text(fields.get("keywords", "")))),
    )
    _set_date(record, fields)
    yield record


def agent(raw: str) -> Agent:
    """One BibTeX name: an organisation when it is a single braced group, else a person,
    named as a byline shows them (`Remco E. Breuker`, `Imke van Gardingen`)."""
    raw = " ".join(raw.split())
    if latex.is_one_group(raw):
        return Agent(latex.text(raw[1:-1]), AgentKind.ORGANISATION)
    parts = parse_single_name_into_parts(raw, strict=False)
    words = [*parts.first, *parts.von, *parts.last, *parts.jr]
    return Agent(latex.text(" ".join(words)), AgentKind.PERSON)


def _publishers(fields: dict[str, str]) -> list[str]:
    names: list[str] = []
    for key in PUBLISHER_FIELDS:
        for name in latex.split_names(fields.get(key, "")):
            text = latex.text(name[1:-1] if latex.is_one_group(name) else name)
            if text and text not in names:
                names.append(text)
    return names


def _set_date(record: Record, fields: dict[str, str]) -> None:
    if "date" in fields:
        value = latex.text(fields["date"])
        if value.lower() in UNDATED:
            return
        parsed = parse_date(value.split("/")[0])
        if parsed:
            record.date, record.date_precision = parsed
            return
        record.warnings.append(f"Not a date: {value!r}; the record is undated.")
        return
    month = latex.text(fields.get("month", "")).rstrip(".").lower()
    month = str(MONTHS.get(month, month))
    year = latex.text(fields.get("year", ""))
    if year.lower() in UNDATED:
        return
    record.date, record.date_precision, problem = bib.date_from_parts(
        year, month, latex.text(fields.get("day", ""))
    )
    if problem:
        record.warnings.append(f"{problem}; the date keeps the parts before it.")


def _paragraph(text: str) -> str:
    """An abstract is plain text: escaped, so that `<` stays a character, and one paragraph."""
    return f"<p>{html.escape(text, quote=False)}</p>" if text else ""


FORMAT = ImportFormat(
    "bibtex",
    "BibTeX (Zotero, Mendeley, JabRef, EndNote)",
    read,
    suffixes=(".bib", ".bibtex"),
    help="BibTeX or biblatex entries; {Braced Names} are organisations.",
)
