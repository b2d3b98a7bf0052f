"""What an import remembers: the source's own identifier of each resource it wrote.

A second import of the same file (or a later export of the same site) finds the resource
by it, so nothing is made twice. `scheme` tells identifier spaces apart: the format's name,
and for WordPress the site's address too ("wordpress:https://example.org"), since post 42
of one site is not post 42 of another.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ImportedIdentifier(models.Model):
    resource = models.ForeignKey(
        "catalog.Resource", on_delete=models.CASCADE, related_name="imported_identifiers"
    )
    scheme = models.CharField(max_length=255)
    identifier = models.CharField(max_length=500)
    creator = models.CharField(
        max_length=255, blank=True, help_text="Who entered the record in the old system"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "identifier"], name="imported_identifier_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scheme} {self.identifier}"


class JobState(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    CHECKED = "checked", "Dry run done: waiting for confirmation"
    DONE = "done", "Imported"
    FAILED = "failed", "Nothing imported"


class ImportJob(models.Model):
    """One file uploaded in the admin's Import page: first a dry run, then (once a curator
    confirms it) the import itself, both run by `manumit worker`. The upload and the reports
    live in the data folder (see manumit.importers.jobs), never under MEDIA."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    format = models.CharField(max_length=32)
    file_name = models.CharField(max_length=255, help_text="The uploaded file's own name")
    size = models.BigIntegerField(default=0)
    mapping_name = models.CharField(max_length=255, blank=True)
    mapping_text = models.TextField(blank=True, help_text="The mapping file, checked on upload")
    status = models.CharField(max_length=16, help_text="Status of the new resources")
    update = models.BooleanField(default=False)
    skip_invalid = models.BooleanField(default=False)
    fetch_files = models.BooleanField(
        default=False, help_text="Download the files the records link to, and read them"
    )
    # True until the curator confirms the dry run's table; then the real run.
    dry_run = models.BooleanField(default=True)
    state = models.CharField(max_length=16, choices=JobState.choices, default=JobState.QUEUED)
    counts = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)
    imported = models.BooleanField(default=False)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_state_display()})"

    @property
    def pending(self) -> bool:
        return self.state in (JobState.QUEUED, JobState.RUNNING)
