"""Side filters for the resource list."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from manumit.catalog.models import Resource

UNDATED = "none"


class YearFilter(admin.SimpleListFilter):
    """Publication year: the years that resources have, newest first, then 'No date'."""

    title = "publication year"
    parameter_name = "year"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[str, str]]:
        resources = model_admin.get_queryset(request)
        dates = resources.dates("pub_date", "year", order="DESC")
        years = [(str(day.year), str(day.year)) for day in dates]
        if resources.filter(pub_date__isnull=True).exists():
            years.append((UNDATED, "No date"))
        return years

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[Resource]
    ) -> QuerySet[Resource] | None:
        value = self.value()
        if value == UNDATED:
            return queryset.filter(pub_date__isnull=True)
        if value and value.isascii() and value.isdigit() and len(value) <= 4:
            return queryset.filter(pub_date__year=int(value))
        return queryset
