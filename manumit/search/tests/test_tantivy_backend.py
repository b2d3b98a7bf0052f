"""The tantivy backend passes the contract, and keeps its index on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from manumit.search._parser import parse
from manumit.search.backends import _tantivy_facets
from manumit.search.backends._tantivy_query import prefix_pattern
from manumit.search.backends.base import BackendQuery, SearchBackend
from manumit.search.backends.tantivy_backend import TantivyBackend
from manumit.search.tests.contract import BackendContract, doc


class TestTantivyBackend(BackendContract):
    def make_backend(self, folder: Path) -> SearchBackend:
        return TantivyBackend(folder)


def test_an_index_is_still_there_when_reopened(tmp_path: Path) -> None:
    TantivyBackend(tmp_path).index([doc(1, "labour")])
    assert TantivyBackend(tmp_path).document_ids() == {1}


def test_a_second_process_sees_commits_after_refresh(tmp_path: Path) -> None:
    reader, writer = TantivyBackend(tmp_path), TantivyBackend(tmp_path)
    writer.index([doc(1, "labour")])
    reader.refresh()
    assert [rid for rid, _ in reader.search(BackendQuery(parse("labour"))).hits] == [1]


def test_a_prefix_becomes_a_regex_with_every_symbol_escaped() -> None:
    assert prefix_pattern("traff") == "traff.*"
    assert prefix_pattern("a.b|c(") == "a\\x{2E}b\\x{7C}c\\x{28}.*"
    assert prefix_pattern("c\u00f4te\U00018d80") == "c\\x{F4}te\\x{18D80}.*"


def test_facet_counts_are_exact_however_many_value_combinations_the_index_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    countries = ["TH", "MM", "MY", "VN", "KH", "LA"]
    documents = [
        doc(n, "labour", facets={"country": tuple(countries[n % 6 : n % 6 + 1 + n % 3])})
        for n in range(1, 40)
    ]
    expected: dict[str, int] = {}
    for document in documents:
        for country in document.facets["country"]:
            expected[country] = expected.get(country, 0) + 1
    for most in (500, 8, 2):  # one request, more than one request returns, the plain way
        monkeypatch.setattr(_tantivy_facets, "COMBINATIONS_MAX", most)
        backend = TantivyBackend(tmp_path / str(most))
        backend.index(documents)
        if most == 8:  # chosen on the whole index, before a search finds more combinations
            backend.facet_counter._by_combination = frozenset({"country"})
            backend.facet_counter._checked_at = float("inf")
        found = backend.search(BackendQuery(parse("labour")))
        assert found.total == len(documents)
        assert found.facets["country"] == expected


def test_a_prefix_of_any_letter_is_searched_without_error(tmp_path: Path) -> None:
    backend = TantivyBackend(tmp_path)
    backend.index([doc(1, "Côte d'Ivoire cocoa"), doc(2, "\U00018d80\U00018d81 tangut")])
    assert [rid for rid, _ in backend.search(BackendQuery(parse("cô*"))).hits] == [1]
    assert 2 in [rid for rid, _ in backend.search(BackendQuery(parse("\U00018d80*"))).hits]
