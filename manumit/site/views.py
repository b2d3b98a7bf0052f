"""Site-wide answers that belong to no one app: health, robots.txt, the error pages."""

from __future__ import annotations

import sys

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache

from manumit.site import faults, health


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database, search index, task queue and disk are well (manumit/site/
    health.py), else 503 with the same report: what a load balancer or a monitor polls."""
    answer = health.report()
    return JsonResponse(answer, status=200 if answer["status"] == "ok" else 503)


def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this while handling the error, so it is still at hand: a database outage
    # or a full disk met by middleware (outside FaultsMiddleware's reach) gets its own answer.
    error = sys.exc_info()[1]
    known = faults.answer(request, error) if error is not None else None
    if known is not None:
        return known
    # No context processors or database: the error may have come from either.
    return HttpResponse(loader.get_template("500.html").render(), status=500)
