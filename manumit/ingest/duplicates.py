"""Near-duplicates: another resource with a similar title or largely the same text.

A warning with links for the curator, never a refusal (exact duplicates, by sha256, are
refused earlier, in preflight). The warnings found at ingestion are stored with the text
(`NearDuplicateWarning`), so the resource page shows them without searching again.

- Titles are compared after folding case, accents and punctuation ("Côte d'Ivoire" ==
  "cote d ivoire"), by difflib's ratio, which rapidfuzz bounds first: among the resources
  whose titles share the first letters of one of the new title's words (a database
  filter), or among every title of the library (a `TitleIndex` in memory, for an import).
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
from rapidfuzz import fuzz, process

from manumit.catalog.models import Attachment, Resource
from manumit.ingest.fingerprint import WORD, Fingerprint, fold
from manumit.ingest.models import DocumentText

__all__ = ["NearDuplicate", "TitleIndex", "find_near_duplicates", "fold"]

TITLE_THRESHOLD = 0.85
TEXT_THRESHOLD = 0.8  # share of passages the two texts have in common
MAX_TITLE_CANDIDATES = 20000  # read from the database, when no TitleIndex is kept
KEY_LENGTH = 4
LENGTH_TOLERANCE = 0.2  # texts compared have this many passages more or fewer, at most
MAX_RESULTS = 5
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
    titles: TitleIndex | None = None,
) -> list[NearDuplicate]:
    """Other resources whose title is similar or whose text is largely the same, best first.

    `fingerprint`, when the caller has it already, saves making it again from `text`;
    `titles`, kept by a run that checks many titles, saves reading them for each."""
    scores: dict[int, list[tuple[float, str]]] = {}
    similar = _similar_titles(title, exclude_resource_id, titles=titles)
    for resource_id, (ratio, other_title) in similar.items():
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


def title_keys(title: str) -> set[str]:
    """What a title is filed under: the first KEY_LENGTH letters of each word of four letters
    or more, as typed and folded, less the field's commonest words. A word's first letters
    survive most spelling variants ("labour"/"labor", "organisation"/"organization")."""
    words = set(WORD.findall(title.casefold())) | set(fold(title).split())
    return {word[:KEY_LENGTH] for word in words if len(word) >= 4 and word not in STOPWORDS}


@lru_cache(maxsize=65536)
def folded_title(title: str) -> str:
    """Titles come back for every new file of a bulk run: each is folded once."""
    return fold(title)


class TitleIndex:
    """Every title of the library, folded, in memory: for a run that checks thousands of
    new titles (an import), where one database scan per title would make the run's time
    grow with the square of the library. Read on first use; the run files each title it
    writes with `add`, so later records meet the earlier ones.

    Each check compares the new title with every title held, in rapidfuzz's C++ loop (a
    few milliseconds for 20,000 titles): unlike the database's word filter it misses no
    title however its words are spelt. About 200 bytes a title."""

    def __init__(self) -> None:
        self._loaded = False
        self._pks: list[int] = []
        self._folded: list[str] = []
        self._typed: list[str] = []
        self._slot: dict[int, int] = {}  # pk -> its place in the lists

    def add(self, pk: int, title: str) -> None:
        """File a title just written. Before the first check there is nothing to do: the
        titles are read then, this one with them (a run of updates never reads them)."""
        if self._loaded:
            self._put(pk, title)

    def similar(self, title: str, exclude: int | None, floor: float) -> list[tuple[int, str, str]]:
        """(pk, folded, as typed) of every title whose rapidfuzz ratio reaches `floor`."""
        self._load()
        slots = _passing(fold(title), self._folded, floor)
        found = [(self._pks[slot], self._folded[slot], self._typed[slot]) for slot in slots]
        return [row for row in found if row[0] != exclude]

    def _put(self, pk: int, title: str) -> None:
        slot = self._slot.get(pk)
        if slot is None:
            self._slot[pk] = len(self._pks)
            self._pks.append(pk)
            self._folded.append(fold(title))
            self._typed.append(title)
        else:
            self._folded[slot], self._typed[slot] = fold(title), title

    def _load(self) -> None:
        if not self._loaded:
            self._loaded = True
            rows = Resource.objects.order_by().values_list("pk", "title").iterator(chunk_size=5000)
            for pk, title in rows:
                self._put(pk, title)


def _passing(folded: str, choices: list[str], floor: float) -> list[int]:
    """The places in `choices` of the titles whose rapidfuzz ratio to `folded` reaches
    `floor`. That ratio is twice the longest common subsequence over both lengths, and
    difflib's matching blocks are one common subsequence: so it bounds difflib's ratio from
    above, and its C++ loop leaves difflib only the few titles that can pass."""
    found = process.extract(
        folded,
        choices,
        scorer=fuzz.ratio,
        processor=None,
        score_cutoff=floor * 100 - 1e-9,
        limit=None,
    )
    return [slot for _, _, slot in found]


def _from_database(title: str, exclude: int | None, floor: float) -> list[tuple[int, str, str]]:
    """(pk, folded, as typed) of the titles containing one of `title`'s keys (at most
    MAX_TITLE_CANDIDATES) whose rapidfuzz ratio reaches `floor`."""
    query = Q()
    for key in title_keys(title):
        query |= Q(title__icontains=key)
    resources = Resource.objects.filter(query)
    if exclude is not None:
        resources = resources.exclude(pk=exclude)
    rows = list(resources.values_list("pk", "title")[:MAX_TITLE_CANDIDATES])
    folded = [folded_title(other) for _, other in rows]
    slots = _passing(fold(title), folded, floor)
    return [(rows[slot][0], folded[slot], rows[slot][1]) for slot in slots]


def _similar_titles(
    title: str,
    exclude: int | None,
    floor: float = TITLE_THRESHOLD,
    titles: TitleIndex | None = None,
) -> dict[int, tuple[float, str]]:
    """Every candidate's ratio to `title` (0..1) and its title, for ratios of `floor` and
    more (below the threshold nothing is reported, so nothing is computed)."""
    folded = fold(title)
    if len(folded) < 4 or not title_keys(title):
        return {}
    if titles is not None:
        passing = titles.similar(title, exclude, floor)
    else:
        passing = _from_database(title, exclude, floor)
    matcher = difflib.SequenceMatcher(a=folded, autojunk=False)
    found: dict[int, tuple[float, str]] = {}
    for pk, theirs, typed in passing:
        matcher.set_seq2(theirs)
        ratio = matcher.ratio()
        if ratio >= floor:
            found[pk] = (ratio, typed)
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
