"""The outbox: how every node's index follows the database.

Each change writes an `OutboxEntry` in the same transaction (`changed`). Each node reads
new entries in id order and re-reads the resources they name (`apply_outbox`), then
writes how far it got into `cursor.json` in its live generation (`generations.py`), after
the index commit. A
crash between the two only means some entries are applied twice, and applying is an
idempotent upsert by resource id, so every replica converges.

On PostgreSQL ids are handed out before commit, so entry 7 may become visible after
entry 8. The cursor therefore keeps the ids above its position that it has already
applied, and waits up to `GAP_GRACE_SECONDS` for a missing id (a rolled-back transaction
leaves one forever) before moving past it.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone

from manumit.search import documents, generations, registry
from manumit.search.backends.base import IndexBusy, IndexDocument
from manumit.search.models import OutboxEntry, Replica
from manumit.search.registry import IndexNotBuilt, get_backend, index_folder

log = logging.getLogger(__name__)

CURSOR_FILE = "cursor.json"
BATCH = 500
GAP_GRACE_SECONDS = 600.0
REPLICA_REPORT_SECONDS = 10.0
FORMAT = 1


def changed(resource_id: int) -> None:
    """Note that a resource changed, in the caller's transaction."""
    OutboxEntry.objects.create(resource_id=resource_id)


def changed_many(resource_ids: list[int]) -> None:
    OutboxEntry.objects.bulk_create([OutboxEntry(resource_id=rid) for rid in resource_ids])


# --- the cursor, kept with the index ---


@dataclass
class Cursor:
    position: int = 0  # every outbox id up to here is applied (or given up on)
    applied_above: list[int] = field(default_factory=list)
    gaps: dict[str, float] = field(default_factory=dict)  # missing id -> first noticed
    format: int = FORMAT

    def advance(self, applied: list[int], now: float) -> None:
        done = set(self.applied_above) | set(applied)
        while done:
            following = self.position + 1
            if following in done:
                done.discard(following)
                self.position = following
                self.gaps.pop(str(following), None)
                continue
            noticed = self.gaps.setdefault(str(following), now)
            if now - noticed < GAP_GRACE_SECONDS:
                break
            log.info("search outbox: id %s never appeared; moving past it", following)
            self.gaps.pop(str(following))
            self.position = following
        self.applied_above = sorted(done)
        self.gaps = {key: value for key, value in self.gaps.items() if int(key) > self.position}


def read_cursor(index_dir: Path | str | None = None) -> Cursor:
    """The live generation's cursor (a fresh one when nothing is live)."""
    folder = registry.live_folder(index_dir)
    if folder is None:
        return Cursor()
    path = folder / CURSOR_FILE
    try:
        data = json.loads(path.read_text())
        return Cursor(**data) if data.get("format") == FORMAT else Cursor()
    except (OSError, ValueError, TypeError):
        return Cursor()


def write_cursor(cursor: Cursor, index_dir: Path | str | None = None) -> None:
    folder = registry.live_folder(index_dir)
    if folder is None:
        raise IndexNotBuilt(str(index_folder(index_dir)))
    write_cursor_in(folder, cursor)


def write_cursor_in(folder: Path, cursor: Cursor) -> None:
    """Atomically: a crash leaves the old cursor or the new one, never half of one."""
    temporary = folder / f".{CURSOR_FILE}.{os.getpid()}"
    temporary.write_text(json.dumps(asdict(cursor)))
    os.replace(temporary, folder / CURSOR_FILE)


# --- applying ---


def apply_outbox(index_dir: Path | str | None = None, batch: int = BATCH) -> int:
    """Apply the outbox entries this index has not seen; return how many were applied."""
    try:
        backend = get_backend(index_dir)
    except IndexNotBuilt as missing:
        # A new node, a new schema, a deleted or broken index: read everything, not the
        # outbox, whose old entries may have been pruned. Only one process builds.
        return reindex(index_dir, wait=False, only_if_missing=True, broken=missing.broken)
    cursor = read_cursor(index_dir)
    applied = 0
    while True:
        rows = _unapplied(cursor, batch)
        if not rows:
            break
        resource_ids = {resource_id for _, resource_id in rows}
        fresh = documents.build(resource_ids)
        backend.apply(fresh.values(), resource_ids - fresh.keys())
        cursor.advance([entry_id for entry_id, _ in rows], time.time())
        write_cursor(cursor, index_dir)
        applied += len(rows)
    cursor.advance([], time.time())
    _report(index_dir, cursor, applied)
    return applied


def _unapplied(cursor: Cursor, batch: int) -> list[tuple[int, int]]:
    return list(
        OutboxEntry.objects.filter(id__gt=cursor.position)
        .exclude(id__in=cursor.applied_above)
        .order_by("id")
        .values_list("id", "resource_id")[:batch]
    )


def reindex(
    index_dir: Path | str | None = None,
    wait: bool = True,
    only_if_missing: bool = False,
    broken: Path | None = None,
) -> int:
    """Build this node's index from the database in a new generation while the live one
    keeps serving, then swap; return how many resources it holds. Without `wait`, raise
    IndexBusy when another process is building; with `only_if_missing`, do nothing (0)
    when, once the build lock is ours, a live generation other than `broken` exists
    (another process built it meanwhile)."""
    root = index_folder(index_dir)
    version = registry.layout_version()
    try:
        with generations.building(root, version, wait=wait):
            current = registry.live_folder(root)
            if only_if_missing and current is not None and current != broken:
                return 0
            count = _build(root, version)
    except generations.BuildInProgress as error:
        raise IndexBusy(f"another process is building {root}") from error
    removed = generations.sweep(root, version)
    if removed:
        log.info("search index: removed unused generations %s", ", ".join(removed))
    return count


def _build(root: Path, version: str) -> int:
    # Entries written while we read are applied again afterwards: harmless, idempotent.
    start = OutboxEntry.objects.aggregate(last=Max("id"))["last"] or 0
    lease = generations.new_generation(root, version)
    backend = registry.backend_class()(lease.folder)
    count = 0

    def counted() -> Iterator[IndexDocument]:
        nonlocal count
        for document in documents.iterate_all():
            count += 1
            yield document

    backend.rebuild(counted())
    cursor = Cursor(position=start)
    write_cursor_in(lease.folder, cursor)
    generations.publish(root, version, lease.folder)
    registry.adopt(root, lease.folder, backend, lease)
    _report(root, cursor, count, force=True)
    return count


# --- lag ---


@dataclass(frozen=True)
class IndexLag:
    pending: int  # outbox entries this index has not applied
    seconds: float  # age of the oldest of them; 0 when up to date


def index_lag(index_dir: Path | str | None = None) -> IndexLag:
    cursor = read_cursor(index_dir)
    waiting = OutboxEntry.objects.filter(id__gt=cursor.position).exclude(
        id__in=cursor.applied_above
    )
    summary = waiting.aggregate(oldest=Min("created_at"))
    oldest = summary["oldest"]
    seconds = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    return IndexLag(waiting.count(), max(0.0, seconds))


def replica_name(index_dir: Path | str | None = None) -> str:
    return f"{socket.gethostname()}:{index_folder(index_dir)}"


_last_report: dict[str, float] = {}


def _report(
    index_dir: Path | str | None, cursor: Cursor, applied: int, force: bool = False
) -> None:
    """Record this replica's position in the database, so every node's lag is visible."""
    name = replica_name(index_dir)
    now = time.time()
    if not (force or applied or now - _last_report.get(name, 0.0) > REPLICA_REPORT_SECONDS):
        return
    _last_report[name] = now
    stamp = timezone.now()
    values = {"position": cursor.position, "seen_at": stamp}
    if applied:
        values["applied_at"] = stamp
    # One UPDATE, a write from its first statement: on SQLite it waits for another
    # process's write to end, where a read-then-write transaction fails at once.
    if not Replica.objects.filter(name=name).update(**values):
        with transaction.atomic():
            Replica.objects.get_or_create(name=name, defaults=values)


def replica_lags() -> list[tuple[Replica, int]]:
    """Every replica known to the database with the number of entries it has yet to apply
    (by position; an entry that arrived out of order may already be applied)."""
    last = OutboxEntry.objects.aggregate(last=Max("id"))["last"] or 0
    return [(replica, max(0, last - replica.position)) for replica in Replica.objects.all()]


def prune(keep: timedelta = timedelta(days=7)) -> int:
    """Forget entries every replica has passed and that are older than `keep`."""
    slowest = Replica.objects.aggregate(lowest=Min("position"))["lowest"]
    if slowest is None:
        return 0
    cutoff = timezone.now() - keep
    deleted, _ = OutboxEntry.objects.filter(id__lte=slowest, created_at__lt=cutoff).delete()
    return deleted
