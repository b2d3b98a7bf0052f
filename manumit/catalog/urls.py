"""The catalogue's public addresses. Each page that has formats is routed with
`with_formats`: the page at `<stem>/`, its formats (`.json` and any registered) at
`<stem>.<format>`. The old WordPress permalinks (`/<slug>/`) are legacy_urls.py, which the
project's urls.py includes last of all."""

from django.urls import path

from manumit.catalog.formats import with_formats
from manumit.catalog.views import browse, detail, listing

app_name = "catalog"

urlpatterns = [
    path("", listing.home, name="home"),
    *with_formats("resources", listing.resource_list, name="resources"),
    *with_formats("resources/<unicode_slug:slug>", detail.resource_detail, name="resource"),
    path("resources/<str:slug>/download/<int:attachment_id>/", detail.download, name="download"),
    path("tags/", browse.region_index, name="tags"),
    *with_formats("tags/<slug:slug>", browse.region_page, name="tag"),
    path("types/", browse.type_index, name="types"),
    *with_formats("types/<slug:slug>", browse.type_page, name="type"),
    path("topics/", browse.topic_index, name="topics"),
    *with_formats("topics/<slug:slug>", browse.topic_page, name="topic"),
    path("sectors/", browse.sector_index, name="sectors"),
    *with_formats("sectors/<slug:slug>", browse.sector_page, name="sector"),
    path("countries/", browse.country_index, name="countries"),
    *with_formats("countries/<unicode_slug:iso>", browse.country_page, name="country"),
    path("organisations/", browse.organisation_index, name="organisations"),
    *with_formats("organisations/<slug:slug>", browse.organisation_page, name="organisation"),
    *with_formats("people/<slug:slug>", browse.person_page, name="person"),
]
