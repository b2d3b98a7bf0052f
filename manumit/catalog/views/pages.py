"""Shared helpers for the public listing pages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render

from manumit.catalog import formats, hooks
from manumit.catalog.formats.subjects import Listing
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
    format: str = "",
) -> HttpResponseBase:
    """The listing page, or its `format` (the address's suffix) from the registry."""
    chosen = formats.lookup(formats.LISTING, format)
    page = paginate(request, queryset)
    if chosen is not None:
        listing = Listing(
            request,
            heading,
            source=queryset.newest_first(),
            kind=kind,
            subject=subject,
            page=page,
            count=page.paginator.count,
        )
        return formats.respond(request, chosen, listing)
    context = {
        "page": page,
        "resources": page.object_list,
        "total": page.paginator.count,
        "heading": heading,
        "subject": subject,
        "kind": kind,
        "intro": intro,
        "page_range": page.paginator.get_elided_page_range(page.number),
        **page_formats(request, formats.LISTING),
    }
    # Higher apps add to a listing (search offers a "search within" box for its subject).
    for extra in hooks.call(hooks.LISTING_CONTEXT, request, context):
        context.update(extra)
    return formats.private_if_curator(
        request, render(request, "catalog/resource_list.html", context)
    )


def page_formats(request: HttpRequest, kind: str) -> dict[str, Any]:
    """What base.html needs to announce the page's formats, one `<link rel="alternate">`
    each (the `.json` twin, and whatever else is registered)."""
    return {"alternates": formats.alternates(request, kind)}
