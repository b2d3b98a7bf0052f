"""The values that cross the search interface: a query in, results out.

The web views, the JSON twin, the admin and the benchmarks speak only these types; the
backend (tantivy) and the query parser stay behind `manumit.search`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, TypeAlias

from manumit.search.facet_specs import SPECS

if TYPE_CHECKING:
    from manumit.catalog.models import Resource

Sort = Literal["relevance", "newest", "oldest"]

# The facets, in the order the sidebar shows them (declared in facet_specs.py). The key is
# the URL parameter. Values are stable keys: type/topic/sector/region/publisher slugs,
# country ISO alpha-2, year as four digits, language as ISO 639-1, format as file_formats'.
FACETS: tuple[str, ...] = tuple(spec.key for spec in SPECS)


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    # facet key -> selected values; values within one facet are OR-ed, facets are AND-ed
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    year_from: int | None = None
    year_to: int | None = None
    sort: Sort = "relevance"
    page: int = 1
    page_size: int = 10
    # Curators searching in the admin see every status; everybody else only published.
    include_unpublished: bool = False


@dataclass(frozen=True)
class Passage:
    """A matching passage: `html` is escaped text with the matched words in <mark>."""

    html: str
    page: int | None = None  # 1-based page of the attached document; None for metadata
    attachment_id: int | None = None


@dataclass(frozen=True)
class Hit:
    resource: Resource
    score: float
    passages: tuple[Passage, ...] = ()


@dataclass(frozen=True)
class FacetValue:
    key: str
    label: str
    count: int
    selected: bool = False


@dataclass(frozen=True)
class WithoutWords:
    """Drop a word or phrase, as the user typed it (`seafod`, `"forced labour"`)."""

    text: str


@dataclass(frozen=True)
class WithoutFacet:
    """Drop every selected value of one facet (`country` TH and MY)."""

    facet: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class WithoutYears:
    """Drop the year range."""


# One way to widen a search that found nothing.
TryWithout: TypeAlias = WithoutWords | WithoutFacet | WithoutYears

UNAVAILABLE = "Search is not available at the moment. Please try again in a minute."


class SearchUnavailable(Exception):
    """The index cannot answer (missing, corrupt, unreadable): the page and its JSON twin
    answer 503 with `UNAVAILABLE`. A query the parser cannot read is not this: it gets
    results with a message."""

    message = UNAVAILABLE


@dataclass
class SearchResults:
    query: SearchQuery
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    # facet key -> values with counts over the whole match set, each facet ignoring
    # its own selection so users can widen again
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    took_ms: float = 0.0
    # A friendly message when the query could not be read as the user meant it
    message: str = ""
    did_you_mean: str | None = None
    # When nothing matched: the words or filters whose removal would give results
    try_without: list[TryWithout] = field(default_factory=list)
