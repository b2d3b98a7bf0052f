"""RIS records (EndNote, Zotero, Mendeley, RefWorks), written by rispy.

An organisation is one `AU` line as it is named (`AU  - Walk Free`); a person is
`Family, Given` (`AU  - van Gardingen, Imke`). `PY` is the year alone and `DA` the date
at its precision, in RIS's `YYYY/MM/DD/` shape with the unknown parts left empty.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from rispy import RisWriter

from manumit.interop.citations.record import Citable

MEDIA_TYPE = "application/x-research-info-systems"


class _Writer(RisWriter):
    """rispy numbers each record with a `1.` line; RIS readers skip it, but it is not RIS."""

    def set_header(self, count: int) -> str:
        return ""


def ris_reference(item: Citable) -> dict[str, Any]:
    parts = item.date_parts
    data: dict[str, Any] = {
        "type_of_reference": item.kind.ris,
        "title": item.title,
        "authors": [name.inverted for name in item.authors],
        "year": str(parts[0]) if parts else "",
        "date": "/".join([*(f"{part:02d}" for part in parts), "", "", ""][:3]) + "/"
        if parts
        else "",
        # RIS has one publisher line; several are written as APA lists them.
        "publisher": "; ".join(item.publishers),
        "language": item.language,
        "keywords": list(item.keywords),
        "abstract": item.abstract,
        "urls": [item.url],
        "doi": item.doi,
        "issn": item.isbn,  # SN holds an ISBN or an ISSN
    }
    return {key: value for key, value in data.items() if value}


def ris(items: Iterable[Citable]) -> str:
    return "".join(ris_chunks(items))


def ris_chunks(items: Iterable[Citable]) -> Iterator[str]:
    writer = _Writer()
    for item in items:
        yield writer.formats([ris_reference(item)]) + "\n"
