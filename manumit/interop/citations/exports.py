"""The citation formats, offered by every resource page and every listing through the
catalogue's format registry: `/resources/<slug>.bib`, `/tags/europe.ris`,
`/search.csl.json?q=...`, `/resources.csv`.

A listing's export is the whole listing, not its page, and it streams: the renderers are
generators over `Listing.records()`, which reads resources in chunks, so 100,000 records
never sit in memory at once.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.http import HttpRequest

from manumit.catalog import formats
from manumit.catalog.formats.subjects import Listing, ResourceItem
from manumit.interop.citations import bibtex, csl, ris, spreadsheet
from manumit.interop.citations.record import Citable, citable


def _items(listing: Listing) -> Iterator[Citable]:
    return (citable(record) for record in listing.records())


def resource_bibtex(request: HttpRequest, item: ResourceItem) -> str:
    return bibtex.bibtex([citable(item.record)])


def resource_ris(request: HttpRequest, item: ResourceItem) -> str:
    return ris.ris([citable(item.record)])


def resource_csl(request: HttpRequest, item: ResourceItem) -> str:
    return csl.csl_json([citable(item.record)])


def listing_bibtex(request: HttpRequest, listing: Listing) -> Iterator[str]:
    return bibtex.bibtex_chunks(_items(listing))


def listing_ris(request: HttpRequest, listing: Listing) -> Iterator[str]:
    return ris.ris_chunks(_items(listing))


def listing_csl(request: HttpRequest, listing: Listing) -> Iterator[str]:
    return csl.csl_json_chunks(_items(listing))


def listing_csv(request: HttpRequest, listing: Listing) -> Iterator[str]:
    return spreadsheet.csv_chunks(_items(listing))


def _format(
    name: str, media_type: str, render: formats.registry.Renderer, label: str
) -> formats.Format:
    return formats.Format(name, media_type, render, label=label, download=True)


RESOURCE_FORMATS = (
    _format("bib", bibtex.MEDIA_TYPE, resource_bibtex, "BibTeX"),
    _format("ris", ris.MEDIA_TYPE, resource_ris, "RIS"),
    _format("csl.json", csl.MEDIA_TYPE, resource_csl, "CSL-JSON"),
)
LISTING_FORMATS = (
    _format("csv", spreadsheet.MEDIA_TYPE, listing_csv, "CSV"),
    _format("bib", bibtex.MEDIA_TYPE, listing_bibtex, "BibTeX"),
    _format("ris", ris.MEDIA_TYPE, listing_ris, "RIS"),
    _format("csl.json", csl.MEDIA_TYPE, listing_csl, "CSL-JSON"),
)


def register() -> None:
    for item in RESOURCE_FORMATS:
        formats.register(formats.RESOURCE, item)
    for item in LISTING_FORMATS:
        formats.register(formats.LISTING, item)
