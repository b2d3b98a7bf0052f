"""The <head> of a resource page: canonical link, JSON-LD, Highwire, OpenGraph and Twitter
tags (the catalogue's RESOURCE_HEAD hook)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from manumit.catalog.formats import records
from manumit.catalog.models import Resource
from manumit.interop.citations.record import citable
from manumit.interop.metadata import jsonld, tags


def resource_head(request: HttpRequest, resource: Resource) -> str:
    item = citable(records.record(resource, request))
    home = request.build_absolute_uri(reverse("catalog:home"))
    data = jsonld.work(item, site_name=settings.SITE_NAME, home_url=home)
    context = {
        "canonical": item.url,
        # Escaped for a <script> data block by script_body; the template must not escape
        # it again (that would turn quotes into entities inside JSON).
        "json_ld": mark_safe(jsonld.script_body(data)),  # noqa: S308
        "meta_tags": tags.highwire(item) + tags.social(item, site_name=settings.SITE_NAME),
    }
    return render_to_string("interop/resource_head.html", context, request=request)
