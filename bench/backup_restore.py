"""Backup and restore of a library of a few thousand resources: a restore that puts the
backup's search index back and catches it up, against one that rebuilds the index.

    .venv/bin/python bench/backup_restore.py --docs 3000 [--keep DIR]

The library is bench/corpus.py's synthetic one (about 3,000 words of document text each),
in SQLite. Timed: the index build on its own (`reindex()` here); `backup()` in this
process (its index copy included); `manumit restore` into a fresh data folder (a child
process, as an operator runs it), once with the backup as it is (the index copied back and
caught up from the outbox) and once with the backup's index taken out (a rebuild).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import generate
from search_library import BATCH, LibraryLoader, batches, folder_size, setup_django

REPO = Path(__file__).resolve().parents[1]


def timed(label: str, started: float) -> float:
    seconds = time.perf_counter() - started
    print(f"{label}: {seconds:.1f} s")
    return seconds


def restore(backup_dir: Path, target: Path, label: str) -> float:
    """`manumit restore` into the fresh data folder `target`, timed."""
    target.mkdir()
    env = {
        **os.environ,
        "MANUMIT_DATA_DIR": str(target),
        "MANUMIT_DATABASE_URL": f"sqlite:///{target / 'bench.sqlite3'}",
        "MANUMIT_SEARCH_DIR": str(target / "search"),
        "PYTHONPATH": str(REPO),
    }
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "manumit", "restore", str(backup_dir)], env=env, check=True
    )
    return timed(f"manumit restore, {label} (process start, database, index)", started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="work in this folder and leave it")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="bench-backup-"))
    source, target, backup_dir = root / "old", root / "new", root / "backup"
    # With --keep, a library loaded by an earlier run is used again (loading is slow).
    loaded = (source / "bench.sqlite3").exists()
    for done in (backup_dir, target, root / "new-rebuilt", root / "backup-without-index"):
        shutil.rmtree(done, ignore_errors=True)
    source.mkdir(parents=True, exist_ok=True)
    setup_django(source, source / "search", None)

    from manumit.search import reindex
    from manumit.site.backup import backup

    if not loaded:
        started = time.perf_counter()
        loader = LibraryLoader()
        for batch in batches(generate(args.docs, args.seed), BATCH):
            loader.add(batch)
        timed(f"loaded {args.docs} resources", started)
    started = time.perf_counter()
    reindex()
    rebuild = timed("reindex() on the library", started)
    index_size = folder_size(source / "search")
    print(f"index: {index_size / 2**20:.0f} MiB; database: "
          f"{(source / 'bench.sqlite3').stat().st_size / 2**20:.0f} MiB")  # fmt: skip

    started = time.perf_counter()
    summary = backup(backup_dir)
    backed = timed(f"backup() of {summary.resources} resources, {summary.index}", started)
    without = root / "backup-without-index"
    shutil.copytree(backup_dir, without)
    shutil.rmtree(without / "index")
    manifest = json.loads((without / "manifest.json").read_text())
    (without / "manifest.json").write_text(json.dumps({**manifest, "index": None}))

    fast = restore(backup_dir, target, "the index from the backup")
    slow = restore(without, root / "new-rebuilt", "the index rebuilt")
    print(
        f"docs {args.docs} restore_with_index_s {fast:.1f} restore_rebuild_s {slow:.1f} "
        f"rebuild_s {rebuild:.1f} backup_s {backed:.1f} index_mib {index_size / 2**20:.0f}"
    )
    if not args.keep:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
