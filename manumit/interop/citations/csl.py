"""CSL-JSON: the citation record that Zotero, Mendeley, pandoc and citeproc read.

It is also what the formatted citations (APA, Chicago, Harvard) are rendered from, so
the box on the page and the download can never disagree. The output validates against
the official csl-data.json schema (tests check it).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from manumit.interop.citations.record import Citable

MEDIA_TYPE = "application/vnd.citationstyles.csl+json"


def csl_item(item: Citable) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": item.slug,
        "type": item.kind.csl,
        "title": item.title,
        "author": [name.csl() for name in item.authors],
        # APA 7 separates several publishers with semicolons; CSL has one publisher string.
        "publisher": "; ".join(item.publishers),
        "issued": {"date-parts": [list(item.date_parts)]} if item.date_parts else None,
        "language": item.language,
        "keyword": ", ".join(item.keywords),
        "abstract": item.abstract,
        "URL": item.url,
        "DOI": item.doi,
        "ISBN": item.isbn,
    }
    # An empty value is a missing value in CSL; leaving keys out keeps styles from printing
    # stray punctuation around nothing.
    return {key: value for key, value in data.items() if value}


def csl_json(items: Iterable[Citable]) -> str:
    return "".join(csl_json_chunks(items))


def csl_json_chunks(items: Iterable[Citable]) -> Iterator[str]:
    """A JSON array written one item at a time, so a long export streams."""
    yield "["
    for number, item in enumerate(items):
        yield ("\n" if number == 0 else ",\n") + json.dumps(csl_item(item), ensure_ascii=False)
    yield "\n]\n"
