"""Admins for the people, organisations and vocabularies a resource points at.

Each has `search_fields`, which the resource form's autocomplete boxes need. Countries and
regions come from ISO 3166 and UN M49 and are seeded by a migration: the curator groups
may only view them.
"""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from manumit.catalog.models import (
    Country,
    Organisation,
    Person,
    Region,
    ResourceType,
    Sector,
    Topic,
)


class ResourceCountMixin:
    """A 'Resources' column: how many resources (any status) use the term."""

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset: QuerySet = super().get_queryset(request)  # type: ignore[misc]
        return queryset.annotate(resource_count=Count("resources", distinct=True))

    @admin.display(description="Resources", ordering="resource_count")
    def resources_using(self, term: object) -> int:
        return int(getattr(term, "resource_count", 0))


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "country", "website"]
    list_select_related = ["country"]
    search_fields = ["name", "acronym"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = ["name", "slug", "acronym", "website", "country", "description"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "affiliation", "orcid"]
    list_select_related = ["affiliation"]
    search_fields = ["name", "orcid", "affiliation__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["affiliation"]
    fields = ["name", "slug", "affiliation", "orcid"]


@admin.register(ResourceType)
class ResourceTypeAdmin(ResourceCountMixin, admin.ModelAdmin):
    list_display = ["name", "position", "resources_using"]
    list_editable = ["position"]
    # Explicit: the resource count's GROUP BY drops the model's default ordering, and the
    # autocomplete pages through this queryset.
    ordering = ["position", "name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "position", "description"]


@admin.register(Topic, Sector)
class TermAdmin(ResourceCountMixin, admin.ModelAdmin):
    """Topics and sectors: a name, a slug and a description each."""

    list_display = ["name", "slug", "resources_using"]
    search_fields = ["name", "description"]
    ordering = ["name"]  # as ResourceTypeAdmin's
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "description"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "m49_code", "parent"]
    list_select_related = ["parent"]
    list_filter = ["level"]
    search_fields = ["name", "m49_code"]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "common_name", "iso2", "iso3", "region", "subregion"]
    list_select_related = ["region", "subregion"]
    list_filter = [("region", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "common_name", "iso2", "iso3"]
