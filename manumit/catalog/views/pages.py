"""Shared helpers for the public listing pages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from manumit.catalog import serializers
from manumit.catalog.models import Resource
from manumit.catalog.models.resources import ResourceQuerySet


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
        "json_url": html_twin(request),
    }
    return render(request, "catalog/resource_list.html", context)


def wants_json(request: HttpRequest) -> bool:
    """A page's `.json` twin is the same address with `.json` in place of the last slash."""
    return request.path.endswith(".json")


def json_response(request: HttpRequest, data: dict[str, Any]) -> JsonResponse:
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    if data.get("status") or not request.user.is_anonymous:
        response["Cache-Control"] = "private, no-store"
    else:
        # Public data: any site may fetch it from a browser.
        response["Access-Control-Allow-Origin"] = "*"
    return response


def html_twin(request: HttpRequest) -> str:
    """The `.json` address of this page, for `<link rel="alternate">`."""
    path = request.path.rstrip("/") or "/resources"
    return path + ".json"
