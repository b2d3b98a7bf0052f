"""Backup and restore of a library of a few thousand resources, and what the restore's
index rebuild costs against copying an index folder that a backup could have held.

    .venv/bin/python bench/backup_restore.py --docs 3000 [--keep DIR]

The library is bench/corpus.py's synthetic one (about 3,000 words of document text each),
in SQLite. Timed: `backup()` in this process; `manumit restore` into a fresh data folder
(a child process, as an operator runs it, its rebuild included); the rebuild on its own
(`reindex()` here); and copying this node's index folder, the alternative: an index kept
in the backup and copied back.
"""

from __future__ import annotations

import argparse
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
    for done in (backup_dir, target, root / "index-copy"):
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
    timed(f"backup() of {summary.resources} resources", started)
    started = time.perf_counter()
    shutil.copytree(source / "search", root / "index-copy")
    copied = timed("copying the index folder", started)

    target.mkdir(exist_ok=True)
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
    restore = timed("manumit restore (process start, database, rebuild)", started)
    print(
        f"docs {args.docs} restore_s {restore:.1f} rebuild_s {rebuild:.1f} "
        f"index_copy_s {copied:.2f} index_mib {index_size / 2**20:.0f}"
    )
    if not args.keep:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
