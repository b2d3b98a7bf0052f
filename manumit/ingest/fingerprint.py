"""A compact fingerprint of a document's text, stored with it, to find largely identical
texts without reading any other document's pages.

A text is seen as the set of its passages: every run of PASSAGE_WORDS words among its first
COMPARED_WORDS words, after folding case, accents and punctuation. Each passage is hashed
(64-bit BLAKE2b, the same in every process and on every machine) and the fingerprint keeps
the SIZE smallest hashes, with the number of distinct passages: a bottom-k MinHash sketch
(Broder, 1997). Two fingerprints estimate the Jaccard similarity of their passage sets (of
the SIZE smallest hashes of both together, the share found in both), and with the two
counts, the share of the shorter text's passages that the other holds too.

The sketch has SIZE (128) hashes at most: 1 KB per document, compared in microseconds.
"""

from __future__ import annotations

import hashlib
import heapq
import re
import struct
import unicodedata
from dataclasses import dataclass
from functools import cached_property

PASSAGE_WORDS = 8
COMPARED_WORDS = 20_000
SIZE = 128
MIN_PASSAGES = 20  # shorter texts say too little to be called the same
WORD = re.compile(r"\w+")
# Enough characters for COMPARED_WORDS words of any language (folding is the costly part).
CHARS_PER_WORD = 12


def fold(text: str) -> str:
    """Lower case, no accents, words separated by single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(WORD.findall(bare.replace("_", " ")))


def passage_hash(passage: str) -> int:
    return int.from_bytes(hashlib.blake2b(passage.encode(), digest_size=8).digest(), "big")


@dataclass(frozen=True)
class Fingerprint:
    """The SIZE smallest passage hashes (sorted) and how many distinct passages there are."""

    hashes: tuple[int, ...]
    passages: int

    @classmethod
    def of(cls, text: str) -> Fingerprint:
        words = fold(text[: COMPARED_WORDS * CHARS_PER_WORD]).split()[:COMPARED_WORDS]
        hashes = {
            passage_hash(" ".join(words[i : i + PASSAGE_WORDS]))
            for i in range(len(words) - PASSAGE_WORDS + 1)
        }
        return cls(tuple(heapq.nsmallest(SIZE, hashes)), len(hashes))

    def to_bytes(self) -> bytes:
        return struct.pack(f">{len(self.hashes)}Q", *self.hashes)

    @classmethod
    def from_bytes(cls, data: bytes | memoryview, passages: int) -> Fingerprint:
        """A stored fingerprint (PostgreSQL hands back a memoryview, SQLite bytes)."""
        raw = bytes(data)
        return cls(struct.unpack(f">{len(raw) // 8}Q", raw), passages)

    @property
    def meaningful(self) -> bool:
        return self.passages >= MIN_PASSAGES

    @cached_property
    def hash_set(self) -> frozenset[int]:
        return frozenset(self.hashes)

    def shared_share(self, other: Fingerprint) -> float:
        """The estimated share of the shorter text's passages that the other holds too."""
        if not (self.meaningful and other.meaningful):
            return 0.0
        mine = self.hash_set
        if mine.isdisjoint(other.hashes):  # most pairs: nothing in common, nothing to count
            return 0.0
        theirs = other.hash_set
        smallest = heapq.nsmallest(SIZE, mine | theirs)
        both = mine & theirs
        jaccard = sum(h in both for h in smallest) / len(smallest)
        # |A ∩ B| = J (|A| + |B|) / (1 + J)
        shared = jaccard * (self.passages + other.passages) / (1 + jaccard)
        return min(1.0, shared / min(self.passages, other.passages))
