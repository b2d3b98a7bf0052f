"""The library's version: one row the page cache keys on (manumit/site/pagecache.py)."""

from __future__ import annotations

from django.db import models


class LibraryVersion(models.Model):
    """Changes whenever anything a public page shows is saved or deleted.

    Written in the same transaction as the change (manumit/site/versioning.py), so a reader
    that sees a new token also sees the change, on every process and every node that shares
    the database. The token is random, not a count: a restored backup or a rolled-back test
    can bring an old count back, never an old token with new content.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    token = models.CharField(max_length=32)
    changes = models.BigIntegerField(default=0, help_text="how many changes, for monitoring")
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = "library version"

    def __str__(self) -> str:
        return f"{self.changes} changes, last at {self.changed_at:%Y-%m-%d %H:%M:%S}"
