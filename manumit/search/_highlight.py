"""Cut an excerpt around the densest run of matches and mark them, html-escaped.

Backends analyse words (so stemming and folding agree with the index); this module finds
the words, picks the window and writes the HTML, so every backend highlights the same way.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from html import escape

EXCERPT_CHARS = 240
# A word as the index's tokenizer cuts it: a run of letters and digits.
WORD = re.compile(r"[^\W_]+")

Analyze = Callable[[str], list[str]]


class WordKeys:
    """What the index makes of each word: its stemmed keys and its folded form.

    Remembered per word: a page has some 300 words, nearly all of them met before, and
    looking one up costs far less than asking the analyser again.
    """

    def __init__(self, stemmed: Analyze, plain: Analyze, size: int = 200_000) -> None:
        self.stemmed, self.plain, self.size = stemmed, plain, size
        self.known: dict[str, tuple[frozenset[str], str]] = {}
        self._lock = threading.Lock()

    def learn(self, word: str) -> tuple[frozenset[str], str]:
        entry = (frozenset(self.stemmed(word)), "".join(self.plain(word)))
        with self._lock:
            if len(self.known) >= self.size:
                self.known.clear()
            self.known[word] = entry
        return entry


def matching_spans(
    text: str, words: WordKeys, keys: set[str], prefixes: tuple[str, ...]
) -> list[tuple[int, int]]:
    """Where in `text` the words are whose keys are in `keys`, or whose folded form
    starts with one of `prefixes`."""
    spans = []
    known = words.known
    for match in WORD.finditer(text):
        word = match.group()
        stems, folded = known.get(word) or words.learn(word)
        if (keys and not keys.isdisjoint(stems)) or (prefixes and folded.startswith(prefixes)):
            spans.append(match.span())
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
