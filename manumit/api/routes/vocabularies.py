"""The vocabularies: content types, regions (with their hierarchy), countries, topics,
sectors and the languages of published resources, each with its number of published
resources. The lists are short (the longest, countries, has about 250 rows), so they
come whole, without paging."""

from __future__ import annotations

from typing import Any

import pycountry
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router

from manumit.api import schemas
from manumit.api.errors import ErrorOut
from manumit.catalog.models import Country, Region, Resource, ResourceType, Sector, Status, Topic
from manumit.catalog.regions import region_filter

router = Router(tags=["vocabularies"])

PUBLISHED = Q(resources__status=Status.PUBLISHED)
ERRORS: dict[int, Any] = {429: ErrorOut}


def _terms(queryset: QuerySet) -> list[dict[str, Any]]:
    counted = queryset.annotate(count=Count("resources", filter=PUBLISHED, distinct=True))
    return [
        {"slug": t.slug, "name": t.name, "description": t.description, "resources": t.count}
        for t in counted
    ]


@router.get("/types", response={200: list[schemas.VocabularyTerm], **ERRORS}, url_name="types")
def list_types(request: HttpRequest) -> list[dict[str, Any]]:
    """Content types, in the order the site shows them."""
    return _terms(ResourceType.objects.all())


@router.get("/topics", response={200: list[schemas.VocabularyTerm], **ERRORS}, url_name="topics")
def list_topics(request: HttpRequest) -> list[dict[str, Any]]:
    return _terms(Topic.objects.all())


@router.get("/sectors", response={200: list[schemas.VocabularyTerm], **ERRORS}, url_name="sectors")
def list_sectors(request: HttpRequest) -> list[dict[str, Any]]:
    return _terms(Sector.objects.all())


def _region(region: Region, children: dict[int, list[str]], parents: dict[int, str]) -> dict:
    public = Resource.objects.public().filter(region_filter(region)).distinct()
    return {
        "slug": region.slug,
        "name": region.name,
        "m49_code": region.m49_code,
        "level": region.level,
        "parent": parents.get(region.parent_id) if region.parent_id else None,
        "children": children.get(region.pk, []),
        "resources": public.count(),
    }


def _tree() -> tuple[list[Region], dict[int, list[str]], dict[int, str]]:
    regions = list(Region.objects.order_by("name"))
    slugs = {region.pk: region.slug for region in regions}
    children: dict[int, list[str]] = {}
    for region in regions:
        if region.parent_id:
            children.setdefault(region.parent_id, []).append(region.slug)
    return regions, children, slugs


@router.get("/regions", response={200: list[schemas.Region], **ERRORS}, url_name="regions")
def list_regions(request: HttpRequest) -> list[dict[str, Any]]:
    """UN M49 regions: Global, the five regions and their sub-regions. `parent` and
    `children` hold slugs; a region's count includes everything under it."""
    regions, children, slugs = _tree()
    return [_region(region, children, slugs) for region in regions]


@router.get(
    "/regions/{slug}", response={200: schemas.Region, 404: ErrorOut, **ERRORS}, url_name="region"
)
def get_region(request: HttpRequest, slug: str) -> dict[str, Any]:
    region = get_object_or_404(Region, slug=slug)
    _, children, slugs = _tree()
    return _region(region, children, slugs)


def _country(country: Country, slugs: dict[int, str], count: int) -> dict[str, Any]:
    def slug(pk: int | None) -> str | None:
        return slugs.get(pk) if pk else None

    return {
        "iso2": country.iso2,
        "iso3": country.iso3,
        "name": country.display_name,
        "official_name": country.name,
        "region": slug(country.region_id),
        "subregion": slug(country.subregion_id),
        "intermediate_region": slug(country.intermediate_region_id),
        "resources": count,
    }


def _countries() -> QuerySet:
    return Country.objects.annotate(count=Count("resources", filter=PUBLISHED, distinct=True))


@router.get("/countries", response={200: list[schemas.Country], **ERRORS}, url_name="countries")
def list_countries(request: HttpRequest) -> list[dict[str, Any]]:
    """ISO 3166-1 countries and territories, placed in their M49 regions (slugs)."""
    _, _, slugs = _tree()
    return [_country(country, slugs, country.count) for country in _countries()]


@router.get(
    "/countries/{iso2}",
    response={200: schemas.Country, 404: ErrorOut, **ERRORS},
    url_name="country",
)
def get_country(request: HttpRequest, iso2: str) -> dict[str, Any]:
    country = get_object_or_404(_countries(), iso2=iso2.upper())
    _, _, slugs = _tree()
    return _country(country, slugs, country.count)


@router.get("/languages", response={200: list[schemas.Language], **ERRORS}, url_name="languages")
def list_languages(request: HttpRequest) -> list[dict[str, Any]]:
    """The languages that published resources are written in (ISO 639-1)."""
    rows = (
        Resource.objects.public()
        .values("language")
        .annotate(count=Count("id"))
        .order_by("-count", "language")
    )
    languages = []
    for row in rows:
        found = pycountry.languages.get(alpha_2=row["language"]) if row["language"] else None
        name = found.name if found else row["language"]
        languages.append({"code": row["language"], "name": name, "resources": row["count"]})
    return languages
