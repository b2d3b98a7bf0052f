"""What a feed says about one resource: plain text, absolute addresses and a stable id.

An entry is built once per resource and handed to both generators (RSS and Atom), so the
two formats always carry the same facts. Nothing here is HTML: the generators decide how
each format must encode text (see generators.py).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db.models import Prefetch
from django.http import HttpRequest
from django.urls import reverse

from manumit.catalog import formatting
from manumit.catalog.models import Attachment, Authorship, Resource
from manumit.catalog.models.resources import ResourceQuerySet

PDF = "application/pdf"
DEFAULT_PORTS = {"http": "80", "https": "443"}
# The year in our tag: URIs (RFC 4151). It must never change, or every id would.
TAG_YEAR = "2026"
TAG_AUTHORITY = re.compile(r"[a-z0-9.-]+")


@dataclass(frozen=True)
class Author:
    name: str
    uri: str


@dataclass(frozen=True)
class Category:
    term: str  # the term's name, as the pages show it
    scheme: str  # the vocabulary's index page, so "Asia" the region is not a topic


@dataclass(frozen=True)
class Pdf:
    href: str
    length: int | None  # bytes; unknown for a PDF that lives on another site
    title: str


@dataclass(frozen=True)
class Entry:
    guid: str
    title: str
    link: str
    summary: str
    published: datetime.datetime
    updated: datetime.datetime
    language: str
    authors: tuple[Author, ...]
    categories: tuple[Category, ...]
    pdfs: tuple[Pdf, ...]


def origin(request: HttpRequest) -> str:
    """`https://example.org`: scheme and host as the reader asked, in canonical form
    (lower case, no default port), so self links and ids compare equal to the address."""
    host = request.get_host().lower()
    name, colon, port = host.rpartition(":")
    if colon and not host.endswith("]") and port == DEFAULT_PORTS.get(request.scheme or ""):
        host = name
    return f"{request.scheme}://{host}"


def tag_authority(request: HttpRequest) -> str:
    """The host name without a port, as a tag: URI authority; an address that cannot be
    one (an IPv6 literal) falls back to a fixed name so the id stays well formed."""
    host = urlsplit(origin(request)).hostname or ""
    return host if TAG_AUTHORITY.fullmatch(host) else "localhost"


def resource_guid(request: HttpRequest, resource: Resource) -> str:
    """By primary key, not slug: a renamed resource keeps its id, so readers never show
    it twice."""
    return f"tag:{tag_authority(request)},{TAG_YEAR}:resource:{resource.pk}"


def with_feed_data(queryset: ResourceQuerySet) -> ResourceQuerySet:
    """Prefetch what an entry shows, so a feed costs a fixed number of queries."""
    return queryset.prefetch_related(
        "types",
        "topics",
        "sectors",
        "regions",
        "countries",
        "attachments",
        Prefetch("authorships", Authorship.objects.select_related("person", "organisation")),
        "publishings__organisation",
    )


def is_pdf(attachment: Attachment) -> bool:
    if attachment.media_type:
        return attachment.media_type == PDF
    # A link to another site has no stored type; its address is all we know.
    return attachment.is_external and urlsplit(attachment.url).path.lower().endswith(".pdf")


def pdfs(request: HttpRequest, resource: Resource) -> tuple[Pdf, ...]:
    root = origin(request)
    found = []
    for attachment in resource.attachments.all():
        if not is_pdf(attachment):
            continue
        if attachment.is_external:
            found.append(Pdf(attachment.url, None, attachment.label or resource.title))
        else:
            href = root + attachment.get_download_url()
            found.append(Pdf(href, attachment.size, attachment.label or attachment.filename))
    return tuple(found)


def authors(request: HttpRequest, resource: Resource) -> tuple[Author, ...]:
    """The byline; a report with no named author is credited to its publishers, as a
    citation would be."""
    agents = resource.ordered_authors() or resource.ordered_publishers()
    root = origin(request)
    return tuple(Author(agent.name, root + agent.get_absolute_url()) for agent in agents)


def categories(request: HttpRequest, resource: Resource) -> tuple[Category, ...]:
    root = origin(request)
    vocabularies = (
        ("catalog:types", [term.name for term in resource.types.all()]),
        ("catalog:topics", [term.name for term in resource.topics.all()]),
        ("catalog:sectors", [term.name for term in resource.sectors.all()]),
        ("catalog:tags", [term.name for term in resource.regions.all()]),
        ("catalog:countries", [term.display_name for term in resource.countries.all()]),
    )
    return tuple(
        Category(name, root + reverse(index)) for index, names in vocabularies for name in names
    )


def summary(resource: Resource) -> str:
    """The description as plain text; without one, the citation line, because an Atom
    entry with no content must still have a summary."""
    return formatting.plain_text(resource.description) or resource.citation


def entry(request: HttpRequest, resource: Resource) -> Entry:
    # When the library published it: the event a subscriber hears about. The document's
    # own date may be a bare year, which no feed date format can say.
    # Whole seconds: RSS dates have no fractions, and both formats then say the same.
    published = (resource.published_at or resource.created_at).replace(microsecond=0)
    updated = max(resource.updated_at.replace(microsecond=0), published)
    return Entry(
        guid=resource_guid(request, resource),
        title=resource.title,
        link=origin(request) + resource.get_absolute_url(),
        summary=summary(resource),
        published=published,
        updated=updated,
        language=resource.language,
        authors=authors(request, resource),
        categories=categories(request, resource),
        pdfs=pdfs(request, resource),
    )
