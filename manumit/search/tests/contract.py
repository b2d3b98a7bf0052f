"""What every search backend must do, as a mixin: subclass it, implement `make_backend`.

A backend lacking a capability lists it out of `features`; the tests needing it skip by
name (`needs("prefix")`), so the gap is visible in the test report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from manumit.search._parser import parse
from manumit.search.backends.base import (
    FIELD_WEIGHTS,
    BackendQuery,
    IndexDocument,
    PageText,
    SearchBackend,
)


def doc(
    resource_id: int, title: str = "", pages: tuple[str, ...] = (), **fields: Any
) -> IndexDocument:
    """A resource; its `pages` belong to attachment `resource_id * 10`."""
    texts = tuple(
        PageText(attachment_id=resource_id * 10, number=number, text=text)
        for number, text in enumerate(pages, 1)
    )
    return IndexDocument(
        id=resource_id, title=title or f"Resource {resource_id}", pages=texts, **fields
    )


class BackendContract:
    """Tests every backend passes. `backend` is a fresh, empty one per test."""

    def make_backend(self, folder: Path) -> SearchBackend:
        raise NotImplementedError("subclasses say how to build their backend")

    @pytest.fixture
    def backend(self, tmp_path: Path) -> SearchBackend:
        return self.make_backend(tmp_path / "index")

    def needs(self, backend: SearchBackend, feature: str) -> None:
        if feature not in backend.features:
            pytest.skip(f"{type(backend).__name__} does not support {feature}")

    def ids(self, backend: SearchBackend, text: str, **options: object) -> list[int]:
        found = backend.search(BackendQuery(parse(text), **options))  # type: ignore[arg-type]
        return [resource_id for resource_id, _ in found.hits]

    # --- matching ---

    def test_every_word_must_match(self, backend: SearchBackend) -> None:
        backend.index([doc(1, "forced labour in fishing"), doc(2, "forced marriage")])
        assert self.ids(backend, "forced labour") == [1]

    def test_stemming_finds_other_forms_of_a_word(self, backend: SearchBackend) -> None:
        self.needs(backend, "stemming")
        backend.index([doc(1, "Victims were trafficked"), doc(2, "Cocoa farms")])
        assert self.ids(backend, "trafficking") == [1]

    def test_accents_are_folded_both_ways(self, backend: SearchBackend) -> None:
        backend.index([doc(1, "Cocoa in Côte d'Ivoire"), doc(2, "Cote of arms")])
        assert sorted(self.ids(backend, "Cote")) == [1, 2]
        assert sorted(self.ids(backend, "côte")) == [1, 2]

    def test_a_quoted_phrase_needs_the_words_in_order(self, backend: SearchBackend) -> None:
        self.needs(backend, "phrase")
        backend.index([doc(1, "forced labour risks"), doc(2, "labour that was forced")])
        assert self.ids(backend, '"forced labour"') == [1]

    def test_or_accepts_either_word(self, backend: SearchBackend) -> None:
        backend.index([doc(1, "seafood"), doc(2, "fishing"), doc(3, "cocoa")])
        assert sorted(self.ids(backend, "seafood OR fishing")) == [1, 2]

    def test_a_minus_excludes_a_word(self, backend: SearchBackend) -> None:
        backend.index([doc(1, "child labour cocoa"), doc(2, "child labour mining")])
        assert self.ids(backend, "child labour -cocoa") == [2]

    def test_a_trailing_star_matches_the_start_of_words(self, backend: SearchBackend) -> None:
        self.needs(backend, "prefix")
        backend.index([doc(1, "trafficking"), doc(2, "traffic lights"), doc(3, "tariffs")])
        assert sorted(self.ids(backend, "traff*")) == [1, 2]

    def test_regex_characters_in_a_prefix_are_literal(self, backend: SearchBackend) -> None:
        self.needs(backend, "prefix")
        backend.index([doc(1, "a.b testing"), doc(2, "axb")])
        for text in ("a.*", "(*", "[a-z]*", "a|b*", "\\d*", "te.st*"):
            backend.search(BackendQuery(parse(text)))  # no error
        assert self.ids(backend, "te.st*") == []  # "te" then words starting "st"

    def test_field_filters_look_only_in_their_field(self, backend: SearchBackend) -> None:
        backend.index(
            [
                doc(1, "Smith on supply chains", authors=("Jane Doe",)),
                doc(2, "Supply chains", authors=("John Smith",), publishers=("Walk Free",)),
            ]
        )
        assert self.ids(backend, "title:smith") == [1]
        assert self.ids(backend, "author:smith") == [2]
        assert self.ids(backend, 'publisher:"walk free"') == [2]

    def test_document_text_is_searched(self, backend: SearchBackend) -> None:
        backend.index([doc(1, "Annual report", pages=("nothing", "debt bondage at sea"))])
        assert self.ids(backend, "bondage") == [1]

    def test_only_the_statuses_asked_for_are_found(self, backend: SearchBackend) -> None:
        backend.index([doc(1, "audit", status="draft"), doc(2, "audit")])
        assert self.ids(backend, "audit") == [2]
        assert sorted(self.ids(backend, "audit", statuses=None)) == [1, 2]

    def test_words_the_index_ignores_are_reported(self, backend: SearchBackend) -> None:
        backend.index([doc(1, "the report")])
        found = backend.search(BackendQuery(parse("the")))
        assert found.nothing_searchable and found.ignored == ("the",)

    # --- ranking ---

    def test_field_weights_rank_title_then_people_then_description_then_tags_then_text(
        self, backend: SearchBackend
    ) -> None:
        assert FIELD_WEIGHTS["title"] > FIELD_WEIGHTS["authors"] > FIELD_WEIGHTS["description"]
        assert FIELD_WEIGHTS["authors"] == FIELD_WEIGHTS["publishers"]
        assert FIELD_WEIGHTS["description"] > FIELD_WEIGHTS["tags"] > FIELD_WEIGHTS["body"]
        backend.index(
            [
                doc(1, "Report one", pages=("kafala system",)),
                doc(2, "Report two", tags=("kafala",)),
                doc(3, "Report three", description="kafala"),
                doc(4, "Report four", authors=("Kafala Centre",)),
                doc(5, "Kafala"),
            ]
        )
        assert self.ids(backend, "kafala") == [5, 4, 3, 2, 1]

    # --- facets, sorting, pages ---

    def test_facets_count_the_whole_match_set(self, backend: SearchBackend) -> None:
        self.needs(backend, "facets")
        backend.index(
            [
                doc(1, "labour", facets={"type": ("report",), "country": ("TH", "MM")}, year=2020),
                doc(2, "labour", facets={"type": ("report",), "country": ("TH",)}, year=2021),
                doc(3, "labour", facets={"type": ("guide",)}, year=2021),
                doc(4, "cocoa", facets={"type": ("guide",)}, year=2019),
            ]
        )
        found = backend.search(BackendQuery(parse("labour"), limit=1))
        assert found.total == 3 and len(found.hits) == 1
        assert found.facets["type"] == {"report": 2, "guide": 1}
        assert found.facets["country"] == {"TH": 2, "MM": 1}
        assert found.facets["year"] == {"2020": 1, "2021": 2}

    def test_counts_alone_agree_with_a_whole_search(self, backend: SearchBackend) -> None:
        self.needs(backend, "facets")
        backend.index(
            [
                doc(1, "forced labour", facets={"type": ("report",), "country": ("TH",)}),
                doc(2, "forced labour", facets={"type": ("guide",), "country": ("TH", "MM")}),
                doc(3, "forced marriage", facets={"type": ("guide",)}),
            ]
        )
        query = BackendQuery(parse('"forced labour"'), filters={"type": ("guide",)})
        whole = backend.search(query)
        assert (
            backend.counts(query)
            == (whole.total, whole.facets)
            == (
                1,
                {**whole.facets, "type": {"report": 1, "guide": 1}, "country": {"TH": 1, "MM": 1}},
            )
        )
        hits_alone = backend.search(BackendQuery(query.parsed, query.filters, with_counts=False))
        assert hits_alone.hits == whole.hits

    def test_a_facet_ors_its_values_and_ands_with_other_facets(
        self, backend: SearchBackend
    ) -> None:
        self.needs(backend, "facets")
        backend.index(
            [
                doc(1, "labour", facets={"type": ("report",), "country": ("TH",)}),
                doc(2, "labour", facets={"type": ("guide",), "country": ("TH",)}),
                doc(3, "labour", facets={"type": ("tool",), "country": ("TH",)}),
                doc(4, "labour", facets={"type": ("report",), "country": ("MM",)}),
            ]
        )
        either = {"type": ("report", "guide")}
        assert sorted(self.ids(backend, "labour", filters=either)) == [1, 2, 4]
        both = {"type": ("report", "guide"), "country": ("TH",)}
        assert sorted(self.ids(backend, "labour", filters=both)) == [1, 2]

    def test_a_facets_counts_ignore_its_own_selection(self, backend: SearchBackend) -> None:
        self.needs(backend, "facets")
        backend.index(
            [
                doc(1, "labour", facets={"type": ("report",), "country": ("TH",)}),
                doc(2, "labour", facets={"type": ("guide",), "country": ("MM",)}),
            ]
        )
        found = backend.search(BackendQuery(parse("labour"), filters={"type": ("report",)}))
        assert found.total == 1
        assert found.facets["type"] == {"report": 1, "guide": 1}  # can widen again
        assert found.facets["country"] == {"TH": 1}  # narrowed by the type

    def test_a_year_range_filters_and_the_year_facet_ignores_it(
        self, backend: SearchBackend
    ) -> None:
        backend.index([doc(n, "labour", year=2015 + n) for n in range(1, 6)])
        found = backend.search(BackendQuery(parse("labour"), year_from=2017, year_to=2019))
        assert sorted(resource_id for resource_id, _ in found.hits) == [2, 3, 4]
        assert len(found.facets["year"]) == 5

    def test_sorting_by_date_puts_undated_last(self, backend: SearchBackend) -> None:
        backend.index(
            [doc(1, "labour", date_key=100), doc(2, "labour"), doc(3, "labour", date_key=300)]
        )
        assert self.ids(backend, "labour", sort="newest") == [3, 1, 2]
        assert self.ids(backend, "labour", sort="oldest") == [1, 3, 2]

    def test_pages_of_results_do_not_overlap(self, backend: SearchBackend) -> None:
        backend.index([doc(n, "labour", date_key=n) for n in range(1, 26)])
        first = self.ids(backend, "labour", sort="newest", limit=10)
        second = self.ids(backend, "labour", sort="newest", limit=10, offset=10)
        assert first == list(range(25, 15, -1)) and second == list(range(15, 5, -1))

    # --- writes ---

    def test_applying_the_same_document_twice_keeps_one_copy(self, backend: SearchBackend) -> None:
        backend.index([doc(1, "old title")])
        backend.index([doc(1, "new title")])
        backend.index([doc(1, "new title")])
        assert self.ids(backend, "title") == [1]
        assert self.ids(backend, "old") == []
        assert backend.document_ids() == {1}

    def test_removed_documents_are_no_longer_found(self, backend: SearchBackend) -> None:
        backend.index([doc(1, "labour", pages=("labour",)), doc(2, "labour")])
        backend.remove([1])
        assert self.ids(backend, "labour") == [2]
        assert backend.passages(parse("labour"), [1]) == {}

    def test_rebuild_replaces_everything(self, backend: SearchBackend) -> None:
        backend.index([doc(1, "labour"), doc(2, "labour")])
        backend.rebuild([doc(3, "labour")])
        assert backend.document_ids() == {3}

    # --- passages, completion, spelling ---

    def test_passages_come_from_the_best_pages_with_their_numbers(
        self, backend: SearchBackend
    ) -> None:
        self.needs(backend, "passages")
        pages = ("Introduction", "Budget tables", "Fishermen reported <forced> labour at sea")
        backend.index([doc(1, "Report", pages=pages), doc(2, "Other", pages=("labour",))])
        found = backend.passages(parse("forced labour"), [1])
        assert list(found) == [1]
        assert found[1][0].page == 3 and found[1][0].attachment_id == 10
        assert "<mark>forced</mark>" in found[1][0].html
        assert "&lt;" in found[1][0].html and "<forced>" not in found[1][0].html

    def test_at_most_three_passages_per_hit(self, backend: SearchBackend) -> None:
        self.needs(backend, "passages")
        backend.index([doc(1, "Report", pages=tuple(f"labour page {n}" for n in range(8)))])
        assert len(backend.passages(parse("labour"), [1])[1]) == 3

    def test_highlight_marks_stemmed_and_prefixed_words(self, backend: SearchBackend) -> None:
        text = "They were trafficked by traffickers in traffic."
        html = backend.highlight(text, parse("trafficking"))
        assert html is not None and html.count("<mark>") == 2
        html = backend.highlight(text, parse("traff*"))
        assert html is not None and html.count("<mark>") == 3
        assert backend.highlight("Nothing here", parse("cocoa")) is None

    def test_suggest_completes_published_titles(self, backend: SearchBackend) -> None:
        backend.index(
            [
                doc(1, "Forced labour in fishing"),
                doc(2, "Forced marriage"),
                doc(3, "Forced labour draft", status="draft"),
            ]
        )
        assert sorted(backend.suggest("forced lab")) == ["Forced labour in fishing"]
        assert len(backend.suggest("forc")) == 2
        assert backend.suggest("") == []

    def test_a_misspelt_word_gets_a_close_indexed_word(self, backend: SearchBackend) -> None:
        backend.index([doc(1, "seafood supply chains"), doc(2, "seafood audits")])
        assert backend.close_term("seafod") == "seafood"
        assert backend.close_term("seafood") is None
        assert backend.close_term("xylophone") is None

    def test_hostile_input_never_raises(self, backend: SearchBackend) -> None:
        backend.index([doc(1, "labour")])
        for text in ('title:"', "-", "OR OR", "*", '"""', "a:b:c", "\x00", "AND NOT (", "é*"):
            backend.search(BackendQuery(parse(text)))
            backend.suggest(text)
            backend.close_term(text)
