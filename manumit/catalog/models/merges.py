"""What a merge of two duplicate resources leaves behind: a record to undo it by, and the
loser's WordPress post id as a redirect when the winner already has one of its own."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse

from manumit.catalog.models.resources import Resource


class MergeRecord(models.Model):
    """One merge: the loser folded into the winner, with a snapshot of everything the merge
    took from or gave to either side, so that an undo can put it back."""

    # SET_NULL, not CASCADE: a record whose winner later went (deleted, merged again) is
    # still the history of what happened, though it can no longer be undone.
    winner = models.ForeignKey(
        Resource, null=True, on_delete=models.SET_NULL, related_name="merges_won"
    )
    loser_id = models.PositiveIntegerField("loser's id")
    loser_title = models.CharField("merged resource", max_length=500)
    snapshot = models.JSONField(default=dict, editable=False)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-merged_at", "-id"]
        verbose_name = "merge"

    def __str__(self) -> str:
        into = self.winner.title if self.winner else "a resource since removed"
        return f"“{self.loser_title}” merged into “{into}”"

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None

    def get_admin_url(self) -> str:
        return reverse("admin:catalog_mergerecord_change", args=[self.pk])

    def part(self, key: str) -> Any:
        return self.snapshot.get(key)


class LegacyPostId(models.Model):
    """A WordPress post id that now belongs to another resource: `/?p=<id>` of a merged
    duplicate redirects to the resource it was merged into."""

    wp_post_id = models.PositiveIntegerField("legacy WordPress post id", unique=True)
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="legacy_post_ids")

    def __str__(self) -> str:
        return str(self.wp_post_id)
