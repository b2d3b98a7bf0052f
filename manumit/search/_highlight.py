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
    """What the index makes of each word met: its stemmed keys and its folded form.

    Remembered per word, with the words each key stands for: a page has some 300 words,
    nearly all met before, so finding the matching ones is a few set operations and one
    regular expression instead of asking the analyser about every word.
    """

    def __init__(self, stemmed: Analyze, plain: Analyze, size: int = 200_000) -> None:
        self.stemmed, self.plain, self.size = stemmed, plain, size
        self.folded: dict[str, str] = {}
        self.words_of_key: dict[str, set[str]] = {}
        self._patterns: dict[frozenset[str], re.Pattern[str]] = {}
        self._lock = threading.Lock()

    def learn(self, words: set[str]) -> None:
        with self._lock:
            if len(self.folded) + len(words) > self.size:
                self.folded, self.words_of_key = {}, {}
            for word in words:
                self.folded[word] = "".join(self.plain(word))
                for key in self.stemmed(word):
                    self.words_of_key.setdefault(key, set()).add(word)

    def pattern(self, words: frozenset[str]) -> re.Pattern[str]:
        """Any of `words`, as whole words."""
        found = self._patterns.get(words)
        if found is None:
            alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
            found = re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])")
            with self._lock:
                if len(self._patterns) > 1000:
                    self._patterns.clear()
                self._patterns[words] = found
        return found


def matching_spans(
    text: str, words: WordKeys, keys: set[str], prefixes: tuple[str, ...]
) -> list[tuple[int, int]]:
    """Where in `text` the words are whose keys are in `keys`, or whose folded form
    starts with one of `prefixes`."""
    present = set(WORD.findall(text))
    folded = words.folded
    new = {word for word in present if word not in folded}
    if new:
        words.learn(new)
        folded = words.folded
    wanted: set[str] = set()
    for key in keys:
        wanted |= words.words_of_key.get(key, set())
    hits = present & wanted
    if prefixes:
        hits |= {word for word in present if folded.get(word, "").startswith(prefixes)}
    if not hits:
        return []
    return [match.span() for match in words.pattern(frozenset(hits)).finditer(text)]


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
