"""Files and links attached to a resource (the DOWNLOAD lines)."""

from __future__ import annotations

import hashlib
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from manumit.catalog.models.resources import Resource


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"attachments/{instance.resource_id}/{PurePosixPath(filename).name}"


class Attachment(models.Model):
    """An uploaded file or an external link. Exactly one of `file` and `url` is set."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="attachments")
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(
        max_length=255, blank=True, help_text="e.g. 'Series Paper 2: Bangladesh'"
    )
    file = models.FileField(upload_to=attachment_path, blank=True, max_length=500)
    url = models.URLField("external URL", max_length=1000, blank=True)
    note = models.CharField(
        max_length=255,
        blank=True,
        help_text="Shown under the download line, e.g. 'Executive summary only'",
    )
    media_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True, help_text="bytes")
    page_count = models.PositiveIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="attachment_file_xor_url",
            )
        ]

    def __str__(self) -> str:
        return self.label or self.filename or self.url

    def clean(self) -> None:
        if bool(self.file) == bool(self.url):
            raise ValidationError("An attachment is either an uploaded file or an external URL.")

    @property
    def filename(self) -> str:
        return PurePosixPath(self.file.name or "").name if self.file else ""

    @property
    def is_external(self) -> bool:
        return not self.file

    def get_download_url(self) -> str:
        return reverse("catalog:download", args=[self.resource.slug, self.pk])

    def measure(self) -> None:
        """Fill size and sha256 from the stored file."""
        if not self.file:
            return
        digest = hashlib.sha256()
        self.file.open("rb")
        try:
            for chunk in self.file.chunks():
                digest.update(chunk)
        finally:
            self.file.close()
        self.sha256 = digest.hexdigest()
        self.size = self.file.size
