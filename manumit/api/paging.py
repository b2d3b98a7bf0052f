"""Cursor paging over the search engine's ranked list.

The engine pages by offset. A bare offset would repeat or skip a record whenever records
are added or removed ahead of it between two requests, so a cursor also carries the ids
of the last records it served (the anchor). The next page starts right after the anchor,
wherever it has moved to within `SLACK` places of where it was.

The guarantee: in date order (`newest`, `oldest`), a walk from the first page to the last
returns every record that was published for the whole walk exactly once, however many
records are published or withdrawn meanwhile, provided no more than `SLACK` of them land
ahead of the position between two consecutive requests. Records published during the walk
appear if they sort after the position, and are not seen if they sort before it. In
relevance order the same holds as long as the scores of the records already seen do not
change; adding records can shift scores slightly (word statistics change), so there the
guarantee is no duplicates and no gaps only for records whose order stays the same.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

from django.db.models import prefetch_related_objects
from django.http import HttpRequest

import manumit.search as engine
from manumit.api.represent import SUMMARY_PREFETCH

SLACK = 25
ANCHORS = 3


@dataclass
class Page:
    results: engine.SearchResults
    hits: list[engine.Hit]
    next_state: dict[str, Any] | None


def window(query: engine.SearchQuery, start: int, size: int) -> engine.SearchResults:
    """Hits from `start` to `start + size` of the ranked list, read as one or two of the
    engine's pages of `size`; totals and facets come from the first."""
    first = start // size + 1
    results = engine.search(replace(query, page=first, page_size=size))
    skip = start - (first - 1) * size
    hits = results.hits[skip:]
    if len(hits) < size and skip and results.total > first * size:
        hits += engine.search(replace(query, page=first + 1, page_size=size)).hits
    results.hits = hits[:size]
    return results


def resume_at(hits: list[engine.Hit], base: int, state: dict[str, Any]) -> int:
    """Where the next page starts: after the newest anchor found near the old offset,
    or at the old offset when none of the anchors is there any more."""
    offset = int(state.get("o", 0))
    latest = base + len(hits)
    positions = {found.resource.pk: base + index for index, found in enumerate(hits)}
    for anchor in reversed(state.get("a", [])):
        position = positions.get(anchor)
        if position is not None and position < min(latest, offset + SLACK):
            return position + 1
    return offset


def walk(query: engine.SearchQuery, state: dict[str, Any] | None, limit: int) -> Page:
    if state is None:
        results = engine.search(replace(query, page=1, page_size=limit))
        start, hits = 0, results.hits
    else:
        offset = max(0, int(state.get("o", 0)))
        base = max(0, offset - SLACK)
        results = window(query, base, limit + 2 * SLACK)
        start = resume_at(results.hits, base, state)
        hits = results.hits[start - base : start - base + limit]
    prefetch_related_objects([found.resource for found in hits], *SUMMARY_PREFETCH)
    more = hits and start + len(hits) < results.total
    next_state = (
        {"o": start + len(hits), "a": [found.resource.pk for found in hits[-ANCHORS:]]}
        if more
        else None
    )
    return Page(results, hits, next_state)


def next_url(request: HttpRequest, token: str | None) -> str | None:
    """This request's address with its cursor replaced by `token` (None: no next page)."""
    if token is None:
        return None
    params = [
        (key, value) for key, values in request.GET.lists() if key != "cursor" for value in values
    ]
    params.append(("cursor", token))
    return request.build_absolute_uri(f"{request.path}?{urlencode(params)}")
