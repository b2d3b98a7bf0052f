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
   round-robin, so drift affects all alike, after one warm-up pass;
4. measures freshness: publish a resource and time until a search finds it, on this node
   and on a second replica (a copy of the index folder, followed from the same database by
   another process); each node runs the background sync a web process runs. Several
   nodes are meant for PostgreSQL: on SQLite the two processes can meet "database is
   locked", and the sync then waits before its next round.

The last line is `full_p95_ms X bare_p95_ms Y ratio Z` (ratio = full / bare; the goal is at
most 0.33 and full p95 at most 50 ms at 100,000 documents). Nothing here is a test.
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from corpus import (  # bench/corpus.py, beside this script
    BenchQuery,
    SyntheticResource,
    bench_queries,
    fts5_expression,
    generate,
)

BATCH = 500
FRESHNESS_TIMEOUT_S = 30.0
FRESHNESS_POLL_S = 0.005


def folder_size(path: Path) -> int:
    return sum(item.stat().st_size for item in path.rglob("*") if item.is_file())


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def batches(items: Iterable[SyntheticResource], size: int) -> Iterator[list[SyntheticResource]]:
    batch: list[SyntheticResource] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


# --- The baseline: bare SQLite FTS5 ---------------------------------------------------------


class Fts5Baseline:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(path)
        self.db.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(title, people, abstract, tags,"
            " body, tokenize='porter unicode61 remove_diacritics 2')"
        )
        self.build_seconds = 0.0

    def add(self, batch: list[SyntheticResource]) -> None:
        started = time.perf_counter()
        self.db.executemany(
            "INSERT INTO fts(rowid, title, people, abstract, tags, body) VALUES (?,?,?,?,?,?)",
            [
                (
                    item.number,
                    item.title,
                    " ".join(item.authors + item.publishers),
                    item.abstract,
                    " ".join(item.topics + item.sectors + item.types),
                    item.text,
                )
                for item in batch
            ],
        )
        self.db.commit()
        self.build_seconds += time.perf_counter() - started

    def finish(self) -> None:
        started = time.perf_counter()
        self.db.execute("INSERT INTO fts(fts) VALUES ('optimize')")
        self.db.commit()
        self.build_seconds += time.perf_counter() - started

    def top10(self, query: BenchQuery) -> list[int]:
        rows = self.db.execute(
            "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT 10",
            (fts5_expression(query),),
        ).fetchall()
        return [row[0] for row in rows]


# --- The library in the project's database ------------------------------------------------


class LibraryLoader:
    """bulk_create the synthetic resources, with everything the index reads."""

    def __init__(self) -> None:
        from manumit.catalog.models import (
            Country,
            Organisation,
            Person,
            ResourceType,
            Sector,
            Topic,
        )

        self.types = dict(ResourceType.objects.values_list("slug", "id"))
        self.topics = dict(Topic.objects.values_list("slug", "id"))
        self.sectors = dict(Sector.objects.values_list("slug", "id"))
        self.country_regions = dict(Country.objects.values_list("iso2", "region_id"))
        self.organisations: dict[str, int] = {}
        self.people: dict[str, int] = {}
        self._organisation_model = Organisation
        self._person_model = Person

    def _agent_ids(self, names: set[str], known: dict[str, int], model: Any) -> None:
        from django.utils.text import slugify

        missing = sorted(names - known.keys())
        if missing:
            model.objects.bulk_create([model(name=name, slug=slugify(name)) for name in missing])
            known.update(model.objects.filter(name__in=missing).values_list("name", "id"))

    def add(self, batch: list[SyntheticResource]) -> None:
        from django.db import transaction

        from manumit.catalog.models import Attachment, Authorship, Publishing, Resource
        from manumit.ingest.models import DocumentText, Page

        self._agent_ids(
            {n for item in batch for n in item.publishers},
            self.organisations,
            self._organisation_model,
        )
        self._agent_ids(
            {n for item in batch for n in item.authors}, self.people, self._person_model
        )
        now = datetime.datetime.now(datetime.UTC)
        with transaction.atomic():
            resources = Resource.objects.bulk_create(
                [
                    Resource(
                        title=item.title,
                        slug=item.slug,
                        description=f"<p>{item.abstract}</p>",
                        pub_date=datetime.date(item.year, 1, 1),
                        pub_date_precision="year",
                        language=item.language,
                        status="published",
                        published_at=now,
                    )
                    for item in batch
                ]
            )
            self._relations(batch, resources)
            Authorship.objects.bulk_create(
                Authorship(resource=resource, position=position, person_id=self.people[name])
                for item, resource in zip(batch, resources, strict=True)
                for position, name in enumerate(item.authors)
            )
            Publishing.objects.bulk_create(
                Publishing(
                    resource=resource, position=position, organisation_id=self.organisations[name]
                )
                for item, resource in zip(batch, resources, strict=True)
                for position, name in enumerate(item.publishers)
            )
            attachments = Attachment.objects.bulk_create(
                Attachment(
                    resource=resource,
                    file=f"synthetic/{item.number}.pdf",
                    media_type="application/pdf",
                    page_count=len(item.pages),
                )
                for item, resource in zip(batch, resources, strict=True)
            )
            documents = DocumentText.objects.bulk_create(
                DocumentText(
                    attachment=attachment,
                    outcome="text",
                    page_count=len(item.pages),
                    char_count=len(item.text),
                    language=item.language,
                )
                for item, attachment in zip(batch, attachments, strict=True)
            )
            Page.objects.bulk_create(
                Page(document=document, number=number, text=text)
                for item, document in zip(batch, documents, strict=True)
                for number, text in enumerate(item.pages, start=1)
            )

    def _relations(self, batch: list[SyntheticResource], resources: list[Any]) -> None:
        from manumit.catalog.models import Resource

        pairs = list(zip(batch, resources, strict=True))
        links: dict[str, list[tuple[int, Any]]] = {
            "types": [(r.id, self.types[s]) for item, r in pairs for s in item.types],
            "topics": [(r.id, self.topics[s]) for item, r in pairs for s in item.topics],
            "sectors": [(r.id, self.sectors[s]) for item, r in pairs for s in item.sectors],
            "countries": [(r.id, code) for item, r in pairs for code in item.countries],
            "regions": [
                (r.id, region)
                for item, r in pairs
                for region in {self.country_regions[code] for code in item.countries} - {None}
            ],
        }
        for name, rows in links.items():
            through: Any = getattr(Resource, name).through
            # The through model's second column: resourcetype_id, topic_id, country_id, ...
            target = next(
                f.attname for f in through._meta.fields if f.is_relation and f.name != "resource"
            )
            through.objects.bulk_create(
                through(resource_id=resource_id, **{target: value}) for resource_id, value in rows
            )


# --- Timing -----------------------------------------------------------------------------


def time_round_robin(
    runners: dict[str, Callable[[BenchQuery], object]], queries: list[BenchQuery]
) -> dict[str, list[float]]:
    """Milliseconds per query for each runner, interleaved query by query."""
    for query in queries[:20]:  # warm-up: caches, first-use imports
        for run in runners.values():
            run(query)
    timings: dict[str, list[float]] = {name: [] for name in runners}
    for query in queries:
        for name, run in runners.items():
            started = time.perf_counter()
            run(query)
            timings[name].append((time.perf_counter() - started) * 1000)
    return timings


def print_timings(timings: dict[str, list[float]], queries: list[BenchQuery]) -> None:
    kinds = sorted({query.kind for query in queries})
    print(f"{'':8} {'p50 ms':>8} {'p95 ms':>8} " + " ".join(f"{k:>9}" for k in kinds))
    for name, values in timings.items():
        by_kind = [
            statistics.median(v for v, q in zip(values, queries, strict=True) if q.kind == kind)
            for kind in kinds
        ]
        print(
            f"{name:8} {percentile(values, 0.5):8.2f} {percentile(values, 0.95):8.2f} "
            + " ".join(f"{value:9.2f}" for value in by_kind)
        )
    print("(per-kind columns: median ms)")


# --- The run ----------------------------------------------------------------------------


def setup_django(
    data_dir: Path, search_dir: Path, database_url: str | None, migrate: bool = True
) -> None:
    os.environ["MANUMIT_DATA_DIR"] = str(data_dir)
    os.environ["MANUMIT_DATABASE_URL"] = database_url or f"sqlite:///{data_dir / 'bench.sqlite3'}"
    os.environ["MANUMIT_SEARCH_DIR"] = str(search_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "manumit.settings")
    import django
    from django.core.management import call_command

    django.setup()
    if migrate:
        call_command("migrate", verbosity=0, interactive=False)


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
    parser.add_argument("--replica", type=Path, help=argparse.SUPPRESS)  # the second node
    args = parser.parse_args()
    if args.replica:
        replica_main(args.replica, args.replica / "search-replica")
        return

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

    print(f"database: {connection.vendor}; load average {os.getloadavg()[0]:.2f}")
    print(f"corpus: {args.docs} synthetic resources, seed {args.seed}, in {data_dir}")
    baseline = Fts5Baseline(data_dir / "fts5.sqlite3")
    if reuse:
        print("reusing the library, FTS5 table and index built by an earlier run (--keep)")
    else:
        load(args, baseline)
    queries = bench_queries(args.queries, args.seed)
    engine = engine_or_none()
    if engine is None:
        print("manumit.search has no search() yet: the baseline alone")
        timings = time_round_robin({"bare": baseline.top10}, queries)
        print_timings(timings, queries)
        return
    if not reuse:
        build_seconds = build_index(engine)
        index_size = folder_size(data_dir / "search")
        print(
            f"index build (manumit.search.reindex): {build_seconds:.1f} s, "
            f"{args.docs / build_seconds:.0f} docs/s, {index_size / 2**20:.0f} MiB "
            f"(FTS5 ÷ index build time: {baseline.build_seconds / build_seconds:.2f})"
        )
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


def load(args: argparse.Namespace, baseline: Fts5Baseline) -> None:
    loader = LibraryLoader()
    started = time.perf_counter()
    for batch in batches(generate(args.docs, args.seed), BATCH):
        loader.add(batch)
        baseline.add(batch)
    baseline.finish()
    total = time.perf_counter() - started
    print(f"generated and loaded into the database in {total:.0f} s")
    fts_rate = args.docs / baseline.build_seconds
    fts_size = baseline.path.stat().st_size
    print(
        f"FTS5 build: {baseline.build_seconds:.1f} s, {fts_rate:.0f} docs/s, "
        f"{fts_size / 2**20:.0f} MiB"
    )


def engine_or_none() -> Any:
    import manumit.search as engine

    return engine if hasattr(engine, "search") else None


def build_index(engine: Any) -> float:
    started = time.perf_counter()
    engine.reindex()
    return time.perf_counter() - started


def search_query(query: BenchQuery) -> Any:
    from manumit.search.types import SearchQuery

    return SearchQuery(text=query.text, filters=query.filters, year_from=query.year_from)


def full_search_runner(engine: Any) -> Callable[[BenchQuery], object]:
    def run(query: BenchQuery) -> object:
        return engine.search(search_query(query))

    return run


def http_runner() -> Callable[[BenchQuery], object]:
    from django.test import Client

    client = Client(HTTP_HOST="localhost")

    def run(query: BenchQuery) -> object:
        params: dict[str, Any] = {"q": query.text, **{k: list(v) for k, v in query.filters.items()}}
        if query.year_from:
            params["year_from"] = query.year_from
        response = client.get("/search/", params)
        assert response.status_code == 200, response.status_code
        return response

    return run


def publish_draft(word: str) -> Any:
    """A draft that only `word` finds, written (and indexed) before the clock starts."""
    from manumit.catalog.models import Resource

    return Resource.objects.create(title=f"Freshness probe {word}", slug=word, status="draft")


def wait_until_found(word: str) -> float:
    """Poll a full search until it finds `word`; the wall-clock time it did (time.time)."""
    from manumit.search import search
    from manumit.search.types import SearchQuery

    deadline = time.monotonic() + FRESHNESS_TIMEOUT_S
    while time.monotonic() < deadline:
        if search(SearchQuery(text=word)).total:
            return time.time()
        time.sleep(FRESHNESS_POLL_S)
    return float("nan")


def replica_process(data_dir: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, __file__, "--replica", str(data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def replica_main(data_dir: Path, replica_dir: Path) -> None:
    """The second node: its own index folder on the same database, kept fresh the way a
    web process keeps it (`start_background_sync`); answers each word with when it found it."""
    # The parent's database, passed down in the environment.
    setup_django(data_dir, replica_dir, os.environ["MANUMIT_DATABASE_URL"], migrate=False)
    from manumit.search import start_background_sync

    start_background_sync()
    print("ready", flush=True)
    for line in sys.stdin:
        print(f"{wait_until_found(line.strip()):.6f}", flush=True)


def freshness(data_dir: Path, trials: int = 5) -> None:
    """Publish, then time until a search finds it: on this node and on a second replica,
    each with the background sync a web process runs (it polls the outbox)."""
    from manumit.search import start_background_sync

    replica_dir = data_dir / "search-replica"
    shutil.rmtree(replica_dir, ignore_errors=True)
    shutil.copytree(data_dir / "search", replica_dir)  # a second node, started from a copy
    replica = replica_process(data_dir)
    assert replica.stdin and replica.stdout
    replica.stdout.readline()
    start_background_sync()
    here: list[float] = []
    there: list[float] = []
    for trial in range(trials):
        word = f"freshprobe{trial}x{os.getpid()}"
        resource = publish_draft(word)
        time.sleep(1.5)  # both nodes have applied the draft: only the publish is timed
        replica.stdin.write(word + "\n")
        replica.stdin.flush()
        resource.status = "published"
        published = time.time()
        resource.save()
        here.append(wait_until_found(word) - published)
        there.append(float(replica.stdout.readline()) - published)
    replica.stdin.close()
    replica.wait(timeout=30)
    print(
        f"freshness (publish to found, {trials} trials, background sync every 0.5 s): "
        f"this node median {statistics.median(here):.2f} s, max {max(here):.2f} s; "
        f"second replica median {statistics.median(there):.2f} s, max {max(there):.2f} s"
    )


if __name__ == "__main__":
    main()
