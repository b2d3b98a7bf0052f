"""Shared helpers for the public listing pages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

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
    context = {
        "page": page,
        "resources": page.object_list,
        "total": page.paginator.count,
        "heading": heading,
        "subject": subject,
        "kind": kind,
        "intro": intro,
    }
    return render(request, "catalog/resource_list.html", context)
