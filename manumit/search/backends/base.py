"""The contract every search backend fulfils.

A backend knows nothing of Django: it receives plain `IndexDocument`s and answers a
`BackendQuery` with resource ids, scores and facet counts. The database-facing layer
(`manumit.search.engine`, `manumit.search.outbox`) does the rest. A new backend (OpenSearch,
say) is one module subclassing `SearchBackend`, plus one test class subclassing the contract
mixin in `manumit/search/tests/contract.py`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from manumit.search._parser import ParsedQuery
from manumit.search.types import FACETS, Passage, Sort

# How much a match counts, by field: title > authors and publishers > description > tags >
# document text. Every field's words also go into one combined field scored by BM25 (weight
# 1, all a match in the document text gets); a match in a named field adds its own BM25
# score times its weight here. A combined field plus gentle boosts ranks better than
# boosting separate fields hard (bench/relevance.py on SciFact's train judgements: 0.69
# nDCG@10 against 0.58 with the title 3x the text): short fields would dominate.
FIELD_WEIGHTS: dict[str, float] = {
    "title": 0.4,
    "authors": 0.3,
    "publishers": 0.3,
    "description": 0.2,
    "tags": 0.1,
    "body": 0.0,
}

PUBLISHED = "published"


class IndexBusy(RuntimeError):
    """Another process on this node holds the index's writer lock: a backend raises it
    from `apply` or `rebuild`, and the sync then only picks up that process's commits."""


@dataclass(frozen=True)
class PageText:
    """The text of one page of one attached document, numbered from 1."""

    attachment_id: int
    number: int
    text: str


@dataclass(frozen=True)
class IndexDocument:
    """One resource as the index sees it."""

    id: int
    title: str
    status: str = PUBLISHED
    authors: tuple[str, ...] = ()
    publishers: tuple[str, ...] = ()
    description: str = ""  # plain text
    tags: tuple[str, ...] = ()  # names of its types, topics, sectors, regions, countries
    pages: tuple[PageText, ...] = ()
    # facet key (see FACETS) -> stable value keys; year comes from `year`
    facets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    year: int | None = None
    date_key: int | None = None  # a proleptic ordinal: larger is newer


@dataclass(frozen=True)
class BackendQuery:
    parsed: ParsedQuery
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    year_from: int | None = None
    year_to: int | None = None
    statuses: tuple[str, ...] | None = (PUBLISHED,)  # None: any status
    sort: Sort = "relevance"
    offset: int = 0
    limit: int = 10
    facets: tuple[str, ...] = FACETS  # which facets to count
    # "all": every word must match (the query language); "any": natural-language ranking,
    # as used for long questions such as the relevance benchmark's claims
    match: Literal["all", "any"] = "all"
    # False: `search` returns the hits alone; the total and facets come from `counts`
    with_counts: bool = True


@dataclass
class BackendResults:
    total: int = 0
    hits: list[tuple[int, float]] = field(default_factory=list)  # (resource id, score)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    # Words that had no effect because the index ignores them ("the", "of")
    ignored: tuple[str, ...] = ()
    # True when the query had words but every one of them was ignored
    nothing_searchable: bool = False


class SearchBackend(ABC):
    """Index, remove, search, suggest, rebuild: the whole surface the rest of Manumit uses."""

    # Capabilities a contract test may skip by name when a backend lacks them
    features: frozenset[str] = frozenset({"phrase", "prefix", "stemming", "facets", "passages"})
    # Which on-disk layout (schema) the backend writes: a node builds a new index beside
    # the old one when it changes (manumit/search/generations.py)
    layout_version: str = "1"

    def __init__(self, location: Path | None = None) -> None:
        """`location`: the folder (one index generation) its files live in; None: memory."""
        self.location = location

    @abstractmethod
    def apply(self, upserts: Iterable[IndexDocument], removals: Iterable[int] = ()) -> None:
        """Add or replace `upserts` and drop `removals` (resource ids), visible to searches
        once this returns. Idempotent: applying the same change twice changes nothing."""

    def index(self, documents: Iterable[IndexDocument]) -> None:
        self.apply(documents, ())

    def remove(self, ids: Iterable[int]) -> None:
        self.apply((), ids)

    @abstractmethod
    def clear(self) -> None:
        """Forget every document."""

    def rebuild(self, documents: Iterable[IndexDocument]) -> None:
        self.clear()
        self.apply(documents, ())

    def refresh(self) -> None:
        """See changes other processes committed (a no-op where there is nothing to do)."""
        return None

    @abstractmethod
    def search(self, query: BackendQuery) -> BackendResults: ...

    def counts(self, query: BackendQuery) -> tuple[int, dict[str, dict[str, int]]]:
        """The number of matches and the facet counts, without the hits: the engine asks
        for them beside `search(with_counts=False)`, in another thread."""
        found = self.search(replace(query, limit=1, offset=0, with_counts=True))
        return found.total, found.facets

    def count(self, query: BackendQuery) -> int:
        return self.search(
            BackendQuery(
                query.parsed,
                query.filters,
                query.year_from,
                query.year_to,
                query.statuses,
                limit=1,
                facets=(),
                match=query.match,
            )
        ).total

    @abstractmethod
    def passages(
        self, parsed: ParsedQuery, ids: list[int], per_hit: int = 3
    ) -> dict[int, list[Passage]]:
        """The best matching pages of each resource in `ids`, highlighted."""

    @abstractmethod
    def highlight(self, text: str, parsed: ParsedQuery) -> str | None:
        """An escaped excerpt of `text` with the query's words in <mark>, or None if none
        of them occurs."""

    @abstractmethod
    def suggest(self, prefix: str, limit: int = 10) -> list[str]:
        """Titles of published resources completing `prefix`."""

    @abstractmethod
    def close_term(self, word: str) -> str | None:
        """A frequent indexed word close to `word` when `word` itself is not indexed."""

    @abstractmethod
    def document_ids(self) -> set[int]:
        """Every resource id in the index (for convergence checks and repairs)."""
