"""CSV of a listing: one row per resource, for spreadsheets and scripts.

Lists (authors, topics, ...) are joined with "; ", the separator the citation formats
also use between publishers. A cell that a spreadsheet would run as a formula (one that
starts with `=`, `+`, `-`, `@` or a tab) gets a leading apostrophe, as OWASP advises
against CSV injection: a title is text, never a calculation.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from manumit.interop.citations.record import Citable

MEDIA_TYPE = "text/csv"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = (
    "title",
    "url",
    "authors",
    "publishers",
    "date",
    "types",
    "regions",
    "countries",
    "topics",
    "sectors",
    "language",
    "doi",
    "isbn",
    "source_url",
    "downloads",
    "description",
)


class _Line:
    """A file-like object whose `write` hands back what it was given (csv writes one row)."""

    def write(self, text: str) -> str:
        return text


def row(item: Citable) -> list[str]:
    values = {
        "title": item.title,
        "url": item.url,
        "authors": "; ".join(name.literal or name.inverted for name in item.authors),
        "publishers": "; ".join(item.publishers),
        "date": item.iso_date,
        "types": "; ".join(item.types),
        "regions": "; ".join(item.regions),
        "countries": "; ".join(item.countries),
        "topics": "; ".join(item.topics),
        "sectors": "; ".join(item.sectors),
        "language": item.language,
        "doi": item.doi,
        "isbn": item.isbn,
        "source_url": item.source_url,
        "downloads": " ".join(download.url for download in item.downloads),
        "description": item.abstract,
    }
    return [_inert(values[column]) for column in COLUMNS]


def _inert(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_chunks(items: Iterable[Citable]) -> Iterator[str]:
    """The header, then one line per resource, as each is read."""
    writer = csv.writer(_Line())
    yield writer.writerow(COLUMNS)
    for item in items:
        yield writer.writerow(row(item))
