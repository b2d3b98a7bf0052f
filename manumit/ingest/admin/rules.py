"""The curated keyword rules that suggest topics and sectors, editable by curators."""

from __future__ import annotations

from django.contrib import admin

from manumit.ingest.admin.permissions import FollowsVocabularyPermissions
from manumit.ingest.models import TagRule


@admin.register(TagRule)
class TagRuleAdmin(FollowsVocabularyPermissions, admin.ModelAdmin):
    list_display = ["__str__", "topic", "sector", "algorithm", "min_matches", "enabled"]
    list_filter = ["enabled", "algorithm", "topic", "sector"]
    list_editable = ["enabled"]
    list_select_related = ["topic", "sector"]
    search_fields = ["pattern", "note", "topic__name", "sector__name"]
    search_help_text = "Searches patterns, notes, topics and sectors."
    autocomplete_fields = ["topic", "sector"]
    fieldsets = [
        ("What it suggests (a topic or a sector)", {"fields": [("topic", "sector")]}),
        (
            "When",
            {"fields": ["algorithm", "pattern", "case_sensitive", "min_matches", "enabled"]},
        ),
        ("Why", {"fields": ["note"]}),
    ]
