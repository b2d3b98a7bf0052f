"""The resource admin: the list curators work from and the form they write in."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.db import models
from django.db.models import Field, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from manumit.catalog import hooks
from manumit.catalog.admin import actions, bulk, merges, revisions
from manumit.catalog.admin.filters import YearFilter
from manumit.catalog.admin.forms import ResourceAdminForm
from manumit.catalog.admin.inlines import (
    AttachmentInline,
    AuthorshipInline,
    LegacySlugInline,
    PublishingInline,
)
from manumit.catalog.models import LegacySlug, Resource, Revision
from manumit.catalog.workflow import (
    can_publish,
    check_status_change,
    status_choices_for,
    status_is_locked_for,
)


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
    actions = [
        actions.send_for_review,
        actions.publish,
        actions.withdraw,
        bulk.bulk_edit,
        merges.merge_resources,
    ]

    # What higher apps add (manumit.catalog.hooks): the engine's search, ingestion's
    # views, panel and jobs. The catalogue calls them without knowing who they are.

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        """Curators search with whatever engine plugs in (every status, the document text
        too), plus exact DOIs and ISBNs; the database's own search when none answers."""
        term = search_term.strip()
        ids = engine_ids(term) if term else None
        if ids is None:
            return super().get_search_results(request, queryset, search_term)
        return queryset.filter(Q(id__in=ids) | Q(doi__iexact=term) | Q(isbn=term)), False

    def get_urls(self) -> list[URLPattern]:
        extra = [url for urls in hooks.call(hooks.ADMIN_RESOURCE_URLS, self) for url in urls]
        return [*extra, *super().get_urls()]

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        context = dict(extra_context or {})
        for extra in hooks.call(hooks.ADMIN_RESOURCE_CHANGE_CONTEXT, self, request, object_id):
            context.update(extra)
        if request.method == "GET":
            self.announce_revisions(request, object_id)
        return super().change_view(request, object_id, form_url, context)

    def announce_revisions(self, request: HttpRequest, object_id: str) -> None:
        pending = Revision.objects.pending().filter(resource_id=object_id).count()
        if pending:
            link = reverse("admin:catalog_revision_changelist")
            self.message_user(
                request,
                format_html(
                    '{} pending revision(s) of this resource await a publisher: <a href="{}'
                    '?resource__id__exact={}&amp;state__exact=pending">review them</a>.',
                    pending,
                    link,
                    object_id,
                ),
                messages.WARNING,
            )

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

    def has_merge_permission(self, request: HttpRequest) -> bool:
        return merges.can_merge(request.user)

    def get_inline_instances(self, request: HttpRequest, obj: Resource | None = None) -> list[Any]:
        """A non-publisher's save of a published resource is held for review as a revision
        of its own fields; its rows (authors, files…) are shown read-only, not edited live."""
        inlines = super().get_inline_instances(request, obj)
        if obj is not None and revisions.must_hold(request.user, obj.status):
            for inline in inlines:
                for permission in ("add", "change", "delete"):
                    setattr(inline, f"has_{permission}_permission", _never)
        return inlines

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
        if change and revisions.must_hold(request.user, before):
            revisions.hold(form, request.user)
            request.held_as_revision = True  # type: ignore[attr-defined]
            return  # the published record stays as it is until a publisher approves
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        if getattr(request, "held_as_revision", False):
            # Nothing of a held save reaches the resource, its rows included; the admin's
            # history entry still asks each formset what it saved: nothing.
            for formset in formsets:
                formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            return
        super().save_related(request, form, formsets, change)
        hooks.call(hooks.ADMIN_RESOURCE_AFTER_SAVE, request, form.instance, form, formsets, change)
        old_slug = form.initial.get("slug")
        if change and old_slug and old_slug != form.instance.slug:
            remember_old_slug(form.instance, old_slug)

    def response_change(self, request: HttpRequest, obj: Resource) -> HttpResponse:
        if getattr(request, "held_as_revision", False):
            self.message_user(
                request,
                "Saved as a revision for a publisher to approve; the published version is"
                " unchanged until then.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)


def _never(*args: object, **kwargs: object) -> bool:
    return False


def engine_ids(term: str) -> list[int] | None:
    """The ids the first search hook that answers finds for `term`; None when none does
    (no engine plugged in, or it is down), so the admin falls back to the database."""
    for search in hooks.hooks(hooks.ADMIN_RESOURCE_SEARCH):
        ids = search(term)
        if ids is not None:
            return list(ids)
    return None


def remember_old_slug(resource: Resource, old_slug: str) -> None:
    """Keep a renamed resource's old address working (/<old-slug>/ redirects to it)."""
    LegacySlug.objects.filter(slug=resource.slug, resource=resource).delete()
    LegacySlug.objects.get_or_create(slug=old_slug, defaults={"resource": resource})
