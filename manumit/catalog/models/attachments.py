"""Files and links attached to a resource (the DOWNLOAD lines)."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import BinaryIO, cast

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from manumit import files
from manumit.catalog.models.fields import WebURLField
from manumit.catalog.models.resources import Resource

LABEL_LENGTH = 255


def attachment_path(instance: Attachment, filename: str) -> str:
    """Under the resource's folder, by a name any file system holds (a long one is cut)."""
    return f"attachments/{instance.resource_id}/{files.safe_filename(filename)}"


class AttachmentQuerySet(models.QuerySet["Attachment"]):
    def exact_duplicate(self, sha256: str, exclude: Attachment | None = None) -> Attachment | None:
        """The first attachment holding a file with this sha256, other than `exclude`: the
        same file is never taken in twice, whichever way it comes."""
        if not sha256:
            return None
        others = self.filter(sha256=sha256).select_related("resource")
        if exclude is not None and exclude.pk is not None:
            others = others.exclude(pk=exclude.pk)
        return others.order_by("pk").first()


class Attachment(models.Model):
    """An uploaded file or an external link. Exactly one of `file` and `url` is set."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="attachments")
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(
        max_length=LABEL_LENGTH, blank=True, help_text="e.g. 'Series Paper 2: Bangladesh'"
    )
    file = models.FileField(upload_to=attachment_path, blank=True, max_length=500)
    url = WebURLField("external URL", max_length=1000, blank=True)
    note = models.CharField(
        max_length=255,
        blank=True,
        help_text="Shown under the download line, e.g. 'Executive summary only'",
    )
    media_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True, help_text="bytes")
    page_count = models.PositiveIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)

    objects = AttachmentQuerySet.as_manager()

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

    def apply_facts(self, facts: files.FileFacts) -> None:
        """Take the facts the gate found (type, size, sha256) instead of reading the file
        again; a name cut to fit the disk stays whole in the label."""
        self.media_type, self.size, self.sha256 = facts.media_type, facts.size, facts.sha256
        if facts.renamed and not self.label:
            self.label = facts.name[:LABEL_LENGTH]

    def measure(self) -> None:
        """Fill size and sha256 from the stored file (for a file that came in without facts,
        such as the demo's)."""
        if not self.file:
            return
        with self.file.open("rb") as stored:
            self.sha256 = files.sha256_of(cast(BinaryIO, stored))
        self.size = self.file.size
