"""Forms behind the resource admin: the resource itself and its attachments."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, BinaryIO, cast

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.urls import reverse
from django.utils.html import format_html

from manumit import files
from manumit.catalog.models import Attachment, LegacySlug, Resource
from manumit.catalog.models.attachments import LABEL_LENGTH


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
ACCEPT = files.DIALOG_HINT


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
    """An uploaded file or an external link. An upload passes the gate (manumit.files) once:
    its kind, size and sha256 found there are kept, never read again. Its pages are counted
    by the extraction it queues."""

    class Meta:
        model = Attachment
        formfield_callback = https_urls
        fields = ["position", "label", "file", "url"]
        widgets = {"file": AttachmentFileInput}

    facts: files.FileFacts | None = None

    def clean_file(self) -> object:
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            self.facts = examine_upload(upload)
            self._refuse_a_file_already_in(upload, self.facts)
        return upload

    def _refuse_a_file_already_in(self, upload: UploadedFile, facts: files.FileFacts) -> None:
        """The same file (same sha256) attached anywhere else is refused, with a link to it."""
        existing = Attachment.objects.exact_duplicate(facts.sha256, exclude=self.instance)
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
        if self.facts is not None and "file" not in self.errors:
            self.instance.apply_facts(self.facts)
            # Counted by the extraction that the upload queues, in an isolated process.
            self.instance.page_count = None
            # A name cut to fit the disk is kept whole as the label, unless one was given.
            if not self.cleaned_data.get("label") and self.facts.renamed:
                self.cleaned_data["label"] = self.facts.name[:LABEL_LENGTH]
        elif not self.cleaned_data.get("file") and "file" not in self.errors:
            # A link, or a file taken away: facts about a file no longer apply.
            self.instance.media_type, self.instance.page_count = "", None
            self.instance.size, self.instance.sha256 = None, ""
        return cleaned


def examine_upload(upload: UploadedFile) -> files.FileFacts:
    """The gate's facts for an upload, or its refusal as the form's error."""
    try:
        return files.examine(
            cast(BinaryIO, upload),
            name=upload.name or "",
            max_bytes=settings.MAX_UPLOAD_BYTES,
            size=upload.size,
        )
    except files.Refusal as refusal:
        raise ValidationError(f"“{upload.name}” cannot be attached: {refusal.message}") from refusal
