"""The `<meta>` tags of a resource page: Google Scholar's (Highwire Press `citation_*`),
OpenGraph's and Twitter's.

Google Scholar reads one `citation_author` per author in byline order, a date no more
precise than known (`2018`, `2018/06`, `2018/06/02`), and a `citation_pdf_url` only when
the PDF is on the same host as the page, so only files this site serves are named there
(an external link is on someone else's host). A tag without a value is never written.
"""

from __future__ import annotations

from dataclasses import dataclass

from manumit.catalog.formatting import excerpt
from manumit.interop.citations.kinds import REPORT
from manumit.interop.citations.record import Citable


@dataclass(frozen=True)
class Meta:
    attribute: str  # "name" (Highwire, Twitter) or "property" (OpenGraph)
    key: str
    value: str


def highwire(item: Citable) -> list[Meta]:
    pairs = [("citation_title", item.title)]
    pairs += [("citation_author", name.literal or name.inverted) for name in item.authors]
    pairs += [
        ("citation_publication_date", "/".join(f"{part:02d}" for part in item.date_parts)),
        ("citation_language", item.language),
        ("citation_keywords", "; ".join(item.keywords)),
        ("citation_doi", item.doi),
        ("citation_isbn", item.isbn),
        ("citation_abstract_html_url", item.url),
    ]
    institution = "citation_technical_report_institution" if item.kind == REPORT else ""
    pairs += [(institution or "citation_publisher", name) for name in item.publishers]
    pairs += [("citation_pdf_url", pdf.url) for pdf in item.pdfs if not pdf.external]
    return [Meta("name", key, value) for key, value in pairs if value.strip()]


def social(item: Citable, *, site_name: str) -> list[Meta]:
    """OpenGraph (Facebook, LinkedIn, Mastodon, Slack) and Twitter's summary card."""
    description = excerpt(item.abstract, 200) if item.abstract else ""
    opengraph = [
        ("og:type", "article"),
        ("og:title", item.title),
        ("og:description", description),
        ("og:url", item.url),
        ("og:site_name", site_name),
    ]
    twitter = [
        ("twitter:card", "summary"),
        ("twitter:title", item.title),
        ("twitter:description", description),
    ]
    return [Meta("property", key, value) for key, value in opengraph if value] + [
        Meta("name", key, value) for key, value in twitter if value
    ]
