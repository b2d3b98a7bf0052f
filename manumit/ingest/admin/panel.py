"""What the resource page shows about its documents: thumbnail, pages, extraction state,
suggestions waiting for a curator, and possible duplicates."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pycountry
from django.db.models import Q
from django.urls import reverse

from manumit.catalog.models import Attachment, Country, Region, Resource, Sector, Topic
from manumit.ingest.models import (
    DocumentText,
    IngestJob,
    JobState,
    NearDuplicateWarning,
    Outcome,
    Suggestion,
    SuggestionState,
)
from manumit.ingest.tasks import retryable


@dataclass
class FileState:
    """One attached file as the panel shows it."""

    attachment: Attachment
    text: DocumentText | None
    job: IngestJob | None
    thumbnail_url: str = ""
    extract_url: str = ""
    can_run: bool = False
    needs_password: bool = False
    duplicate_of: Resource | None = None

    @property
    def pending(self) -> bool:
        return self.job is not None and self.job.state in (JobState.QUEUED, JobState.RUNNING)


@dataclass
class SuggestionView:
    suggestion: Suggestion
    label: str
    value: str
    evidence: list[str]
    accept_url: str
    dismiss_url: str


@dataclass
class Panel:
    files: list[FileState] = field(default_factory=list)
    suggestions: list[SuggestionView] = field(default_factory=list)
    near_duplicates: list[tuple[Resource, str]] = field(default_factory=list)
    status_url: str = ""

    @property
    def pending(self) -> bool:
        return any(state.pending for state in self.files)


def resource_panel(resource: Resource, *, can_change: bool) -> Panel:
    panel = Panel(status_url=admin_url("ingest_status", resource.pk))
    for attachment in resource.attachments.exclude(file=""):
        panel.files.append(file_state(resource, attachment, can_change=can_change))
    pending = resource.suggestions.filter(state=SuggestionState.PENDING)
    panel.suggestions = [suggestion_view(resource, s) for s in pending]
    panel.near_duplicates = near_duplicates(resource)
    return panel


def file_state(resource: Resource, attachment: Attachment, *, can_change: bool) -> FileState:
    text = DocumentText.objects.filter(attachment=attachment).first()
    job = attachment.ingest_jobs.order_by("-created_at", "-id").first()
    state = FileState(attachment, text, job)
    if text is not None and text.thumbnail:
        state.thumbnail_url = admin_url("ingest_thumbnail", resource.pk, attachment.pk)
    runnable = job is None or IngestJob.objects.filter(retryable(), pk=job.pk).exists()
    state.can_run = can_change and runnable
    state.extract_url = admin_url("ingest_extract", resource.pk, attachment.pk)
    state.needs_password = state.can_run and outcome_of(state) == Outcome.ENCRYPTED
    if job is not None and job.outcome == Outcome.DUPLICATE:
        existing = Attachment.objects.exact_duplicate(attachment.sha256, exclude=attachment)
        state.duplicate_of = existing.resource if existing else None
    return state


def outcome_of(state: FileState) -> str:
    if state.job is not None and state.job.outcome:
        return state.job.outcome
    return state.text.outcome if state.text is not None else ""


def suggestion_view(resource: Resource, suggestion: Suggestion) -> SuggestionView:
    def url(verdict: str) -> str:
        return admin_url("ingest_suggestion", resource.pk, suggestion.pk, verdict)

    evidence = suggestion.evidence if isinstance(suggestion.evidence, list) else []
    return SuggestionView(
        suggestion,
        suggestion.get_field_display(),
        describe(suggestion.field, suggestion.value),
        [str(line) for line in evidence],
        url("accept"),
        url("dismiss"),
    )


def describe(field_name: str, value: Any) -> str:
    """A suggested value in words: names for the codes and slugs that are stored."""
    values = value if isinstance(value, list) else [value]
    keys = [str(item) for item in values]
    names: dict[str, str] = {}
    if field_name == "countries":
        names = {c.iso2: c.display_name for c in Country.objects.filter(iso2__in=keys)}
    elif field_name == "regions":
        # Regions are named by slug or by M49 code.
        for region in Region.objects.filter(Q(slug__in=keys) | Q(m49_code__in=keys)):
            names[region.slug] = names[region.m49_code] = region.name
    elif field_name in ("topics", "sectors"):
        model = Topic if field_name == "topics" else Sector
        names = dict(model.objects.filter(slug__in=keys).values_list("slug", "name"))
    elif field_name == "language":
        names = {key: language_name(key) for key in keys}
    return ", ".join(names.get(key, key) for key in keys)


def language_name(code: str) -> str:
    found = pycountry.languages.get(alpha_2=code) if len(code) == 2 else None
    return found.name if found else code


def near_duplicates(resource: Resource) -> list[tuple[Resource, str]]:
    """Other resources with a similar title or largely the same text (warnings only), as
    found when this resource's files were ingested, and when each other one's were; read
    from the stored warnings, so a resource deleted since is gone from them."""
    found: dict[int, tuple[Resource, str]] = {}
    mine = NearDuplicateWarning.objects.filter(document__attachment__resource=resource)
    for warning in mine.exclude(resource=resource).select_related("resource"):
        found.setdefault(warning.resource.pk, (warning.resource, warning.reason))
    theirs = NearDuplicateWarning.objects.filter(resource=resource).exclude(
        document__attachment__resource=resource
    )
    for warning in theirs.select_related("document__attachment__resource"):
        other = warning.document.attachment.resource
        found.setdefault(other.pk, (other, f"{warning.reason} (found when it was added)"))
    return list(found.values())


def admin_url(name: str, *args: object) -> str:
    return reverse(f"admin:{name}", args=args)
