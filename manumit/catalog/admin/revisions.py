"""Pending revisions: an editor's save of a published resource waits for a publisher.

`ResourceAdmin` calls `must_hold` and `hold` when saving; this module's admin lists the
revisions, shows each one's changes beside the published values, and lets a publisher
approve (apply) or reject them. See catalog/models/revisions.py for why.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import admin, messages
from django.db import models, transaction
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from manumit.catalog.models import Resource, Revision, RevisionState, Status
from manumit.catalog.workflow import can_publish


def must_hold(user: object, status_before: str | None) -> bool:
    """A non-publisher's save of a published resource becomes a revision."""
    return status_before == Status.PUBLISHED and not can_publish(user)


def hold(form: ModelForm, user: Any) -> Revision:
    """Keep the form's values (the resource's own fields) as a pending revision."""
    data: dict[str, Any] = {}
    for name, value in form.cleaned_data.items():
        field = _model_field(name)
        if field is None or name == "status":
            continue
        data[name] = [item.pk for item in value] if field.many_to_many else value
    return Revision.objects.create(resource=form.instance, data=data, created_by=user)


def _model_field(name: str) -> models.Field[Any, Any] | None:
    try:
        field = Resource._meta.get_field(name)
    except Exception:  # a form-only field
        return None
    return field if isinstance(field, models.Field) and field.editable else None


def live_values(resource: Resource, names: list[str]) -> dict[str, Any]:
    """The published values of `names`, in the form a revision stores them."""
    values: dict[str, Any] = {}
    for name in names:
        field = _model_field(name)
        if field is None:
            continue
        if field.many_to_many:
            values[name] = sorted(getattr(resource, name).values_list("pk", flat=True))
        else:
            value = getattr(resource, name)
            values[name] = value.isoformat() if isinstance(value, datetime.date) else value
    return values


def changes(revision: Revision) -> list[tuple[str, Any, Any]]:
    """(field, published value, proposed value) for each field the revision changes."""
    live = live_values(revision.resource, list(revision.data))
    found = []
    for name, proposed in revision.data.items():
        if name not in live:
            continue
        if isinstance(proposed, list):
            proposed = sorted(proposed)
        if proposed != live[name]:
            found.append((name, live[name], proposed))
    return found


@transaction.atomic
def approve(revision: Revision, user: Any) -> Resource:
    """Apply the revision to its resource (saved as any edit is: sanitised, indexed)."""
    from manumit.catalog.admin.resources import remember_old_slug

    resource = Resource.objects.select_for_update().get(pk=revision.resource_id)
    old_slug = resource.slug
    related: dict[str, list[int]] = {}
    for name, value in revision.data.items():
        field = _model_field(name)
        if field is None:
            continue
        if field.many_to_many:
            related[name] = list(value)
        else:
            setattr(resource, field.attname, field.to_python(value))
    resource.save()
    for name, ids in related.items():
        getattr(resource, name).set(ids)
    if resource.slug != old_slug:
        remember_old_slug(resource, old_slug)
    _decide(revision, user, RevisionState.APPROVED)
    return resource


def reject(revision: Revision, user: Any) -> None:
    _decide(revision, user, RevisionState.REJECTED)


def _decide(revision: Revision, user: Any, state: str) -> None:
    revision.state = state
    revision.decided_by = user
    revision.decided_at = timezone.now()
    revision.save(update_fields=["state", "decided_by", "decided_at"])


@admin.action(description="Approve: apply to the published resource")
def approve_selected(modeladmin: RevisionAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    _decide_selected(modeladmin, request, queryset, approve, "approved and applied")


@admin.action(description="Reject: leave the published resource as it is")
def reject_selected(modeladmin: RevisionAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    _decide_selected(modeladmin, request, queryset, reject, "rejected")


def _decide_selected(
    modeladmin: RevisionAdmin, request: HttpRequest, queryset: QuerySet, decide: Any, done: str
) -> None:
    if not can_publish(request.user):
        modeladmin.message_user(request, "Only publishers may decide on revisions.", messages.ERROR)
        return
    pending = list(queryset.filter(state=RevisionState.PENDING).select_related("resource"))
    for revision in pending:
        decide(revision, request.user)
    modeladmin.message_user(request, f"{len(pending)} revision(s) {done}.", messages.SUCCESS)


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ["resource", "state", "created_by", "created_at", "decided_by"]
    list_filter = ["state"]
    fields = ["resource", "state", "created_by", "created_at", "decided_by", "decided_at", "diff"]
    readonly_fields = ["resource", "state", "created_by", "created_at", "decided_by"]
    readonly_fields += ["decided_at", "diff"]  # all of them: a record, decided by actions
    actions = [approve_selected, reject_selected]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # made by saving a published resource, never by hand

    def has_change_permission(self, request: HttpRequest, obj: Revision | None = None) -> bool:
        return False  # decided by the actions, so the record of what was proposed stays

    def has_delete_permission(self, request: HttpRequest, obj: Revision | None = None) -> bool:
        return False

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        return super().get_actions(request) if can_publish(request.user) else {}

    @admin.display(description="Changes (published → proposed)")
    def diff(self, revision: Revision) -> SafeString:
        rows = [(name, repr(before), repr(after)) for name, before, after in changes(revision)]
        if not rows:
            return format_html("{}", "No change from the published version.")
        body = format_html_join(
            "", "<tr><th>{}</th><td>{}</td><td>{}</td></tr>", rows
        )  # every value escaped: titles and descriptions are curators' text
        return format_html("<table><tbody>{}</tbody></table>", body)
