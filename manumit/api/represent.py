"""Catalogue rows as the API's plain data (the shapes in schemas.py).

Addresses are absolute, built from the request, so a client can follow them as they are.
"""

from __future__ import annotations

import re
from typing import Any

import nh3
from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from django.urls import reverse

from manumit.catalog.models import Attachment, Organisation, Person, Resource
from manumit.search import Hit

JsonDict = dict[str, Any]

# What a summary and a detail read, fetched once for a whole page of resources.
SUMMARY_PREFETCH = ("types", "regions", "authorships__person", "authorships__organisation")
DETAIL_PREFETCH = (
    *SUMMARY_PREFETCH,
    "countries",
    "topics",
    "sectors",
    "attachments",
    "publishings__organisation",
)


# Slugs that reverse() and build_absolute_uri() copy into an address unchanged (no
# quoting, no dot segments): for these a page's addresses are filled in from one reversed
# address per route instead of one reverse() per address, a tenth of the time.
PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
MARK = "manumit-slug-mark"


def api_url(request: HttpRequest, name: str, *args: object) -> str:
    return request.build_absolute_uri(reverse(f"api-v1:{name}", args=args))


def slug_url(request: HttpRequest, route: str, slug: str) -> str:
    """`request.build_absolute_uri(reverse(route, args=[slug]))`, remembered per request."""
    if not PLAIN_SLUG.fullmatch(slug):
        return request.build_absolute_uri(reverse(route, args=[slug]))
    known: dict[str, tuple[str, str]] = request.__dict__.setdefault("_manumit_slug_urls", {})
    if route not in known:
        head, _, tail = request.build_absolute_uri(reverse(route, args=[MARK])).partition(MARK)
        known[route] = (head, tail)
    head, tail = known[route]
    return head + slug + tail


def term(item: Any) -> JsonDict:
    return {"slug": item.slug, "name": item.name}


def summary(resource: Resource, request: HttpRequest) -> JsonDict:
    return {
        "id": resource.pk,
        "slug": resource.slug,
        # Resource.get_absolute_url's address, without a reverse() per resource.
        "url": slug_url(request, "catalog:resource", resource.slug),
        "api_url": slug_url(request, "api-v1:resource", resource.slug),
        "title": resource.title,
        "status": resource.status,
        "types": [term(kind) for kind in resource.types.all()],
        "date": resource.pub_date,
        "date_precision": resource.pub_date_precision if resource.pub_date else None,
        "display_date": resource.display_date,
        "excerpt": resource.excerpt,
        "regions": [term(region) for region in resource.regions.all()],
        "language": resource.language,
        "byline": resource.byline,
    }


def hit(found: Hit, request: HttpRequest) -> JsonDict:
    return {
        **summary(found.resource, request),
        "score": found.score,
        "passages": [
            {
                # The engine escapes the text; only its <mark> may pass, whatever it holds.
                "html": nh3.clean(passage.html, tags={"mark"}, attributes={}),
                "page": passage.page,
                "attachment_id": passage.attachment_id,
            }
            for passage in found.passages[:3]
        ],
    }


def agent(item: Person | Organisation, request: HttpRequest) -> JsonDict:
    kind = "person" if isinstance(item, Person) else "organisation"
    return {
        "kind": kind,
        "slug": item.slug,
        "name": item.name,
        "url": request.build_absolute_uri(item.get_absolute_url()),
        "api_url": api_url(request, kind, item.slug),
    }


def attachment(item: Attachment, request: HttpRequest) -> JsonDict:
    return {
        "id": item.pk,
        "position": item.position,
        "label": item.label,
        "note": item.note,
        "external": item.is_external,
        # External links too go through the site's download view, which counts and checks.
        "download_url": request.build_absolute_uri(item.get_download_url()),
        "media_type": item.media_type or None,
        "size": item.size,
        "pages": item.page_count,
        "sha256": item.sha256 or None,
    }


def detail(resource: Resource, request: HttpRequest) -> JsonDict:
    prefetch_related_objects([resource], *DETAIL_PREFETCH)
    return {
        **summary(resource, request),
        "description_html": resource.description,
        "authors": [agent(item, request) for item in resource.ordered_authors()],
        "publishers": [agent(item, request) for item in resource.ordered_publishers()],
        "citation": resource.citation,
        "countries": [
            {"iso2": country.iso2, "name": country.display_name}
            for country in resource.countries.all()
        ],
        "topics": [term(item) for item in resource.topics.all()],
        "sectors": [term(item) for item in resource.sectors.all()],
        "source_url": resource.source_url or None,
        "doi": resource.doi or None,
        "isbn": resource.isbn or None,
        "published_at": resource.published_at,
        "updated_at": resource.updated_at,
        "attachments": [attachment(item, request) for item in resource.attachments.all()],
    }


def organisation(item: Organisation, request: HttpRequest) -> JsonDict:
    return {
        "slug": item.slug,
        "name": item.name,
        "acronym": item.acronym,
        "website": item.website or None,
        "country": item.country_id,
        "description": item.description,
        "url": request.build_absolute_uri(item.get_absolute_url()),
        "api_url": api_url(request, "organisation", item.slug),
    }


def person(item: Person, request: HttpRequest, public_affiliation: bool) -> JsonDict:
    return {
        "slug": item.slug,
        "name": item.name,
        "orcid": item.orcid or None,
        "affiliation": item.affiliation.slug if item.affiliation and public_affiliation else None,
        "url": request.build_absolute_uri(item.get_absolute_url()),
        "api_url": api_url(request, "person", item.slug),
    }
