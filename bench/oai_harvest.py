"""A whole OAI-PMH harvest of a large library, page by page, against a bare keyset query.

    .venv/bin/python bench/oai_harvest.py --docs 100000 [--batch 100] [--keep DIR]
                                          [--database-url postgres://...]

In a throwaway data folder (SQLite unless --database-url names an empty database) it:

1. creates N published resources with bulk_create (title, description, a year, a content
   type, one or two topics, a country, its region, an author and a publisher), then fills
   the OAI change log with `manumit.interop.oai.changelog.backfill()`, the code `migrate`
   runs on an existing library, and reports how long that took;
2. harvests ListRecords (oai_dc) through the real view (Django's test client: middleware,
   the view, token signing, lxml), following resumption tokens to the empty last one, with
   the batch size given. Halfway through, new resources are published and resources not
   yet harvested are edited, as curators would during a long harvest: both must arrive
   later in the same harvest, once;
3. asserts no duplicate and no gap: every record of the log is seen exactly once;
4. walks the same log with the bare keyset query the view's page rests on
   (`... WHERE datestamp >= ? AND (datestamp > ? OR resource_id > ?) ORDER BY datestamp,
   resource_id LIMIT n`)
   on the same connection, as the baseline;
5. prints per-page p50 and p95 and the total for both, and their ratio.

Nothing here is a test; the figures go in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search_library import setup_django

OAI = {"oai": "http://www.openarchives.org/OAI/2.0/"}
CHUNK = 2000
WORDS = [
    "forced",
    "labour",
    "recruitment",
    "fees",
    "supply",
    "chains",
    "migrant",
    "workers",
    "debt",
    "bondage",
    "child",
    "labour",
    "fishing",
    "garment",
    "construction",
    "brick",
    "kilns",
    "domestic",
    "work",
    "audit",
    "grievance",
    "remedy",
]


def build(docs: int, seed: int) -> None:
    """bulk_create the library (no signals fire), as an import or a restore would."""
    from django.db import transaction
    from django.utils.text import slugify

    from manumit.catalog.models import (
        Authorship,
        Country,
        Organisation,
        Person,
        Publishing,
        Resource,
        ResourceType,
        Topic,
    )

    rng = random.Random(seed)
    types = list(ResourceType.objects.values_list("pk", flat=True))
    topics = list(Topic.objects.values_list("pk", flat=True))
    countries = list(Country.objects.exclude(region=None).values_list("iso2", "region_id"))
    people = Person.objects.bulk_create(
        Person(name=f"Author {n}", slug=f"author-{n}") for n in range(500)
    )
    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"Organisation {n}", slug=f"organisation-{n}") for n in range(200)
    )
    now = datetime.datetime.now(datetime.UTC)
    relations = {name: getattr(Resource, name).through for name in ("types", "topics")}
    for start in range(0, docs, CHUNK):
        numbers = range(start, min(start + CHUNK, docs))
        with transaction.atomic():
            made = Resource.objects.bulk_create(
                Resource(
                    title=f"Report {n}: " + " ".join(rng.sample(WORDS, 5)),
                    slug=slugify(f"report-{n}"),
                    description="<p>" + " ".join(rng.choices(WORDS, k=60)) + "</p>",
                    pub_date=datetime.date(rng.randint(1990, 2026), 1, 1),
                    pub_date_precision="year",
                    status="published",
                    published_at=now,
                )
                for n in numbers
            )
            relations["types"].objects.bulk_create(
                relations["types"](resource_id=r.pk, resourcetype_id=rng.choice(types))
                for r in made
            )
            relations["topics"].objects.bulk_create(
                relations["topics"](resource_id=r.pk, topic_id=t)
                for r in made
                for t in set(rng.sample(topics, rng.randint(1, 2)))
            )
            placed = [(r.pk, *rng.choice(countries)) for r in made]
            Resource.countries.through.objects.bulk_create(
                Resource.countries.through(resource_id=pk, country_id=iso2)
                for pk, iso2, _ in placed
            )
            Resource.regions.through.objects.bulk_create(
                Resource.regions.through(resource_id=pk, region_id=region)
                for pk, _, region in placed
            )
            Authorship.objects.bulk_create(
                Authorship(resource=r, position=0, person=rng.choice(people)) for r in made
            )
            Publishing.objects.bulk_create(
                Publishing(resource=r, position=0, organisation=rng.choice(orgs)) for r in made
            )


def fill_log() -> float:
    from manumit.interop.oai.changelog import backfill

    started = time.perf_counter()
    written = backfill()
    seconds = time.perf_counter() - started
    print(f"change log filled (backfill): {written} rows in {seconds:.1f} s")
    return seconds


def curators_meanwhile(seen: set[str]) -> set[str]:
    """Publish 20 resources and edit 20 not yet harvested; returns their identifiers."""
    from django.conf import settings

    from manumit.catalog.models import Resource, Status

    def oai_id(pk: int) -> str:
        return f"oai:{settings.OAI_REPOSITORY_ID}:{pk}"

    new = [
        Resource.objects.create(title=f"Published mid-harvest {n}", status=Status.PUBLISHED)
        for n in range(20)
    ]
    later = [
        r
        for r in Resource.objects.order_by("-pk")[:200]
        if oai_id(r.pk) not in seen and not r.title.startswith("Published mid-harvest")
    ][:20]
    for resource in later:
        resource.title += " (edited mid-harvest)"
        resource.save()
    return {oai_id(r.pk) for r in [*new, *later]}


def harvest(batch: int) -> tuple[list[float], list[str], set[str]]:
    from django.conf import settings
    from django.test import Client
    from lxml import etree

    settings.OAI_BATCH_SIZE = batch
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    seen: list[str] = []
    timings: list[float] = []
    params: dict[str, str] = {"verb": "ListRecords", "metadataPrefix": "oai_dc"}
    changed: set[str] = set()
    total = None
    while True:
        started = time.perf_counter()
        response = client.get("/oai", params)
        assert response.status_code == 200, response.status_code
        root = etree.fromstring(response.content)
        timings.append(time.perf_counter() - started)
        error = root.find("oai:error", OAI)
        assert error is None, f"{error.get('code')}: {error.text}"
        seen += [e.text for e in root.iterfind(".//oai:header/oai:identifier", OAI)]
        token = root.find(".//oai:resumptionToken", OAI)
        if token is None or not token.text:
            return timings, seen, changed
        total = total or int(token.get("completeListSize"))
        if not changed and len(seen) >= total // 2:
            changed = curators_meanwhile(set(seen))
        params = {"verb": "ListRecords", "resumptionToken": token.text}


def bare_walk(batch: int) -> tuple[list[float], int]:
    """The baseline: the keyset page query alone, over the same table."""
    from django.db import connection

    sql = (
        "SELECT resource_id, datestamp, deleted, sets FROM interop_oairecord"
        " WHERE datestamp >= %s AND (datestamp > %s OR resource_id > %s)"
        " ORDER BY datestamp, resource_id LIMIT %s"
    )
    timings: list[float] = []
    last: tuple[Any, int] = (datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC), 0)
    count = 0
    with connection.cursor() as cursor:
        while True:
            started = time.perf_counter()
            cursor.execute(sql, [last[0], last[0], last[1], batch + 1])
            rows = cursor.fetchall()[:batch]
            timings.append(time.perf_counter() - started)
            count += len(rows)
            if len(rows) < batch:
                return timings, count
            last = (rows[-1][1], rows[-1][0])


def quantile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q * 100) - 1] if len(values) > 1 else values[0]


def report(name: str, timings: list[float]) -> tuple[float, float, float]:
    p50, p95, total = quantile(timings, 0.5), quantile(timings, 0.95), sum(timings)
    print(
        f"{name:>5}: {len(timings)} pages, per page p50 {p50 * 1000:.1f} ms,"
        f" p95 {p95 * 1000:.1f} ms, total {total:.1f} s"
    )
    return p50, p95, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="a data folder to keep (and reuse)")
    parser.add_argument("--database-url")
    args = parser.parse_args()
    data_dir = args.keep or Path(tempfile.mkdtemp(prefix="oai-bench-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        setup_django(data_dir, data_dir / "search", args.database_url)
        from manumit.catalog.models import Resource
        from manumit.interop.oai.models import OaiRecord

        if not Resource.objects.exists():
            started = time.perf_counter()
            build(args.docs, args.seed)
            print(f"{args.docs} resources created in {time.perf_counter() - started:.1f} s")
            fill_log()
        timings, seen, changed = harvest(args.batch)
        logged = set(
            f"oai:manumit.example.org:{pk}"
            for pk in OaiRecord.objects.values_list("resource_id", flat=True)
        )
        duplicates = len(seen) - len(set(seen))
        gaps = logged - set(seen)
        print(f"harvested {len(seen)} records; {duplicates} duplicates, {len(gaps)} missing")
        assert duplicates == 0 and not gaps and set(seen) == logged, "gap or duplicate"
        assert changed <= set(seen), "a record changed mid-harvest was missed"
        bare, count = bare_walk(args.batch)
        assert count == len(logged)
        view = report("view", timings)
        base = report("bare", bare)
        print(
            f"view_p50_ms {view[0] * 1000:.1f} bare_p50_ms {base[0] * 1000:.2f}"
            f" ratio {view[0] / base[0]:.0f} total_s {view[2]:.1f} bare_total_s {base[2]:.2f}"
        )
    finally:
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
