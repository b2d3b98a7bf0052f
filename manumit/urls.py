from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from manumit.catalog.sitemaps import SITEMAPS

urlpatterns = [
    path("admin/import/", include("manumit.importers.urls")),  # before the admin's own
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("", include("manumit.site.urls")),  # robots.txt, /healthz, /favicon.ico
    path("api/", include("manumit.api.urls")),
    path("", include("manumit.interop.urls")),
    path("", include("manumit.search.urls")),
    path("", include("manumit.catalog.urls")),
    # Last of all: any /<slug>/ may be an old WordPress permalink (add apps above this).
    path("", include("manumit.catalog.legacy_urls")),
]

handler404 = "manumit.site.views.not_found"
handler500 = "manumit.site.views.server_error"
