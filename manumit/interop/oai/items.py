"""What a harvester is told about a resource, read for many resources at once.

An `Item` is plain data, filled by one query per relation for a whole page of resources,
so a page of 100 records costs about ten queries and no per-object ORM work (prefetching
model instances cost most of a page's time). Metadata formats and set specs read only this.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from manumit.catalog.formatting import machine_date, plain_text
from manumit.catalog.models import Attachment, Authorship, Publishing, Resource


@dataclass(frozen=True)
class Term:
    name: str
    slug: str


@dataclass(frozen=True)
class Place:
    """A country and the M49 regions it sits in (finest first is the caller's business)."""

    iso2: str
    name: str
    region_id: int | None
    subregion_id: int | None
    intermediate_id: int | None


@dataclass(frozen=True)
class Agent:
    name: str
    is_organisation: bool


@dataclass
class Item:
    id: int
    slug: str
    status: str
    title: str
    description: str  # plain text
    date: str  # "2018", "2019-11" or "2018-06-02"; "" when undated
    language: str
    doi: str
    isbn: str
    updated_at: datetime.datetime
    types: list[Term] = field(default_factory=list)
    topics: list[Term] = field(default_factory=list)
    sectors: list[Term] = field(default_factory=list)
    regions: list[tuple[int, str]] = field(default_factory=list)  # (id, name)
    countries: list[Place] = field(default_factory=list)
    authors: list[Agent] = field(default_factory=list)
    publishers: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # absolute URLs or site paths

    @property
    def path(self) -> str:
        return reverse("catalog:resource", args=[self.slug])


RESOURCE_FIELDS = (
    "pk", "slug", "status", "title", "description", "pub_date", "pub_date_precision",
    "language", "doi", "isbn", "updated_at",
)  # fmt: skip


def load(ids: Iterable[int]) -> dict[int, Item]:
    """The items of these resources (those that exist), by id."""
    wanted = sorted(set(ids))
    items: dict[int, Item] = {}
    for (
        pk,
        slug,
        status,
        title,
        text,
        day,
        precision,
        language,
        doi,
        isbn,
        updated,
    ) in Resource.objects.filter(pk__in=wanted).values_list(*RESOURCE_FIELDS):
        items[pk] = Item(
            pk, slug, status, title, plain_text(text), machine_date(day, precision),
            language, doi, isbn, updated,
        )  # fmt: skip
    if items:
        _terms(items)
        _places(items)
        _agents(items)
        _links(items)
    return items


def _through(name: str) -> Any:
    return getattr(Resource, name).through


def _terms(items: dict[int, Item]) -> None:
    # Each in the order its model's Meta gives, as the resource page lists them.
    for name, target, order in (
        ("types", "resourcetype", ("position", "name")),
        ("topics", "topic", ("name",)),
        ("sectors", "sector", ("name",)),
    ):
        rows = (
            _through(name)
            .objects.filter(resource_id__in=items)
            .order_by(*(f"{target}__{key}" for key in order))
            .values_list("resource_id", f"{target}__name", f"{target}__slug")
        )
        for resource_id, term_name, slug in rows:
            getattr(items[resource_id], name).append(Term(term_name, slug))


def _places(items: dict[int, Item]) -> None:
    regions = (
        _through("regions")
        .objects.filter(resource_id__in=items)
        .order_by("region__name")
        .values_list("resource_id", "region_id", "region__name")
    )
    for resource_id, region_id, name in regions:
        items[resource_id].regions.append((region_id, name))
    countries = (
        _through("countries")
        .objects.filter(resource_id__in=items)
        .order_by("country__name")
        .values_list(
            "resource_id", "country__iso2", "country__common_name", "country__name",
            "country__region_id", "country__subregion_id", "country__intermediate_region_id",
        )
    )  # fmt: skip
    for resource_id, iso2, common, name, region, subregion, intermediate in countries:
        place = Place(iso2, common or name, region, subregion, intermediate)
        items[resource_id].countries.append(place)


def _agents(items: dict[int, Item]) -> None:
    credits = (
        Authorship.objects.filter(resource_id__in=items)
        .order_by("position", "id")
        .values_list("resource_id", "person__name", "organisation__name")
    )
    for resource_id, person, organisation in credits:
        agent = Agent(person, False) if person else Agent(organisation, True)
        items[resource_id].authors.append(agent)
    publishers = (
        Publishing.objects.filter(resource_id__in=items)
        .order_by("position", "id")
        .values_list("resource_id", "organisation__name")
    )
    for resource_id, name in publishers:
        items[resource_id].publishers.append(name)


def _links(items: dict[int, Item]) -> None:
    files: dict[int, list[str]] = defaultdict(list)
    rows = (
        Attachment.objects.filter(resource_id__in=items)
        .order_by("position", "id")
        .values_list("resource_id", "pk", "url")
    )
    for resource_id, pk, url in rows:
        slug = items[resource_id].slug
        files[resource_id].append(url or reverse("catalog:download", args=[slug, pk]))
    for resource_id, links in files.items():
        items[resource_id].links = links
