"""`csv`: a spreadsheet, one resource a row, under the columns in `COLUMNS`.

UTF-8 (with or without the BOM that Excel writes), comma-separated, a header row first.
Lists (types, authors, countries, files…) are `;`-separated in one cell. An author in
braces, `{International Labour Organization}`, is an organisation kept whole; any other
is a person. Dates are `2019`, `2019-11`, `2019-11-05` or `November 2019`. Files are web
addresses, or paths relative to the CSV file's folder. The optional `id` column is the
sheet's own identifier: importing the sheet again finds the same resources by it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from manumit.importers.formats.dates import parse_date
from manumit.importers.records import (
    Agent,
    AgentKind,
    BadFile,
    FileRef,
    Problem,
    Record,
    Severity,
)
from manumit.importers.registry import ImportFormat, Source

# Column -> what it holds (docs/import.md shows the same table).
COLUMNS = {
    "id": "your own identifier of the row (optional; makes re-imports find it)",
    "title": "the title (required)",
    "types": "content types, by name or slug",
    "date": "publication date: 2019, 2019-11, 2019-11-05 or November 2019",
    "authors": "people as written; {Organisation Name} in braces for an organisation",
    "publishers": "publishing organisations",
    "regions": "regions, by name or slug",
    "countries": "countries: ISO code (TH) or name (Thailand)",
    "topics": "topics, by name or slug",
    "sectors": "sectors, by name or slug",
    "language": "two-letter ISO 639-1 code, e.g. en",
    "description": "the description (simple HTML is kept, the rest removed)",
    "source_url": "the page the resource comes from",
    "doi": "DOI",
    "isbn": "ISBN",
    "files": "web addresses or paths (beside the CSV file) of its files",
}
LISTS = ("types", "authors", "publishers", "regions", "countries", "topics", "sectors", "files")
SEPARATOR = ";"
# csv's default cap is 128 KiB a cell; a long description can pass it.
csv.field_size_limit(16 * 1024 * 1024)


def read(source: Source) -> Iterator[Record | Problem]:
    with source.open() as binary:
        text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
        rows = csv.reader(text)
        try:
            header = [_column(name) for name in next(rows, [])]
            if not header:
                raise BadFile("The file is empty.")
            _check_header(header)
            yield from _unknown_columns(header)
            last_line = rows.line_num
            for cells in rows:
                line = last_line + 1
                last_line = rows.line_num
                if any(cell.strip() for cell in cells):
                    yield _record(dict(zip(header, cells, strict=False)), line, len(cells), header)
        except UnicodeDecodeError as error:
            raise BadFile(
                f"It is not UTF-8 text (after line {rows.line_num}): save the sheet as "
                "'CSV UTF-8' and import it again."
            ) from error
        except csv.Error as error:
            raise BadFile(f"Line {rows.line_num} is not valid CSV: {error}.") from error


def _column(name: str) -> str:
    return "_".join(name.strip().lower().replace("-", " ").split())


def _check_header(header: list[str]) -> None:
    if "title" not in header:
        shown = ", ".join(name for name in header[:6] if name)[:120]
        raise BadFile(
            f"It has no 'title' column (its first line reads: {shown or 'nothing'}). "
            "Is it a CSV file with a header row? The template in the admin shows the columns."
        )


def _unknown_columns(header: list[str]) -> Iterator[Problem]:
    unknown = [name for name in header if name and name not in COLUMNS]
    if unknown:
        yield Problem(
            "line 1",
            f"Column(s) {', '.join(unknown)} are not read (known: {', '.join(COLUMNS)}).",
            Severity.WARNING,
        )


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(SEPARATOR) if part.strip()]


def _agent(name: str) -> Agent:
    if name.startswith("{") and name.endswith("}"):
        return Agent(name[1:-1].strip(), AgentKind.ORGANISATION)
    return Agent(name, AgentKind.PERSON)


def _file(ref: str) -> FileRef:
    if ref.lower().startswith(("http://", "https://")):
        return FileRef(url=ref)
    return FileRef(path=ref)


def _record(row: dict[str, str], line: int, width: int, header: list[str]) -> Record:
    get = lambda name: (row.get(name) or "").strip()  # noqa: E731
    record = Record(
        title=get("title"),
        location=f"line {line}",
        own_id=get("id"),
        types=_split(get("types")),
        regions=_split(get("regions")),
        countries=_split(get("countries")),
        topics=_split(get("topics")),
        sectors=_split(get("sectors")),
        authors=[_agent(name) for name in _split(get("authors"))],
        publishers=_split(get("publishers")),
        language=get("language"),
        description=get("description"),
        source_url=get("source_url"),
        doi=get("doi"),
        isbn=get("isbn"),
        files=[
            FileRef(url=ref)
            if ref.lower().startswith(("http://", "https://"))
            else FileRef(path=ref)
            for ref in _split(get("files"))
        ],
    )
    if width > len(header):
        record.warnings.append(f"The row has {width} cells but the header {len(header)}.")
    if get("date"):
        parsed = parse_date(get("date"))
        if parsed is None:
            record.warnings.append(f"The date '{get('date')}' was not understood; left out.")
        else:
            record.date, record.date_precision = parsed
    return record


def template() -> str:
    """The header and one example row: what the admin offers to download."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerow(
        [
            "ilo-2019-01",
            "Forced labour in the fishing sector",
            "Publications",
            "2019-11",
            "Jane Smith; {International Labour Organization}",
            "International Labour Organization",
            "Asia",
            "TH; Viet Nam",
            "Forced labour",
            "Fishing and seafood",
            "en",
            "<p>A study of recruitment on Thai fishing vessels.</p>",
            "https://www.ilo.org/example",
            "10.1234/example",
            "",
            "https://www.ilo.org/example.pdf",
        ]
    )
    return out.getvalue()


FORMAT = ImportFormat(
    "csv",
    "CSV spreadsheet (the columns of the template)",
    read,
    suffixes=(".csv",),
    help=__doc__ or "",
    template=template,
)
