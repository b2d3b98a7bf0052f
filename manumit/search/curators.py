"""Search in the curators' admin, plugged into the catalogue's resource list by
`SearchConfig.ready()` (the catalogue's ADMIN_RESOURCE_SEARCH hook)."""

from __future__ import annotations

import logging

from manumit.search import SearchUnavailable, catch_up, search_ids

log = logging.getLogger(__name__)


def admin_search(term: str) -> list[int] | None:
    """Ids matching a curator's search, every status and the document text included;
    None when the engine cannot answer, so the admin uses the database's own search."""
    # A curator expects to find what was saved a moment ago: catch up first (cheap when
    # nothing is pending; only a refresh when another process holds the writer).
    try:
        catch_up()
    except Exception:  # the engine is down: search_ids says so below
        log.exception("search index could not catch up before the admin search")
    try:
        return search_ids(term)
    except SearchUnavailable:
        return None
