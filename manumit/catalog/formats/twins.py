"""The catalogue's own format: the `.json` twin of resource pages and listings.

Registered like any other format (from CatalogConfig.ready()), so it is nothing special:
the citation, feed and export formats of the open interfaces sit beside it.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse

from manumit.catalog import serializers
from manumit.catalog.formats.http import json_response
from manumit.catalog.formats.registry import LISTING, RESOURCE, Format, register
from manumit.catalog.formats.subjects import Listing, ResourceItem
from manumit.catalog.related import related_resources


def resource_json(request: HttpRequest, item: ResourceItem) -> JsonResponse:
    related = related_resources(item.resource)
    return json_response(request, serializers.resource_detail(item.resource, related, request))


def listing_json(request: HttpRequest, listing: Listing) -> JsonResponse:
    """One page of the listing, like the HTML page, with the addresses of its neighbours."""
    if listing.page is None:
        raise ValueError("The JSON twin of a listing pages like the listing: it needs `page`.")
    data = serializers.listing(listing.page, listing.title, listing.kind, request)
    return json_response(request, data)


RESOURCE_JSON = Format("json", "application/json", resource_json, label="JSON")
LISTING_JSON = Format("json", "application/json", listing_json, label="JSON")


def plug_in() -> None:
    register(RESOURCE, RESOURCE_JSON)
    register(LISTING, LISTING_JSON)
