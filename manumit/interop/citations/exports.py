"""The citation formats, offered by every resource page and every listing through the
catalogue's format registry: `/resources/<slug>.bib`, `/tags/europe.ris`,
`/search.csl.json?q=...`, `/resources.csv`.

A listing's export is the whole listing, not its page, and it streams: the renderers are
generators over `Listing.records()`, which reads resources in chunks, so 100,000 records
never sit in memory at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

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


def _export(
    name: str, media_type: str, render: formats.registry.Renderer, label: str
) -> formats.Format:
    # A listing's export is the whole listing: it is linked visibly (rel=nofollow), not
    # announced in every page's <head>, so crawlers do not fetch the library page by page.
    return formats.Format(name, media_type, render, label=label, download=True, alternate=False)


RESOURCE_FORMATS = (
    _format("bib", bibtex.MEDIA_TYPE, resource_bibtex, "BibTeX"),
    _format("ris", ris.MEDIA_TYPE, resource_ris, "RIS"),
    _format("csl.json", csl.MEDIA_TYPE, resource_csl, "CSL-JSON"),
)
LISTING_FORMATS = (
    _export("csv", spreadsheet.MEDIA_TYPE, listing_csv, "CSV"),
    _export("bib", bibtex.MEDIA_TYPE, listing_bibtex, "BibTeX"),
    _export("ris", ris.MEDIA_TYPE, listing_ris, "RIS"),
    _export("csl.json", csl.MEDIA_TYPE, listing_csl, "CSL-JSON"),
)


def export_links(request: HttpRequest, context: dict[str, Any]) -> dict[str, Any]:
    """A LISTING_CONTEXT hook: "Export: CSV · BibTeX · RIS · CSL-JSON" for the listing,
    each link the page's own address with the format's suffix and the same query."""
    links = [
        {"url": formats.twin_url(request, item.name), "label": item.label, "type": item.media_type}
        for item in LISTING_FORMATS
    ]
    html = render_to_string("interop/export_links.html", {"links": links}, request=request)
    return {"export_links": html}


def register() -> None:
    for item in RESOURCE_FORMATS:
        formats.register(formats.RESOURCE, item)
    for item in LISTING_FORMATS:
        formats.register(formats.LISTING, item)
