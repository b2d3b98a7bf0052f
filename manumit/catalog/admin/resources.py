"""The resource admin: the list curators work from and the form they write in."""

from __future__ import annotations

import logging
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db import models
from django.db.models import Field, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern
from django.utils.html import format_html
from django.utils.safestring import SafeString

from manumit.accounts.permissions import (
    can_publish,
    check_status_change,
    status_choices_for,
    status_is_locked_for,
)
from manumit.catalog.admin import actions
from manumit.catalog.admin.filters import YearFilter
from manumit.catalog.admin.forms import ResourceAdminForm
from manumit.catalog.admin.inlines import (
    AttachmentInline,
    AuthorshipInline,
    LegacySlugInline,
    PublishingInline,
)
from manumit.catalog.models import LegacySlug, Resource

log = logging.getLogger(__name__)


class ResourceChangeList(ChangeList):
    """The list page: fetch every row's content types in one query, not one per row."""

    def get_queryset(self, request: HttpRequest, exclude_parameters: Any = None) -> QuerySet:
        return super().get_queryset(request, exclude_parameters).prefetch_related("types")


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    form = ResourceAdminForm
    list_display = ["title", "content_types", "date", "status", "updated_at", "preview"]
    list_filter = [
        "status",
        "types",
        ("regions", admin.RelatedOnlyFieldListFilter),
        YearFilter,
    ]
    search_fields = [
        "title",
        "description",
        "doi",
        "isbn",
        "authorships__person__name",
        "authorships__organisation__name",
        "authorships__organisation__acronym",
        "publishings__organisation__name",
        "publishings__organisation__acronym",
    ]
    search_help_text = "Searches titles, descriptions, authors, publishers, DOIs and ISBNs."
    ordering = ["-updated_at", "-id"]
    list_per_page = 50
    save_on_top = True
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    autocomplete_fields = ["types", "regions", "countries", "topics", "sectors"]
    readonly_fields = ["published_at", "created_by", "created_at", "updated_at"]
    fieldsets = [
        ("Basics", {"fields": ["title", "slug", "types", "language"]}),
        ("Description", {"fields": ["description"]}),
        ("Dates", {"fields": [("pub_date", "pub_date_precision")]}),
        ("Classification", {"fields": ["regions", "countries", "topics", "sectors"]}),
        (
            "Identifiers and links",
            {"fields": ["source_url", "doi", "isbn", "wp_post_id"], "classes": ["collapse"]},
        ),
        (
            "Status",
            {"fields": ["status", "published_at", "created_by", ("created_at", "updated_at")]},
        ),
    ]
    inlines = [AuthorshipInline, PublishingInline, AttachmentInline, LegacySlugInline]
    actions = [actions.send_for_review, actions.publish, actions.withdraw]

    # Document ingestion (manumit.ingest): its views, its panel, a job per uploaded file

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        """Curators search with the site's engine, every status and the document text
        included, plus exact DOIs and ISBNs; the database's own search if it is down."""
        from django.db.models import Q

        from manumit.search import search_ids
        from manumit.search.sync import sync_once

        if search_term.strip():
            # A curator expects to find what was saved a moment ago: catch up first
            # (cheap when nothing is pending; a no-op refresh when another process writes).
            try:
                sync_once()
            except Exception:  # the engine is down: search_ids falls back below
                log.exception("search index could not catch up before the admin search")
        ids = search_ids(search_term) if search_term.strip() else None
        if ids is None:
            return super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        return queryset.filter(Q(id__in=ids) | Q(doi__iexact=term) | Q(isbn=term)), False

    def get_urls(self) -> list[URLPattern]:
        from manumit.ingest.admin import resource_urls

        return [*resource_urls(self), *super().get_urls()]

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        from manumit.ingest.admin import change_page_context

        context = {**(extra_context or {}), **change_page_context(self, request, object_id)}
        return super().change_view(request, object_id, form_url, context)

    # The list page

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return ResourceChangeList

    @admin.display(description="Content types")
    def content_types(self, resource: Resource) -> str:
        return ", ".join(kind.name for kind in resource.types.all())

    @admin.display(description="Date", ordering="pub_date")
    def date(self, resource: Resource) -> str:
        return resource.display_date

    @admin.display(description="On the site")
    def preview(self, resource: Resource) -> SafeString:
        label = "View" if resource.is_public else "Preview"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            resource.get_absolute_url(),
            label,
        )

    # Who may do what

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return can_publish(request.user)

    def get_readonly_fields(
        self, request: HttpRequest, obj: Resource | None = None
    ) -> list[str] | tuple[str, ...]:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and status_is_locked_for(request.user, obj.status):
            fields.append("status")
        return fields

    def formfield_for_choice_field(
        self, db_field: Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.TypedChoiceField | None:
        if db_field.name == "status":
            kwargs["choices"] = status_choices_for(request.user)
            if not can_publish(request.user):
                kwargs["help_text"] = (
                    "Set 'In review' when it is ready; a publisher will publish it."
                )
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    # Saving

    def save_model(self, request: HttpRequest, obj: Resource, form: Any, change: bool) -> None:
        before = Resource.objects.filter(pk=obj.pk).values_list("status", flat=True).first()
        check_status_change(request.user, before if change else None, obj.status)
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        from manumit.ingest.admin import queue_new_uploads

        queue_new_uploads(formsets)
        old_slug = form.initial.get("slug")
        if change and old_slug and old_slug != form.instance.slug:
            remember_old_slug(form.instance, old_slug)


def remember_old_slug(resource: Resource, old_slug: str) -> None:
    """Keep a renamed resource's old address working (/<old-slug>/ redirects to it)."""
    LegacySlug.objects.filter(slug=resource.slug, resource=resource).delete()
    LegacySlug.objects.get_or_create(slug=old_slug, defaults={"resource": resource})
