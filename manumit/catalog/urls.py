from django.urls import path

from manumit.catalog.views import browse, detail, legacy, listing

app_name = "catalog"

urlpatterns = [
    path("", listing.home, name="home"),
    path("resources/", listing.resource_list, name="resources"),
    path("resources/<str:slug>/", detail.resource_detail, name="resource"),
    path("resources/<str:slug>/download/<int:attachment_id>/", detail.download, name="download"),
    path("tags/", browse.region_index, name="tags"),
    path("tags/<slug:slug>/", browse.region_page, name="tag"),
    path("types/", browse.type_index, name="types"),
    path("types/<slug:slug>/", browse.type_page, name="type"),
    path("topics/", browse.topic_index, name="topics"),
    path("topics/<slug:slug>/", browse.topic_page, name="topic"),
    path("sectors/", browse.sector_index, name="sectors"),
    path("sectors/<slug:slug>/", browse.sector_page, name="sector"),
    path("countries/", browse.country_index, name="countries"),
    path("countries/<str:iso>/", browse.country_page, name="country"),
    path("organisations/", browse.organisation_index, name="organisations"),
    path("organisations/<slug:slug>/", browse.organisation_page, name="organisation"),
    path("people/<slug:slug>/", browse.person_page, name="person"),
    path("healthz", legacy.healthz, name="healthz"),
    # Old WordPress permalinks (/<slug>/) come last so they never shadow a real route.
    path("<str:slug>/", legacy.old_slug, name="legacy-slug"),
]
