"""Forms behind the resource admin: the resource itself and its attachments."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.urls import reverse
from django.utils.html import format_html

from manumit.catalog.admin import filetypes
from manumit.catalog.admin.uploads import RefusedUpload, UnreadableUpload, inspect_upload
from manumit.catalog.formatting import human_size
from manumit.catalog.models import Attachment, LegacySlug, Resource


def https_urls(db_field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """Form fields for these forms: a URL typed without a scheme gets https:// (Django 6)."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class ResourceAdminForm(forms.ModelForm):
    class Meta:
        model = Resource
        formfield_callback = https_urls
        fields = [
            "title",
            "slug",
            "types",
            "language",
            "description",
            "pub_date",
            "pub_date_precision",
            "regions",
            "countries",
            "topics",
            "sectors",
            "source_url",
            "doi",
            "isbn",
            "wp_post_id",
            "status",
        ]
        # The admin shows help texts as HTML: write < and > as entities.
        help_texts = {
            "slug": "The address: /resources/&lt;slug&gt;/. "
            "Leave blank to make one from the title. "
            "If you change it, the old address keeps working.",
            "pub_date": "For a year or a month only, pick its first day and set the precision.",
            "status": "Drafts and resources in review are seen only by curators; "
            "only publishers publish or withdraw.",
            "wp_post_id": "Links of the form /?p=&lt;id&gt; from the old WordPress site lead here.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data.get("slug") or ""
        taken = LegacySlug.objects.filter(slug=slug).exclude(resource_id=self.instance.pk)
        if slug and taken.exists():
            raise ValidationError(
                "Another resource was known by this address before, and old links to it "
                "still lead there. Choose a different one."
            )
        return slug


# What the browser's file dialog offers (a hint only: the content is what is checked).
ACCEPT = ",".join(
    [".pdf", ".docx", ".xlsx", ".pptx", ".epub", ".csv", ".txt", ".png", ".jpg", ".jpeg"]
    + [".gif", ".webp", ".html", ".htm"]
    + [kind.media_type for kind in filetypes.ACCEPTED]
)


@dataclass(frozen=True)
class StoredFile:
    """What the file widget shows for a saved file: its name, linked to its download."""

    name: str
    url: str

    def __str__(self) -> str:
        return self.name


class AttachmentFileInput(AdminFileWidget):
    """The file picker; "Currently:" links to the download view, not to unserved /media/."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"accept": ACCEPT, **(attrs or {})})

    def format_value(self, value: Any) -> Any:
        value = super().format_value(value)
        attachment = getattr(value, "instance", None)
        if isinstance(attachment, Attachment) and attachment.pk and attachment.resource_id:
            return StoredFile(attachment.filename, attachment.get_download_url())
        return value


class AttachmentForm(forms.ModelForm):
    """An uploaded file or an external link; an upload is checked (by its content) and
    measured as it is saved. Its pages are counted by the extraction it queues."""

    class Meta:
        model = Attachment
        formfield_callback = https_urls
        fields = ["position", "label", "file", "url"]
        widgets = {"file": AttachmentFileInput}

    def clean_file(self) -> object:
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            self._check_upload(upload)
        return upload

    def _check_upload(self, upload: UploadedFile) -> None:
        limit = settings.MAX_UPLOAD_BYTES
        if upload.size is not None and upload.size > limit:
            raise ValidationError(f"This file is larger than the {human_size(limit)} allowed.")
        try:
            facts = inspect_upload(upload)
        except RefusedUpload as refusal:
            raise ValidationError(f"“{upload.name}” cannot be attached. {refusal}") from refusal
        except UnreadableUpload as problem:
            raise ValidationError(
                f"“{upload.name}” cannot be attached: {problem} "
                "Check the file (it may be damaged or incomplete) and upload it again."
            ) from problem
        self.instance.media_type = facts.media_type
        # Counted by the extraction that the upload queues, in an isolated process.
        self.instance.page_count = None
        self._refuse_a_file_already_in(upload)

    def _refuse_a_file_already_in(self, upload: UploadedFile) -> None:
        """The same file (same sha256) attached anywhere else is refused, with a link to it."""
        from manumit.ingest.pipeline import find_exact_duplicate  # ingestion builds on this app

        digest = hashlib.sha256()
        upload.seek(0)
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        existing = find_exact_duplicate(digest.hexdigest(), exclude=self.instance)
        if existing is not None:
            url = reverse("admin:catalog_resource_change", args=[existing.resource_id])
            raise ValidationError(
                format_html(
                    '“{}” is already in the library, attached to <a href="{}">{}</a>.',
                    upload.name,
                    url,
                    existing.resource.title,
                )
            )

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        if not self.cleaned_data.get("file") and "file" not in self.errors:
            # A link, or a file taken away: facts about a file no longer apply.
            self.instance.media_type, self.instance.page_count = "", None
            self.instance.size, self.instance.sha256 = None, ""
        return cleaned

    def save(self, commit: bool = True) -> Attachment:
        attachment: Attachment = super().save(commit=commit)
        if commit and "file" in self.changed_data and attachment.file:
            attachment.measure()
            attachment.save(update_fields=["size", "sha256"])
        return attachment
