"""Merging duplicates from the resource list, and undoing a merge from its record.

The action takes exactly two ticked resources to a confirmation page that shows them side
by side and what would move; the curator picks the winner and confirms. The merge record
(under "Merges") shows what happened and has the "Undo merge" button. Both need
`catalog.merging.can_merge`: a merge deletes a resource, which editors may not do.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html

from manumit.catalog.merge_chains import describe, standing_around
from manumit.catalog.merging import TERMS, MergeError, can_merge, merge
from manumit.catalog.models import MergeRecord, Resource
from manumit.catalog.unmerging import undo

TEMPLATE = "admin/catalog/resource/merge.html"


def facts(resource: Resource) -> list[tuple[str, Any]]:
    """What the confirmation page shows of one candidate, and what would move."""
    return [
        ("Status", resource.get_status_display()),
        ("Address", resource.slug),
        ("Date", resource.display_date),
        ("Authors", resource.byline),
        ("DOI", resource.doi),
        ("ISBN", resource.isbn),
        ("Source URL", resource.source_url),
        ("WordPress post id", resource.wp_post_id or ""),
        ("Attachments", resource.attachments.count()),
        ("Authors and publishers", resource.authorships.count() + resource.publishings.count()),
        ("Terms", sum(getattr(resource, name).count() for name in TERMS)),
        ("Old addresses", resource.legacy_slugs.count()),
    ]


def side_by_side(pair: list[Resource]) -> list[tuple[str, list[Any]]]:
    """`[("DOI", ["10.1/x", ""]), ...]`: one row per fact, one column per resource."""
    columns = [facts(resource) for resource in pair]
    return [
        (label, [column[row][1] for column in columns]) for row, (label, _) in enumerate(columns[0])
    ]


@admin.action(permissions=["merge"], description="Merge selected (2) resources")
def merge_resources(
    modeladmin: admin.ModelAdmin[Resource], request: HttpRequest, queryset: QuerySet[Resource]
) -> TemplateResponse | None:
    pair = list(queryset.order_by("pk")[:3])
    if len(pair) != 2:
        modeladmin.message_user(request, "Tick exactly two resources to merge.", messages.ERROR)
        return None
    if "merge" in request.POST:
        chosen = request.POST.get("winner")
        winner = next((one for one in pair if str(one.pk) == chosen), None)
        if winner is not None:
            loser = pair[1] if winner is pair[0] else pair[0]
            done(modeladmin, request, winner, loser)
            return None
        messages.error(request, "Choose the resource to keep.")
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": "Merge two resources",
        "opts": modeladmin.model._meta,
        "pair": pair,
        "rows": side_by_side(pair),
        "selected": [str(resource.pk) for resource in pair],
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "back": request.get_full_path(),
    }
    return TemplateResponse(request, TEMPLATE, context)


def done(
    modeladmin: admin.ModelAdmin[Resource],
    request: HttpRequest,
    winner: Resource,
    loser: Resource,
) -> None:
    try:
        record = merge(winner, loser, request.user)
    except MergeError as error:
        modeladmin.message_user(request, str(error), messages.ERROR)
        return
    modeladmin.message_user(
        request,
        format_html(
            "Merged “{}” into “{}”; its addresses now lead there."
            ' <a href="{}">Undo this merge</a> from its record.',
            record.loser_title,
            winner.title,
            record.get_admin_url(),
        ),
        messages.SUCCESS,
    )


@admin.register(MergeRecord)
class MergeRecordAdmin(admin.ModelAdmin):
    """The merges, newest first; read-only, with the undo on each record's page."""

    list_display = ["loser_title", "winner", "merged_by", "merged_at", "undone_at"]
    list_select_related = ["winner", "merged_by"]
    fields = [
        "loser_title",
        "loser_id",
        "winner",
        "merged_by",
        "merged_at",
        "undone_by",
        "undone_at",
    ]
    readonly_fields = [
        "loser_title",
        "loser_id",
        "winner",
        "merged_by",
        "merged_at",
        "undone_by",
        "undone_at",
    ]
    change_form_template = "admin/catalog/mergerecord/change_form.html"

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_merge(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """Say, before the undo button, where a chain of merges took the resource's things."""
        record = MergeRecord.objects.filter(pk=object_id).first() if object_id.isdigit() else None
        chain = standing_around(record, lock=False) if record and not record.is_undone else []
        note = f"{describe(record, chain)}." if record and chain else ""
        context = {**(extra_context or {}), "chain_note": note}
        return super().change_view(request, object_id, form_url, context)

    def get_urls(self) -> list[URLPattern]:
        undo_url = path(
            "<int:record_id>/undo/",
            self.admin_site.admin_view(self.undo_view),
            name="catalog_mergerecord_undo",
        )
        return [undo_url, *super().get_urls()]

    def undo_view(self, request: HttpRequest, record_id: int) -> HttpResponse:
        """POST only: the button on the record's page (CSRF-checked by the admin)."""
        if not can_merge(request.user):
            raise PermissionDenied("Only publishers may undo a merge.")
        record = get_object_or_404(MergeRecord, pk=record_id)
        if request.method != "POST":
            return HttpResponseRedirect(record.get_admin_url())
        try:
            loser = undo(record, request.user)
        except MergeError as error:
            self.message_user(request, f"The merge was not undone: {error}", messages.ERROR)
            return HttpResponseRedirect(record.get_admin_url())
        self.message_user(
            request,
            format_html(
                'Undid the merge: “{}” is back as a resource of its own. <a href="{}">Open it</a>.',
                loser.title,
                reverse("admin:catalog_resource_change", args=[loser.pk]),
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(record.get_admin_url())
