"""Redirects from the old WordPress site's URLs."""

from __future__ import annotations

import re

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from manumit.catalog.models import LegacyPostId, LegacySlug, Resource
from manumit.catalog.views.pages import public_resources

# ASCII digits only: str.isdigit() also accepts "²", which int() then refuses.
WORDPRESS_ID = re.compile(r"[0-9]{1,10}")


def redirect_wordpress_id(request: HttpRequest, post_id: str) -> HttpResponse:
    if not WORDPRESS_ID.fullmatch(post_id):
        raise Http404("No resource has that WordPress id.")
    visible = public_resources(request)
    resource = visible.filter(wp_post_id=int(post_id)).first()
    if resource is None:  # the post id of a duplicate merged into another resource
        legacy = get_object_or_404(LegacyPostId, wp_post_id=int(post_id), resource__in=visible)
        resource = legacy.resource
    return _moved(resource)


def old_slug(request: HttpRequest, slug: str, *, format: str = "") -> HttpResponse:
    """`/<slug>/` (the WordPress permalink shape), or any old slug, to today's address.

    With a `format`, an old `.json` (or `.bib`...) address moves to the new one."""
    visible = public_resources(request)
    resource = visible.filter(slug=slug).first()
    if resource is None:
        legacy = LegacySlug.objects.filter(slug=slug, resource__in=visible).first()
        if legacy is None:
            raise Http404("No resource was ever published at that address.")
        resource = legacy.resource
    return _moved(resource, format=format)


def _moved(resource: Resource, *, format: str = "") -> HttpResponse:
    response = HttpResponse(status=301)
    url = resource.get_absolute_url()
    response["Location"] = f"{url.rstrip('/')}.{format}" if format else url
    return response
