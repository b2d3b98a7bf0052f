"""What the reference-manager formats (BibTeX, RIS, CSL-JSON) share: their kinds of work
as the library's content types, dates from parts, language names, DOIs and keywords.

The kinds map to the seeded content types by name; a kind that says nothing about what a
work is for the library (BibTeX's `misc`, RIS's `GEN`) gives no type, and the curator
chooses one in review.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

import pycountry

from manumit.importers.records import Problem, Record, SourceTerm

PUBLICATIONS = "Publications"
NEWS = "News & Analysis"
GUIDANCE = "Guidance"
STANDARDS = "Standards & Codes of Conduct"
TOOLS = "Online Tools"
GRAPHICS = "Graphics & Infographics"

_KINDS: dict[str, tuple[str, ...]] = {
    PUBLICATIONS: (
        # BibTeX and biblatex
        "article", "book", "booklet", "inbook", "incollection", "inproceedings", "conference",
        "proceedings", "mastersthesis", "phdthesis", "techreport", "report", "thesis",
        "collection", "mvbook", "periodical",
        # RIS
        "jour", "book", "chap", "rprt", "thes", "conf", "cpaper", "govdoc", "ejour", "ebook",
        "echap", "edbook", "ser", "pamp", "inpr", "abst", "cases", "stat", "bill", "hear",
        # CSL
        "article-journal", "chapter", "paper-conference", "manuscript", "legislation",
        "legal_case", "bill", "hearing", "treaty", "regulation",
    ),
    NEWS: (
        "online", "electronic", "news", "mgzn", "blog", "elec", "article-newspaper",
        "article-magazine", "post-weblog", "post", "webpage", "interview",
    ),
    GUIDANCE: ("manual",),
    STANDARDS: ("standard", "stand"),
    TOOLS: ("software", "comp", "dataset", "data", "dbase"),
    GRAPHICS: ("figure", "graphic", "map", "chart", "art"),
}  # fmt: skip
CONTENT_TYPES = {kind: name for name, kinds in _KINDS.items() for kind in kinds}
# CSL's "article" is the neutral "an article", which the library's exports write for its
# news and analysis; in BibTeX, @article is a journal article.
CSL_ONLY = {"article": NEWS}

DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
YEAR = re.compile(r"^\d{4}$")


def content_types(kind: str, *, csl: bool = False) -> list[str]:
    """The content type a kind of work is in the library, as a list (empty: none)."""
    key = kind.strip().lower()
    name = (CSL_ONLY.get(key) if csl else None) or CONTENT_TYPES.get(key)
    return [name] if name else []


def date_from_parts(
    year: object, month: object = None, day: object = None
) -> tuple[datetime.date | None, str, str]:
    """(date, precision, problem): `2018` alone is a year, with a month a month, and so
    on. A part that is not a number is reported, and the date stops at the parts before."""
    parts: list[int] = []
    for part in (year, month, day):
        text = str(part).strip() if part not in (None, "") else ""
        if not text:
            break
        if not text.isdigit():
            return _date(parts), _precision(parts), f"Not a date part: {text!r}"
        parts.append(int(text))
    try:
        return _date(parts), _precision(parts), ""
    except ValueError:
        return None, "day", f"Not a date: {'-'.join(map(str, parts))}"


def _date(parts: list[int]) -> datetime.date | None:
    if not parts:
        return None
    year, month, day = [*parts, 1, 1][:3]
    return datetime.date(year, month, day)


def _precision(parts: list[int]) -> str:
    return {1: "year", 2: "month"}.get(len(parts), "day")


def language_code(text: str) -> str:
    """`en` for "english", "English", "eng", "en" or "en-GB"; "" when it is no language."""
    value = text.strip()
    if not value:
        return ""
    code = value.split("-")[0].split("_")[0].lower()
    found = None
    if len(code) == 2:
        found = pycountry.languages.get(alpha_2=code)
    elif len(code) == 3:
        found = pycountry.languages.get(alpha_3=code)
    if found is None:
        try:
            found = pycountry.languages.lookup(value)
        except LookupError:
            return ""
    return str(getattr(found, "alpha_2", ""))


def clean_doi(text: str) -> str:
    """`10.1039/TF9383400029` for that DOI written plain, as `doi:` or as an address."""
    return DOI_PREFIX.sub("", text.strip())


def keywords(words: Iterable[str]) -> list[SourceTerm]:
    """Keywords as terms whose vocabulary the mapping decides (a topic, a country...)."""
    seen: list[str] = []
    for word in words:
        word = " ".join(word.split())
        if word and word not in seen:
            seen.append(word)
    return [SourceTerm("keyword", word) for word in seen]


def split_keywords(text: str) -> list[str]:
    """BibTeX's `keywords` field: commas or semicolons between them."""
    return [word for word in re.split(r"[,;]", text) if word.strip()]


class OwnIds:
    """The format's own ids seen so far in a file. A second record with the same id (two
    RIS references both `ID  - 12345`) is a record of its own, not the first one again: it
    is known as `12345#2`, so that importing the file again finds each of them."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def checked(self, item: Record | Problem) -> Record | Problem:
        if isinstance(item, Record) and item.own_id:
            times = self.seen.get(item.own_id, 0) + 1
            self.seen[item.own_id] = times
            if times > 1:
                item.warnings.append(
                    f"Its id {item.own_id!r} is already used earlier in this file; "
                    f"it is imported as a record of its own, {item.own_id}#{times}."
                )
                item.own_id = f"{item.own_id}#{times}"
        return item
