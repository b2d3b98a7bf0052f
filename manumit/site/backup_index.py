"""The search index in a backup: one committed generation copied out, and put back on restore.

A rebuild from the database is most of a restore's time (docs/benchmarks.md), so a backup
keeps a copy of this node's live index and a restore uses it when it provably matches:

- The copy is made *before* the database snapshot. Its `cursor.json` (how far into the
  outbox it has applied) is read first, then each tantivy index's `meta.json`, then the
  segment files that meta names. The cursor is written after the index commit it
  describes, and segment files are never changed once written, so the copy holds at least
  every change up to its position, and nothing the snapshot lacks.
- On restore the copy becomes a new generation, and `catch_up()` applies the outbox
  entries between the copy's position and the snapshot's (an upsert by resource id, so an
  entry applied twice does no harm).
- The copy is not used, and the index is rebuilt instead, when the backup holds none, its
  layout version is not this release's, a file fails its digest or it cannot be opened,
  or the outbox entries it needs are gone (pruned) from the restored database.
"""

from __future__ import annotations

import json
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from manumit.site import backup_files

INDEX = "index"
CHECKSUMS = "index.sha256"
META = "meta.json"
MANAGED = ".managed.json"  # tantivy's list of the files it may delete when they are unused
PARTS = ("resources", "pages")
ATTEMPTS = 5  # a merge can delete a segment file between reading meta.json and copying it


@dataclass(frozen=True)
class IndexRestore:
    copied: bool  # True: the backup's index, caught up; False: rebuilt from the database
    detail: str  # what was done, for the operator

    def sentence(self) -> str:
        if self.copied:
            return f"the search index is restored from the backup ({self.detail})"
        return f"the search index is rebuilt ({self.detail})"


def copy_out(folder: Path) -> dict[str, Any] | None:
    """Copy the live generation into `folder/index`; what the manifest records about it,
    or None (nothing live, or it kept changing under the copy: a restore rebuilds)."""
    from manumit.search import generations, registry

    root, version = registry.index_folder(), registry.layout_version()
    for _ in range(ATTEMPTS):
        live = generations.live(root, version)
        lease = generations.hold(live) if live is not None else None
        if live is None or lease is None:
            return None
        try:
            digests = _copy_generation(live, folder / INDEX)
        except FileNotFoundError:  # merged away meanwhile: copy the newer commit
            continue
        finally:
            lease.release()
        _write_checksums(folder, digests)
        cursor = json.loads((folder / INDEX / "cursor.json").read_text())
        return {"layout": version, "position": cursor.get("position", 0)}
    shutil.rmtree(folder / INDEX, ignore_errors=True)
    return None


def _copy_generation(live: Path, target: Path) -> dict[str, str]:
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    # The cursor first: the index commits it describes are already in every meta read later.
    cursor = (live / "cursor.json").read_bytes()
    (target / "cursor.json").write_bytes(cursor)
    for part in PARTS:
        meta = (live / part / META).read_bytes()
        segments = {uuid.UUID(s["segment_id"]).hex for s in json.loads(meta)["segments"]}
        (target / part).mkdir()
        names = [
            path.name for path in (live / part).iterdir() if path.name.split(".", 1)[0] in segments
        ]
        for name in names:
            shutil.copyfile(live / part / name, target / part / name)
        (target / part / META).write_bytes(meta)
        (target / part / MANAGED).write_text(json.dumps([*names, META]))
    files = (path for path in target.rglob("*") if path.is_file())
    return {path.relative_to(target).as_posix(): backup_files.file_digest(path) for path in files}


def _write_checksums(folder: Path, digests: dict[str, str]) -> None:
    lines = [f"{digest}  {name}\n" for name, digest in sorted(digests.items())]
    (folder / CHECKSUMS).write_text("".join(lines))


def restore(folder: Path, manifest: dict[str, Any]) -> IndexRestore:
    """After the database is restored: the backup's index caught up, or a rebuild."""
    from manumit.search import reindex

    recorded = manifest.get("index")
    reason = _unusable(folder, recorded)
    if reason is None:
        assert recorded is not None
        placed = _place(folder / INDEX, int(recorded["position"]))
        if isinstance(placed, IndexRestore):
            return placed
        reason = placed
    count = reindex()
    return IndexRestore(False, f"{reason}; {count} resources indexed")


def _unusable(folder: Path, recorded: dict[str, Any] | None) -> str | None:
    """Why the backup's index cannot be used as it is, or None."""
    from django.db.models import Max, Min

    from manumit.search import registry
    from manumit.search.models import OutboxEntry

    if not recorded or not (folder / INDEX).is_dir():
        return "the backup holds no search index"
    if recorded.get("layout") != registry.layout_version():
        return (
            f"the backup's index has layout {recorded.get('layout')}, "
            f"this release uses {registry.layout_version()}"
        )
    if not _intact(folder):
        return "the backup's index copy is missing files or damaged"
    position = int(recorded["position"])
    kept = OutboxEntry.objects.aggregate(oldest=Min("id"), newest=Max("id"))
    if kept["oldest"] is not None and kept["oldest"] > position + 1:
        return (
            f"the outbox entries after the copy's position {position} were pruned "
            f"(the oldest kept is {kept['oldest']})"
        )
    if kept["newest"] is not None and kept["newest"] < position:
        return f"the index copy (position {position}) is newer than the database"
    return None


def _intact(folder: Path) -> bool:
    try:
        lines = (folder / CHECKSUMS).read_text().splitlines()
        for line in lines:
            digest, name = line.split("  ", 1)
            path = backup_files.inside(folder / INDEX, name)
            if not path.is_file() or backup_files.file_digest(path) != digest:
                return False
    except (OSError, ValueError, backup_files.DamagedBackup):
        return False
    return bool(lines)


def _place(copy: Path, position: int) -> IndexRestore | str:
    """Publish the copy as this node's live generation and apply the outbox since; the
    result, or why it could not be opened."""
    from manumit.search import catch_up, generations, registry

    root, version = registry.index_folder(), registry.layout_version()
    with generations.building(root, version):
        lease = generations.new_generation(root, version)
        for item in copy.iterdir():
            if item.is_dir():
                shutil.copytree(item, lease.folder / item.name)
            else:
                shutil.copyfile(item, lease.folder / item.name)
        try:
            backend = registry.backend_class()(lease.folder)
            backend.document_ids()  # reads every segment's id column: a torn file fails
        except Exception as error:  # whatever the backend raises on a broken folder
            lease.release()
            shutil.rmtree(lease.folder, ignore_errors=True)
            return f"the backup's index copy cannot be opened ({error})"
        generations.publish(root, version, lease.folder)
        registry.adopt(root, lease.folder, backend, lease)
    generations.sweep(root, version)
    applied = catch_up()
    return IndexRestore(True, f"position {position}, {applied} outbox entries applied since")
