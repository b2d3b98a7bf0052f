"""The rows edited inside a resource: authors, publishers, files and links, old addresses."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html

from manumit.catalog.admin.forms import AttachmentForm
from manumit.catalog.formatting import human_size
from manumit.catalog.models import Attachment, Authorship, LegacySlug, Publishing


class LabelledRowsFormSet(BaseInlineFormSet):
    """A tabular inline's rows: each input named for its column and row ("Position, row 2").

    A table shows column headings, not <label>s, so its inputs had no accessible name.
    admin-a11y.js gives the select2 widgets the column heading's name in the same spirit.
    """

    def add_fields(self, form: forms.ModelForm, index: int | None) -> None:
        super().add_fields(form, index)
        row = "new row" if index is None else f"row {index + 1}"
        for field in form.fields.values():
            # An autocomplete's <select> sits inside the admin's related-object wrapper.
            widget = getattr(field.widget, "widget", field.widget)
            if isinstance(widget, forms.Widget) and not widget.is_hidden:
                widget.attrs.setdefault("aria-label", f"{field.label}, {row}")


class TabularInline(admin.TabularInline):
    formset = LabelledRowsFormSet


class AuthorshipInline(TabularInline):
    model = Authorship
    fields = ["position", "person", "organisation"]
    autocomplete_fields = ["person", "organisation"]
    extra = 1
    verbose_name = "author"
    verbose_name_plural = "Authors (a person or an organisation on each row, in byline order)"


class PublishingInline(TabularInline):
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


class LegacySlugInline(TabularInline):
    model = LegacySlug
    fields = ["slug"]
    extra = 0
    verbose_name = "old address"
    verbose_name_plural = "Old addresses (slugs that still lead here, e.g. old WordPress links)"
