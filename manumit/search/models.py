"""What search keeps in the database: the outbox of changes and each replica's position."""

from __future__ import annotations

from django.db import models


class OutboxEntry(models.Model):
    """A resource changed; every index replica must (re)read it.

    Written in the same transaction as the change, so an index can never miss one; applied
    by each node in id order. Not a foreign key: a deleted resource's entry must survive it.
    """

    id = models.BigAutoField(primary_key=True)
    resource_id = models.BigIntegerField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "search outbox entry"
        verbose_name_plural = "search outbox entries"

    def __str__(self) -> str:
        return f"#{self.id}: resource {self.resource_id}"


class Replica(models.Model):
    """One node's index and how far it has read the outbox, so its lag can be measured."""

    name = models.CharField(max_length=255, unique=True, help_text="host and index folder")
    position = models.BigIntegerField(default=0, help_text="last outbox id applied")
    applied_at = models.DateTimeField(null=True, blank=True)
    seen_at = models.DateTimeField(null=True, blank=True, help_text="last time it polled")

    class Meta:
        ordering = ["name"]
        verbose_name = "search index replica"

    def __str__(self) -> str:
        return self.name
