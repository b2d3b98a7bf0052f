"""Our query language: what people type becomes a tree of plain strings, never an error."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from manumit.search._parser import (
    MAX_CLAUSES,
    MAX_QUERY_CHARS,
    AnyOf,
    ParsedQuery,
    Phrase,
    Word,
    parse,
)


def test_words_are_all_required() -> None:
    parsed = parse("forced labour seafood Thailand")
    assert parsed.required == tuple(Word(w) for w in ("forced", "labour", "seafood", "Thailand"))
    assert parsed.message == ""


def test_quotes_make_a_phrase_and_an_unclosed_quote_runs_to_the_end() -> None:
    assert parse('"forced labour" fishing').required == (Phrase("forced labour"), Word("fishing"))
    assert parse('audit "forced  labour').required == (Word("audit"), Phrase("forced labour"))


def test_or_joins_its_neighbours_and_is_a_word_only_in_capitals() -> None:
    assert parse("seafood OR fishing OR cocoa").required == (
        AnyOf((Word("seafood"), Word("fishing"), Word("cocoa"))),
    )
    assert parse("seafood or fishing").required == (Word("seafood"), Word("or"), Word("fishing"))
    assert parse("OR seafood OR").required == (Word("seafood"),)


def test_a_minus_excludes_a_word_or_a_phrase() -> None:
    parsed = parse('labour -cocoa -"child labour" well-being')
    assert parsed.required == (Word("labour"), Word("well-being"))
    assert parsed.excluded == (Word("cocoa"), Phrase("child labour"))


def test_a_trailing_star_makes_a_prefix() -> None:
    assert parse("traff*").required == (Word("traff", prefix=True),)
    assert parse("***").required == ()


def test_field_filters_name_their_field_and_unknown_ones_stay_words() -> None:
    parsed = parse('title:report AUTHOR:smith publisher:"walk free" colour:red')
    assert parsed.required == (
        Word("report", "title"),
        Word("smith", "author"),
        Phrase("walk free", "publisher"),
        Word("colour:red"),
    )


def test_only_exclusions_browse_everything_else_with_a_message() -> None:
    parsed = parse("-cocoa")
    assert parsed.is_empty and parsed.excluded == (Word("cocoa"),)
    assert "Add a word" in parsed.message


def test_punctuation_alone_gets_a_friendly_message() -> None:
    parsed = parse("!!! ??? ---")
    assert parsed.required == () and parsed.excluded == ()
    assert "nothing to search for" in parsed.message


def test_an_empty_query_is_browsing_without_a_message() -> None:
    assert parse("   ") == ParsedQuery(raw="   ")


def test_very_long_queries_are_cut_with_a_note() -> None:
    parsed = parse("word " * 400)
    assert len(parsed.required) <= MAX_CLAUSES
    assert parsed.notes


def test_render_gives_back_an_equivalent_query() -> None:
    text = '"forced labour" OR slavery title:report traff* -cocoa'
    assert parse(parse(text).render()).required == parse(text).required


# --- property-based: any input whatsoever ---

QUERY_TEXT = st.text(
    alphabet=st.sampled_from(list('abcé  "-*:()[]{}\\|^~?!.OR\x00\u200b\U0001f600'))
    | st.characters(),
    max_size=MAX_QUERY_CHARS + 50,
)


@settings(max_examples=400, deadline=None)
@given(QUERY_TEXT)
def test_any_text_parses_into_plain_terms(text: str) -> None:
    parsed = parse(text)
    terms = [*parsed.positive_terms(), *parsed.excluded]
    assert all(isinstance(term, Word | Phrase) for term in terms)
    assert all(term.text and term.text == term.text.strip() for term in terms)
    assert all(term.field in (None, "title", "author", "publisher") for term in terms)
    assert len(parsed.required) + len(parsed.excluded) <= MAX_CLAUSES
    if text.strip() and not parsed.required:
        assert parsed.message


@settings(max_examples=200, deadline=None)
@given(QUERY_TEXT)
def test_rendering_and_parsing_again_is_stable(text: str) -> None:
    once = parse(text)
    twice = parse(once.render())
    assert parse(twice.render()).render() == twice.render()
