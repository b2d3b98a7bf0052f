"""`Did you mean`: the most frequent indexed word within a small edit distance."""

from __future__ import annotations


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance with adjacent swaps counted once; gives up past `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                value = min(value, previous2[j - 2] + 1)
            current.append(value)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def allowed_edits(word: str) -> int:
    return 1 if len(word) <= 5 else 2


def closest(word: str, candidates: list[tuple[str, int]]) -> str | None:
    """The candidate (term, document count) nearest to `word`, the commonest on ties."""
    limit = allowed_edits(word)
    best: tuple[int, int, str] | None = None
    for term, count in candidates:
        if term == word:
            continue
        distance = edit_distance(word, term, limit)
        if distance <= limit and (best is None or (distance, -count) < best[:2]):
            best = (distance, -count, term)
    return best[2] if best else None
