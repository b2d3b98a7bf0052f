"""Keeping the change log (OaiRecord) in step with the catalogue.

Signal receivers `mark()` a changed resource inside the changing transaction (a rolled-back
edit marks nothing); `drain()` runs after the commit, and before every OAI request, and
`refresh()`es each marked resource once. A refresh recomputes what a harvester would receive
and moves the datestamp only when that changed, so re-saving an unchanged resource does not
make every harvester fetch it again. Stamping after the commit also means a datestamp is
never earlier than the moment its change became visible to a harvest.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable, Iterator

from django.db import connection, transaction
from django.utils import timezone

from manumit.catalog.models import Resource, Status
from manumit.interop.oai import formats
from manumit.interop.oai import items as oai_items
from manumit.interop.oai.items import Item
from manumit.interop.oai.models import OaiPending, OaiRecord
from manumit.interop.oai.sets import RegionTree, set_specs
from manumit.interop.oai.xml import serialize

DELETED = "deleted"
# Formats render absolute links; the digest must not depend on which host was asked.
_NEUTRAL = formats.Links("http://oai.invalid")


def now() -> datetime.datetime:
    return timezone.now().replace(microsecond=0)


def digest(item: Item, sets: list[str]) -> str:
    hasher = hashlib.sha256(" ".join(sets).encode())
    for metadata_format in formats.all_formats():
        if metadata_format.supports(item):
            hasher.update(serialize(metadata_format.render(item, _NEUTRAL)))
    return hasher.hexdigest()


def stored_sets(specs: list[str]) -> str:
    return "".join(f" {spec}" for spec in specs) + " " if specs else ""


def refresh(
    resource_ids: Iterable[int], tree: RegionTree | None = None, backdate: bool = False
) -> int:
    """Bring the log up to date for these resources; returns how many rows changed.

    `backdate` stamps a change with the resource's own last update instead of now: for
    filling the log of a library that existed before it."""
    ids = sorted(set(resource_ids))
    if not ids:
        return 0
    tree = tree or RegionTree()
    resources = oai_items.load(ids)
    records = {r.resource_id: r for r in OaiRecord.objects.filter(resource_id__in=ids)}
    changed = [
        row
        for row in (_updated(pk, resources.get(pk), records.get(pk), tree) for pk in ids)
        if row is not None
    ]
    for row in changed:
        found = resources.get(row.resource_id)
        if backdate and found is not None:
            row.datestamp = found.updated_at.replace(microsecond=0)
    for row in changed:
        row.pk = None  # rows are matched by resource_id below, not by their own id
    # An upsert: two processes draining at once may both write a resource's first row.
    OaiRecord.objects.bulk_create(
        changed,
        update_conflicts=True,
        unique_fields=["resource_id"],
        update_fields=["datestamp", "deleted", "sets", "digest"],
    )
    return len(changed)


def _updated(
    pk: int, resource: Item | None, record: OaiRecord | None, tree: RegionTree
) -> OaiRecord | None:
    """The record as it should now be, or None when nothing a harvester sees changed."""
    public = resource is not None and resource.status == Status.PUBLISHED
    if public:
        assert resource is not None
        specs = set_specs(resource, tree)
        sets, fingerprint = stored_sets(specs), digest(resource, specs)
    elif record is not None:
        # The sets it was last seen in, so a selective harvest of a set learns of the deletion.
        sets, fingerprint = record.sets, DELETED
    elif resource is not None and resource.status == Status.WITHDRAWN:
        # Withdrawn means it was public once (the demo loads some that way): listed, deleted.
        sets, fingerprint = stored_sets(set_specs(resource, tree)), DELETED
    else:
        return None  # a draft, or a resource in review, that was never disseminated
    if record is not None and record.digest == fingerprint and record.sets == sets:
        return None
    record = record or OaiRecord(resource_id=pk)
    record.datestamp, record.deleted = now(), not public
    record.sets, record.digest = sets, fingerprint
    return record


def mark(resource_ids: Iterable[int]) -> None:
    """Note, in the current transaction, that these resources changed."""
    ids = sorted({pk for pk in resource_ids if pk})
    if not ids:
        return
    OaiPending.objects.bulk_create(
        [OaiPending(resource_id=pk) for pk in ids], ignore_conflicts=True
    )
    queued = getattr(connection, "run_on_commit", [])
    if not any(entry[1] is drain for entry in queued):
        # robust: a failure is logged, never raised into the request that committed; the
        # pending rows stay for the next drain.
        transaction.on_commit(drain, robust=True)


def drain(batch: int = 500) -> int:
    """Refresh every marked resource once and clear its mark; returns rows changed."""
    changed = 0
    # Nearly always nothing is pending: a plain read, so that a harvest does not take
    # SQLite's write lock on every request just to find that out.
    while OaiPending.objects.exists():
        with transaction.atomic():
            # skip_locked: on PostgreSQL, two web processes draining at once share the work.
            pending = OaiPending.objects.select_for_update(skip_locked=True).order_by("pk")
            ids = list(pending.values_list("resource_id", flat=True)[:batch])
            if not ids:
                break  # another process holds them
            changed += refresh(ids)
            OaiPending.objects.filter(resource_id__in=ids).delete()
    return changed


def chunks(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def backfill(batch: int = 500) -> int:
    """Log every resource a harvester should see that has no row yet (an existing library
    after an upgrade); returns how many rows were written."""
    logged = OaiRecord.objects.values("resource_id")
    missing = list(
        Resource.objects.filter(status__in=[Status.PUBLISHED, Status.WITHDRAWN])
        .exclude(pk__in=logged)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    tree, written = RegionTree(), 0
    for ids in chunks(missing, batch):
        written += refresh(ids, tree, backdate=True)
    return written


def fill_after_migrate(sender: object, **kwargs: object) -> None:
    """After `migrate` (an upgrade, say), log the resources that predate the log, so an
    existing library can be harvested at once. Runs once per migrate, for the interop app."""
    if getattr(sender, "label", None) != "interop":
        return
    using = kwargs.get("using", "default")
    if using != "default":
        return
    backfill()
