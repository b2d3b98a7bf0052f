"""The search benchmark's library: the synthetic resources in the project's database
(bulk_create, with everything the index reads) and the same documents in a bare SQLite
FTS5 table, the baseline. Used by bench/search.py."""

from __future__ import annotations

import argparse
import datetime
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from corpus import BenchQuery, SyntheticResource, fts5_expression, generate

BATCH = 500


def folder_size(path: Path) -> int:
    return sum(item.stat().st_size for item in path.rglob("*") if item.is_file())


def batches(items: Iterable[SyntheticResource], size: int) -> Iterator[list[SyntheticResource]]:
    batch: list[SyntheticResource] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def setup_django(
    data_dir: Path, search_dir: Path, database_url: str | None, migrate: bool = True
) -> None:
    os.environ["MANUMIT_DATA_DIR"] = str(data_dir)
    os.environ["MANUMIT_DATABASE_URL"] = database_url or f"sqlite:///{data_dir / 'bench.sqlite3'}"
    os.environ["MANUMIT_SEARCH_DIR"] = str(search_dir)
    # One client sends every timed request: the per-client limit on anonymous search would
    # answer most of them 429 (as bench/load.py, the limit is off for the run).
    os.environ["MANUMIT_PAGE_RATE_LIMIT"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "manumit.settings")
    import django
    from django.core.management import call_command

    django.setup()
    if migrate:
        call_command("migrate", verbosity=0, interactive=False)


# --- The baseline: bare SQLite FTS5 ---


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


# --- The library in the project's database ---


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
