"""Relevance of our default ranking on a BEIR-layout collection (SciFact by default).

    python bench/relevance.py --collection ../shared/data/ir/scifact \
        --qrels ../shared/data/ir/scifact/qrels/train.tsv

Indexes the corpus through the search backend (no database: plain IndexDocuments, title as
the title, the abstract as one page of document text), runs every judged query and prints
nDCG@10 and Recall@100. Claims are natural-language sentences, so they run with
match="any" (ranked OR); the field weights, analysers and BM25 are the defaults users get.
Last line: `nDCG@10 0.xxx Recall@100 0.xxx`.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from manumit.search._parser import parse
from manumit.search.backends.base import (
    BackendQuery,
    IndexDocument,
    PageText,
)
from manumit.search.backends.tantivy_backend import TantivyBackend

DEFAULT_COLLECTION = Path(__file__).resolve().parents[2] / "shared" / "data" / "ir" / "scifact"


def read_corpus(folder: Path) -> tuple[list[IndexDocument], dict[int, str]]:
    documents, external = [], {}
    with open(folder / "corpus.jsonl", encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            row = json.loads(line)
            external[number] = str(row["_id"])
            page = PageText(attachment_id=number, number=1, text=row.get("text", ""))
            documents.append(IndexDocument(id=number, title=row.get("title", ""), pages=(page,)))
    return documents, external


def read_queries(folder: Path) -> dict[str, str]:
    with open(folder / "queries.jsonl", encoding="utf-8") as lines:
        return {str(row["_id"]): row["text"] for row in map(json.loads, lines)}


def read_qrels(path: Path) -> dict[str, dict[str, int]]:
    judged: dict[str, dict[str, int]] = defaultdict(dict)
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            parts = line.split()
            if len(parts) < 3 or not parts[-1].lstrip("-").isdigit():
                continue  # the header
            judged[parts[0]][parts[-2]] = int(parts[-1])
    return judged


def ndcg_at(ranked: list[str], relevant: dict[str, int], k: int = 10) -> float:
    gain = sum(
        (2 ** relevant.get(doc, 0) - 1) / math.log2(rank + 2) for rank, doc in enumerate(ranked[:k])
    )
    ideal = sorted(relevant.values(), reverse=True)[:k]
    best = sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(ideal))
    return gain / best if best else 0.0


def recall_at(ranked: list[str], relevant: dict[str, int], k: int = 100) -> float:
    wanted = {doc for doc, grade in relevant.items() if grade > 0}
    return len(wanted & set(ranked[:k])) / len(wanted) if wanted else 0.0


def run(
    backend: TantivyBackend, queries: dict[str, str], judged: dict[str, dict[str, int]], ids: dict
) -> Iterator[tuple[float, float]]:
    for query_id, relevant in judged.items():
        text = queries.get(query_id)
        if text is None:
            continue
        found = backend.search(
            BackendQuery(parse(text), statuses=None, limit=100, facets=(), match="any")
        )
        ranked = [ids[resource_id] for resource_id, _ in found.hits]
        yield ndcg_at(ranked, relevant), recall_at(ranked, relevant)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--collection", type=Path, default=DEFAULT_COLLECTION)
    parser.add_argument("--qrels", type=Path, default=None, help="default: qrels/train.tsv")
    args = parser.parse_args()
    qrels = args.qrels or args.collection / "qrels" / "train.tsv"
    documents, ids = read_corpus(args.collection)
    queries = read_queries(args.collection)
    judged = read_qrels(qrels)
    with tempfile.TemporaryDirectory() as folder:
        backend = TantivyBackend(Path(folder))
        started = time.perf_counter()
        backend.rebuild(documents)
        indexed = time.perf_counter() - started
        started = time.perf_counter()
        scores = list(run(backend, queries, judged, ids))
        searched = time.perf_counter() - started
    ndcg = sum(score for score, _ in scores) / len(scores)
    recall = sum(score for _, score in scores) / len(scores)
    print(f"collection {args.collection.name}: {len(documents)} documents, {len(scores)} queries")
    print(f"judgements {qrels}")
    print(f"indexed in {indexed:.1f} s; searched in {searched:.1f} s")
    print("published BM25 on SciFact test: 0.665 (BEIR) to 0.679 (Anserini)")
    print(f"nDCG@10 {ndcg:.3f} Recall@100 {recall:.3f}")


if __name__ == "__main__":
    main()
