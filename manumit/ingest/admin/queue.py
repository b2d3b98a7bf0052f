"""The review queue: every pending suggestion across the library, grouped by field and value.

After an import or a batch of uploads a curator faces the same proposal on many records
("Countries: Thailand" on 37 drafts). The queue shows each distinct proposal once with its
count, the resources and their evidence one click away (a `<details>`, no script), and
accepts or dismisses whole groups or single suggestions at once. Accepting goes through
`ingest.suggest.accept`, as the resource page's panel does, and is logged on the resource
the same way. An editor's accept never changes a published resource: the public record
changes only with a publisher (docs/workflow.md), so those are left in the queue, counted.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from manumit.catalog.admin.revisions import must_hold
from manumit.catalog.models import Resource, Status
from manumit.ingest.admin.panel import describe
from manumit.ingest.admin.permissions import FollowsResourcePermissions
from manumit.ingest.models import Suggestion, SuggestionField, SuggestionState

TEMPLATE = "admin/ingest/suggestion/queue.html"

# Fields whose value is a set of keys: the order of the keys says nothing.
KEY_SETS = {"countries", "regions", "topics", "sectors"}


@dataclass
class Group:
    key: str
    field_name: str
    label: str
    value: str
    suggestions: list[Suggestion] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.suggestions)

    @property
    def drafts(self) -> int:
        return sum(1 for s in self.suggestions if s.resource.status == Status.DRAFT)

    @property
    def rows(self) -> list[tuple[Suggestion, list[str], str]]:
        """Each suggestion with its evidence and the address of its resource's page."""
        return [
            (s, evidence(s), reverse("admin:catalog_resource_change", args=[s.resource_id]))
            for s in self.suggestions
        ]


def group_key(suggestion: Suggestion) -> str:
    """The same proposal gets the same key, whichever resource it is for."""
    value = suggestion.value
    if suggestion.field in KEY_SETS and isinstance(value, list):
        value = sorted(str(item) for item in value)
    canonical = json.dumps([suggestion.field, value], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()[:20]


def pending(field_name: str = "") -> list[Suggestion]:
    found = Suggestion.objects.filter(state=SuggestionState.PENDING).select_related("resource")
    if field_name:
        found = found.filter(field=field_name)
    return list(found.order_by("field", "resource__title", "id"))


def groups(suggestions: list[Suggestion]) -> list[Group]:
    """Biggest group first: the decisions that clear the most of the queue."""
    found: dict[str, Group] = {}
    for suggestion in suggestions:
        key = group_key(suggestion)
        if key not in found:
            value = describe(suggestion.field, suggestion.value)
            found[key] = Group(key, suggestion.field, suggestion.get_field_display(), value)
        found[key].suggestions.append(suggestion)
    return sorted(found.values(), key=lambda group: (-group.count, group.label, group.value))


def evidence(suggestion: Suggestion) -> list[str]:
    lines = suggestion.evidence if isinstance(suggestion.evidence, list) else []
    return [str(line) for line in lines]


@dataclass
class Tally:
    done: int = 0
    for_publisher: int = 0  # an editor's accept on a published resource
    refused: int = 0  # resources this curator may not change


def decide(request: HttpRequest, chosen: list[Suggestion], verdict: str) -> Tally:
    """Accept or dismiss each chosen suggestion, through the same functions and with the
    same history entry as the resource page's panel; all in one transaction."""
    from manumit.ingest.suggest import accept, dismiss

    resource_admin = admin.site.get_model_admin(Resource)
    tally = Tally()
    with transaction.atomic():
        for suggestion in chosen:
            resource = suggestion.resource
            if not resource_admin.has_change_permission(request, resource):
                tally.refused += 1
                continue
            if verdict == "accept" and must_hold(request.user, resource.status):
                tally.for_publisher += 1
                continue
            (accept if verdict == "accept" else dismiss)(suggestion)
            done = "Accepted" if verdict == "accept" else "Dismissed"
            label = suggestion.get_field_display().lower()
            resource_admin.log_change(request, resource, f"{done} the suggested {label}.")
            tally.done += 1
    return tally


def report(request: HttpRequest, tally: Tally, verdict: str) -> None:
    done = "Accepted" if verdict == "accept" else "Dismissed"
    text = f"{done} {tally.done} suggestion{'s' if tally.done != 1 else ''}."
    if tally.for_publisher:
        text += (
            f" {tally.for_publisher} on published resources left for a publisher: accepting"
            " would change the public record."
        )
    if tally.refused:
        text += f" {tally.refused} on resources you may not change left as they were."
    messages.add_message(request, messages.SUCCESS if tally.done else messages.WARNING, text)


@admin.register(Suggestion)
class SuggestionQueueAdmin(FollowsResourcePermissions, admin.ModelAdmin):
    """Listed in the admin as "Suggestions"; its list page is the grouped queue."""

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if not self.has_view_permission(request):
            return super().changelist_view(request, extra_context)  # the admin's refusal
        field_name = request.GET.get("field", "")
        if field_name not in SuggestionField.values:
            field_name = ""
        if request.method == "POST":
            return self.decide_posted(request)
        context = {
            **self.admin_site.each_context(request),
            "title": "Review suggestions",
            "opts": self.model._meta,
            "groups": groups(pending(field_name)),
            "fields": SuggestionField.choices,
            "field": field_name,
            **(extra_context or {}),
        }
        return TemplateResponse(request, TEMPLATE, context)

    def decide_posted(self, request: HttpRequest) -> HttpResponse:
        verdict = request.POST.get("verdict", "")
        back = HttpResponseRedirect(request.get_full_path())
        if verdict not in ("accept", "dismiss"):
            messages.error(request, "Choose Accept or Dismiss.")
            return back
        keys = set(request.POST.getlist("group"))
        ids = {
            int(pk) for pk in request.POST.getlist("suggestion") if pk.isascii() and pk.isdigit()
        }
        chosen = [s for s in pending() if s.pk in ids or group_key(s) in keys]
        if not chosen:
            messages.warning(request, "Nothing was selected; no suggestion was changed.")
            return back
        report(request, decide(request, chosen, verdict), verdict)
        return back
