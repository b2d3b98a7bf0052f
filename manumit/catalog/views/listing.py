"""The library's front page and the full listing, newest first."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from manumit.catalog.views.legacy import redirect_wordpress_id
from manumit.catalog.views.pages import public_resources, render_listing


def home(request: HttpRequest) -> HttpResponse:
    # WordPress served posts as /?p=<id>; old links and bookmarks still arrive that way.
    if "p" in request.GET:
        return redirect_wordpress_id(request, request.GET["p"])
    return resource_list(request)


def resource_list(request: HttpRequest) -> HttpResponse:
    return render_listing(request, public_resources(request), heading="Resources")
