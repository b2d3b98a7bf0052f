"""Cursor paging over the search engine's ranked list.

The engine pages by offset. A bare offset repeats or skips a record whenever records are
added or removed ahead of it between two requests, and the engine breaks ties (the same
date, the same score) by its own storage order, which may change as the index is written.
So the next page is read from a window around the old offset and continued after what the
cursor remembers:

- In date order (`newest`, `oldest`, and relevance with no words, which is newest) the
  cursor holds the last date served and the ids already served on that date: a keyset.
  The next page is every record after that date, or on it and not yet served.
- In relevance order it holds the ids of the page it ended (the anchors), and the next
  page starts after the anchor that now stands latest.

The guarantee in date order: a walk from the first page to the last returns each record
that was published for the whole walk exactly once, provided no more than `SLACK` records
are added or withdrawn ahead of the position between two requests. Records published
during the walk appear if they sort after the position. In relevance order that holds only
while the order of the records already seen stays as it was; adding records changes the
word statistics behind the scores and the engine's order of equal scores, so a walk in
relevance order can, rarely, repeat or miss a record when the library changes during it.
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
CHUNK = 100  # the engine's largest page
ANCHORS = 3
# Ids remembered for one date; more than the window reaches back, so none is forgotten
# while it could still come round again.
MAX_TIED = 200
UNDATED = 10**9


@dataclass
class Page:
    results: engine.SearchResults
    hits: list[engine.Hit]
    next_state: dict[str, Any] | None


def window(query: engine.SearchQuery, start: int, size: int) -> engine.SearchResults:
    """Hits from `start` to `start + size` of the ranked list, read in the engine's pages
    of `CHUNK` (its largest); totals and facets come from the first."""
    first = start // CHUNK + 1
    results = engine.search(replace(query, page=first, page_size=CHUNK))
    hits = results.hits[start - (first - 1) * CHUNK :]
    page = first
    while len(hits) < size and results.total > page * CHUNK:
        page += 1
        hits += engine.search(replace(query, page=page, page_size=CHUNK)).hits
    results.hits = hits[:size]
    return results


def walk(query: engine.SearchQuery, state: dict[str, Any] | None, limit: int) -> Page:
    by_date = query.sort != "relevance" or engine.parse(query.text).is_empty
    if state is None:
        results = engine.search(replace(query, page=1, page_size=limit))
        hits, end = results.hits, len(results.hits)
        state = {}
    else:
        offset = max(0, int(state.get("o", 0)))
        # Served records further back than SLACK cannot come round again: the window
        # starts after them.
        base = max(0, offset - SLACK)
        results = window(query, base, limit + 2 * SLACK)
        pick = after_keyset if by_date else after_anchors
        hits, end = pick(query, results.hits, base, state, limit)
    prefetch_related_objects([found.resource for found in hits], *SUMMARY_PREFETCH)
    if not hits or end >= results.total:
        return Page(results, hits, None)
    next_state: dict[str, Any] = {"o": end}
    if by_date:
        next_state.update(keyset(query, hits, state))
    else:
        next_state["a"] = [found.resource.pk for found in hits[-ANCHORS:]]
    return Page(results, hits, next_state)


def date_rank(query: engine.SearchQuery, resource: Any) -> int:
    """The engine's date order as one number that grows along the list; undated last."""
    if resource.pub_date is None:
        return UNDATED
    day = int(resource.pub_date.toordinal())
    return day if query.sort == "oldest" else -day


def keyset(
    query: engine.SearchQuery, hits: list[engine.Hit], state: dict[str, Any]
) -> dict[str, Any]:
    last = date_rank(query, hits[-1].resource)
    served = [found.resource.pk for found in hits if date_rank(query, found.resource) == last]
    if state.get("d") == last:
        served = [*state.get("t", []), *served]
    return {"d": last, "t": served[-MAX_TIED:]}


def after_keyset(
    query: engine.SearchQuery,
    hits: list[engine.Hit],
    base: int,
    state: dict[str, Any],
    limit: int,
) -> tuple[list[engine.Hit], int]:
    last, served = int(state.get("d", -UNDATED)), set(state.get("t", []))
    page: list[engine.Hit] = []
    end = int(state.get("o", 0))
    for index, found in enumerate(hits):
        if len(page) == limit:
            break
        rank = date_rank(query, found.resource)
        if rank > last or (rank == last and found.resource.pk not in served):
            page.append(found)
            end = base + index + 1
    return page, end


def after_anchors(
    query: engine.SearchQuery,
    hits: list[engine.Hit],
    base: int,
    state: dict[str, Any],
    limit: int,
) -> tuple[list[engine.Hit], int]:
    offset = int(state.get("o", 0))
    positions = {found.resource.pk: base + index for index, found in enumerate(hits)}
    start = offset
    for anchor in reversed(state.get("a", [])):
        if anchor in positions:
            start = positions[anchor] + 1
            break
    page = hits[start - base : start - base + limit]
    return page, start + len(page)


def next_url(request: HttpRequest, token: str | None) -> str | None:
    """This request's address with its cursor replaced by `token` (None: no next page)."""
    if token is None:
        return None
    params = [
        (key, value) for key, values in request.GET.lists() if key != "cursor" for value in values
    ]
    params.append(("cursor", token))
    return request.build_absolute_uri(f"{request.path}?{urlencode(params)}")
