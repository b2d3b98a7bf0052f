"""Input no form would send, through the Python interface: a NUL character reaches
neither tantivy nor the database (PostgreSQL refuses NUL in text)."""

from __future__ import annotations

from manumit.catalog.models import Resource
from manumit.search import search
from manumit.search.types import SearchQuery


def test_a_nul_in_the_words_is_ignored_and_the_search_still_finds(
    library: dict[str, Resource],
) -> None:
    plain = search(SearchQuery(text="seafood"))
    with_nul = search(SearchQuery(text="sea\x00food"))
    assert plain.total > 0
    assert not with_nul.message
    assert [hit.resource.pk for hit in with_nul.hits] == [hit.resource.pk for hit in plain.hits]


def test_a_nul_in_a_facet_value_gives_an_answer_not_an_error(
    library: dict[str, Resource],
) -> None:
    for facet in ("type", "country", "region", "topic", "sector", "publisher", "year"):
        results = search(SearchQuery(text="seafood", filters={facet: ("\x00", "zz\x00")}))
        assert not results.message, facet
        assert results.total == 0, facet
