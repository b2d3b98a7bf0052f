"""Turn a parsed query into tantivy Query objects, term by term.

Only plain strings from the parse tree reach tantivy, through its query constructors
(term, phrase, regex with every character escaped). Tantivy's own query-string parser is
never used, so no user text is ever read as tantivy syntax.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import tantivy

from manumit.search._parser import AnyOf, Clause, ParsedQuery, Term, Word
from manumit.search.backends._tantivy_schema import Analyzers, facet_field
from manumit.search.backends.base import FIELD_WEIGHTS, BackendQuery

Occur = tantivy.Occur

# Which stemmed and plain fields a field filter searches.
BOOSTED = tuple(name for name, weight in FIELD_WEIGHTS.items() if weight > 0)
STEMMED_FIELDS: dict[str | None, tuple[str, ...]] = {
    None: ("all_text", *BOOSTED),
    "title": ("title",),
    "author": ("authors",),
    "publisher": ("publishers",),
}
PLAIN_FIELDS: dict[str | None, tuple[str, ...]] = {
    None: ("title_plain", "any_plain"),
    "title": ("title_plain",),
    "author": ("authors_plain",),
    "publisher": ("publishers_plain",),
}
PLAIN_WEIGHTS = {"title_plain": FIELD_WEIGHTS["title"], "any_plain": 1.0}
# Which documents match, scores aside: every word of a resource is in `all_text` (stemmed)
# and `any_plain` (unstemmed), so one field answers where ranking asks five. Facet counts
# and totals use these; a phrase over 80,000 documents is read once, not five times.
MATCH_STEMMED: dict[str | None, tuple[str, ...]] = {**STEMMED_FIELDS, None: ("all_text",)}
MATCH_PLAIN: dict[str | None, tuple[str, ...]] = {**PLAIN_FIELDS, None: ("any_plain",)}


def prefix_pattern(prefix: str) -> str:
    """A regex matching terms that start with `prefix`, every character taken literally:
    all but ASCII letters and digits written as `\\x{hex}`, which the regex engine reads
    as that character whatever it is (escaping a letter such as U+18D80 with a backslash
    would be an error)."""
    return (
        "".join(
            char if char.isascii() and char.isalnum() else f"\\x{{{ord(char):X}}}"
            for char in prefix
        )
        + ".*"
    )


def _should(queries: list[tantivy.Query]) -> tantivy.Query | None:
    if not queries:
        return None
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(Occur.Should, query) for query in queries])


def _boosted(query: tantivy.Query, weight: float) -> tantivy.Query:
    return query if weight == 1.0 else tantivy.Query.boost_query(query, weight)


def filter_only(query: tantivy.Query) -> tantivy.Query:
    """A condition that narrows the matches without touching their scores."""
    return tantivy.Query.const_score_query(query, 0.0)


@dataclass
class Compiler:
    """Compiles for ranking (`ranked`: every weighted field) or only for matching."""

    schema: tantivy.Schema
    analyzers: Analyzers
    ranked: bool = True

    @property
    def stemmed_fields(self) -> dict[str | None, tuple[str, ...]]:
        return STEMMED_FIELDS if self.ranked else MATCH_STEMMED

    @property
    def plain_fields(self) -> dict[str | None, tuple[str, ...]]:
        return PLAIN_FIELDS if self.ranked else MATCH_PLAIN

    def stemmed_tokens(self, text: str) -> list[tuple[int, str]]:
        return [(token.position, token.text) for token in self._pre(text)]

    def _pre(self, text: str) -> list[tantivy.Token]:
        return list(self.analyzers.stemmed.pre_tokenize(text).tokens)

    def plain_tokens(self, text: str) -> list[str]:
        return list(self.analyzers.plain.analyze(text))

    # --- one term over a set of fields ---

    def _text_query(
        self, field: str, tokens: list[tuple[int, str]], weight: float
    ) -> tantivy.Query:
        if len(tokens) == 1:
            query = tantivy.Query.term_query(self.schema, field, tokens[0][1])
        else:
            first = tokens[0][0]
            words: list[str | tuple[int, str]] = [(pos - first, text) for pos, text in tokens]
            query = tantivy.Query.phrase_query(self.schema, field, words)
        return _boosted(query, weight)

    def term(
        self, term: Term, fields: dict[str | None, tuple[str, ...]] | None = None
    ) -> tantivy.Query | None:
        if isinstance(term, Word) and term.prefix:
            return self._prefix(term)
        tokens = self.stemmed_tokens(term.text)
        if not tokens:
            return None
        names = (fields or self.stemmed_fields)[term.field]
        return _should(
            [
                self._text_query(name, tokens, _weight(name) if len(names) > 1 else 1.0)
                for name in names
            ]
        )

    def _prefix(self, word: Word) -> tantivy.Query | None:
        tokens = self.plain_tokens(word.text)
        if not tokens:
            return None
        *whole, last = tokens
        queries = []
        for name in self.plain_fields[word.field]:
            pattern = tantivy.Query.regex_query(self.schema, name, prefix_pattern(last))
            parts = [tantivy.Query.term_query(self.schema, name, token) for token in whole]
            query = _must([*parts, pattern]) if parts else pattern
            queries.append(_boosted(query, PLAIN_WEIGHTS.get(name, 1.0)))
        return _should(queries)

    def clause(self, clause: Clause) -> tantivy.Query | None:
        if isinstance(clause, AnyOf):
            return _should([q for q in (self.term(option) for option in clause.options) if q])
        return self.term(clause)

    # --- the whole query ---

    def text_query(self, parsed: ParsedQuery, match: str) -> tuple[tantivy.Query | None, list[str]]:
        """The scored part of the query, and the clauses that vanished (stop words)."""
        compiled, ignored = [], []
        for clause in parsed.required:
            query = self.clause(clause)
            if query is None:
                ignored.append(clause.render())
            else:
                compiled.append(query)
        excluded = [q for q in (self.term(term) for term in parsed.excluded) if q]
        if not compiled:
            if parsed.required:
                return None, ignored
            base = tantivy.Query.all_query()
        elif match == "any":
            base = _should(compiled) or tantivy.Query.empty_query()
        else:
            base = _must(compiled)
        if excluded:
            base = tantivy.Query.boolean_query(
                [(Occur.Must, base), *[(Occur.MustNot, query) for query in excluded]]
            )
        return base, ignored

    def filters(self, query: BackendQuery, skip: str | None = None) -> list[tantivy.Query]:
        """Status, facet and year conditions; `skip` leaves one facet's selection out."""
        conditions = []
        if query.statuses is not None:
            conditions.append(self._keywords("status", query.statuses))
        for facet, values in query.filters.items():
            if facet == skip or not values:
                continue
            if facet == "year":
                years = [
                    int(value)
                    for value in values
                    if value.isascii() and value.isdigit() and len(value) <= 4
                ]
                conditions.append(
                    tantivy.Query.term_set_query(self.schema, "year", years)
                    if years
                    else tantivy.Query.empty_query()
                )
            else:
                conditions.append(self._keywords(facet_field(facet), values))
        if skip != "year" and (query.year_from is not None or query.year_to is not None):
            conditions.append(
                tantivy.Query.range_query(
                    self.schema,
                    "year",
                    tantivy.FieldType.Integer,
                    query.year_from,
                    query.year_to,
                    use_inverted_index=True,
                )
            )
        return conditions

    def _keywords(self, field: str, values: Iterable[str]) -> tantivy.Query:
        return tantivy.Query.term_set_query(self.schema, field, [str(v) for v in values])


def _weight(field: str) -> float:
    return FIELD_WEIGHTS.get(field, 1.0)


def _must(queries: list[tantivy.Query]) -> tantivy.Query:
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(Occur.Must, query) for query in queries])


def restrict(base: tantivy.Query, conditions: list[tantivy.Query]) -> tantivy.Query:
    if not conditions:
        return base
    return tantivy.Query.boolean_query(
        [(Occur.Must, base), *[(Occur.Must, filter_only(c)) for c in conditions]]
    )
