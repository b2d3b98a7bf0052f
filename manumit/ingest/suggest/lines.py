"""Small judgements about single lines of a first page: is it a title, a name, an organisation?"""

from __future__ import annotations

import re

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
ORGANISATION_WORDS = re.compile(
    r"\b(?:Foundation|University|Universit[éy]|Institute|Institut|Organi[sz]ation|Office|"
    r"Ministry|Department|Bureau|Agency|Council|Commission|Committee|Association|Society|"
    r"Trust|Network|Alliance|Coalition|International|Centre|Center|Group|Programme|Program|"
    r"Project|Initiative|Partnership|Forum|Federation|Union|Campaign|Fund|Bank|School|College|"
    r"Government|Parliament|Secretariat|Service|Services|Police|Court|Nations|"
    r"plc|PLC|Ltd|Limited|Inc|LLC|LLP|GmbH|AG|S\.A\.|Company|Corporation|Co\.|Holdings|"
    r"ILO|UNODC|IOM|UNICEF|OSCE|OECD|UNHCR|FBI|NGO)\b"
)
_NOT_TITLE = re.compile(
    r"^(?:(?:table of )?contents|executive summary|summary|introduction|foreword|preface|"
    r"abstract|acknowledge?ments?|draft|confidential|for immediate release|page \d+|"
    r"(?:cover )?photo(?:graph)?s?\b.*:.*|image:.*|credits?:.*|"
    r"\d+|[ivxlc]+)\.?$",
    re.IGNORECASE,
)
_DATE_LINE = re.compile(
    rf"^(?:(?:\d{{1,2}}\s+)?(?:{MONTHS})\.?,?\s+(?:\d{{1,2}},?\s+)?\d{{4}}"
    rf"|\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{4}})$",
    re.IGNORECASE,
)
_LINK = re.compile(r"https?://|www\.|@|\.(?:qxd|indd|docx?|pdf|pptx?)\b", re.IGNORECASE)
# fmt: off
_SMALL_WORDS = frozenset([
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the",
    "to", "with", "vs", "via", "de", "du", "la", "le", "des", "et",
])
# fmt: on
_NAME_WORD = re.compile(
    r"^(?:[A-Z][a-z'\u2019]+(?:-[A-Z][a-z'\u2019]+)*|[A-Z]\.|Mc[A-Z][a-z]+|de|van|von|da|bin)$"
)
# Capitalised words of headings that are never part of a person's name.
# fmt: off
_NOT_NAME_WORDS = frozenset([
    "act", "report", "human", "trafficking", "slavery", "modern", "research", "data",
    "protection", "victims", "indicators", "index", "policy", "statement", "annual", "global",
    "national", "united", "states", "kingdom", "summary", "chapter", "part", "section", "table",
    "figure", "contents", "introduction", "material", "supplementary", "appendix",
])
# fmt: on
_TRAILING_NOTE = re.compile(r"(?<=[A-Za-z\)])\d{1,2}$")


def clean(line: str) -> str:
    """One line without doubled spaces or a footnote number glued to its end ('States1')."""
    return _TRAILING_NOTE.sub("", " ".join(line.split())).strip(" |•·-–—")


def is_boilerplate(line: str) -> bool:
    """Page numbers, dates, links, 'Contents' and other lines that are never a title."""
    return bool(
        not re.search(r"[A-Za-z]{2}", line)
        or _NOT_TITLE.match(line)
        or _DATE_LINE.match(line)
        or _LINK.search(line)
        or re.search(r"\bPage \d+\b|\|\s*\d+$", line)
    )


def looks_like_title(line: str) -> bool:
    """Short, not a sentence, and mostly capitalised words (or all capitals)."""
    if is_boilerplate(line) or len(line) > 150 or len(line) < 6:
        return False
    if line.endswith(".") and not line.endswith(("Inc.", "Ltd.", "Co.")):
        return False
    words = [
        word for word in re.findall(r"[^\W\d_][\w'’-]*", line) if word.lower() not in _SMALL_WORDS
    ]
    if not words or not words[0][0].isupper():
        return False
    capitalised = sum(1 for word in words if word[0].isupper())
    last = line.split()[-1].lower().strip(",;:")
    return capitalised / len(words) >= 0.6 and last not in _DANGLING


# A title does not stop on these: "... including our" is the start of a sentence.
_DANGLING = _SMALL_WORDS | {"our", "your", "their", "its", "including", "about", "this", "that"}


def looks_like_person(line: str) -> bool:
    """'Richard W. Frank', 'Rosa Lavelle-Hill': two to four capitalised name words."""
    words = line.split()
    if any(word.lower() in _NOT_NAME_WORDS for word in words):
        return False
    return (
        2 <= len(words) <= 4
        and len(line) <= 40
        and all(_NAME_WORD.match(word) for word in words)
        and not ORGANISATION_WORDS.search(line)
        and sum(1 for word in words if len(word) > 2) >= 2
    )


def looks_like_organisation(name: str) -> bool:
    return bool(ORGANISATION_WORDS.search(name)) or (name.isupper() and 2 <= len(name) <= 10)
