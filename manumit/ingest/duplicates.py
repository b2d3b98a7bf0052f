"""Near-duplicates: another resource with a similar title or largely the same text.

A warning with links for the curator, never a refusal (exact duplicates, by sha256, are
refused earlier, in preflight). The warnings found at ingestion are stored with the text
(`NearDuplicateWarning`), so the resource page shows them without searching again.

- Titles are compared after folding case, accents and punctuation ("Côte d'Ivoire" ==
  "cote d ivoire"), among the resources whose titles share one of the new title's longest
  words (a database filter), by difflib's ratio.
- Texts are compared by their stored fingerprints (`manumit.ingest.fingerprint`), against
  every document with about as many passages (a database filter): one query, no pages
  read, however old the other document is.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Q

from manumit.catalog.models import Attachment, Resource
from manumit.ingest.fingerprint import WORD, Fingerprint, fold
from manumit.ingest.models import DocumentText

__all__ = ["NearDuplicate", "find_near_duplicates", "fold"]

TITLE_THRESHOLD = 0.85
TEXT_THRESHOLD = 0.8  # share of passages the two texts have in common
MAX_TITLE_CANDIDATES = 2000
LENGTH_TOLERANCE = 0.2  # texts compared have this many passages more or fewer, at most
MAX_RESULTS = 5
FILTER_WORDS = 3
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


def find_near_duplicates(
    title: str,
    text: str,
    *,
    exclude_resource_id: int | None = None,
    fingerprint: Fingerprint | None = None,
) -> list[NearDuplicate]:
    """Other resources whose title is similar or whose text is largely the same, best first.

    `fingerprint`, when the caller has it already, saves making it again from `text`."""
    scores: dict[int, list[tuple[float, str]]] = {}
    for resource_id, (ratio, other_title) in _similar_titles(title, exclude_resource_id).items():
        if ratio >= TITLE_THRESHOLD:
            reason = f"Similar title: '{other_title}' ({round(ratio * 100)}%)"
            scores.setdefault(resource_id, []).append((ratio, reason))
    mine = fingerprint if fingerprint is not None else Fingerprint.of(text)
    for resource_id, shared in _shared_text(mine, exclude_resource_id).items():
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


@lru_cache(maxsize=8192)
def folded_title(title: str) -> str:
    """Titles come back for every new file of a bulk run: each is folded once."""
    return fold(title)


def _similar_titles(
    title: str, exclude: int | None, floor: float = TITLE_THRESHOLD
) -> dict[int, tuple[float, str]]:
    """Every candidate's ratio to `title` (0..1) and its title, for ratios of `floor` and
    more (below the threshold nothing is reported, so nothing is computed)."""
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
    # The quick ratios are upper bounds of `ratio`, and symmetric: taken with the new title
    # as the second sequence, its index is built once, not once per candidate (a bulk
    # import checks every record against up to MAX_TITLE_CANDIDATES titles).
    bound = difflib.SequenceMatcher(b=folded, autojunk=False)
    found: dict[int, tuple[float, str]] = {}
    for pk, other in candidates[:MAX_TITLE_CANDIDATES]:
        theirs = folded_title(other)
        bound.set_seq1(theirs)
        if bound.real_quick_ratio() >= floor and bound.quick_ratio() >= floor:
            matcher.set_seq2(theirs)
            ratio = matcher.ratio()
            if ratio >= floor:
                found[pk] = (ratio, other)
    return found


# --- texts ---


def _shared_text(mine: Fingerprint, exclude: int | None) -> dict[int, float]:
    """Each resource holding a text of comparable length that shares most passages.

    The scan reads one table, joined to nothing, so that its plan stays a plain scan however
    the database estimates it; the few matches are then traced to their resources."""
    if not mine.meaningful:
        return {}
    low = math.ceil(mine.passages * (1 - LENGTH_TOLERANCE))
    high = math.floor(mine.passages * (1 + LENGTH_TOLERANCE))
    documents = DocumentText.objects.filter(passage_count__range=(low, high))
    if exclude is not None:
        own = Attachment.objects.filter(resource_id=exclude).values("pk")
        documents = documents.exclude(attachment_id__in=own)
    rows = documents.values_list("attachment_id", "passage_count", "fingerprint")
    shares: dict[int, float] = {}
    for attachment_id, passages, stored in rows.iterator(chunk_size=2000):
        share = mine.shared_share(Fingerprint.from_bytes(stored, passages or 0))
        if share >= TEXT_THRESHOLD:
            shares[attachment_id] = share
    if not shares:
        return {}
    found: dict[int, float] = {}
    owners = Attachment.objects.filter(pk__in=shares).values_list("pk", "resource_id")
    for attachment_id, resource_id in owners:
        found[resource_id] = max(shares[attachment_id], found.get(resource_id, 0.0))
    return found
