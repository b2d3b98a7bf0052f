from django.urls import path

from manumit.catalog.views import browse, detail, legacy, listing

app_name = "catalog"

urlpatterns = [
    path("", listing.home, name="home"),
    path("resources/", listing.resource_list, name="resources"),
    path("resources.json", listing.resource_list, name="resources-json"),
    path("resources/<str:slug>.json", detail.resource_detail, name="resource-json"),
    path("resources/<str:slug>/", detail.resource_detail, name="resource"),
    path("resources/<str:slug>/download/<int:attachment_id>/", detail.download, name="download"),
    path("tags/", browse.region_index, name="tags"),
    path("tags/<slug:slug>/", browse.region_page, name="tag"),
    path("tags/<slug:slug>.json", browse.region_page, name="tag-json"),
    path("types/", browse.type_index, name="types"),
    path("types/<slug:slug>/", browse.type_page, name="type"),
    path("types/<slug:slug>.json", browse.type_page, name="type-json"),
    path("topics/", browse.topic_index, name="topics"),
    path("topics/<slug:slug>/", browse.topic_page, name="topic"),
    path("topics/<slug:slug>.json", browse.topic_page, name="topic-json"),
    path("sectors/", browse.sector_index, name="sectors"),
    path("sectors/<slug:slug>/", browse.sector_page, name="sector"),
    path("sectors/<slug:slug>.json", browse.sector_page, name="sector-json"),
    path("countries/", browse.country_index, name="countries"),
    path("countries/<str:iso>/", browse.country_page, name="country"),
    path("countries/<str:iso>.json", browse.country_page, name="country-json"),
    path("organisations/", browse.organisation_index, name="organisations"),
    path("organisations/<slug:slug>/", browse.organisation_page, name="organisation"),
    path("organisations/<slug:slug>.json", browse.organisation_page, name="organisation-json"),
    path("people/<slug:slug>/", browse.person_page, name="person"),
    path("people/<slug:slug>.json", browse.person_page, name="person-json"),
    # Old WordPress permalinks (/<slug>/) come last so they never shadow a real route.
    path("<str:slug>/", legacy.old_slug, name="legacy-slug"),
]
