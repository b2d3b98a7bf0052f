"""The search index's build rate beside bare tantivy's, in the same run.

    .venv/bin/python bench/index_build.py --docs 20000

Loads a synthetic library (bench/corpus.py) into a throwaway data folder, then times, on
the same documents: `manumit.search.reindex` (read from the database, build the index
documents, write a new generation and swap it in), reading alone (documents.iterate_all,
no index), and bare tantivy (one text field per resource and per page, the same words,
straight from memory). Prints the load average: on a shared machine only the ratios mean
much. Last line: `manumit_docs_s X bare_docs_s Y ratio Z`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from corpus import generate
from search_library import Fts5Baseline, load, setup_django


def bare_tantivy_seconds(docs: int, seed: int, folder: Path) -> float:
    """tantivy alone: a resource text field, a page index, the same heap as a rebuild."""
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("id", stored=True, indexed=True, fast=True)
    builder.add_text_field("text", stored=True, tokenizer_name="en_stem")
    schema = builder.build()
    items = list(generate(docs, seed))
    for name in ("resources", "pages"):
        (folder / name).mkdir(parents=True)
    started = time.perf_counter()
    resources = tantivy.Index(schema, str(folder / "resources"), reuse=False)
    pages = tantivy.Index(schema, str(folder / "pages"), reuse=False)
    resource_writer, page_writer = resources.writer(256_000_000), pages.writer(256_000_000)
    for item in items:
        text = " ".join([item.title, item.abstract, *item.authors, *item.publishers, *item.pages])
        resource_writer.add_document(_document(tantivy, item.number, text))
        for page in item.pages:
            page_writer.add_document(_document(tantivy, item.number, page))
    page_writer.commit()
    resource_writer.commit()
    page_writer.wait_merging_threads()
    resource_writer.wait_merging_threads()
    return time.perf_counter() - started


def _document(tantivy: Any, number: int, text: str) -> Any:
    document = tantivy.Document()
    document.add_unsigned("id", number)  # a plain int would be read as i64
    document.add_text("text", text)
    return document


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="manumit-bench-build-"))
    try:
        setup_django(data_dir, data_dir / "search", None)
        print(f"load average {os.getloadavg()[0]:.2f} ({os.cpu_count()} CPUs); {args.docs} docs")
        load(args, Fts5Baseline(data_dir / "fts5.sqlite3"))
        from manumit.search import documents, reindex

        started = time.perf_counter()
        read = sum(1 for _ in documents.iterate_all())
        reading = time.perf_counter() - started
        started = time.perf_counter()
        count = reindex()
        manumit = time.perf_counter() - started
        print(f"reading the documents alone: {reading:.1f} s ({count / reading:.0f} docs/s)")
        print(f"manumit.search.reindex: {manumit:.1f} s ({count / manumit:.0f} docs/s)")
        bare = bare_tantivy_seconds(args.docs, args.seed, data_dir / "bare")
        assert read == count == args.docs, (read, count)
        print(f"bare tantivy: {bare:.1f} s ({count / bare:.0f} docs/s)")
        print(f"load average after {os.getloadavg()[0]:.2f}")
        print(
            f"manumit_docs_s {count / manumit:.0f} bare_docs_s {count / bare:.0f} "
            f"ratio {bare / manumit:.2f}"
        )
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
