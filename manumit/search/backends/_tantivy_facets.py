"""Facet counts and totals by aggregation inside tantivy.

Tantivy counts a single-valued keyword column about 15 times faster than a multi-valued
one (0.2 ms against 3 to 4 ms over 100,000 resources). So each keyword facet is also
indexed as one keyword per resource, its values sorted and joined (`c_topic` holds
`child-labour` and `fishing` as one value); those combinations are counted and split
here. That pays while the combinations are few (topics, sectors, regions); where they
are many (countries, publishers at 100,000) the multi-valued field is counted instead.
Which facets qualify is checked over the whole index, again after a minute; should a
match set hold more combinations than one request returns anyway, that facet is counted
again the plain way, so counts are always exact.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterable
from typing import Any

import tantivy

from manumit.search.backends import _tantivy_schema as schemas

FACET_SIZES = {"publisher": 100, "year": 200}
DEFAULT_FACET_SIZE = 300
COMBINATIONS_MAX = 500  # per facet, in one request
RECHECK_SECONDS = 60.0
TOTAL = "_total"  # the aggregation counting the matches (no facet has this name)

Counts = dict[str, dict[str, int]]


class FacetCounter:
    def __init__(self) -> None:
        self._by_combination: frozenset[str] | None = None
        self._checked_at = 0.0
        self._lock = threading.Lock()

    def forget(self) -> None:
        """The index changed: check again which facets to count by combination."""
        with self._lock:
            self._by_combination = None

    def count(
        self,
        searcher: tantivy.Searcher,
        query: tantivy.Query,
        facets: Iterable[str],
        with_total: bool = False,
    ) -> tuple[int, Counts]:
        """The matches of `query` (if `with_total`) and the counts of `facets`."""
        facets = list(facets)
        combined = self._combined_facets(searcher)
        request: dict[str, Any] = {
            facet: _terms(facet, combined=facet in combined) for facet in facets
        }
        if with_total:  # every document has one id: its count is the number of matches
            request[TOTAL] = {"value_count": {"field": "id"}}
        answer = searcher.aggregate(query, request)
        counts: Counts = {}
        again = []
        for facet in facets:
            found = answer.get(facet, {})
            if facet not in combined:
                counts[facet] = _buckets(found)
            elif found.get("sum_other_doc_count"):
                again.append(facet)  # more combinations than one request returns
            else:
                counts[facet] = _split(found, FACET_SIZES.get(facet, DEFAULT_FACET_SIZE))
        if again:
            plain = searcher.aggregate(query, {facet: _terms(facet, False) for facet in again})
            counts.update({facet: _buckets(plain.get(facet, {})) for facet in again})
        total = int(answer.get(TOTAL, {}).get("value") or 0) if with_total else 0
        return total, counts

    def _combined_facets(self, searcher: tantivy.Searcher) -> frozenset[str]:
        with self._lock:
            fresh = time.monotonic() - self._checked_at < RECHECK_SECONDS
            if self._by_combination is not None and fresh:
                return self._by_combination
        request = {
            facet: {
                "terms": {
                    "field": schemas.combination_field(facet),
                    "size": COMBINATIONS_MAX,
                }
            }
            for facet in schemas.KEYWORD_FACETS
        }
        answer = searcher.aggregate(tantivy.Query.all_query(), request)
        chosen = frozenset(
            facet
            for facet in schemas.KEYWORD_FACETS
            if not answer.get(facet, {}).get("sum_other_doc_count")
        )
        with self._lock:
            self._by_combination, self._checked_at = chosen, time.monotonic()
        return chosen


def _terms(facet: str, combined: bool) -> dict[str, Any]:
    if facet == "year":
        field, size = "year", FACET_SIZES["year"]
    elif combined:
        field, size = schemas.combination_field(facet), COMBINATIONS_MAX
    else:
        field, size = schemas.facet_field(facet), FACET_SIZES.get(facet, DEFAULT_FACET_SIZE)
    return {"terms": {"field": field, "size": size}}


def _buckets(found: dict[str, Any]) -> dict[str, int]:
    return {_key(bucket["key"]): int(bucket["doc_count"]) for bucket in found.get("buckets", [])}


def _split(found: dict[str, Any], size: int) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for bucket in found.get("buckets", []):
        for value in str(bucket["key"]).split(schemas.COMBINATION_SEPARATOR):
            counts[value] += int(bucket["doc_count"])
    return dict(counts.most_common(size))


def _key(key: object) -> str:
    if isinstance(key, float) and key.is_integer():
        return str(int(key))
    return str(key)
