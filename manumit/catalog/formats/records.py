"""The neutral record of a resource: one plain dict that every format starts from.

The `.json` twins, BibTeX, RIS, CSL-JSON, feeds and CSV all read the same record, so a fact
(an author's kind, a date's precision, a download address) is worked out once, here.
Values are JSON-ready: strings, numbers, booleans, None, lists and dicts.

`summary()` is what a listing card needs and costs only the `types` and `regions` prefetch;
`record()` is everything, given the prefetch in `RECORD_PREFETCH`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.http import HttpRequest
from nameparser import HumanName

from manumit.catalog import formatting
from manumit.catalog.models import Attachment, Resource
from manumit.catalog.models.agents import Organisation, Person

Record = dict[str, Any]

# What `record()` reads; prefetch it for many resources at once (see listing.py).
RECORD_PREFETCH = (
    "types",
    "regions",
    "countries",
    "topics",
    "sectors",
    "attachments",
    "authorships__person",
    "authorships__organisation",
    "publishings__organisation",
)


def summary(resource: Resource, request: HttpRequest) -> Record:
    """Title, address, types, date and regions: what a card in a listing shows."""
    return {
        "id": resource.pk,
        "slug": resource.slug,
        "url": request.build_absolute_uri(resource.get_absolute_url()),
        "title": resource.title,
        "status": resource.status,
        "is_public": resource.is_public,
        "types": [_term(kind, request) for kind in resource.types.all()],
        **date_fields(resource),
        "excerpt": resource.excerpt,
        "regions": [_term(region, request) for region in resource.regions.all()],
        "language": resource.language,
    }


def record(resource: Resource, request: HttpRequest) -> Record:
    """Everything a format may need about `resource`."""
    return {
        **summary(resource, request),
        "language_name": resource.language_name,
        "description_html": resource.description,
        "description_text": formatting.plain_text(resource.description),
        "byline": resource.byline,
        "citation": resource.citation,
        "authors": [agent(item, request) for item in resource.ordered_authors()],
        "publishers": [agent(item, request) for item in resource.ordered_publishers()],
        "countries": [_country(country, request) for country in resource.countries.all()],
        "topics": [_term(topic, request) for topic in resource.topics.all()],
        "sectors": [_term(sector, request) for sector in resource.sectors.all()],
        "doi": resource.doi or None,
        "isbn": resource.isbn or None,
        "source_url": resource.source_url or None,
        "attachments": [attachment(item, request) for item in resource.attachments.all()],
        "published_at": _iso(resource.published_at),
        "created_at": _iso(resource.created_at),
        "updated_at": _iso(resource.updated_at),
    }


def date_fields(resource: Resource) -> Record:
    """The publication date at the precision it is known: a year alone is `[2018]` in
    `date_parts` and `2018` in `machine_date`, never 1 January 2018."""
    value, precision = resource.pub_date, resource.pub_date_precision
    if value is None:
        return {
            "date": None,
            "date_precision": None,
            "date_parts": [],
            "machine_date": None,
            "display_date": "",
            "year": None,
        }
    parts = [value.year, value.month, value.day][: {"year": 1, "month": 2}.get(precision, 3)]
    return {
        "date": value.isoformat(),
        "date_precision": precision,
        "date_parts": parts,
        "machine_date": formatting.machine_date(value, precision),
        "display_date": resource.display_date,
        "year": value.year,
    }


def agent(item: Person | Organisation, request: HttpRequest) -> Record:
    """An author or publisher. Only a person has a family and a given name: an
    organisation ("Walk Free") is a single literal name and must never be split."""
    data: Record = {
        "kind": "person" if isinstance(item, Person) else "organisation",
        "name": item.name,
        "slug": item.slug,
        "url": request.build_absolute_uri(item.get_absolute_url()),
        "family": None,
        "given": None,
        "suffix": None,
    }
    if isinstance(item, Person):
        data.update(person_name(item.name))
        data["orcid"] = item.orcid or None
    else:
        data["acronym"] = item.acronym or None
    return data


@lru_cache(maxsize=4096)
def person_name(name: str) -> dict[str, str | None]:
    """`Imke van Gardingen` -> family `van Gardingen`, given `Imke`; `Breuker, Remco E.`
    is read the same way. A single name (`Madonna`) is all family name."""
    parsed = HumanName(name)
    family = parsed.last or parsed.first or name.strip()
    given = " ".join(part for part in (parsed.first, parsed.middle) if part) if parsed.last else ""
    return {"family": family, "given": given or None, "suffix": parsed.suffix or None}


def attachment(item: Attachment, request: HttpRequest) -> Record:
    return {
        "id": item.pk,
        "label": item.label,
        "citation": item.resource.citation_for(item),
        "download_url": request.build_absolute_uri(item.get_download_url()),
        "external": item.is_external,
        "external_url": item.url or None,
        "filename": None if item.is_external else item.filename,
        "media_type": item.media_type or None,
        "size": item.size,
        "pages": item.page_count,
        "sha256": item.sha256 or None,
        "note": item.note,
    }


def _term(term: Any, request: HttpRequest) -> Record:
    """A type, region, topic or sector: its name, slug and browse page."""
    return {
        "name": term.name,
        "slug": term.slug,
        "url": request.build_absolute_uri(term.get_absolute_url()),
    }


def _country(country: Any, request: HttpRequest) -> Record:
    return {
        "iso2": country.iso2,
        "name": country.display_name,
        "url": request.build_absolute_uri(country.get_absolute_url()),
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None
