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
import re
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
# What LaTeX reads as more than letters and braces: a command, math, a special character, a
# ligature of dashes or quotes. A value without any (most are) needs no LaTeX reader.
_ENTRY_START = re.compile(r"\s*@\w+\s*[{(]")  # `@article{`, `@string(`
_LATEX = re.compile(r"[\\$~%&#^_]|--|``|''|[!?]`")


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
                    strings[string.key.lower()] = _resolve(string.value, strings)
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
    """(number of the batch's first line, counted from 1, and its text), in whole entries:
    a batch ends only before a line that starts an entry (`@type{`) outside every brace, so
    an abstract line that begins with `@` stays inside its entry. One batch is in memory."""
    lines: list[str] = []
    size, first, depth = 0, 1, 0
    for number, line in enumerate(text, start=1):
        # An unclosed brace must not hold the rest of the file in one batch: past four
        # batches' worth, a line that starts an entry ends it (the broken one is reported).
        whole = depth <= 0 or size >= 4 * BATCH_CHARACTERS
        if size >= BATCH_CHARACTERS and whole and _ENTRY_START.match(line):
            yield first, "".join(lines)
            lines, size, first, depth = [], 0, number, 0
        lines.append(line)
        size += len(line)
        depth += line.count("{") - line.count("}")
    if lines:
        yield first, "".join(lines)


def _resolve(value: str, strings: dict[str, str]) -> str:
    """latex.resolve, without its character-by-character cut at `#` when there is none."""
    if "#" in value:
        return latex.resolve(value, strings)
    piece = value.strip()
    if len(piece) >= 2 and (piece[0], piece[-1]) in (("{", "}"), ('"', '"')):
        return piece[1:-1]
    return strings.get(piece.lower(), piece)


def _text(value: str) -> str:
    """latex.text, without its LaTeX reader (slow: it builds a parser each call) for the
    values that hold only letters and braces, where it would only drop the braces."""
    if _LATEX.search(value):
        return latex.text(value)
    return " ".join(value.replace("{", "").replace("}", "").split())


def _failure(block: ParsingFailedBlock, first_line: int) -> Problem:
    line = first_line + (block.start_line or 0)
    reason = str(block.error).split(" due to ")[-1].split("\n")[0] or "not valid BibTeX"
    return Problem(f"line {line}", f"This entry cannot be read: {reason}.")


def _record(entry: Entry, strings: dict[str, str], line: int) -> Iterator[Record | Problem]:
    fields = {field.key.lower(): _resolve(field.value, strings) for field in entry.fields}
    location = f"line {line} ({entry.key})"
    title = _text(fields.get("title", ""))
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
        description=_paragraph(_text(fields.get("abstract", ""))),
        source_url=fields.get("url", "").strip(),
        doi=bib.clean_doi(fields.get("doi", "")),
        isbn=fields.get("isbn", "").strip(),
        language=bib.language_code(_text(fields.get("langid") or fields.get("language", ""))),
        terms=bib.keywords(bib.split_keywords(_text(fields.get("keywords", "")))),
    )
    _set_date(record, fields)
    yield record


def agent(raw: str) -> Agent:
    """One BibTeX name: an organisation when it is a single braced group, else a person,
    named as a byline shows them (`Remco E. Breuker`, `Imke van Gardingen`)."""
    raw = " ".join(raw.split())
    if latex.is_one_group(raw):
        return Agent(_text(raw[1:-1]), AgentKind.ORGANISATION)
    parts = parse_single_name_into_parts(raw, strict=False)
    words = [*parts.first, *parts.von, *parts.last, *parts.jr]
    return Agent(_text(" ".join(words)), AgentKind.PERSON)


def _publishers(fields: dict[str, str]) -> list[str]:
    names: list[str] = []
    for key in PUBLISHER_FIELDS:
        for name in latex.split_names(fields.get(key, "")):
            text = _text(name[1:-1] if latex.is_one_group(name) else name)
            if text and text not in names:
                names.append(text)
    return names


def _set_date(record: Record, fields: dict[str, str]) -> None:
    if "date" in fields:
        value = _text(fields["date"])
        if value.lower() in UNDATED:
            return
        parsed = parse_date(value.split("/")[0])
        if parsed:
            record.date, record.date_precision = parsed
            return
        record.warnings.append(f"Not a date: {value!r}; the record is undated.")
        return
    month = _text(fields.get("month", "")).rstrip(".").lower()
    month = str(MONTHS.get(month, month))
    year = _text(fields.get("year", ""))
    if year.lower() in UNDATED:
        return
    record.date, record.date_precision, problem = bib.date_from_parts(
        year, month, _text(fields.get("day", ""))
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
