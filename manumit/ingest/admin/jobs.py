"""Ingestion jobs: each file's state (queued, running, done, failed) and why, with retry."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from manumit.ingest.admin.permissions import FollowsResourcePermissions, allowed
from manumit.ingest.models import IngestJob, Outcome
from manumit.ingest.tasks import retry


@admin.register(IngestJob)
class IngestJobAdmin(FollowsResourcePermissions, admin.ModelAdmin):
    list_display = ["file", "resource_link", "state", "outcome", "short_message", "finished_at"]
    list_filter = ["state", "outcome"]
    list_select_related = ["resource", "attachment"]
    search_fields = ["resource__title", "attachment__file", "source_path", "message"]
    search_help_text = "Searches resource titles, file names and messages."
    actions = ["retry_selected"]
    fields = [
        "resource_link",
        "file",
        "source_path",
        "state",
        "outcome",
        "message",
        "attempts",
        ("created_at", "started_at", "finished_at"),
        "task_id",
    ]
    # Everything else is read-only too: nobody has the change permission (see permissions).
    readonly_fields = ["resource_link", "file"]
    change_form_template = "admin/ingest/ingestjob/change_form.html"

    @admin.display(description="File")
    def file(self, job: IngestJob) -> str:
        return job.attachment.filename if job.attachment else job.source_path or "–"

    @admin.display(description="Resource", ordering="resource__title")
    def resource_link(self, job: IngestJob) -> SafeString:
        url = reverse("admin:catalog_resource_change", args=[job.resource_id])
        return format_html('<a href="{}">{}</a>', url, job.resource.title)

    @admin.display(description="Message")
    def short_message(self, job: IngestJob) -> str:
        first = job.message.splitlines()[0] if job.message else ""
        return first if len(first) <= 120 else first[:119] + "…"

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return allowed(request, "catalog.change_resource")

    @admin.action(description="Retry the selected jobs", permissions=["retry"])
    def retry_selected(self, request: HttpRequest, queryset: QuerySet[IngestJob]) -> None:
        with transaction.atomic():
            queued = sum(retry(job) for job in queryset)
        skipped = queryset.count() - queued
        if queued:
            self.message_user(request, f"Queued {queued} job{'s' if queued != 1 else ''} again.")
        if skipped:
            self.message_user(
                request,
                f"{skipped} job{'s were' if skipped != 1 else ' was'} queued or running "
                "already and left as they were.",
                messages.WARNING,
            )

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> Any:
        job = IngestJob.objects.filter(pk=object_id).select_related("attachment").first()
        context = dict(extra_context or {})
        if job is not None and job.attachment is not None:
            context["extract_url"] = reverse(
                "admin:ingest_extract", args=[job.resource_id, job.attachment_id]
            )
            context["can_retry"] = self.has_retry_permission(request)
            context["needs_password"] = job.outcome == Outcome.ENCRYPTED
        return super().change_view(request, object_id, form_url, context)
