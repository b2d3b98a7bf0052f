"""Full-text search inside the library's documents: the one public surface.

    from manumit.search import SearchQuery, search
    results = search(SearchQuery(text='"forced labour" seafood', filters={"country": ("TH",)}))

Changes reach the index through the outbox: `changed(resource_id)` in the writing
transaction (signals do it for catalogue and ingest models), then `apply_outbox()` on
every node; `catch_up()` applies what is new without waiting for the background sync.

The functions that touch the database are imported on first use, because Django imports
this package while it is still loading apps.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from manumit.search._parser import ParsedQuery, parse
from manumit.search.types import (
    FACETS,
    UNAVAILABLE,
    FacetValue,
    Hit,
    Passage,
    SearchQuery,
    SearchResults,
    SearchUnavailable,
    TryWithout,
    WithoutFacet,
    WithoutWords,
    WithoutYears,
)

if TYPE_CHECKING:
    from manumit.search.engine import search, search_ids
    from manumit.search.outbox import (
        IndexLag,
        apply_outbox,
        changed,
        index_lag,
        reindex,
        replica_lags,
    )
    from manumit.search.suggest import suggest
    from manumit.search.sync import catch_up, start_background_sync

_LAZY = {
    "search": "manumit.search.engine",
    "search_ids": "manumit.search.engine",
    "IndexLag": "manumit.search.outbox",
    "apply_outbox": "manumit.search.outbox",
    "changed": "manumit.search.outbox",
    "index_lag": "manumit.search.outbox",
    "reindex": "manumit.search.outbox",
    "replica_lags": "manumit.search.outbox",
    "suggest": "manumit.search.suggest",
    "catch_up": "manumit.search.sync",
    "start_background_sync": "manumit.search.sync",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'manumit.search' has no attribute {name!r}")


__all__ = [
    "FACETS",
    "UNAVAILABLE",
    "FacetValue",
    "Hit",
    "IndexLag",
    "ParsedQuery",
    "Passage",
    "SearchQuery",
    "SearchResults",
    "SearchUnavailable",
    "TryWithout",
    "WithoutFacet",
    "WithoutWords",
    "WithoutYears",
    "apply_outbox",
    "catch_up",
    "changed",
    "index_lag",
    "parse",
    "reindex",
    "replica_lags",
    "search",
    "search_ids",
    "start_background_sync",
    "suggest",
]
