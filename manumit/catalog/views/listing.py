"""The library's front page and the full listing, newest first."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase

from manumit.catalog.views.legacy import redirect_wordpress_id
from manumit.catalog.views.pages import public_resources, render_listing

HOME_INTRO = (
    "Reports, guidance, tools and standards on modern slavery and human trafficking, "
    "newest first, for researchers, compliance officers, policy makers and journalists."
)


def home(request: HttpRequest) -> HttpResponseBase:
    # WordPress served posts as /?p=<id>; old links and bookmarks still arrive that way.
    if "p" in request.GET:
        return redirect_wordpress_id(request, request.GET["p"])
    return render_listing(request, public_resources(request), heading="Resources", intro=HOME_INTRO)


def resource_list(request: HttpRequest, format: str = "") -> HttpResponseBase:
    return render_listing(request, public_resources(request), heading="Resources", format=format)
