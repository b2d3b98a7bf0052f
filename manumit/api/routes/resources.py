"""Resources: the list (search, filters, facets, sorting, cursor paging) and one resource.

The list runs the same engine as /search/ (`manumit.search`), so a query gives the same
records in the same order as the search page. Paging is by cursor; see `walk` for what a
cursor guarantees.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from pydantic import StringConstraints

import manumit.search as engine
from manumit.api import cursor, represent, schemas
from manumit.api.errors import ApiError, ErrorOut
from manumit.api.paging import next_url, walk
from manumit.catalog.models import Resource

router = Router(tags=["resources"])

Slug = Annotated[str, StringConstraints(pattern=r"^[-a-zA-Z0-9_]{1,120}$")]
Iso2 = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2}$")]
Year = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}$")]
MAX_VALUES = 20


class ResourceQuery(Schema):
    q: str = Field("", max_length=500, description="Words, in the search page's language")
    type: list[Slug] = Field([], max_length=MAX_VALUES, description="Content type slugs")
    region: list[Slug] = Field([], max_length=MAX_VALUES, description="Region slugs")
    country: list[Iso2] = Field([], max_length=MAX_VALUES, description="ISO 3166 alpha-2")
    topic: list[Slug] = Field([], max_length=MAX_VALUES, description="Topic slugs")
    sector: list[Slug] = Field([], max_length=MAX_VALUES, description="Sector slugs")
    year: list[Year] = Field([], max_length=MAX_VALUES, description="Years of publication")
    publisher: list[Slug] = Field([], max_length=MAX_VALUES, description="Organisation slugs")
    language: list[Iso2] = Field([], max_length=MAX_VALUES, description="ISO 639-1 codes")
    format: list[Slug] = Field([], max_length=MAX_VALUES, description="File formats: pdf, …")
    year_from: int | None = Field(None, ge=1000, le=2999)
    year_to: int | None = Field(None, ge=1000, le=2999)
    sort: Literal["relevance", "newest", "oldest"] = "relevance"
    limit: int = Field(20, ge=1, le=100, description="Results per page")
    cursor: str | None = Field(None, max_length=2000, description="`next_cursor` of a page")


def search_query(params: ResourceQuery) -> engine.SearchQuery:
    if params.year_from and params.year_to and params.year_from > params.year_to:
        raise ApiError(
            422, "year_from is after year_to.", fields={"year_to": "is before year_from"}
        )
    filters: dict[str, tuple[str, ...]] = {}
    for facet in engine.FACETS:
        values = [str(value) for value in getattr(params, facet, [])]
        if facet == "country":
            values = [value.upper() for value in values]
        elif facet == "language":
            values = [value.lower() for value in values]
        if values:
            filters[facet] = tuple(dict.fromkeys(values))
    return engine.SearchQuery(
        text=" ".join(params.q.replace("\x00", "").split()),
        filters=filters,
        year_from=params.year_from,
        year_to=params.year_to,
        sort=params.sort,
    )


def identity(query: engine.SearchQuery) -> dict[str, Any]:
    """What a cursor is bound to: everything that decides the list, but not its page size."""
    return {
        "q": query.text,
        "f": {key: list(values) for key, values in sorted(query.filters.items())},
        "y": [query.year_from, query.year_to],
        "s": query.sort,
    }


@router.get(
    "/resources",
    response={
        200: schemas.ResourcePage,
        400: ErrorOut,
        422: ErrorOut,
        429: ErrorOut,
        503: ErrorOut,
    },
    url_name="resources",
    summary="Search and list published resources",
)
def list_resources(request: HttpRequest, params: Query[ResourceQuery]) -> dict[str, Any]:
    query = search_query(params)
    state = cursor.read(params.cursor, identity(query))
    page = walk(query, state, params.limit)
    token = cursor.make(page.next_state, identity(query)) if page.next_state else None
    return {
        "count": page.results.total,
        "limit": params.limit,
        "next_cursor": token,
        "next": next_url(request, token),
        "message": page.results.message or None,
        "did_you_mean": page.results.did_you_mean,
        "results": [represent.hit(found, request) for found in page.hits],
        "facets": {
            facet: [
                {"key": v.key, "label": v.label, "count": v.count, "selected": v.selected}
                for v in values
            ]
            for facet, values in page.results.facets.items()
        },
    }


@router.get(
    "/resources/{slug}",
    response={200: schemas.ResourceDetail, 404: ErrorOut, 429: ErrorOut},
    url_name="resource",
    summary="One published resource, with its attachments",
)
def get_resource(request: HttpRequest, slug: str) -> dict[str, Any]:
    resource = get_object_or_404(Resource.objects.public(), slug=slug)
    return represent.detail(resource, request)


@router.get(
    "/resources/{slug}/attachments",
    response={200: list[schemas.Attachment], 404: ErrorOut, 429: ErrorOut},
    url_name="resource-attachments",
    summary="The files and links of a published resource",
)
def list_attachments(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    resource = get_object_or_404(Resource.objects.public(), slug=slug)
    return [represent.attachment(item, request) for item in resource.attachments.all()]
