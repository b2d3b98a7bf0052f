from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.generic import RedirectView

from manumit.catalog.sitemaps import SITEMAPS
from manumit.catalog.views import errors


def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


urlpatterns = [
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    # Browsers ask for /favicon.ico whatever the page says; send them to the real icon.
    path("favicon.ico", RedirectView.as_view(url="/static/manumit/favicon.svg", permanent=True)),
    # Before the catalogue: its last route takes any /<slug>/ for an old WordPress permalink.
    path("api/", include("manumit.api.urls")),
    path("", include("manumit.interop.urls")),
    path("", include("manumit.search.urls")),
    path("", include("manumit.catalog.urls")),
]

handler404 = errors.not_found
handler500 = errors.server_error
