"""The search page, `/search/?q=...`, and its `.json` twin, `/search.json?q=...`.

The address holds the whole state (see forms.py). The page works as a plain GET form;
static/manumit/search.js swaps the results in place when JavaScript runs.
"""

from __future__ import annotations

import dataclasses
import logging
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import nh3
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

import manumit.search as engine
from manumit.catalog import formats, hooks, serializers
from manumit.catalog.formats.subjects import Listing
from manumit.catalog.models import Resource
from manumit.search import facets as facet_labels
from manumit.search.forms import FACET_LABELS, parse_search, query_params
from manumit.search.types import (
    FACETS,
    UNAVAILABLE,
    FacetValue,
    Hit,
    SearchQuery,
    SearchResults,
    SearchUnavailable,
    TryWithout,
    WithoutFacet,
    WithoutWords,
)

logger = logging.getLogger(__name__)

# Facet values shown before "More ..."; the rest sit in a <details>.
FACETS_SHOWN = 8
SORT_LABELS = {"relevance": "Relevance", "newest": "Newest", "oldest": "Oldest"}


# --- Addresses ----------------------------------------------------------------------------


def search_url(query: SearchQuery, **changes: Any) -> str:
    """The search page's address for `query` with `changes`; any change but page resets it."""
    if "page" not in changes:
        changes["page"] = 1
    params = query_params(dataclasses.replace(query, **changes))
    base = reverse("search:page")
    return f"{base}?{urlencode(params)}" if params else base


def toggled(query: SearchQuery, facet: str, key: str) -> dict[str, tuple[str, ...]]:
    """The filters with `key` added to `facet`, or removed from it if it was there."""
    filters = dict(query.filters)
    current = filters.get(facet, ())
    values = tuple(v for v in current if v != key) if key in current else (*current, key)
    if values:
        filters[facet] = values
    else:
        filters.pop(facet, None)
    return filters


def without(query: SearchQuery, item: TryWithout) -> SearchQuery:
    """`query` without one of the engine's `try_without` suggestions: a whole facet, the
    year range, or a word or phrase as typed."""
    if isinstance(item, WithoutFacet):
        filters = {key: values for key, values in query.filters.items() if key != item.facet}
        return dataclasses.replace(query, filters=filters, page=1)
    if isinstance(item, WithoutWords):
        text = query.text.replace(item.text, " ", 1)
        return dataclasses.replace(query, text=" ".join(text.split()), page=1)
    return dataclasses.replace(query, year_from=None, year_to=None, page=1)


def without_label(results: SearchResults, item: TryWithout) -> str:
    if isinstance(item, WithoutFacet):
        labels = [facet_label(results, item.facet, key) for key in item.values]
        return f"{FACET_LABELS[item.facet]}: {', '.join(labels)}"
    if isinstance(item, WithoutWords):
        return item.text
    query = results.query
    return f"Years {query.year_from or '…'}–{query.year_to or '…'}"


# --- What the page shows ------------------------------------------------------------------


@dataclass
class FacetOption:
    key: str
    label: str
    count: int
    selected: bool
    input_id: str


@dataclass
class FacetGroup:
    key: str
    label: str
    shown: list[FacetOption]
    more: list[FacetOption]


@dataclass
class Chip:
    label: str
    remove_url: str


@dataclass
class ShownPassage:
    html: SafeString
    page: int | None
    url: str | None


def safe_passage(html: str) -> SafeString:
    """The engine's escaped snippet, with nothing but <mark> let through, whatever it holds."""
    return mark_safe(nh3.clean(html, tags={"mark"}, attributes={}))  # noqa: S308  cleaned


def passage_url(hit: Hit, attachment_id: int | None, page: int | None) -> str | None:
    if attachment_id is None:
        return None
    url = reverse("catalog:download", args=[hit.resource.slug, attachment_id])
    return f"{url}#page={page}" if page else url


def shown_passages(hit: Hit) -> list[ShownPassage]:
    return [
        ShownPassage(
            html=safe_passage(passage.html),
            page=passage.page,
            url=passage_url(hit, passage.attachment_id, passage.page),
        )
        for passage in hit.passages[:3]
    ]


def facet_groups(results: SearchResults) -> list[FacetGroup]:
    query = results.query
    groups = []
    for facet in FACETS:
        values = list(results.facets.get(facet, []))
        listed = {value.key for value in values}
        # A selected value that no longer matches stays listed, so it can be unticked.
        values += [
            FacetValue(key=key, label=key, count=0, selected=True)
            for key in query.filters.get(facet, ())
            if key not in listed
        ]
        values = facet_labels.KINDS[facet].order(values)
        options = [
            FacetOption(
                key=value.key,
                label=value.label,
                count=value.count,
                selected=value.key in query.filters.get(facet, ()),
                input_id=f"f-{facet}-{value.key}",
            )
            for value in values
        ]
        if options:
            # Selected values always show, whatever their count.
            shown = options[:FACETS_SHOWN] + [o for o in options[FACETS_SHOWN:] if o.selected]
            more = [o for o in options[FACETS_SHOWN:] if not o.selected]
            groups.append(FacetGroup(facet, FACET_LABELS[facet], shown, more))
    return groups


def facet_label(results: SearchResults, facet: str, key: str) -> str:
    for value in results.facets.get(facet, []):
        if value.key == key:
            return value.label
    return key


def chips(results: SearchResults) -> list[Chip]:
    query = results.query
    found = [
        Chip(
            f"{FACET_LABELS[facet]}: {facet_label(results, facet, key)}",
            search_url(query, filters=toggled(query, facet, key)),
        )
        for facet in FACETS
        for key in query.filters.get(facet, ())
    ]
    if query.year_from or query.year_to:
        years = f"{query.year_from or '…'}–{query.year_to or '…'}"
        found.append(Chip(f"Years: {years}", search_url(query, year_from=None, year_to=None)))
    return found


def page_count(results: SearchResults) -> int:
    return max(1, math.ceil(results.total / results.query.page_size))


def page_links(results: SearchResults) -> list[tuple[int | str, str | None]]:
    """(number or ellipsis, address) for the pagination bar; no address for a gap."""
    query = results.query
    paginator = Paginator(range(results.total), query.page_size)
    return [
        (number, search_url(query, page=number) if isinstance(number, int) else None)
        for number in paginator.get_elided_page_range(query.page)
    ]


def widened(query: SearchQuery, item: TryWithout) -> dict[str, Any]:
    """The changes to `query` that drop `item`, for `search_url`."""
    wider = without(query, item)
    return {
        "text": wider.text,
        "filters": wider.filters,
        "year_from": wider.year_from,
        "year_to": wider.year_to,
    }


def suggestion_links(results: SearchResults) -> list[tuple[str, str]]:
    return [
        (without_label(results, item), search_url(without(results.query, item)))
        for item in results.try_without
    ]


# --- The search ---------------------------------------------------------------------------


def run_search(query: SearchQuery, notes: list[str]) -> tuple[SearchResults, int]:
    """The results and the HTTP status: 503, with the one message, when the index cannot
    answer."""
    try:
        results = engine.search(query)
        pages = page_count(results)
        if query.page > pages and results.total:
            counted = "is only 1 page" if pages == 1 else f"are only {pages} pages"
            notes.append(f"There {counted} of results; this is the last.")
            results = engine.search(dataclasses.replace(query, page=pages))
    except SearchUnavailable as error:
        return SearchResults(query=query, message=error.message), 503
    # What a card shows; the engine has loaded it already, then this costs no query.
    prefetch_related_objects(
        [hit.resource for hit in results.hits],
        "types",
        "authorships__person",
        "authorships__organisation",
    )
    return results, 200


def search_page(request: HttpRequest, format: str = "") -> HttpResponseBase:
    """The search page, or its `format`: its own `.json`, or a registered listing format
    (a bulk export of every result)."""
    chosen = formats.lookup(formats.LISTING, format, own=[SEARCH_JSON])
    parsed = parse_search(request.GET)
    results, status = run_search(parsed.query, parsed.notes)
    if chosen is not None:
        if chosen is not SEARCH_JSON and status != 200:
            # A bulk export streams: it cannot turn into an error half-way, so fail first.
            return HttpResponse(UNAVAILABLE, status=status, content_type="text/plain")
        listing = results_listing(request, results, parsed.notes, status)
        return formats.respond(request, chosen, listing)
    query = results.query
    context = {
        "query": query,
        "results": results,
        "notes": parsed.notes,
        "hits": [(hit, shown_passages(hit)) for hit in results.hits],
        "facet_groups": facet_groups(results),
        "chips": chips(results),
        "clear_url": search_url(query, filters={}, year_from=None, year_to=None),
        "sorts": [
            (label, search_url(query, sort=key), key == query.sort)
            for key, label in SORT_LABELS.items()
        ],
        "first_number": (query.page - 1) * query.page_size + 1,
        "pages": page_count(results),
        "page_links": page_links(results) if results.total > query.page_size else [],
        "previous_url": search_url(query, page=query.page - 1) if query.page > 1 else None,
        "next_url": (
            search_url(query, page=query.page + 1) if query.page < page_count(results) else None
        ),
        "did_you_mean_url": (
            search_url(query, text=results.did_you_mean) if results.did_you_mean else None
        ),
        "try_without": suggestion_links(results),
        "alternates": formats.alternates(request, formats.LISTING, own=[SEARCH_JSON]),
        "unavailable": status != 200,
    }
    # Higher apps add to the results as to any listing (interop's export links).
    for extra in hooks.call(hooks.LISTING_CONTEXT, request, context):
        context.update(extra)
    response = render(request, "search/search.html", context, status=status)
    return formats.private_if_curator(request, response)


# --- The formats: the .json twin and bulk exports -----------------------------------------

# A bulk export reads the results a page at a time, the engine's largest page.
BULK_PAGE_SIZE = 100


def search_json(request: HttpRequest, listing: Listing) -> HttpResponse:
    """The `.json` twin: this page of results, with its facets, notes and neighbours."""
    results, status = listing.extra["results"], listing.extra["status"]
    # The engine loads what the page's cards show; the JSON twin lists regions too.
    prefetch_related_objects([hit.resource for hit in results.hits], "regions")
    response: HttpResponse = formats.json_response(
        request, as_json(results, listing.extra["notes"], request)
    )
    response.status_code = status
    return response


SEARCH_JSON = formats.Format("json", "application/json", search_json, label="JSON")


def results_listing(
    request: HttpRequest, results: SearchResults, notes: list[str], status: int
) -> Listing:
    """The search results as a listing: this page for the `.json` twin, and every result
    (read lazily, page by page) for a bulk export."""
    return Listing(
        request,
        "Search results",
        source=lambda: every_hit(results.query),
        kind="Search",
        count=results.total,
        extra={"results": results, "notes": notes, "status": status},
    )


def every_hit(query: SearchQuery) -> Iterator[Resource]:
    """Every resource the search matches, in its order, one page of the engine at a time."""
    page = 1
    while True:
        found = engine.search(dataclasses.replace(query, page=page, page_size=BULK_PAGE_SIZE))
        yield from (hit.resource for hit in found.hits)
        if not found.hits or page * BULK_PAGE_SIZE >= found.total:
            return
        page += 1


def as_json(results: SearchResults, notes: list[str], request: HttpRequest) -> dict[str, Any]:
    query = results.query
    pages = page_count(results)

    def absolute(**changes: Any) -> str:
        twin = reverse("search:page-format", kwargs={"format": "json"})
        url = search_url(query, **changes).replace(reverse("search:page"), twin)
        return request.build_absolute_uri(url)

    return {
        "query": {
            "q": query.text,
            "filters": {facet: list(values) for facet, values in query.filters.items()},
            "year_from": query.year_from,
            "year_to": query.year_to,
            "sort": query.sort,
        },
        "count": results.total,
        "page": query.page,
        "pages": pages,
        "next": absolute(page=query.page + 1) if query.page < pages else None,
        "previous": absolute(page=query.page - 1) if query.page > 1 else None,
        "took_ms": round(results.took_ms, 2),
        "message": results.message or None,
        "notes": notes,
        "did_you_mean": results.did_you_mean,
        "try_without": [
            {"label": without_label(results, item), "url": absolute(**widened(query, item))}
            for item in results.try_without
        ],
        "results": [hit_json(hit, request) for hit in results.hits],
        "facets": {
            facet: [dataclasses.asdict(value) for value in values]
            for facet, values in results.facets.items()
        },
    }


def hit_json(hit: Hit, request: HttpRequest) -> dict[str, Any]:
    return {
        **serializers.resource_summary(hit.resource, request),
        "byline": hit.resource.byline,
        "score": hit.score,
        "passages": [
            {
                "html": str(passage.html),
                "page": passage.page,
                "url": request.build_absolute_uri(passage.url) if passage.url else None,
            }
            for passage in shown_passages(hit)
        ],
    }
