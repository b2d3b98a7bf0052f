"""Find the countries a text mentions: ISO names, everyday names, abbreviations and demonyms.

The names come from three places: the catalogue's M49 table (ISO names and everyday names),
pycountry (official names) and `manumit/ingest/data/country_variants.json` (variants,
demonyms, and the phrases that contain a country's name but mean something else).

All names compile into one regular expression shaped like a trie, so a 350-page book is
scanned in one pass. Matching is case-sensitive (country names are capitalised; "turkey"
and "chad" are not countries) and the longest name wins at each place, so "Papua New
Guinea" is never read as "Guinea" and "Indian Ocean" never as India.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pycountry

INGEST_DATA = Path(__file__).resolve().parent.parent / "data"
CATALOG_DATA = Path(__file__).resolve().parents[2] / "catalog" / "data"

# Curly apostrophes and odd spaces are folded so "Côte d\u2019Ivoire" and "United\nStates" match.
_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u00a0": " ", "\u00ad": ""})
_SPACES = re.compile(r"\s+")
_CAPITALISED_BEFORE = re.compile(r"([A-Z][a-z]+),? $")
_CAPITALISED_AFTER = re.compile(r" [A-Z][a-z]")
_CAPS_WORD_BEFORE = re.compile(r"[A-Z]{2,} $")
_CAPS_WORD_AFTER = re.compile(r" [A-Z]{2,}\b")
# "University of Nottingham, UK": an author's affiliation says where they work, not what
# the document is about.
_AFFILIATION_BEFORE = re.compile(
    r"\b(?:University|Universit[a-zé]+|Institute|College|School of [A-Z]\w+)\b[^.;:]{0,60}, $"
)


def normalise(text: str) -> str:
    """One space between words and straight apostrophes, so names split by lines match."""
    return _SPACES.sub(" ", text.translate(_FOLD))


@dataclass
class CountryCounts:
    """How often each country was named, and by which words ("Burma" 3, "Myanmar" 9)."""

    forms: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, code: str, form: str) -> None:
        self.forms.setdefault(code, Counter())[form] += 1

    def total(self, code: str) -> int:
        return sum(self.forms.get(code, Counter()).values())

    def ranked(self) -> list[tuple[str, int]]:
        """(code, mentions), most mentioned first; ties by code so results are stable."""
        totals = [(code, self.total(code)) for code in self.forms]
        return sorted(totals, key=lambda item: (-item[1], item[0]))


class Gazetteer:
    """Names mapped to ISO alpha-2 codes; a name mapped to None is recognised but not counted."""

    def __init__(
        self,
        names: dict[str, str | None],
        guarded: Iterable[str] = (),
        sentence_words: Iterable[str] = (),
    ) -> None:
        self.names = names
        self.guarded = frozenset(guarded)
        self.sentence_words = frozenset(sentence_words)
        self.pattern = re.compile(r"(?<!\w)" + trie_pattern(names) + r"(?![\w])")

    def count(self, text: str) -> CountryCounts:
        text = normalise(text)
        counts = CountryCounts()
        previous_end = -1
        for match in self.pattern.finditer(text):
            form = match.group()
            code = self.names.get(form)
            if code is not None and self._counts_here(text, match, previous_end):
                counts.add(code, form)
            previous_end = match.end()
        return counts

    def _counts_here(self, text: str, match: re.Match[str], previous_end: int) -> bool:
        form, start, end = match.group(), match.start(), match.end()
        if _AFFILIATION_BEFORE.search(text, max(0, start - 90), start):
            return False
        if form in self.guarded:
            return not self._beside_a_name(text, start, end, previous_end)
        if len(form) <= 4 and form.isupper():
            # "CONTACT US", "JOIN US": an acronym inside a line of capitals is a word.
            return not (
                _CAPS_WORD_BEFORE.search(text, max(0, start - 20), start)
                or _CAPS_WORD_AFTER.match(text, end)
            )
        return True

    def _beside_a_name(self, text: str, start: int, end: int, previous_end: int) -> bool:
        """'Michael Jordan', 'Chad Smith', 'Atlanta, Georgia' but not 'Armenia, Georgia'."""
        if _CAPITALISED_AFTER.match(text, end):
            return True
        before = _CAPITALISED_BEFORE.search(text, max(0, start - 40), start)
        if before is None or before.group(1) in self.sentence_words:
            return False
        after_another_country = previous_end == before.end(1)
        return not after_another_country


Trie = dict[str, "Trie"]


def trie_pattern(words: Iterable[str]) -> str:
    """A regular expression matching any of `words`, longest first, with shared prefixes
    factored out so the engine tries one branch per character instead of every word."""
    trie: Trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return "(?:" + _node_pattern(trie) + ")"


def _node_pattern(node: Trie) -> str:
    branches = [
        re.escape(char) + _node_pattern(child) for char, child in sorted(node.items()) if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # Greedy: a longer name is tried before the name ending here ("Guinea-Bissau" > "Guinea").
    return f"(?:{body})?" if "" in node else body


@cache
def default_gazetteer() -> Gazetteer:
    data = json.loads((INGEST_DATA / "country_variants.json").read_text(encoding="utf-8"))
    names = iso_names()
    for code, variants in data["variants"].items():
        for variant in variants:
            names[variant] = code
    for name in data["ambiguous"]["names"] + data["not_countries"]["names"]:
        names[name] = None
    guarded = data["person_or_state_names"]["names"]
    for name, code in list(names.items()):
        for spelling in _spellings(name) if name not in guarded else []:
            names.setdefault(spelling, code)
    return Gazetteer(
        names,
        guarded=guarded,
        sentence_words=data["sentence_words"]["names"],
    )


def iso_names() -> dict[str, str | None]:
    """ISO and M49 names of every country; a name two countries share maps to None."""
    found: dict[str, set[str]] = {}

    def add(name: str | None, code: str) -> None:
        for candidate in _name_forms(name or ""):
            found.setdefault(candidate, set()).add(code)

    with (CATALOG_DATA / "countries.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            add(row["name"], row["iso2"])
            add(row["common_name"], row["iso2"])
    for country in pycountry.countries:
        add(getattr(country, "official_name", None), country.alpha_2)
        add(getattr(country, "common_name", None), country.alpha_2)
    return {name: (codes.pop() if len(codes) == 1 else None) for name, codes in found.items()}


def _name_forms(name: str) -> list[str]:
    """'Korea, Republic of' gives 'Republic of Korea' and 'Korea'; '(French part)' is dropped."""
    name = re.sub(r"\s*\(.*?\)", "", name).strip()
    if not name or not name[0].isupper():
        return []
    if ", " in name:
        head, tail = name.split(", ", 1)
        return [name, f"{tail} {head}", head]
    return [name]


def _spellings(name: str) -> list[str]:
    """Other ways the same name is written: without accents, 'St' for 'Saint', '&' for 'and',
    and in capitals for headings ('THAILAND')."""
    out = []
    plain = "".join(
        char for char in unicodedata.normalize("NFKD", name) if not unicodedata.combining(char)
    )
    out.append(plain)
    for form in (name, plain):
        if form.startswith("Saint "):
            out += ["St " + form[6:], "St. " + form[6:]]
        if " and " in form:
            out.append(form.replace(" and ", " & "))
    if len(name) >= 5 and not name.isupper():
        out.append(name.upper())
    return [spelling for spelling in out if spelling != name]
