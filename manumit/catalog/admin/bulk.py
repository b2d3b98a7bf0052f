"""Bulk edit from the resource list: add or remove a term, or set the status, on many at once.

It is an admin action, so it works on the ticked rows or, with "Select all", on every
resource of the current filter (Django's `select_across`). The first post shows a
confirmation page with the count and the change; the second applies it in one transaction.
The workflow holds as it does for one resource: statuses follow `catalog/workflow.py`, and
an editor's change to a published resource becomes a pending revision (see
`catalog/admin/revisions.py`) instead of going live unreviewed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse

from manumit.catalog.admin import revisions
from manumit.catalog.admin.actions import move_to
from manumit.catalog.models import (
    Country,
    Region,
    Resource,
    ResourceType,
    Revision,
    Sector,
    Status,
    Topic,
)
from manumit.catalog.workflow import may_change_status, status_choices_for

TEMPLATE = "admin/catalog/resource/bulk_edit.html"

# The vocabularies a bulk edit may add or remove, by the resource's field name.
VOCABULARIES: dict[str, tuple[str, type[models.Model]]] = {
    "types": ("Content type", ResourceType),
    "regions": ("Region", Region),
    "countries": ("Country", Country),
    "topics": ("Topic", Topic),
    "sectors": ("Sector", Sector),
}

ADD, REMOVE, STATUS = "add", "remove", "status"

# Titles listed on the confirmation page; the count covers the rest.
SHOWN = 20


def term_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every term, grouped by vocabulary, as `field:pk` values."""
    return [
        (label, [(f"{field}:{term.pk}", str(term)) for term in model._default_manager.all()])
        for field, (label, model) in VOCABULARIES.items()
    ]


class BulkEditForm(forms.Form):
    change = forms.ChoiceField(
        label="Change",
        choices=[(ADD, "Add a term"), (REMOVE, "Remove a term"), (STATUS, "Set the status")],
        widget=forms.RadioSelect,
    )
    term = forms.ChoiceField(label="Term", required=False, help_text="For adding or removing.")
    status = forms.ChoiceField(label="Status", required=False, help_text="For setting the status.")

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        term, status = self.fields["term"], self.fields["status"]
        assert isinstance(term, forms.ChoiceField) and isinstance(status, forms.ChoiceField)
        term.choices = [("", "---------"), *term_choices()]
        status.choices = [("", "---------"), *status_choices_for(user)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        change = data.get("change")
        if change in (ADD, REMOVE) and not data.get("term"):
            self.add_error("term", "Choose the term to add or remove.")
        if change == STATUS and not data.get("status"):
            self.add_error("status", "Choose the status to set.")
        if change in (ADD, REMOVE) and data.get("term"):
            field, pk = data["term"].split(":", 1)
            data["field"] = field
            data["chosen"] = VOCABULARIES[field][1]._default_manager.get(pk=pk)
        return data


@dataclass
class Outcome:
    changed: int = 0
    held: int = 0  # published resources an editor changed: pending revisions
    unchanged: int = 0
    refused: int = 0  # statuses the user may not change


def change_terms(
    modeladmin: admin.ModelAdmin[Resource],
    request: HttpRequest,
    resources: QuerySet[Resource],
    field: str,
    term: models.Model,
    adding: bool,
) -> Outcome:
    """Add `term` to (or remove it from) each resource's `field`, all or nothing."""
    outcome = Outcome()
    label = f"{VOCABULARIES[field][0].lower()} “{term}”"
    verb = "Added" if adding else "Removed"
    with transaction.atomic():
        for resource in resources.select_for_update().prefetch_related(field):
            current = {item.pk for item in getattr(resource, field).all()}
            wanted = current | {term.pk} if adding else current - {term.pk}
            if wanted == current:
                outcome.unchanged += 1
            elif revisions.must_hold(request.user, resource.status):
                # The same record an editor's save of the change form leaves: only the
                # changed field, applied if a publisher approves it.
                Revision.objects.create(
                    resource=resource,
                    data={field: sorted(wanted)},
                    created_by=request.user,  # type: ignore[misc]  # signed in: the admin
                )
                modeladmin.log_change(request, resource, f"{verb} {label}: pending revision.")
                outcome.held += 1
            else:
                manager = getattr(resource, field)
                if adding:
                    manager.add(term)
                else:
                    manager.remove(term)
                # The resource changed: its date moves (feeds, OAI-PMH, the list order).
                resource.save(update_fields=["updated_at"])
                modeladmin.log_change(request, resource, f"{verb} {label}.")
                outcome.changed += 1
    return outcome


def change_status(
    modeladmin: admin.ModelAdmin[Resource],
    request: HttpRequest,
    resources: QuerySet[Resource],
    status: str,
) -> Outcome:
    """Move each resource the user may move to `status`; leave the others, counted."""
    outcome = Outcome()
    movable = []
    for resource in resources:
        if resource.status == status:
            outcome.unchanged += 1
        elif may_change_status(request.user, resource.status, status):
            movable.append(resource)
        else:
            outcome.refused += 1
    with transaction.atomic():
        outcome.changed = move_to(modeladmin, request, movable, Status(status))
    return outcome


def describe(outcome: Outcome, what: str) -> str:
    """`Added topic “Fishing” to 12 resources. 3 pending revisions for a publisher. …`"""
    parts = [f"{what} {outcome.changed} resource{'s' if outcome.changed != 1 else ''}."]
    if outcome.held:
        parts.append(
            f"{outcome.held} published resource(s) kept as they are: the change is a pending"
            " revision for a publisher to approve."
        )
    if outcome.unchanged:
        parts.append(f"{outcome.unchanged} already as asked, left as they were.")
    if outcome.refused:
        parts.append(
            f"{outcome.refused} left as they were: only publishers may publish or withdraw,"
            " or move a published or withdrawn resource."
        )
    return " ".join(parts)


def apply(
    modeladmin: admin.ModelAdmin[Resource],
    request: HttpRequest,
    resources: QuerySet[Resource],
    data: dict[str, Any],
) -> str:
    if data["change"] == STATUS:
        status = Status(data["status"])
        outcome = change_status(modeladmin, request, resources, status)
        return describe(outcome, f"Set “{status.label}” on")
    adding = data["change"] == ADD
    field, term = data["field"], data["chosen"]
    outcome = change_terms(modeladmin, request, resources, field, term, adding)
    label = f"{VOCABULARIES[field][0].lower()} “{term}”"
    return describe(outcome, f"Added {label} to" if adding else f"Removed {label} from")


@admin.action(permissions=["change"], description="Bulk edit selected resources…")
def bulk_edit(
    modeladmin: admin.ModelAdmin[Resource], request: HttpRequest, queryset: QuerySet[Resource]
) -> TemplateResponse | None:
    count = queryset.count()
    applying = "apply" in request.POST
    form = BulkEditForm(request.user, request.POST if applying else None)
    stale = applying and request.POST.get("expected") != str(count)
    if applying and form.is_valid() and not stale:
        modeladmin.message_user(request, apply(modeladmin, request, queryset, form.cleaned_data))
        return None  # back to the list, its filters kept
    if stale:
        messages.warning(
            request, f"The selection now holds {count} resources; check the change again."
        )
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": "Bulk edit resources",
        "opts": modeladmin.model._meta,
        "form": form,
        "count": count,
        "shown": list(queryset.order_by("title")[:SHOWN]),
        "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        "select_across": request.POST.get("select_across", "0"),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "back": request.get_full_path(),  # the list with its filters
    }
    return TemplateResponse(request, TEMPLATE, context)
