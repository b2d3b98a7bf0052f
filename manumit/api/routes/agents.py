"""Organisations and people: only those credited on published work.

A name that appears only on drafts is not public: such an organisation or person is
absent from the lists and answers 404, exactly like one that does not exist, so the API
cannot be asked whether an unpublished report names someone.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from manumit.api import cursor, represent, schemas
from manumit.api.errors import ErrorOut
from manumit.api.paging import next_url
from manumit.catalog.models import Organisation, Person, Status

router = Router(tags=["organisations and people"])

ERRORS: dict[int, Any] = {400: ErrorOut, 422: ErrorOut, 429: ErrorOut}


class ListQuery(Schema):
    limit: Annotated[int, Field(ge=1, le=200)] = 50
    cursor: str | None = Field(None, max_length=2000, description="`next_cursor` of a page")


def public_organisations() -> QuerySet[Organisation]:
    published = Q(authored__resource__status=Status.PUBLISHED) | Q(
        published__resource__status=Status.PUBLISHED
    )
    return Organisation.objects.filter(published).distinct()


def public_people() -> QuerySet[Person]:
    return Person.objects.filter(credits__resource__status=Status.PUBLISHED).distinct()


def keyset_page(
    queryset: QuerySet, params: ListQuery, kind: str
) -> tuple[list[Any], str | None, int]:
    """A page in name order, continued after the (name, id) of the last row served: rows
    added meanwhile never shift a page, so a walk sees each row once."""
    state = cursor.read(params.cursor, {"list": kind})
    total = queryset.count()
    rows = queryset.order_by("name", "id")
    if state is not None:
        name, pk = str(state.get("n", "")), int(state.get("i", 0))
        rows = rows.filter(Q(name__gt=name) | Q(name=name, id__gt=pk))
    found = list(rows[: params.limit + 1])
    page = found[: params.limit]
    token = None
    if len(found) > params.limit:
        token = cursor.make({"n": page[-1].name, "i": page[-1].pk}, {"list": kind})
    return page, token, total


@router.get("/organisations", response={200: schemas.OrganisationPage, **ERRORS})
def list_organisations(request: HttpRequest, params: Query[ListQuery]) -> dict[str, Any]:
    """Organisations credited as author or publisher on a published resource."""
    page, token, total = keyset_page(public_organisations(), params, "organisations")
    return {
        "count": total,
        "next_cursor": token,
        "next": next_url(request, token),
        "results": [represent.organisation(item, request) for item in page],
    }


@router.get(
    "/organisations/{slug}",
    response={200: schemas.Organisation, 404: ErrorOut, 429: ErrorOut},
    url_name="organisation",
)
def get_organisation(request: HttpRequest, slug: str) -> dict[str, Any]:
    return represent.organisation(get_object_or_404(public_organisations(), slug=slug), request)


def _people(people: list[Person], request: HttpRequest) -> list[dict[str, Any]]:
    affiliations = {person.affiliation_id for person in people if person.affiliation_id}
    public = set(public_organisations().filter(pk__in=affiliations).values_list("pk", flat=True))
    return [represent.person(person, request, person.affiliation_id in public) for person in people]


@router.get("/people", response={200: schemas.PersonPage, **ERRORS})
def list_people(request: HttpRequest, params: Query[ListQuery]) -> dict[str, Any]:
    """People credited as author on a published resource. An affiliation is given only
    when that organisation is itself public."""
    queryset = public_people().select_related("affiliation")
    page, token, total = keyset_page(queryset, params, "people")
    return {
        "count": total,
        "next_cursor": token,
        "next": next_url(request, token),
        "results": _people(page, request),
    }


@router.get(
    "/people/{slug}",
    response={200: schemas.Person, 404: ErrorOut, 429: ErrorOut},
    url_name="person",
)
def get_person(request: HttpRequest, slug: str) -> dict[str, Any]:
    person = get_object_or_404(public_people().select_related("affiliation"), slug=slug)
    return _people([person], request)[0]
