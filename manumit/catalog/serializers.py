"""The `.json` twins of the public pages: the same resources, as plain data.

Every public page has a twin at the same address with `.json` (`/resources.json`,
`/tags/europe.json`, `/resources/<slug>.json`), so machines and people see the same truth.
A twin is the neutral record (formats/records.py) in the shape the twins have always had:
types, regions, topics and sectors as plain names, and a status only where it is not
"published" (only curators ever see such a resource).
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page
from django.http import HttpRequest

from manumit.catalog.formats import records
from manumit.catalog.formats.records import Record
from manumit.catalog.models import Resource

JsonDict = dict[str, Any]

# Vocabularies a twin lists by name; the record also has their slugs and addresses.
NAMED = ("types", "regions", "topics", "sectors")
# Bookkeeping of the record that the twins do not show.
HIDDEN = ("id", "is_public", "status")


def twin(record: Record) -> JsonDict:
    """A neutral record in the twins' shape."""
    data = {key: value for key, value in record.items() if key not in HIDDEN}
    for key in NAMED:
        if key in data:
            data[key] = [term["name"] for term in data[key]]
    if not record["is_public"]:
        data["status"] = record["status"]
    return data


def resource_summary(resource: Resource, request: HttpRequest) -> JsonDict:
    """What a listing card shows."""
    return twin(records.summary(resource, request))


def resource_detail(resource: Resource, related: list[Resource], request: HttpRequest) -> JsonDict:
    """What a resource's page shows."""
    return {
        **twin(records.record(resource, request)),
        "related": [resource_summary(item, request) for item in related],
    }


def listing(page: Page, heading: str, kind: str, request: HttpRequest) -> JsonDict:
    def page_url(number: int) -> str:
        query = request.GET.copy()
        query["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return {
        "title": heading,
        "kind": kind or None,
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "next": page_url(page.next_page_number()) if page.has_next() else None,
        "previous": page_url(page.previous_page_number()) if page.has_previous() else None,
        "resources": [resource_summary(item, request) for item in page.object_list],
    }
