"""An editor's change to a published resource, kept aside until a publisher approves it.

The public record must not change without review, just as it cannot be published without
one (catalog/workflow.py). So the admin stores such a save here instead of on the resource:
the site, its twins, search and the API go on showing the published version. A publisher
approves the revision (it is applied to the resource, and is kept as a record of who did
what) or rejects it. `data` holds the change form's fields: plain values, dates as ISO
text, and many-to-many fields as lists of ids.
"""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class RevisionState(models.TextChoices):
    PENDING = "pending", "Awaiting approval"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class RevisionQuerySet(models.QuerySet["Revision"]):
    def pending(self) -> RevisionQuerySet:
        return self.filter(state=RevisionState.PENDING)


class Revision(models.Model):
    resource = models.ForeignKey(
        "catalog.Resource", on_delete=models.CASCADE, related_name="revisions"
    )
    data = models.JSONField(encoder=DjangoJSONEncoder)
    state = models.CharField(
        max_length=10, choices=RevisionState.choices, default=RevisionState.PENDING, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "pending revision"

    def __str__(self) -> str:
        return f"{self.data.get('title') or self.resource_id} ({self.get_state_display()})"
