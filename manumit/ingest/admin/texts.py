"""What extraction found in each file, read-only: outcome, metadata and the page texts."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from manumit.ingest.admin.permissions import FollowsResourcePermissions
from manumit.ingest.models import DocumentText

# A page of the admin, not a reader: the text shown stops here.
SHOWN_CHARACTERS = 200_000


@admin.register(DocumentText)
class DocumentTextAdmin(FollowsResourcePermissions, admin.ModelAdmin):
    list_display = ["attachment", "resource", "outcome", "page_count", "char_count", "language"]
    list_filter = ["outcome", "language"]
    list_select_related = ["attachment__resource"]
    search_fields = ["attachment__resource__title", "attachment__file"]
    search_help_text = "Searches resource titles and file names."
    fields = [
        "resource",
        "attachment",
        "outcome",
        "message",
        ("page_count", "char_count", "language"),
        "document_metadata",
        "extracted_at",
        "page_texts",
    ]
    # Everything else is read-only too: nobody has the change permission (see permissions).
    readonly_fields = ["resource", "document_metadata", "page_texts"]

    class Media:
        css = {"all": ["manumit/ingest.css"]}

    @admin.display(description="Resource")
    def resource(self, text: DocumentText) -> SafeString:
        resource = text.attachment.resource
        url = reverse("admin:catalog_resource_change", args=[resource.pk])
        return format_html('<a href="{}">{}</a>', url, resource.title)

    @admin.display(description="The document's own metadata")
    def document_metadata(self, text: DocumentText) -> SafeString:
        rows = sorted((text.metadata or {}).items())
        if not rows:
            return format_html("{}", "–")
        items = format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows)
        return format_html('<dl class="ingest-metadata">{}</dl>', items)

    @admin.display(description="Text, page by page")
    def page_texts(self, text: DocumentText) -> SafeString:
        shown, parts = 0, []
        for number, page in text.pages.values_list("number", "text"):
            if shown >= SHOWN_CHARACTERS:
                parts.append((f"Pages from {number} on are not shown here.", ""))
                break
            parts.append((f"Page {number}", page[: SHOWN_CHARACTERS - shown]))
            shown += len(page)
        if not parts:
            return format_html("{}", "No text.")
        pages = format_html_join("", '<h3>{}</h3><div class="ingest-page-text">{}</div>', parts)
        return format_html('<div class="ingest-pages">{}</div>', pages)
