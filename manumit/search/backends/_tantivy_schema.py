"""The two tantivy indexes: one document per resource (ranking, facets) and one per page
(passages for the hits shown). Analysers, schemas, and IndexDocument -> tantivy.Document."""

from __future__ import annotations

from dataclasses import dataclass

import tantivy

from manumit.search.backends.base import IndexDocument
from manumit.search.facet_specs import SPECS

SCHEMA_VERSION = "4"  # 4: the format facet

# English: accents folded, stop words dropped, Snowball-stemmed (trafficking -> traffick).
STEMMED = "manumit_en"
# Folded but not stemmed: prefixes (traff*), title completion and spelling suggestions.
PLAIN = "manumit_plain"
MAX_TOKEN_BYTES = 40

# The facets stored as raw-keyword fast fields (year is an integer field).
KEYWORD_FACETS = tuple(spec.key for spec in SPECS if spec.keyword)


def facet_field(facet: str) -> str:
    return f"f_{facet}"


# A resource's values of one facet, sorted and joined, as one keyword: counting these
# single values and splitting them afterwards is 15x faster in tantivy than counting a
# multi-valued field, while the combinations are few (see _tantivy_facets.py).
COMBINATION_SEPARATOR = "\x1f"


def combination_field(facet: str) -> str:
    return f"c_{facet}"


def combination(values: tuple[str, ...]) -> str:
    return COMBINATION_SEPARATOR.join(sorted(set(values)))


def _analyzer(stemmed: bool) -> tantivy.TextAnalyzer:
    builder = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(MAX_TOKEN_BYTES))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
    )
    if stemmed:
        builder = builder.filter(tantivy.Filter.stopword("english")).filter(
            tantivy.Filter.stemmer("english")
        )
    return builder.build()


@dataclass(frozen=True)
class Analyzers:
    stemmed: tantivy.TextAnalyzer
    plain: tantivy.TextAnalyzer

    def register(self, index: tantivy.Index) -> None:
        index.register_tokenizer(STEMMED, self.stemmed)
        index.register_tokenizer(PLAIN, self.plain)


def analyzers() -> Analyzers:
    return Analyzers(_analyzer(stemmed=True), _analyzer(stemmed=False))


def resource_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("id", stored=True, indexed=True, fast=True)
    builder.add_text_field("status", tokenizer_name="raw")
    builder.add_text_field("title", stored=True, tokenizer_name=STEMMED)
    for name in ("authors", "publishers", "description", "tags"):
        builder.add_text_field(name, tokenizer_name=STEMMED)
    # Everything, document text included: the base of every score (see FIELD_WEIGHTS).
    builder.add_text_field("all_text", tokenizer_name=STEMMED)
    for name in ("title_plain", "authors_plain", "publishers_plain"):
        builder.add_text_field(name, tokenizer_name=PLAIN)
    # Every word of the resource, unstemmed and without positions: prefixes, spelling.
    builder.add_text_field("any_plain", tokenizer_name=PLAIN, index_option="basic")
    for facet in KEYWORD_FACETS:
        builder.add_text_field(facet_field(facet), tokenizer_name="raw", fast=True)
        builder.add_text_field(
            combination_field(facet), tokenizer_name="raw", fast=True, index_option="basic"
        )
    builder.add_integer_field("year", indexed=True, fast=True)
    builder.add_integer_field("date_desc", fast=True)  # undated sort last when newest first
    builder.add_integer_field("date_asc", fast=True)  # ... and when oldest first
    return builder.build()


def page_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("resource_id", stored=True, indexed=True, fast=True)
    builder.add_unsigned_field("attachment_id", stored=True)
    builder.add_unsigned_field("number", stored=True)
    builder.add_text_field("text", stored=True, tokenizer_name=STEMMED)
    return builder.build()


UNDATED_LAST_ASC = 10**8


def resource_document(doc: IndexDocument) -> tantivy.Document:
    out = tantivy.Document()
    out.add_unsigned("id", doc.id)
    out.add_text("status", doc.status)
    out.add_text("title", doc.title)
    out.add_text("title_plain", doc.title)
    _add_all(out, "authors", doc.authors)
    _add_all(out, "authors_plain", doc.authors)
    _add_all(out, "publishers", doc.publishers)
    _add_all(out, "publishers_plain", doc.publishers)
    out.add_text("description", doc.description)
    _add_all(out, "tags", doc.tags)
    everything = (doc.title, *doc.authors, *doc.publishers, doc.description, *doc.tags)
    everything += tuple(page.text for page in doc.pages)
    _add_all(out, "all_text", everything)
    _add_all(out, "any_plain", everything)
    for facet in KEYWORD_FACETS:
        values = tuple(value for value in doc.facets.get(facet, ()) if value)
        _add_all(out, facet_field(facet), values)
        if values:
            out.add_text(combination_field(facet), combination(values))
    if doc.year is not None:
        out.add_integer("year", doc.year)
    out.add_integer("date_desc", doc.date_key if doc.date_key is not None else 0)
    out.add_integer("date_asc", doc.date_key if doc.date_key is not None else UNDATED_LAST_ASC)
    return out


def page_documents(doc: IndexDocument) -> list[tantivy.Document]:
    pages = []
    for page in doc.pages:
        if not page.text.strip():
            continue
        out = tantivy.Document()
        out.add_unsigned("resource_id", doc.id)
        out.add_unsigned("attachment_id", page.attachment_id)
        out.add_unsigned("number", page.number)
        out.add_text("text", page.text)
        pages.append(out)
    return pages


def _add_all(document: tantivy.Document, name: str, values: tuple[str, ...]) -> None:
    for value in values:
        if value:
            document.add_text(name, value)
