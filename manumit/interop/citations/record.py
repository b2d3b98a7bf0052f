"""One resource as every citation format sees it, read from the catalogue's neutral record.

BibTeX, RIS, CSL-JSON, the formatted styles, the CSV export and the page metadata all
start from a `Citable`, so they can never disagree about an author, a date or a kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from manumit.interop.citations.kinds import Kind, kind_of
from manumit.interop.citations.names import Name, name_of


@dataclass(frozen=True)
class Download:
    url: str  # absolute: this site's download address
    label: str
    media_type: str
    size: int | None
    pages: int | None
    external: bool  # a link to another site (the download address redirects there)


@dataclass(frozen=True)
class Citable:
    id: int
    slug: str
    title: str
    kind: Kind
    types: tuple[str, ...]
    authors: tuple[Name, ...]
    publishers: tuple[str, ...]
    date_parts: tuple[int, ...]  # (2018,), (2018, 6) or (2018, 6, 2): the known precision
    language: str
    language_name: str
    topics: tuple[str, ...]
    sectors: tuple[str, ...]
    regions: tuple[str, ...]
    countries: tuple[str, ...]
    abstract: str  # plain text
    url: str  # the resource's page on this site, absolute
    source_url: str
    doi: str
    isbn: str
    downloads: tuple[Download, ...]

    @property
    def keywords(self) -> tuple[str, ...]:
        return self.topics + self.sectors

    @property
    def year(self) -> int | None:
        return self.date_parts[0] if self.date_parts else None

    @property
    def iso_date(self) -> str:
        """`2018`, `2018-06`, `2018-06-02`: ISO 8601 at the record's precision."""
        return "-".join(f"{part:02d}" for part in self.date_parts)

    @property
    def pdfs(self) -> tuple[Download, ...]:
        return tuple(item for item in self.downloads if item.media_type == "application/pdf")


def citable(record: dict[str, Any]) -> Citable:
    """A `Citable` from `manumit.catalog.formats.records.record()`."""
    return Citable(
        id=record["id"],
        slug=record["slug"],
        title=" ".join(record["title"].split()),
        kind=kind_of(kind["slug"] for kind in record["types"]),
        types=tuple(kind["name"] for kind in record["types"]),
        authors=tuple(name_of(agent) for agent in record["authors"]),
        publishers=tuple(agent["name"] for agent in record["publishers"]),
        date_parts=tuple(record["date_parts"]),
        language=record["language"] or "",
        language_name=record.get("language_name") or "",
        topics=_names(record["topics"]),
        sectors=_names(record["sectors"]),
        regions=_names(record["regions"]),
        countries=_names(record["countries"]),
        abstract=record["description_text"] or "",
        url=record["url"],
        source_url=record["source_url"] or "",
        doi=record["doi"] or "",
        isbn=record["isbn"] or "",
        downloads=tuple(_download(item) for item in record["attachments"]),
    )


def _names(terms: list[dict[str, Any]]) -> tuple[str, ...]:
    return tuple(term["name"] for term in terms)


def _download(item: dict[str, Any]) -> Download:
    return Download(
        url=item["download_url"],
        label=item["label"] or "",
        media_type=item["media_type"] or _guessed_type(item.get("external_url") or ""),
        size=item["size"],
        pages=item["pages"],
        external=item["external"],
    )


def _guessed_type(url: str) -> str:
    # An external link has no stored media type; a `.pdf` address is as good a sign as any.
    return "application/pdf" if url.lower().split("?")[0].endswith(".pdf") else ""
