"""The Manumit export format: one JSON object a line (JSON Lines, UTF-8).

Every line has a `kind`. Line 1 is the header: `{"kind": "header", "format": "manumit",
"version": 1, ...}`. Then the vocabularies a
resource refers to (content types, topics, sectors, regions, countries, organisations,
people), one line each with its `kind`, so that a reader can create them before any
resource that names them. Then one line per resource, naming its terms and agents by slug
(countries by ISO code), its authors and publishers in order, its attachments with their
sha256. Everything is written in a stable order, so two exports of the same library are
the same bytes apart from `exported_at`.

A new field is added without a version change (readers ignore what they do not know); a
field that changes meaning or goes away raises `VERSION`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from manumit.catalog.models import (
    Attachment,
    Country,
    Organisation,
    Person,
    Region,
    Resource,
    ResourceType,
    Sector,
    Topic,
)

FORMAT = "manumit"
VERSION = 1
CHUNK_SIZE = 500
RESOURCE_PREFETCH = (
    "types",
    "regions",
    "countries",
    "topics",
    "sectors",
    "authorships__person",
    "authorships__organisation",
    "publishings__organisation",
    "legacy_slugs",
    "attachments",
)

Line = dict[str, Any]


def header(counts: dict[str, int]) -> Line:
    return {
        "kind": "header",
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "counts": counts,
    }


def lines(resources: QuerySet[Resource], *, file_path: Any = None) -> Iterator[Line]:
    """The header, the vocabularies, then every resource of `resources`, one dict a line.

    `file_path(attachment)` names where a stored file is in the export (a zip's member);
    without it the line still holds the file's name, size and sha256, so a reader can match
    the file it already has.
    """
    ordered = resources.order_by("pk")
    counts = {"resources": ordered.count()}
    yield header(counts)
    yield from vocabulary_lines(ordered)
    for resource in ordered.prefetch_related(*RESOURCE_PREFETCH).iterator(chunk_size=CHUNK_SIZE):
        yield resource_line(resource, file_path)


def dumps(line: Line) -> str:
    """One line of the export: compact, keys in a fixed order, Unicode as itself."""
    return json.dumps(line, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def vocabulary_lines(resources: QuerySet[Resource]) -> Iterator[Line]:
    """Every term of the vocabularies, used or not (a curator's empty topic is part of the
    library too), and the agents the exported resources name."""
    for kind, model in (("type", ResourceType), ("topic", Topic), ("sector", Sector)):
        for term in model.objects.order_by("pk"):
            yield _term(kind, term)
    for region in Region.objects.select_related("parent").order_by("pk"):
        yield {**_term("region", region), "m49_code": region.m49_code, "level": region.level}
        if region.parent is not None:
            yield {"kind": "region_parent", "slug": region.slug, "parent": region.parent.slug}
    for country in Country.objects.order_by("iso2"):
        yield _country(country)
    ids = resources.values("pk")
    organisations = Organisation.objects.filter(
        _used_by("authored", ids) | _used_by("published", ids) | _used_by("people__credits", ids)
    ).distinct()
    for organisation in organisations.select_related("country").order_by("pk"):
        yield _organisation(organisation)
    people = Person.objects.filter(credits__resource__in=ids).distinct()
    for person in people.select_related("affiliation").order_by("pk"):
        yield _person(person)


def _used_by(relation: str, ids: QuerySet[Any]) -> Q:
    return Q(**{f"{relation}__resource__in": ids})


def _term(kind: str, term: Any) -> Line:
    line: Line = {"kind": kind, "name": term.name, "slug": term.slug}
    if getattr(term, "description", ""):
        line["description"] = term.description
    if kind == "type":
        line["position"] = term.position
    return line


def _country(country: Country) -> Line:
    return {
        "kind": "country",
        "iso2": country.iso2,
        "iso3": country.iso3,
        "numeric": country.numeric,
        "name": country.name,
        "common_name": country.common_name,
    }


def _organisation(organisation: Organisation) -> Line:
    return _without_blanks(
        {
            "kind": "organisation",
            "name": organisation.name,
            "slug": organisation.slug,
            "acronym": organisation.acronym,
            "website": organisation.website,
            "country": organisation.country.iso2 if organisation.country else "",
            "description": organisation.description,
        }
    )


def _person(person: Person) -> Line:
    return _without_blanks(
        {
            "kind": "person",
            "name": person.name,
            "slug": person.slug,
            "affiliation": person.affiliation.slug if person.affiliation else "",
            "orcid": person.orcid,
        }
    )


def resource_line(resource: Resource, file_path: Any = None) -> Line:
    return _without_blanks(
        {
            "kind": "resource",
            "id": resource.pk,
            "slug": resource.slug,
            "title": resource.title,
            "status": resource.status,
            "date": machine_date(resource),
            "language": resource.language,
            "description": resource.description,
            "types": _slugs(resource.types.all()),
            "regions": _slugs(resource.regions.all()),
            "countries": sorted(country.iso2 for country in resource.countries.all()),
            "topics": _slugs(resource.topics.all()),
            "sectors": _slugs(resource.sectors.all()),
            "authors": [_credit(credit.agent) for credit in resource.authorships.all()],
            "publishers": [credit.organisation.slug for credit in resource.publishings.all()],
            "source_url": resource.source_url,
            "doi": resource.doi,
            "isbn": resource.isbn,
            "wp_post_id": resource.wp_post_id,
            "legacy_slugs": sorted(old.slug for old in resource.legacy_slugs.all()),
            "attachments": [_attachment(a, file_path) for a in resource.attachments.all()],
            "published_at": _when(resource.published_at),
            "created_at": _when(resource.created_at),
            "updated_at": _when(resource.updated_at),
        }
    )


def machine_date(resource: Resource) -> str:
    """`2018`, `2019-11` or `2018-06-02`: the date at the precision the record gives."""
    if resource.pub_date is None:
        return ""
    length = {"year": 4, "month": 7}.get(resource.pub_date_precision, 10)
    return resource.pub_date.isoformat()[:length]


def _slugs(terms: Iterable[Any]) -> list[str]:
    return sorted(term.slug for term in terms)


def _credit(agent: Person | Organisation) -> Line:
    return {"person" if isinstance(agent, Person) else "organisation": agent.slug}


def _attachment(attachment: Attachment, file_path: Any) -> Line:
    line: Line = {
        "position": attachment.position,
        "label": attachment.label,
        "note": attachment.note,
    }
    if attachment.is_external:
        line["url"] = attachment.url
    else:
        line["file"] = _without_blanks(
            {
                "name": attachment.filename,
                "path": file_path(attachment) if file_path else "",
                "media_type": attachment.media_type,
                "size": attachment.size,
                "sha256": attachment.sha256,
                "pages": attachment.page_count,
            }
        )
    return _without_blanks(line)


def _when(moment: Any) -> str:
    return moment.isoformat() if moment else ""


def _without_blanks(line: Line) -> Line:
    """Leave out empty values: a line says what a record has, and stays short."""
    return {key: value for key, value in line.items() if value not in ("", None, [])}
