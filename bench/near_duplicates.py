"""The near-duplicate check of one new document against a large library.

    .venv/bin/python bench/near_duplicates.py [--documents 5000] [--database-url URL]

In a throwaway data folder (SQLite unless --database-url names an empty database) it
stores, oldest first:
    - one real modern slavery statement from ../shared/data/antislavery (the original);
    - N other documents, each with the fingerprint of an unrelated text: SIZE random 64-bit
      passage hashes (what hashing unrelated passages gives) and a passage count within the
      original's ±20%, so that every one of them passes the length filter (the worst case).
Then it times, in the same run, medians of REPEATS:
    fingerprint  `Fingerprint.of(text)` of the new document (the same statement with a new
                 first line): the cost that does not depend on the library's size;
    check        `find_near_duplicates(title, text)`: the new fingerprint, one query over
                 every stored fingerprint of comparable length, and the comparisons;
and prints both, the ratio check / fingerprint, the cost per stored document, and whether
the original (the oldest document of all) was found. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATEMENTS = ROOT.parent / "shared/data/antislavery/project-aims"
STATEMENTS_CSV = STATEMENTS / "GT_MSA_Training_NewDataLabels_WithText.csv"
REPEATS = 15
BATCH = 1000


def setup_django(data_dir: Path, database_url: str | None) -> None:
    os.environ["MANUMIT_DATA_DIR"] = str(data_dir)
    os.environ["MANUMIT_DATABASE_URL"] = database_url or f"sqlite:///{data_dir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "manumit.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def a_statement(min_words: int = 1500) -> str:
    """The first statement in the CSV with at least `min_words` words."""
    with STATEMENTS_CSV.open(newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            if len(row["Text"].split()) >= min_words:
                return str(row["Text"])
    raise SystemExit(f"No statement of {min_words} words in {STATEMENTS_CSV}.")


def store_library(original: str, documents: int) -> None:
    from manumit.catalog.models import Attachment, Resource
    from manumit.ingest.fingerprint import SIZE, Fingerprint
    from manumit.ingest.models import DocumentText, Outcome

    mine = Fingerprint.of(original)
    randomness = random.Random(7)
    sketches = [mine] + [
        Fingerprint(
            tuple(sorted(randomness.getrandbits(64) for _ in range(SIZE))),
            round(mine.passages * randomness.uniform(0.8, 1.2)),
        )
        for _ in range(documents)
    ]
    for start in range(0, len(sketches), BATCH):
        batch = sketches[start : start + BATCH]
        resources = Resource.objects.bulk_create(
            Resource(title=f"Statement {start + n}", slug=f"statement-{start + n}")
            for n in range(len(batch))
        )
        attachments = Attachment.objects.bulk_create(
            Attachment(resource=resource, file=f"attachments/{resource.slug}.txt")
            for resource in resources
        )
        texts = []
        for attachment, sketch in zip(attachments, batch, strict=True):
            text = DocumentText(attachment=attachment, outcome=Outcome.TEXT)
            text.set_fingerprint(sketch)
            texts.append(text)
        DocumentText.objects.bulk_create(texts)


def median_ms(run: Callable[[], object]) -> float:
    run()  # warm-up: imports, the database's caches
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--database-url", help="an empty database to use instead of SQLite")
    args = parser.parse_args()
    if not STATEMENTS_CSV.is_file():
        sys.exit(f"{STATEMENTS_CSV} is absent: this benchmark reads a real statement from it.")

    work = Path(tempfile.mkdtemp(prefix="manumit-near-"))
    try:
        setup_django(work, args.database_url)
        from django.db import connection

        from manumit.ingest.duplicates import find_near_duplicates
        from manumit.ingest.fingerprint import Fingerprint

        original = a_statement()
        store_library(original, args.documents)
        new = "Re-sent to the library by a second curator.\n" + original
        found = find_near_duplicates("An untitled upload", new)
        fingerprint_ms = median_ms(lambda: Fingerprint.of(new))
        check_ms = median_ms(lambda: find_near_duplicates("An untitled upload", new))
        vendor = connection.vendor
    finally:
        shutil.rmtree(work, ignore_errors=True)

    stored = args.documents + 1
    print(f"machine      {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs")
    print(f"library      {stored} documents on {vendor}, all of comparable length")
    print(f"fingerprint  {fingerprint_ms:8.1f} ms  the new text ({len(new.split())} words)")
    print(f"check        {check_ms:8.1f} ms  find_near_duplicates against all of them")
    per_document = (check_ms - fingerprint_ms) * 1000 / stored
    print(f"per document {per_document:8.1f} µs  (check - fingerprint) / documents")
    print(f"ratio        check / fingerprint = {check_ms / fingerprint_ms:.1f}x")
    print(f"found        {[near.reason for near in found]}")
    print(
        f"| near-duplicate check, {stored} documents ({vendor}) | {check_ms:.0f} ms | "
        f"fingerprint {fingerprint_ms:.1f} ms | {check_ms / fingerprint_ms:.1f}x | "
        f"{per_document:.0f} µs per document | oldest found: {bool(found)} |"
    )


if __name__ == "__main__":
    main()
