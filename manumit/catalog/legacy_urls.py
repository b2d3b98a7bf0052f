"""The old WordPress permalinks, `/<slug>/`, moved on to today's addresses.

This route takes any one-segment address, so the project's urls.py includes it after every
app: no app ever has to be included before the catalogue to escape it."""

from django.urls import path

from manumit.catalog.views import legacy

urlpatterns = [
    path("<str:slug>/", legacy.old_slug, name="legacy-slug"),
]
