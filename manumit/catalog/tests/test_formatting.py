"""How dates, excerpts, bylines and citations read, using the original library's examples."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from manumit.catalog.formatting import (
    EXCERPT_LIMIT,
    byline,
    citation,
    excerpt,
    format_date,
    human_size,
    join_names,
    plain_text,
)


def test_a_day_precise_date_reads_like_02_june_2018() -> None:
    assert format_date(datetime.date(2018, 6, 2), "day") == "02 June 2018"


def test_a_month_precise_date_reads_like_november_2019() -> None:
    assert format_date(datetime.date(2019, 11, 1), "month") == "November 2019"


def test_a_year_precise_date_shows_only_the_year() -> None:
    assert format_date(datetime.date(2018, 1, 1), "year") == "2018"


def test_an_unknown_date_shows_nothing() -> None:
    assert format_date(None, "day") == ""


def test_bylines_join_one_two_and_three_authors_like_the_original() -> None:
    assert byline(["Walk Free"]) == "By Walk Free"
    assert byline(["Remco E. Breuker", "Imke van Gardingen"]) == (
        "By Remco E. Breuker & Imke van Gardingen"
    )
    assert byline(["A", "B", "C"]) == "By A, B and C"
    assert byline([]) == ""


def test_join_names_skips_blank_names() -> None:
    assert join_names(["A", "", "B"]) == "A & B"


def test_the_seed_citation_comes_out_exactly() -> None:
    line = citation(
        "Pervasive, punitive, and predetermined: Understanding modern slavery in North Korea",
        ["Walk Free Foundation", "Leiden University"],
        2018,
    )
    assert line == (
        "Pervasive, punitive, and predetermined: Understanding modern slavery in North Korea"
        " - Walk Free Foundation & Leiden University, 2018"
    )


def test_a_citation_without_publisher_keeps_the_year() -> None:
    assert citation("Delta 8.7 justice policy guide", [], 2021) == (
        "Delta 8.7 justice policy guide - 2021"
    )


def test_a_citation_without_year_keeps_the_publisher() -> None:
    assert citation("Guide", ["Verité"], None) == "Guide - Verité"


def test_a_citation_without_publisher_or_year_is_just_the_title() -> None:
    assert citation("Factsheet for Business", [], None) == "Factsheet for Business"


def test_a_short_description_is_its_own_excerpt_without_ellipsis() -> None:
    assert excerpt("<p>A short note.</p>") == "A short note."


def test_a_long_excerpt_stops_at_a_word_within_250_characters() -> None:
    words = "forced labour in global supply chains " * 20
    text = excerpt(f"<p>{words}</p>")
    assert len(text) <= EXCERPT_LIMIT
    assert text.endswith("...")
    body = text.removesuffix("...")
    assert words.startswith(body)
    assert words[len(body)] == " ", "the cut falls between two words"


def test_an_excerpt_drops_markup_and_decodes_entities() -> None:
    assert excerpt("<p>Rights &amp; dignity</p><p>Second<br>line</p>") == (
        "Rights & dignity Second line"
    )


def test_one_enormous_word_is_cut_hard_rather_than_overflowing() -> None:
    text = excerpt("x" * 1000)
    assert len(text) == EXCERPT_LIMIT


def test_plain_text_collapses_whitespace() -> None:
    assert plain_text("<p>a\n\n  b</p>") == "a b"


def test_sizes_read_like_download_lines() -> None:
    assert human_size(512) == "512 bytes"
    assert human_size(2_500_000) == "2.4 MB"
    assert human_size(850 * 1024) == "850 KB"
    assert human_size(None) == ""


def _seed_cards(seed_dir: Path) -> list[tuple[str, str]]:
    """(full description paragraph, excerpt shown) pairs from the seed listing."""
    text = next(seed_dir.glob("*.txt")).read_text(encoding="utf-8")
    return [
        (match.group(1), match.group(1) + "...")
        for match in re.finditer(r"^(.+?)\.\.\.Read More", text, flags=re.M)
    ]


def test_excerpts_of_the_seed_descriptions_have_the_seed_shape(shared_dir: Path) -> None:
    cards = _seed_cards(shared_dir / "seed")
    assert len(cards) == 4
    for shown, _ in cards:
        # Each seed excerpt is itself a ~245-character opening; ours must keep its start,
        # stay within the limit, end with "...", and never split a word.
        long_text = shown + " and the rest of a much longer description of the report."
        ours = excerpt(long_text)
        assert len(ours) <= EXCERPT_LIMIT
        assert ours.endswith("...")
        assert long_text.startswith(ours.removesuffix("...").rstrip(" ,;:.-"))
        assert ours[:40] == shown[:40]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("<p>ok</p>", "ok"), ("<p>a<script>alert(1)</script>b</p>", "ab")],
)
def test_excerpts_never_contain_markup(raw: str, expected: str) -> None:
    assert excerpt(raw) == expected
