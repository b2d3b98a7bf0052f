"""`search()`: a SearchQuery in, SearchResults out, checked against the database."""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from manumit.catalog.formatting import plain_text
from manumit.catalog.models import Resource, Status
from manumit.catalog.sanitize import without_nul
from manumit.search import facets as facet_labels
from manumit.search._parser import ParsedQuery, Word, parse
from manumit.search.backends.base import BackendQuery, BackendResults, SearchBackend
from manumit.search.cards import load_cards
from manumit.search.registry import get_backend
from manumit.search.types import (
    FACETS,
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

log = logging.getLogger(__name__)

MAX_PAGE_SIZE = 100
MAX_FILTER_VALUES = 20
# Fetched beyond the page, to fill it when the database vetoes a hit the index still has.
SPARE_HITS = 5
MAX_TRY_WITHOUT = 8

# Threads that count matches and facets beside the ranking (see _search).
_COUNTING = ThreadPoolExecutor(max_workers=4, thread_name_prefix="manumit-search-counts")


def search(query: SearchQuery) -> SearchResults:
    """Search the library. Any query gives results, with a message where it could not be
    read as meant; raises `SearchUnavailable` when the index (or database) cannot answer."""
    started = time.perf_counter()
    try:
        results = _search(_clean(query))
    except Exception as error:
        log.exception("search failed for %r", query)
        raise SearchUnavailable from error
    results.query = query
    results.took_ms = (time.perf_counter() - started) * 1000
    return results


def _clean(query: SearchQuery) -> SearchQuery:
    """Drop unknown facets and absurd values instead of failing on them. NUL characters go
    too: PostgreSQL refuses them in any text it is asked to compare."""
    filters = {
        key: tuple(dict.fromkeys(without_nul(str(v)) for v in values if without_nul(str(v))))[
            :MAX_FILTER_VALUES
        ]
        for key, values in (query.filters or {}).items()
        if key in FACETS
    }
    return replace(
        query,
        text=without_nul(str(query.text or "")),
        filters={key: values for key, values in filters.items() if values},
        page=min(max(1, int(query.page or 1)), 10_000),
        page_size=min(max(1, int(query.page_size or 10)), MAX_PAGE_SIZE),
        sort=query.sort if query.sort in ("relevance", "newest", "oldest") else "relevance",
    )


def _backend_query(query: SearchQuery, parsed: ParsedQuery) -> BackendQuery:
    sort = query.sort
    if parsed.is_empty and sort == "relevance":
        sort = "newest"  # nothing to rank by: show the latest first
    return BackendQuery(
        parsed,
        filters=query.filters,
        year_from=query.year_from,
        year_to=query.year_to,
        statuses=None if query.include_unpublished else (Status.PUBLISHED,),
        sort=sort,
        offset=(query.page - 1) * query.page_size,
        limit=query.page_size + SPARE_HITS,
    )


def _search(query: SearchQuery) -> SearchResults:
    parsed = parse(query.text)
    results = SearchResults(query=query, message=parsed.message or " ".join(parsed.notes))
    if parsed.message and not parsed.excluded:
        return results
    backend = get_backend()
    request = _backend_query(query, parsed)
    # The counts pass over every match while this thread ranks, loads the cards and cuts
    # passages: the backend works outside the GIL, so the two overlap.
    counting = _COUNTING.submit(backend.counts, request)
    found = backend.search(replace(request, with_counts=False))
    if found.nothing_searchable:
        results.message = _too_common(found)
        return results
    results.hits = _hits(backend, parsed, found, query)
    results.total, counts = counting.result()
    results.facets = facet_labels.label(counts, query)
    if not parsed.is_empty and results.total == 0:
        results.did_you_mean = _did_you_mean(backend, parsed)
        results.try_without = _try_without(backend, request)
    return results


def _too_common(found: BackendResults) -> str:
    words = ", ".join(f"\u201c{word}\u201d" for word in found.ignored)
    return f"{words} {'is' if len(found.ignored) == 1 else 'are'} too common to search for."


def _hits(
    backend: SearchBackend, parsed: ParsedQuery, found: BackendResults, query: SearchQuery
) -> list[Hit]:
    ids = [resource_id for resource_id, _ in found.hits]
    resources = load_cards(ids, query.include_unpublished)
    shown = [(resources[rid], score) for rid, score in found.hits if rid in resources]
    shown = shown[: query.page_size]
    passages = _passages(backend, parsed, [resource for resource, _ in shown])
    return [Hit(resource, score, passages.get(resource.id, ())) for resource, score in shown]


def _passages(
    backend: SearchBackend, parsed: ParsedQuery, resources: list[Resource]
) -> dict[int, tuple[Passage, ...]]:
    if parsed.is_empty or not resources:
        return {}
    pages = backend.passages(parsed, [resource.id for resource in resources])
    passages: dict[int, tuple[Passage, ...]] = {}
    for resource in resources:
        found = pages.get(resource.id)
        if found:
            passages[resource.id] = tuple(found)
            continue
        # A match on the description (or only the title): show the description's words.
        html = backend.highlight(plain_text(resource.description), parsed)
        if html:
            passages[resource.id] = (Passage(html),)
    return passages


def _did_you_mean(backend: SearchBackend, parsed: ParsedQuery) -> str | None:
    corrected = parsed.raw
    changed = False
    for term in parsed.positive_terms():
        if isinstance(term, Word) and not term.prefix:
            better = backend.close_term(term.text)
            if better:
                corrected = corrected.replace(term.text, better, 1)
                changed = True
    return " ".join(corrected.split()) if changed else None


def _try_without(backend: SearchBackend, request: BackendQuery) -> list[TryWithout]:
    """The words (as typed), facets and year range whose removal alone would give results."""
    suggestions: list[TryWithout] = []
    parsed = request.parsed
    budget = MAX_TRY_WITHOUT
    if len(parsed.required) > 1:
        for index, clause in enumerate(parsed.required[:budget]):
            budget -= 1
            if backend.count(replace(request, parsed=parsed.without(index))):
                suggestions.append(WithoutWords(clause.render()))
    for facet, values in request.filters.items():
        if budget <= 0:
            break
        budget -= 1
        others = {key: chosen for key, chosen in request.filters.items() if key != facet}
        if backend.count(replace(request, filters=others)):
            suggestions.append(WithoutFacet(facet, values))
    has_range = request.year_from is not None or request.year_to is not None
    if has_range and backend.count(replace(request, year_from=None, year_to=None)):
        suggestions.append(WithoutYears())
    return suggestions


def search_ids(text: str, include_unpublished: bool = True, limit: int = 1000) -> list[int]:
    """Ids of the best `limit` matches for `text`, for lists that do their own paging and
    ordering (the curators' admin list); raises `SearchUnavailable` as `search` does."""
    try:
        parsed = parse(text)
        request = BackendQuery(
            parsed,
            statuses=None if include_unpublished else (Status.PUBLISHED,),
            limit=limit,
            facets=(),
        )
        found = get_backend().search(request)
    except Exception as error:
        log.exception("admin search failed for %r", text)
        raise SearchUnavailable from error
    return [resource_id for resource_id, _ in found.hits]
