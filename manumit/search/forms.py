"""The search page's address read into a SearchQuery, and SearchQuery written back as one.

Every parameter is optional and every bad value is dropped with a short note the page shows
("Ignored year_from=abc: not a year."), so any address gives a page, never an error.

    q=forced labour            the query text (our own query language; see the parser)
    type=guidance&type=tools   one parameter per facet, repeated for several values (OR-ed)
    year_from=2015&year_to=20  a year range
    sort=newest                relevance (default), newest or oldest
    page=2                     results page, from 1
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, get_args

from django.http import QueryDict

from manumit.search.facet_specs import BY_KEY, SPECS
from manumit.search.types import FACETS, SearchQuery, Sort

if TYPE_CHECKING:
    from collections.abc import Mapping

MAX_QUERY_CHARS = 500
MAX_VALUES_PER_FACET = 20
MAX_PAGE = 1000
YEAR_RANGE = (1000, 2999)
SORTS: tuple[str, ...] = get_args(Sort)

FACET_LABELS = {spec.key: spec.label for spec in SPECS}


@dataclass
class ParsedSearch:
    query: SearchQuery
    notes: list[str] = field(default_factory=list)


def _short(value: str) -> str:
    return value if len(value) <= 40 else value[:39] + "…"


def normalise_key(facet: str, value: str) -> str | None:
    """The stable key for `value` in `facet` (country codes upper case), or None where it
    does not look like one of the facet's keys."""
    spec = BY_KEY[facet]
    value = value.strip()
    return spec.normalise(value) if spec.pattern.fullmatch(value) else None


def _filters(params: Mapping[str, list[str]], notes: list[str]) -> dict[str, tuple[str, ...]]:
    filters: dict[str, tuple[str, ...]] = {}
    for facet in FACETS:
        keys: list[str] = []
        for raw in params.get(facet, []):
            key = normalise_key(facet, raw)
            if key is None:
                if raw.strip():
                    notes.append(f"Ignored {facet}={_short(raw)!r}: not a known {facet} key.")
            elif key not in keys:
                keys.append(key)
        if len(keys) > MAX_VALUES_PER_FACET:
            notes.append(f"Kept the first {MAX_VALUES_PER_FACET} {facet} values.")
            keys = keys[:MAX_VALUES_PER_FACET]
        if keys:
            filters[facet] = tuple(keys)
    return filters


def _int(
    params: Mapping[str, list[str]], name: str, low: int, high: int, notes: list[str], what: str
) -> int | None:
    values = params.get(name) or [""]
    raw = values[-1].strip()
    if not raw:
        return None
    if raw.isascii() and raw.isdigit() and low <= int(raw) <= high:
        return int(raw)
    notes.append(f"Ignored {name}={_short(raw)!r}: not {what}.")
    return None


def parse_search(params: QueryDict | Mapping[str, list[str]]) -> ParsedSearch:
    """Read the search page's parameters; never raises."""
    lists: Mapping[str, list[str]] = (
        {key: params.getlist(key) for key in params} if isinstance(params, QueryDict) else params
    )
    notes: list[str] = []
    text = " ".join((lists.get("q") or [""])[-1].split())
    if len(text) > MAX_QUERY_CHARS:
        notes.append(f"Your query was long; only its first {MAX_QUERY_CHARS} characters count.")
        text = text[:MAX_QUERY_CHARS]
    year_from = _int(lists, "year_from", *YEAR_RANGE, notes, "a year")
    year_to = _int(lists, "year_to", *YEAR_RANGE, notes, "a year")
    if year_from and year_to and year_from > year_to:
        notes.append(f"Read the years {year_from}–{year_to} as {year_to}–{year_from}.")
        year_from, year_to = year_to, year_from
    sort_values = lists.get("sort") or [""]
    sort = sort_values[-1].strip() or "relevance"
    if sort not in SORTS:
        notes.append(f"Ignored sort={_short(sort)!r}: sort by relevance, newest or oldest.")
        sort = "relevance"
    page = _int(lists, "page", 1, MAX_PAGE, notes, f"a page number from 1 to {MAX_PAGE}") or 1
    query = SearchQuery(
        text=text,
        filters=_filters(lists, notes),
        year_from=year_from,
        year_to=year_to,
        sort=sort,  # type: ignore[arg-type]  # checked against SORTS above
        page=page,
    )
    return ParsedSearch(query=query, notes=notes)


def query_params(query: SearchQuery) -> list[tuple[str, str]]:
    """The address parameters for `query`, in a stable order (page 1 and relevance left out)."""
    params: list[tuple[str, str]] = []
    if query.text:
        params.append(("q", query.text))
    for facet in FACETS:
        params.extend((facet, value) for value in query.filters.get(facet, ()))
    if query.year_from:
        params.append(("year_from", str(query.year_from)))
    if query.year_to:
        params.append(("year_to", str(query.year_to)))
    if query.sort != "relevance":
        params.append(("sort", query.sort))
    if query.page > 1:
        params.append(("page", str(query.page)))
    return params


def search_within(subject: object) -> tuple[str, str] | None:
    """The facet parameter that narrows a search to a browse page's subject, e.g.
    ("region", "europe") for /tags/europe/, or None where no facet matches (a person)."""
    from django.apps import apps

    for spec in SPECS:
        if spec.model and isinstance(subject, apps.get_model(spec.model)):
            return (spec.key, str(getattr(subject, spec.key_field)))
    return None
