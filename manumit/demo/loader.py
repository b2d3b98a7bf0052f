"""Load library.json into the catalogue, creating or updating each resource by its slug.

Each record in library.json is one resource, written for people to read and edit:

    {"title": ..., "types": ["Publications"], "date": "2018" | "2019-11" | "2018-06-02",
     "authors": [{"person": "Remco E. Breuker"}, {"organisation": "Fintel Alliance"}],
     "publishers": ["Walk Free Foundation"], "regions": ["Asia"], "countries": ["KP"],
     "topics": [...], "sectors": [...], "language": "en", "status": "published",
     "source_url": ..., "old_urls": [...], "links": [...], "description": "<p>...</p>"}

Only title and description are required. The date's form sets its precision. Addresses on
the old WordPress site (source_url, old_urls) give the legacy post id (`?p=1204`) and any old
slug that differs from the new one. `pdf_title` is a Latin-script title for the generated PDF.
"""

from __future__ import annotations

import datetime
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.apps import apps as django_apps
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from manumit.catalog import seeding
from manumit.catalog.models import (
    Authorship,
    Country,
    DatePrecision,
    LegacySlug,
    Organisation,
    Person,
    Publishing,
    Region,
    Resource,
    ResourceType,
    Sector,
    Status,
    Topic,
)
from manumit.demo.attachments import sync_attachments

DEMO_FILE = Path(__file__).resolve().with_name("library.json")
OLD_SITE_HOSTS = {"respect.international", "www.respect.international"}
SLUG_LIMIT = 180  # as Resource's own slugs, leaving room for a `-2`
TAG_LEVELS = (Region.Level.REGION, Region.Level.GLOBAL)

Record = dict[str, Any]


class DemoDataError(ValueError):
    """library.json names something the catalogue does not have, or contradicts itself."""


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int

    @property
    def total(self) -> int:
        return self.created + self.updated


@dataclass
class OldAddresses:
    """What a resource was called on the old site."""

    wp_post_id: int | None = None
    slugs: list[str] = field(default_factory=list)


def read_library(path: Path = DEMO_FILE) -> list[Record]:
    records: list[Record] = json.loads(path.read_text(encoding="utf-8"))
    repeated = [slug for slug, n in Counter(map(slug_for, records)).items() if n > 1]
    if repeated:
        raise DemoDataError(f"Two demo records share a slug: {', '.join(repeated)}")
    return records


@transaction.atomic
def load_demo(path: Path = DEMO_FILE) -> LoadResult:
    """Create or update every demo resource; running it again changes nothing."""
    records = read_library(path)
    ensure_vocabularies()
    created = sum(load_record(record)[1] for record in records)
    return LoadResult(created=created, updated=len(records) - created)


def ensure_vocabularies() -> None:
    """Seed types, topics, sectors and regions if they are missing.

    The seed migration normally provides them, but `manumit flush` (and every transactional
    test) empties those tables too, and the demo cannot be loaded without them.
    """
    if Region.objects.filter(level=Region.Level.GLOBAL).exists() and Topic.objects.exists():
        return
    seeding.load_taxonomies(django_apps)
    seeding.load_geography(django_apps)


def load_record(record: Record) -> tuple[Resource, bool]:
    slug = slug_for(record)
    urls = [record.get("source_url", ""), *record.get("old_urls", [])]
    old = old_addresses(urls, slug)
    resource, created = Resource.objects.update_or_create(
        slug=slug, defaults=_resource_fields(record, old.wp_post_id)
    )
    _set_terms(resource, record)
    _set_authors(resource, [_agent(author) for author in record.get("authors", [])])
    _set_publishers(resource, [organisation(name) for name in record.get("publishers", [])])
    for old_slug in old.slugs:
        LegacySlug.objects.update_or_create(slug=old_slug, defaults={"resource": resource})
    sync_attachments(resource, record.get("links", []), record.get("pdf_title", ""))
    return resource, created


def slug_for(record: Record) -> str:
    if record.get("slug"):
        return str(record["slug"])
    slug = slugify(record["title"], allow_unicode=True)
    if len(slug) > SLUG_LIMIT:
        slug = slug[: SLUG_LIMIT + 1].rsplit("-", 1)[0]
    return slug


def parse_date(text: str | None) -> tuple[datetime.date | None, str]:
    """`2018` → year precision, `2019-11` → month, `2018-06-02` → day."""
    if not text:
        return None, DatePrecision.DAY
    parts = [int(part) for part in text.split("-")]
    precision = {1: DatePrecision.YEAR, 2: DatePrecision.MONTH, 3: DatePrecision.DAY}
    if len(parts) not in precision:
        raise DemoDataError(f"Not a date: {text!r}")
    year, month, day = [*parts, 1, 1][:3]
    return datetime.date(year, month, day), precision[len(parts)]


def old_addresses(urls: list[str], slug: str) -> OldAddresses:
    """The WordPress post id and the old slugs found in addresses on the old site."""
    old = OldAddresses()
    for url in urls:
        parts = urlsplit(url)
        if parts.hostname not in OLD_SITE_HOSTS:
            continue
        post_ids = parse_qs(parts.query).get("p", [])
        if post_ids:
            if old.wp_post_id not in (None, int(post_ids[0])):
                raise DemoDataError(f"Two WordPress ids for {slug}")
            old.wp_post_id = int(post_ids[0])
            continue
        old_slug = PurePosixPath(parts.path).name
        if old_slug and old_slug != slug and old_slug not in old.slugs:
            old.slugs.append(old_slug)
    return old


def _resource_fields(record: Record, wp_post_id: int | None) -> dict[str, Any]:
    pub_date, precision = parse_date(record.get("date"))
    return {
        "title": record["title"],
        "description": record["description"],
        "pub_date": pub_date,
        "pub_date_precision": precision,
        "language": record.get("language", "en"),
        "status": Status(record.get("status", Status.PUBLISHED)),
        "source_url": record.get("source_url", ""),
        "wp_post_id": wp_post_id,
    }


def _set_terms(resource: Resource, record: Record) -> None:
    resource.types.set([resource_type(name) for name in record.get("types", [])])
    resource.regions.set(_terms(record, "regions", Region, "name", level__in=TAG_LEVELS))
    resource.countries.set(_terms(record, "countries", Country, "iso2"))
    resource.topics.set(_terms(record, "topics", Topic, "name"))
    resource.sectors.set(_terms(record, "sectors", Sector, "name"))


def _terms(record: Record, key: str, model: Any, field: str, **filters: Any) -> list[Any]:
    """The rows that record[key] names, in its order; a name the catalogue lacks is an error."""
    wanted = record.get(key, [])
    rows = model.objects.filter(**{f"{field}__in": wanted}, **filters)
    found = {getattr(row, field): row for row in rows}
    missing = [value for value in wanted if value not in found]
    if missing:
        raise DemoDataError(f"{record['title']}: no {model.__name__} {missing}")
    return [found[value] for value in wanted]


def resource_type(name: str) -> ResourceType:
    """A content type by name; one the seed lacks (Videos, ...) is added after the others."""
    existing = ResourceType.objects.filter(name=name).first()
    if existing is not None:
        return existing
    last = ResourceType.objects.aggregate(last=Max("position"))["last"] or 0
    return ResourceType.objects.create(name=name, slug=slugify(name), position=last + 1)


def organisation(name: str) -> Organisation:
    existing = Organisation.objects.filter(name=name).first()
    if existing is not None:
        return existing
    return Organisation.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]


def person(name: str) -> Person:
    return Person.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]


def _agent(author: dict[str, str]) -> Person | Organisation:
    if set(author) == {"person"}:
        return person(author["person"])
    if set(author) == {"organisation"}:
        return organisation(author["organisation"])
    raise DemoDataError(f"An author is {{'person': name}} or {{'organisation': name}}: {author}")


def _set_authors(resource: Resource, agents: list[Person | Organisation]) -> None:
    if resource.ordered_authors() == agents:
        return
    resource.authorships.all().delete()
    for position, agent in enumerate(agents):
        role = "person" if isinstance(agent, Person) else "organisation"
        Authorship.objects.create(resource=resource, position=position, **{role: agent})


def _set_publishers(resource: Resource, organisations: list[Organisation]) -> None:
    if resource.ordered_publishers() == organisations:
        return
    resource.publishings.all().delete()
    for position, org in enumerate(organisations):
        Publishing.objects.create(resource=resource, organisation=org, position=position)
