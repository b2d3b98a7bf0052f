"""The tantivy backend: an embedded index in this node's data folder.

Two indexes live side by side: `resources/` (one document per resource: ranking, facet
counts, sorting) and `pages/` (one document per page: consulted only for the hits shown,
to find their best pages and cut passages). Writes take tantivy's writer lock for the
duration of one `apply`; readers reload after every commit. The folder is one generation
(manumit/search/generations.py): a schema change builds a new one beside it, so this class
never deletes what another process may have open.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import tantivy

from manumit.search import _highlight
from manumit.search._parser import ParsedQuery, Phrase, Word
from manumit.search.backends import _tantivy_schema as schemas
from manumit.search.backends._tantivy_facets import FacetCounter
from manumit.search.backends._tantivy_query import (
    Compiler,
    filter_only,
    prefix_pattern,
    restrict,
)
from manumit.search.backends.base import (
    PUBLISHED,
    BackendQuery,
    BackendResults,
    IndexBusy,
    IndexDocument,
    SearchBackend,
)
from manumit.search.spelling import closest
from manumit.search.types import Passage

WRITER_HEAP = 64_000_000
REBUILD_HEAP = 256_000_000
PREFIX_EXPANSION = 30  # words a prefix stands for when finding passages


class TantivyBackend(SearchBackend):
    layout_version = schemas.SCHEMA_VERSION

    def __init__(self, location: Path | None = None) -> None:
        self.location = Path(location) if location else None
        self.analyzers = schemas.analyzers()
        self.word_keys = _highlight.WordKeys(
            self.analyzers.stemmed.analyze, self.analyzers.plain.analyze
        )
        self._lock = threading.Lock()
        self.facet_counter = FacetCounter()
        self._open()

    # --- opening and writing ---

    def _open(self) -> None:
        self.resources = self._open_one("resources", schemas.resource_schema())
        self.pages = self._open_one("pages", schemas.page_schema())
        self.compiler = Compiler(self.resources.schema, self.analyzers)
        self.matcher = Compiler(self.resources.schema, self.analyzers, ranked=False)
        self.page_compiler = Compiler(self.pages.schema, self.analyzers)

    def _open_one(self, name: str, schema: tantivy.Schema) -> tantivy.Index:
        if self.location is None:
            index = tantivy.Index(schema)
        else:
            folder = self.location / name
            folder.mkdir(parents=True, exist_ok=True)
            index = tantivy.Index(schema, str(folder))
        self.analyzers.register(index)
        return index

    def _writer(self, index: tantivy.Index, heap: int) -> tantivy.IndexWriter:
        try:
            return index.writer(heap, 1 if heap <= WRITER_HEAP else 0)
        except ValueError as error:
            raise IndexBusy(str(error)) from error

    def apply(self, upserts: Iterable[IndexDocument], removals: Iterable[int] = ()) -> None:
        documents = list(upserts)
        gone = {*removals, *(doc.id for doc in documents)}
        if not gone:
            return
        with self._lock:
            resource_writer = self._writer(self.resources, WRITER_HEAP)
            page_writer = self._writer(self.pages, WRITER_HEAP)
            # By query: delete_documents_by_term reads a Python int as i64 and misses u64 ids.
            ids = sorted(gone)
            resource_writer.delete_documents_by_query(
                tantivy.Query.term_set_query(self.resources.schema, "id", ids)
            )
            page_writer.delete_documents_by_query(
                tantivy.Query.term_set_query(self.pages.schema, "resource_id", ids)
            )
            _write_and_commit(resource_writer, page_writer, documents)
            del page_writer, resource_writer
            self.refresh()

    def clear(self) -> None:
        self.rebuild(())

    def rebuild(self, documents: Iterable[IndexDocument]) -> None:
        """Replace everything in one commit: searches see the old index until it is done."""
        with self._lock:
            resource_writer = self._writer(self.resources, REBUILD_HEAP)
            page_writer = self._writer(self.pages, REBUILD_HEAP)
            resource_writer.delete_all_documents()
            page_writer.delete_all_documents()
            _write_and_commit(resource_writer, page_writer, documents)
            page_writer.wait_merging_threads()
            resource_writer.wait_merging_threads()
            self.refresh()

    def refresh(self) -> None:
        """See commits made since (by this process or another one on this node)."""
        self.resources.reload()
        self.pages.reload()
        self.facet_counter.forget()

    # --- searching ---

    def search(self, query: BackendQuery) -> BackendResults:
        base, ignored = self.compiler.text_query(query.parsed, query.match)
        if base is None:
            return BackendResults(ignored=tuple(ignored), nothing_searchable=True)
        searcher = self.resources.searcher()
        order_field, order = _ordering(query)
        # The top hits only: the total comes with the facet counts, in one pass over the
        # matches (`counts`). A limit of at least 1: tantivy-py 0.27 panics on limit 0.
        found = searcher.search(
            restrict(base, self.compiler.filters(query)),
            limit=max(1, query.limit),
            count=False,
            order_by_field=order_field,
            offset=max(0, query.offset),
            order=order,
        )
        addresses = [address for _, address in found.hits]
        ids = (
            [int(v or 0) for v in searcher.fast_field_values("id", addresses)] if addresses else []
        )
        scores = [float(key) if order_field is None else 0.0 for key, _ in found.hits]
        total, facets = self.counts(query) if query.with_counts else (0, {})
        return BackendResults(
            total=total,
            hits=list(zip(ids, scores, strict=True)),
            facets=facets,
            ignored=tuple(ignored),
        )

    def count(self, query: BackendQuery) -> int:
        return self.counts(replace(query, facets=()))[0]

    def counts(self, query: BackendQuery) -> tuple[int, dict[str, dict[str, int]]]:
        """The number of matches and the facet counts: one aggregation for the total and
        the facets nobody selected, one more per selected facet (its counts ignore its
        own selection). Scores aside: over `all_text`, not five weighted fields."""
        matching, _ = self.matcher.text_query(query.parsed, query.match)
        if matching is None:
            return 0, {}
        searcher = self.resources.searcher()
        wanted = [facet for facet in query.facets if facet]
        selected = [facet for facet in wanted if _is_selected(query, facet)]
        unselected = [facet for facet in wanted if facet not in selected]
        scoped = restrict(filter_only(matching), self.compiler.filters(query))
        total, counts = self.facet_counter.count(searcher, scoped, unselected, with_total=True)
        for facet in selected:
            widened = restrict(filter_only(matching), self.compiler.filters(query, skip=facet))
            counts.update(self.facet_counter.count(searcher, widened, [facet])[1])
        return total, counts

    # --- passages ---

    def passages(
        self, parsed: ParsedQuery, ids: list[int], per_hit: int = 3
    ) -> dict[int, list[Passage]]:
        keys, prefixes = self._highlight_terms(parsed)
        text_query = self._page_query(parsed, prefixes)
        if not ids or text_query is None:
            return {}
        searcher = self.pages.searcher()
        scope = tantivy.Query.term_set_query(self.pages.schema, "resource_id", list(ids))
        found = searcher.search(restrict(text_query, [scope]), limit=len(ids) * per_hit * 4)
        # The best pages of each resource, told apart by a fast field: only those are read.
        addresses = [address for _, address in found.hits]
        owners = searcher.fast_field_values("resource_id", addresses) if addresses else []
        chosen: dict[int, list[tantivy.DocAddress]] = defaultdict(list)
        for owner, address in zip(owners, addresses, strict=True):
            if owner is not None and len(chosen[int(owner)]) < per_hit:
                chosen[int(owner)].append(address)
        best: dict[int, list[Passage]] = defaultdict(list)
        for resource_id, pages in chosen.items():
            for address in pages:
                page = searcher.doc(address)
                html = self.highlight_with(page["text"][0], keys, prefixes)
                if html:
                    best[resource_id].append(
                        Passage(html, page["number"][0], page["attachment_id"][0])
                    )
        return dict(best)

    def _page_query(self, parsed: ParsedQuery, prefixes: tuple[str, ...]) -> tantivy.Query | None:
        """Any of the query's words, in the page text: pages are ranked by BM25."""
        queries = []
        for term in parsed.positive_terms():
            if term.field is not None or (isinstance(term, Word) and term.prefix):
                continue
            query = self.page_compiler.term(term, {None: ("text",)})
            if query is not None:
                queries.append(query)
        for word in self._expand_prefixes(prefixes):
            queries.append(tantivy.Query.term_query(self.pages.schema, "text", word))
        if not queries:
            return None
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in queries])

    def _expand_prefixes(self, prefixes: tuple[str, ...]) -> set[str]:
        searcher = self.resources.searcher()
        words: set[str] = set()
        for prefix in prefixes:
            for plain, _ in searcher.terms_with_prefix("any_plain", prefix, limit=PREFIX_EXPANSION):
                words.update(self.analyzers.stemmed.analyze(plain))
        return words

    def _highlight_terms(self, parsed: ParsedQuery) -> tuple[set[str], tuple[str, ...]]:
        keys: set[str] = set()
        prefixes: list[str] = []
        for term in parsed.positive_terms():
            if isinstance(term, Word) and term.prefix:
                prefixes.extend(self.analyzers.plain.analyze(term.text)[-1:])
            elif isinstance(term, Word | Phrase):
                keys.update(self.analyzers.stemmed.analyze(term.text))
        return keys, tuple(prefixes)

    def highlight(self, text: str, parsed: ParsedQuery) -> str | None:
        keys, prefixes = self._highlight_terms(parsed)
        return self.highlight_with(text, keys, prefixes)

    def highlight_with(self, text: str, keys: set[str], prefixes: tuple[str, ...]) -> str | None:
        if not text or not (keys or prefixes):
            return None
        spans = _highlight.matching_spans(text, self.word_keys, keys, prefixes)
        return _highlight.excerpt(text, spans)

    # --- completion and spelling ---

    def suggest(self, prefix: str, limit: int = 10) -> list[str]:
        words = self.analyzers.plain.analyze(prefix or "")
        if not words or limit < 1:
            return []
        schema = self.resources.schema
        complete = words if prefix[-1:].isspace() else words[:-1]
        parts = [tantivy.Query.term_query(schema, "title_plain", word) for word in complete]
        if not prefix[-1:].isspace():
            parts.append(
                tantivy.Query.regex_query(schema, "title_plain", prefix_pattern(words[-1]))
            )
        published = tantivy.Query.term_query(schema, "status", PUBLISHED)
        query = restrict(
            tantivy.Query.boolean_query([(tantivy.Occur.Must, p) for p in parts]), [published]
        )
        searcher = self.resources.searcher()
        titles: list[str] = []
        for _, address in searcher.search(query, limit=limit * 2).hits:
            title = searcher.doc(address)["title"][0]
            if title not in titles:
                titles.append(title)
        return titles[:limit]

    def close_term(self, word: str) -> str | None:
        plain = self.analyzers.plain.analyze(word or "")
        if len(plain) != 1 or len(plain[0]) < 3:
            return None
        searcher = self.resources.searcher()
        if searcher.doc_freq("any_plain", plain[0]) > 0:
            return None
        published = tantivy.Query.term_query(self.resources.schema, "status", PUBLISHED)
        candidates = searcher.terms_with_prefix(
            "any_plain", plain[0][:2], filter_query=published, limit=2000
        )
        return closest(plain[0], candidates)

    def document_ids(self) -> set[int]:
        searcher = self.resources.searcher()
        total = searcher.num_docs
        if not total:
            return set()
        found = searcher.search(tantivy.Query.all_query(), limit=total, count=False)
        values = searcher.fast_field_values("id", [address for _, address in found.hits])
        return {int(value) for value in values if value is not None}


def _ordering(query: BackendQuery) -> tuple[str | None, tantivy.Order]:
    if query.sort == "newest":
        return "date_desc", tantivy.Order.Desc
    if query.sort == "oldest":
        return "date_asc", tantivy.Order.Asc
    return None, tantivy.Order.Desc


def _is_selected(query: BackendQuery, facet: str) -> bool:
    if facet == "year" and (query.year_from is not None or query.year_to is not None):
        return True
    return bool(query.filters.get(facet))


def _write_and_commit(
    resource_writer: tantivy.IndexWriter,
    page_writer: tantivy.IndexWriter,
    documents: Iterable[IndexDocument],
) -> None:
    for doc in documents:
        resource_writer.add_document(schemas.resource_document(doc))
        for page in schemas.page_documents(doc):
            page_writer.add_document(page)
    # Pages first: a resource is never findable before its passages are.
    page_writer.commit()
    resource_writer.commit()
