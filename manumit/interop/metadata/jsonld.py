"""schema.org JSON-LD for a resource page: what search engines and Zotero read as the
work's metadata.

Every property used is one schema.org defines for the type it sits on (a test checks each
node against schema.org's own types and properties tables). The JSON goes in a
`<script type="application/ld+json">` data block, which browsers never execute (so the
CSP needs no exception); `<`, `>` and `&` are written as `\\u003c` and so on, so no text in
a record can close the block.
"""

from __future__ import annotations

import json
from typing import Any

from manumit.interop.citations.names import Name
from manumit.interop.citations.record import Citable

HEADLINE_LIMIT = 110
JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def work(item: Citable, *, site_name: str, home_url: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": item.kind.schema,
        "@id": item.url,
        "url": item.url,
        "name": item.title,
        # Google reads an article's title from `headline` (at most 110 characters, or its
        # test flags it); other readers take `name`.
        "headline": item.title if len(item.title) <= HEADLINE_LIMIT else "",
        "description": item.abstract,
        "author": [_agent(name) for name in item.authors],
        "publisher": [_organisation(name) for name in item.publishers],
        # ISO 8601 at the record's own precision: "2018" is a year, not 1 January 2018.
        "datePublished": item.iso_date,
        "inLanguage": item.language,
        "genre": list(item.types),
        "about": [{"@type": "DefinedTerm", "name": topic} for topic in item.topics],
        "keywords": ", ".join(item.keywords),
        "spatialCoverage": [{"@type": "Country", "name": name} for name in item.countries]
        + [{"@type": "Place", "name": name} for name in item.regions],
        "encoding": [_media(download) for download in item.pdfs],
        "identifier": _doi(item.doi),
        "sameAs": item.source_url,
        "isPartOf": {"@type": "WebSite", "name": site_name, "url": home_url},
    }
    return _pruned(data)


def _agent(name: Name) -> dict[str, Any]:
    if name.is_literal:
        return {"@type": "Organization", "name": name.literal}
    return _pruned(
        {
            "@type": "Person",
            "name": " ".join(part for part in (name.given, name.full_family) if part),
            "givenName": name.given,
            "familyName": name.full_family,
            "honorificSuffix": name.suffix,
        }
    )


def _organisation(name: str) -> dict[str, Any]:
    return {"@type": "Organization", "name": name}


def _media(download: Any) -> dict[str, Any]:
    return _pruned(
        {
            "@type": "MediaObject",
            "contentUrl": download.url,
            "encodingFormat": download.media_type,
            "name": download.label,
            "contentSize": f"{download.size} bytes" if download.size else "",
        }
    )


def _doi(doi: str) -> dict[str, Any] | None:
    if not doi:
        return None
    return {"@type": "PropertyValue", "propertyID": "DOI", "value": doi}


def _pruned(data: dict[str, Any]) -> dict[str, Any]:
    """Without empty values: an empty property says nothing, and validators flag it."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def script_body(data: dict[str, Any]) -> str:
    """The JSON as it may stand inside a `<script>` data block."""
    return json.dumps(data, ensure_ascii=False, indent=1).translate(JSON_ESCAPES)
