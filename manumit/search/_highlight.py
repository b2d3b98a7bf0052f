"""Cut an excerpt around the densest run of matches and mark them, html-escaped.

Backends tokenise (so stemming and folding agree with the index); this module only picks
the window and writes the HTML, so every backend highlights the same way.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

EXCERPT_CHARS = 240


@dataclass(frozen=True)
class Token:
    key: str  # the token as the index holds it (stemmed, folded)
    start: int  # character offsets into the text
    end: int


def fold(text: str) -> str:
    """Lower case without accents: `Côte` -> `cote`."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def matching_spans(
    text: str, tokens: Iterable[Token], keys: set[str], prefixes: tuple[str, ...]
) -> list[tuple[int, int]]:
    spans = []
    for token in tokens:
        if token.key in keys or (
            prefixes and fold(text[token.start : token.end]).startswith(prefixes)
        ):
            spans.append((token.start, token.end))
    return spans


def excerpt(text: str, spans: list[tuple[int, int]], width: int = EXCERPT_CHARS) -> str | None:
    """HTML: the `width`-character window of `text` holding the most spans, marked."""
    if not spans:
        return None
    start, end = _best_window(spans, width, len(text))
    start, end = _widen_to_words(text, start, end)
    pieces = ["\u2026"] if start > 0 else []
    cursor = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        pieces.append(escape(text[cursor:span_start]))
        pieces.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    pieces.append(escape(text[cursor:end]))
    if end < len(text):
        pieces.append("\u2026")
    return " ".join("".join(pieces).split())


def _best_window(spans: list[tuple[int, int]], width: int, length: int) -> tuple[int, int]:
    best_first, best_count, last = 0, 0, 0
    for first, (span_start, _) in enumerate(spans):
        last = max(last, first)
        while last + 1 < len(spans) and spans[last + 1][1] - span_start <= width:
            last += 1
        if last - first + 1 > best_count:
            best_first, best_count = first, last - first + 1
    anchor = spans[best_first][0]
    covered_end = spans[best_first + best_count - 1][1]
    slack = max(0, width - (covered_end - anchor))
    start = max(0, anchor - min(slack // 2, 80))
    return start, min(length, max(covered_end, start + width))


def _widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Do not cut a word in half at either edge."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end
