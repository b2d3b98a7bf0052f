"""Timing for the search benchmark: the runners (full search through the Python
interface, over HTTP) and the round-robin that times them beside the baseline."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from corpus import BenchQuery


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


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
