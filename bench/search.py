"""Search speed on a synthetic library, against bare SQLite FTS5 on the same corpus.

    .venv/bin/python bench/search.py --docs 100000 [--queries 200] [--keep DIR]
                                     [--database-url postgres://...]

In a throwaway data folder (SQLite database unless --database-url names an empty one,
search index) it:

1. generates N resources with bench/corpus.py (title, abstract, tags, ~3,000 words over
   10 pages) and loads them with bulk_create: resources, credits, one PDF attachment each,
   its DocumentText and 10 Page rows; the same documents go into a bare SQLite FTS5 table
   (one row per resource: title, people, abstract, tags, body);
2. builds the search index through the project's interface (`manumit.search.reindex()`)
   and reports its rate (documents per second) and size, beside FTS5's;
3. times 200 mixed queries (common and rare terms, AND, phrases, prefixes, with and without
   filters), each as
     - full:  `manumit.search.search(SearchQuery(...))`: top 10, every facet count, snippets,
              hits checked against the database, as the search page calls it;
     - http:  GET /search/?q=... through Django's test client (middleware, view, template);
     - bare:  `SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT 10` (FTS5's bm25),
   round-robin, so drift affects all alike, after the same warm-up for each;
4. measures freshness: publish a resource and time until a search finds it, on this node
   and on a second replica (a copy of the index folder, followed from the same database by
   another process); each node runs the background sync a web process runs. Several
   nodes are meant for PostgreSQL: on SQLite the two processes can meet "database is
   locked", and the sync then tries again a moment later.

With --keep, a second run reuses the folder's library, FTS5 table and index; an index
written with an older schema is rebuilt first (and its build rate reported).
The modules beside it: search_library.py (loading, the FTS5 baseline), search_measure.py
(the runners and their timing), search_freshness.py (publish to findable, two nodes).

The last line is `full_p95_ms X bare_p95_ms Y ratio Z` (ratio = full / bare; the goal is at
most 0.33 and full p95 at most 50 ms at 100,000 documents). Nothing here is a test.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from corpus import bench_queries  # bench/corpus.py, beside this script
from search_freshness import freshness
from search_library import Fts5Baseline, folder_size, load, setup_django
from search_measure import (
    full_search_runner,
    http_runner,
    percentile,
    print_timings,
    time_round_robin,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--keep", type=Path, help="use and keep this folder; rerun on it to time again"
    )
    parser.add_argument(
        "--database-url",
        help="an empty database to load (PostgreSQL, say); default: SQLite in the folder",
    )
    args = parser.parse_args()
    data_dir = args.keep or Path(tempfile.mkdtemp(prefix="manumit-bench-search-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        run(args, data_dir)
    finally:
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)


def run(args: argparse.Namespace, data_dir: Path) -> None:
    reuse = (data_dir / "fts5.sqlite3").exists()
    setup_django(data_dir, data_dir / "search", args.database_url)
    from django.db import connection

    print(f"database: {connection.vendor}; load average {os.getloadavg()[0]:.2f} (2 cores)")
    print(f"corpus: {args.docs} synthetic resources, seed {args.seed}, in {data_dir}")
    baseline = Fts5Baseline(data_dir / "fts5.sqlite3")
    if reuse:
        print("reusing the library and FTS5 table built by an earlier run (--keep)")
    else:
        load(args, baseline)
    queries = bench_queries(args.queries, args.seed)
    engine = engine_or_none()
    if engine is None:
        print("manumit.search has no search() yet: the baseline alone")
        timings = time_round_robin({"bare": baseline.top10}, queries)
        print_timings(timings, queries)
        return
    prepare_index(engine, data_dir, args.docs, baseline)
    runners = {
        "full": full_search_runner(engine),
        "http": http_runner(),
        "bare": baseline.top10,
    }
    timings = time_round_robin(runners, queries)
    print_timings(timings, queries)
    freshness(data_dir)
    print(f"load average after the run {os.getloadavg()[0]:.2f} (2 cores)")
    full_p95 = percentile(timings["full"], 0.95)
    bare_p95 = percentile(timings["bare"], 0.95)
    print(f"full_p95_ms {full_p95:.2f} bare_p95_ms {bare_p95:.2f} ratio {full_p95 / bare_p95:.2f}")


def engine_or_none() -> Any:
    import manumit.search as engine

    return engine if hasattr(engine, "search") else None


def prepare_index(engine: Any, data_dir: Path, docs: int, baseline: Fts5Baseline) -> None:
    """Build the index (a new library, or a kept one whose index has an older schema: a
    new generation is built beside it) and report its rate and size; else catch up."""
    from manumit.search.registry import live_folder

    if live_folder() is not None:
        print("reusing the index built by an earlier run (--keep)")
        engine.apply_outbox()
        return
    started = time.perf_counter()
    engine.reindex()
    build_seconds = time.perf_counter() - started
    index_size = folder_size(data_dir / "search")
    compared = (
        f" (FTS5 ÷ index build time: {baseline.build_seconds / build_seconds:.2f})"
        if baseline.build_seconds
        else ""
    )
    print(
        f"index build (manumit.search.reindex): {build_seconds:.1f} s, "
        f"{docs / build_seconds:.0f} docs/s, {index_size / 2**20:.0f} MiB{compared}"
    )


if __name__ == "__main__":
    main()
