from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from manumit.catalog.sitemaps import SITEMAPS

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("", include("manumit.site.urls")),  # robots.txt, /healthz, /favicon.ico
    # Before the catalogue: its last route takes any /<slug>/ for an old WordPress permalink.
    path("api/", include("manumit.api.urls")),
    path("", include("manumit.interop.urls")),
    path("", include("manumit.search.urls")),
    path("", include("manumit.catalog.urls")),
]

handler404 = "manumit.site.views.not_found"
handler500 = "manumit.site.views.server_error"
