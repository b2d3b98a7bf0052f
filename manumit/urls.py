from django.contrib import admin
from django.urls import include, path

from manumit.catalog.views import errors

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("manumit.catalog.urls")),
]

handler404 = errors.not_found
handler500 = errors.server_error
