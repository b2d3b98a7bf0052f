"""The OAI-PMH change log: one row per resource that harvesters have been (or may be) shown.

The log belongs to the OAI interface alone. A row is written when what a harvester receives
changes (the metadata in any registered format, the sets, or the deleted flag), so its
datestamp is the time of the last such change. Rows are never removed: a withdrawn or deleted
resource keeps its row, with `deleted` set, which is what `deletedRecord=persistent` promises.
The row holds the resource's id, not a foreign key, so it outlives the resource.
"""

from __future__ import annotations

from django.db import models


class OaiRecord(models.Model):
    resource_id = models.PositiveBigIntegerField(unique=True)
    datestamp = models.DateTimeField(help_text="UTC, whole seconds")
    deleted = models.BooleanField(default=False)
    # Every setSpec the record belongs to, ancestors included, each followed by a space and
    # the whole led by one: " region region:asia ", so a set is one `contains` filter.
    sets = models.TextField(blank=True, default="")
    digest = models.CharField(
        max_length=64, blank=True, help_text="sha256 of what was disseminated at datestamp"
    )

    class Meta:
        app_label = "interop"
        verbose_name = "OAI-PMH record"
        # Lists are read in (datestamp, resource_id) order, page by page from a key.
        indexes = [models.Index(fields=["datestamp", "resource_id"], name="oai_datestamp_key")]

    def __str__(self) -> str:
        return f"{self.resource_id} at {self.datestamp:%Y-%m-%dT%H:%M:%SZ}"

    @property
    def set_specs(self) -> list[str]:
        return self.sets.split()


class OaiPending(models.Model):
    """A resource changed by a transaction, waiting for its log row to be brought up to date.

    Signal receivers add a row in the changing transaction (one cheap insert, however many
    signals one save sends), and the log is recomputed once, after the commit. A failure
    after the commit loses nothing: the row stays, and the next OAI request catches it up.
    """

    resource_id = models.PositiveBigIntegerField(primary_key=True)

    class Meta:
        app_label = "interop"

    def __str__(self) -> str:
        return str(self.resource_id)
