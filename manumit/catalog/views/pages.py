"""Shared helpers for the public listing pages."""

from __future__ import annotations

from typing import Any, TypeVar

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import render

from manumit.catalog import serializers
from manumit.catalog.models import Resource
from manumit.catalog.models.resources import ResourceQuerySet
from manumit.search.forms import search_within

HttpResponseT = TypeVar("HttpResponseT", bound=HttpResponseBase)


def public_resources(request: HttpRequest) -> ResourceQuerySet:
    """What this visitor may see: published resources, or everything for a curator."""
    return Resource.objects.visible_to(request.user)


def paginate(request: HttpRequest, queryset: ResourceQuerySet) -> Page:
    paginator = Paginator(queryset.newest_first().with_listing_data(), settings.PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def render_listing(
    request: HttpRequest,
    queryset: ResourceQuerySet,
    *,
    heading: str,
    subject: Any = None,
    kind: str = "",
    intro: str = "",
) -> HttpResponse:
    page = paginate(request, queryset)
    if wants_json(request):
        return json_response(request, serializers.listing(page, heading, kind, request))
    context = {
        "page": page,
        "resources": page.object_list,
        "total": page.paginator.count,
        "heading": heading,
        "subject": subject,
        "kind": kind,
        "intro": intro,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "json_url": json_twin_url(request),
        "search_within": search_within(subject),
    }
    return private_if_curator(request, render(request, "catalog/resource_list.html", context))


def wants_json(request: HttpRequest) -> bool:
    """A page's `.json` twin is the same address with `.json` in place of the last slash."""
    return request.path.endswith(".json")


def json_response(request: HttpRequest, data: dict[str, Any]) -> JsonResponse:
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    if request.user.is_anonymous:
        # Public data: any site may fetch it from a browser.
        response["Access-Control-Allow-Origin"] = "*"
    return private_if_curator(request, response)


def private_if_curator(request: HttpRequest, response: HttpResponseT) -> HttpResponseT:
    """A curator's pages may show drafts: they must never land in a shared cache."""
    if not request.user.is_anonymous:
        response["Cache-Control"] = "private, no-store"
    return response


def json_twin_url(request: HttpRequest) -> str:
    """The `.json` address of this page (same query), for `<link rel="alternate">`."""
    path = (request.path.rstrip("/") or "/resources") + ".json"
    query = request.GET.urlencode()
    return f"{path}?{query}" if query else path
