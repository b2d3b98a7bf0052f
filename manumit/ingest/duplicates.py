"""Near-duplicates: another resource with a similar title or largely the same text.

A warning with links for the curator, never a refusal (exact duplicates, by sha256, are
refused earlier, in preflight). Nothing is stored for this: each check compares against
a bounded set of candidates, so its cost does not grow with the size of the library.

- Titles are compared after folding case, accents and punctuation ("Côte d'Ivoire" ==
  "cote d ivoire"), among the resources whose titles share one of the new title's longest
  words (a database filter), by difflib's ratio.
- Texts are compared as sets of passages (every run of eight words) over their first
  COMPARED_WORDS words, against the documents of the title candidates, those of about the
  same length and those extracted last.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from manumit.catalog.models import Resource
from manumit.ingest.models import DocumentText, Page

TITLE_THRESHOLD = 0.85
TEXT_THRESHOLD = 0.8  # share of passages the two texts have in common
SHINGLE_WORDS = 8
COMPARED_WORDS = 20_000
COMPARED_PAGES = 50
MIN_SHINGLES = 20  # shorter texts say too little to be called the same
MAX_TITLE_CANDIDATES = 2000
TEXT_CANDIDATES_BY_TITLE = 10
TEXT_CANDIDATES_BY_LENGTH = 15
TEXT_CANDIDATES_RECENT = 15
LENGTH_TOLERANCE = 0.1
MAX_RESULTS = 5
FILTER_WORDS = 3
WORD = re.compile(r"\w+")
# Words too common in titles of this field to pick candidates by.
STOPWORDS = frozenset(
    WORD.findall(
        "the and for from with into that this their report reports annual about under over "
        "les des une pour dans sur par del los las para"
    )
)


@dataclass
class NearDuplicate:
    resource: Resource
    reason: str  # e.g. "Similar title: 'X' (92%)"


def fold(text: str) -> str:
    """Lower case, no accents, words separated by single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(WORD.findall(bare.replace("_", " ")))


def find_near_duplicates(
    title: str, text: str, *, exclude_resource_id: int | None = None
) -> list[NearDuplicate]:
    """Other resources whose title is similar or whose text is largely the same, best first."""
    scores: dict[int, list[tuple[float, str]]] = {}
    title_scores = _similar_titles(title, exclude_resource_id)
    for resource_id, (ratio, other_title) in title_scores.items():
        if ratio >= TITLE_THRESHOLD:
            reason = f"Similar title: '{other_title}' ({round(ratio * 100)}%)"
            scores.setdefault(resource_id, []).append((ratio, reason))
    by_title = sorted(title_scores, key=lambda rid: -title_scores[rid][0])
    for resource_id, shared in _shared_text(text, by_title, exclude_resource_id).items():
        reason = f"Largely identical text ({round(shared * 100)}% of passages shared)"
        scores.setdefault(resource_id, []).append((shared, reason))
    ranked = sorted(scores.items(), key=lambda item: -max(score for score, _ in item[1]))
    resources = Resource.objects.in_bulk([rid for rid, _ in ranked[:MAX_RESULTS]])
    return [
        NearDuplicate(resources[rid], "; ".join(reason for _, reason in found))
        for rid, found in ranked[:MAX_RESULTS]
        if rid in resources
    ]


# --- titles ---


def _filter_words(title: str) -> list[str]:
    """The longest words of a title, as typed and folded (the database compares both)."""
    words = {w for w in WORD.findall(title.casefold()) + fold(title).split() if len(w) >= 4}
    words -= STOPWORDS
    return sorted(words, key=lambda w: (-len(w), w))[: FILTER_WORDS * 2]


def _similar_titles(title: str, exclude: int | None) -> dict[int, tuple[float, str]]:
    """Every candidate's ratio to `title` (0..1) and its title, for ratios of 0.5 and more."""
    folded = fold(title)
    words = _filter_words(title)
    if len(folded) < 4 or not words:
        return {}
    query = Q()
    for word in words:
        query |= Q(title__icontains=word)
    resources = Resource.objects.filter(query)
    if exclude is not None:
        resources = resources.exclude(pk=exclude)
    candidates = resources.values_list("pk", "title")
    matcher = difflib.SequenceMatcher(a=folded, autojunk=False)
    found: dict[int, tuple[float, str]] = {}
    for pk, other in candidates[:MAX_TITLE_CANDIDATES]:
        matcher.set_seq2(fold(other))
        if matcher.real_quick_ratio() >= 0.5 and matcher.quick_ratio() >= 0.5:
            ratio = matcher.ratio()
            if ratio >= 0.5:
                found[pk] = (ratio, other)
    return found


# --- texts ---


def shingles(text: str) -> set[int]:
    """Hashes of every run of SHINGLE_WORDS words in the first COMPARED_WORDS words.

    Python's hash() is enough: the sets are compared within one process, never stored."""
    words = fold(text[: COMPARED_WORDS * 12]).split()[:COMPARED_WORDS]
    return {
        hash(tuple(words[i : i + SHINGLE_WORDS])) for i in range(len(words) - SHINGLE_WORDS + 1)
    }


def shared_share(mine: set[int], theirs: set[int]) -> float:
    """The share of the shorter text's passages that the other text holds too."""
    if min(len(mine), len(theirs)) < MIN_SHINGLES:
        return 0.0
    return len(mine & theirs) / min(len(mine), len(theirs))


def _shared_text(text: str, by_title: list[int], exclude: int | None) -> dict[int, float]:
    mine = shingles(text)
    if len(mine) < MIN_SHINGLES:
        return {}
    found: dict[int, float] = {}
    for resource_id, pages in _candidate_texts(len(text), by_title, exclude):
        share = shared_share(mine, shingles("\n".join(pages)))
        if share >= TEXT_THRESHOLD:
            found[resource_id] = max(share, found.get(resource_id, 0.0))
    return found


def _candidate_documents(length: int, by_title: list[int], exclude: int | None) -> list[int]:
    documents = DocumentText.objects.filter(char_count__gt=0)
    if exclude is not None:
        documents = documents.exclude(attachment__resource_id=exclude)
    chosen = list(
        documents.filter(
            attachment__resource_id__in=by_title[:TEXT_CANDIDATES_BY_TITLE]
        ).values_list("pk", flat=True)
    )
    low, high = length * (1 - LENGTH_TOLERANCE), length * (1 + LENGTH_TOLERANCE)
    similar_length = documents.filter(char_count__range=(low, high)).order_by("-extracted_at")
    chosen += similar_length.values_list("pk", flat=True)[:TEXT_CANDIDATES_BY_LENGTH]
    recent = documents.order_by("-extracted_at", "-pk")
    chosen += recent.values_list("pk", flat=True)[:TEXT_CANDIDATES_RECENT]
    return list(dict.fromkeys(chosen))


def _candidate_texts(
    length: int, by_title: list[int], exclude: int | None
) -> Iterable[tuple[int, list[str]]]:
    """(resource id, first pages) for each candidate document, one query for all pages."""
    documents = _candidate_documents(length, by_title, exclude)
    owners = dict(
        DocumentText.objects.filter(pk__in=documents).values_list("pk", "attachment__resource_id")
    )
    pages: dict[int, list[str]] = {pk: [] for pk in documents}
    rows = (
        Page.objects.filter(document__in=documents, number__lte=COMPARED_PAGES)
        .order_by("document", "number")
        .values_list("document", "text")
    )
    for document, page_text in rows:
        pages[document].append(page_text)
    return [(owners[pk], texts) for pk, texts in pages.items() if pk in owners]
