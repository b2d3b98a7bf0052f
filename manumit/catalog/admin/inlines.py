"""The rows edited inside a resource: authors, publishers, files and links, old addresses."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.utils.html import format_html

from manumit.catalog.admin.forms import AttachmentForm
from manumit.catalog.formatting import human_size
from manumit.catalog.models import Attachment, Authorship, LegacySlug, Publishing


class AuthorshipInline(admin.TabularInline):
    model = Authorship
    fields = ["position", "person", "organisation"]
    autocomplete_fields = ["person", "organisation"]
    extra = 1
    verbose_name = "author"
    verbose_name_plural = "Authors (a person or an organisation on each row, in byline order)"


class PublishingInline(admin.TabularInline):
    model = Publishing
    fields = ["position", "organisation"]
    autocomplete_fields = ["organisation"]
    extra = 1
    verbose_name = "publisher"
    verbose_name_plural = "Publishers (in citation order)"


class AttachmentInline(admin.StackedInline):
    """Stacked, not tabular: six fields with a file picker do not fit one row."""

    model = Attachment
    form = AttachmentForm
    fields = [("file", "url"), ("label", "position"), "note", "facts"]
    readonly_fields = ["facts"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    extra = 0
    verbose_name = "file or link"
    verbose_name_plural = "Files and links (upload a file or give a URL in each)"

    @admin.display(description="Measured")
    def facts(self, attachment: Attachment) -> str:
        return attachment_facts(attachment)


def attachment_facts(attachment: Attachment) -> str:
    """`application/pdf, 1.2 MB, 12 pages, sha256 3f2a9c…`; what the upload was found to be."""
    if not attachment.file:
        return "external link" if attachment.url else "–"
    parts = [attachment.media_type, human_size(attachment.size)]
    if attachment.page_count:
        parts.append(f"{attachment.page_count} page{'s' if attachment.page_count != 1 else ''}")
    summary = ", ".join(part for part in parts if part)
    if not attachment.sha256:
        return summary
    return format_html(
        '{} <span title="sha256 {}">sha256 {}…</span>',
        summary,
        attachment.sha256,
        attachment.sha256[:10],
    )


class LegacySlugInline(admin.TabularInline):
    model = LegacySlug
    fields = ["slug"]
    extra = 0
    verbose_name = "old address"
    verbose_name_plural = "Old addresses (slugs that still lead here, e.g. old WordPress links)"
