"""Title, authors, publisher and year, from a document's own metadata and its first pages.

The metadata is trusted only where it looks meant: "Microsoft Word - report.docx",
"untitled" or the file's own name are what a program wrote, not what an author chose.
"""

from __future__ import annotations

import datetime
import itertools
import re
from pathlib import Path

from manumit.ingest.models import SuggestionField
from manumit.ingest.suggest.lines import (
    MONTHS,
    clean,
    is_boilerplate,
    looks_like_organisation,
    looks_like_person,
    looks_like_title,
)
from manumit.ingest.suggest.proposal import Proposal

FIRST_PAGES = 3
HEAD_LINES = 30
EARLIEST_YEAR = 1900

_JUNK_TITLE = re.compile(
    r"^(?:microsoft (?:word|powerpoint|excel) - .*|untitled(?:-\d+)?|title|document\d*|"
    r"powerpoint presentation|presentation\d*|slide \d+|new document|layout \d+|"
    r"print|default|no title|\W*)$|\.(?:docx?|pdf|indd|qxd|pptx?|rtf|odt|txt)$",
    re.IGNORECASE,
)
_JUNK_AUTHOR = re.compile(
    r"^(?:admin(?:istrator)?|user|owner|author|unknown|default|guest|microsoft office user|"
    r"windows user|hp|dell|lenovo|pc|staff|test|\w+@\w+.*|[a-z0-9._-]+)$",
    re.IGNORECASE,
)
_STATEMENT = re.compile(
    r"\b(?:(?:modern )?slavery (?:and human trafficking )?(?:act )?statement|"
    r"transparency statement|anti-slavery statement)",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^(?:By|Authors?:|Written by|Prepared by|Student:|Researched and written by)\s*(.+)$"
)
_PUBLISHED_BY = re.compile(r"\b(?:Published by|Publisher:)\s+(?:the\s+)?(.+?)(?:[,.(;]|$)")
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|Copyright)\s*(?:©\s*)?(?:"
    r"(?P<year1>(?:19|20)\d\d)[,.]?[ \t]*(?P<after>[^\n]*)"
    r"|(?P<before>[^\n]*?)[ \t]*(?P<year2>(?:19|20)\d\d))",
    re.IGNORECASE,
)
_PUBLISHED_YEAR = re.compile(
    r"\b(?:Published|First published|Publication date:?|Released)\s+(?:in\s+|on\s+)?"
    rf"(?:\d{{1,2}}\s+)?(?:(?:{MONTHS})\.?\s+)?(?:\d{{1,2}},?\s+)?((?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(rf"\b(?:{MONTHS})\.?\s+(?:\d{{1,2}},?\s+)?((?:19|20)\d\d)\b")
_ANY_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


def propose_bibliographic(
    pages: list[str], metadata: dict[str, str], file_name: str = ""
) -> list[Proposal]:
    pages = [page.replace("\r\n", "\n").replace("\r", "\n") for page in pages]
    head = _head_lines(pages)
    title = propose_title(pages, metadata, file_name)
    found = [
        title,
        propose_authors(head, metadata),
        propose_publisher(pages, head, metadata, title),
        propose_year(pages, metadata, title),
    ]
    return [proposal for proposal in found if proposal is not None]


def _head_lines(pages: list[str]) -> list[str]:
    first = pages[0] if pages else ""
    lines = [clean(line) for line in first.splitlines()]
    return [line for line in lines if line][:HEAD_LINES]


# --- title ------------------------------------------------------------------------------


def is_junk_title(title: str, file_name: str = "") -> bool:
    title = title.strip()
    stem = Path(file_name).stem if file_name else ""
    letters = re.sub(r"[^A-Za-z]", "", title)
    return (
        len(letters) < 4
        or bool(_JUNK_TITLE.search(title))
        or (bool(stem) and _squash(title) == _squash(stem))
        or (" " not in title and ("_" in title or title.islower()))
    )


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).lower()


def propose_title(
    pages: list[str], metadata: dict[str, str], file_name: str = ""
) -> Proposal | None:
    from_metadata = clean(metadata.get("title", ""))
    first_page = pages[0] if pages else ""
    head = _head_lines(pages)
    statement = _statement_title(head)
    if statement:
        return Proposal(
            SuggestionField.TITLE, statement, ["From the statement's heading on page 1"]
        )
    meant = from_metadata and not is_junk_title(from_metadata, file_name)
    if meant:
        on_page = _squash(from_metadata) in _squash(first_page)
        if on_page or not _title_from_lines(head):
            return Proposal(SuggestionField.TITLE, from_metadata, ["From the PDF's Title field"])
    from_page = _title_from_lines(head)
    if from_page:
        return Proposal(SuggestionField.TITLE, from_page, ["From the first lines of page 1"])
    return None


def _statement_title(head: list[str]) -> str:
    """'Serco Group plc: Slavery and human trafficking statement 2016' for a company's
    Modern Slavery Act statement, whose heading is rarely in title case."""
    for index, line in enumerate(head[:8]):
        if _STATEMENT.search(line) and len(line) <= 120:
            company = head[index - 1] if index else ""
            if company and looks_like_organisation(company) and len(company) <= 80:
                return f"{company}: {line}"
            return line[0].upper() + line[1:]
    return ""


def _title_from_lines(head: list[str]) -> str:
    """The first title-like line, joined with the lines that continue it."""
    for index, line in enumerate(head):
        if not looks_like_title(line):
            continue
        parts = [line]
        for following in head[index + 1 : index + 3]:
            joined = " ".join(parts)
            continues = joined.endswith(
                (":", ",", "-", "–", " and", " of", " the", " for", " with", " in")
            )
            if not continues and not (following[:1].islower()):
                break
            if is_boilerplate(following) or len(joined) + len(following) > 200:
                break
            parts.append(following)
        title = " ".join(parts).rstrip(",:;-– ")
        if looks_like_title(title):
            return title
    return ""


# --- authors and publisher --------------------------------------------------------------


def split_names(field: str) -> list[str]:
    """'A Smith; B Jones', 'A Smith and B Jones', 'Smith, Anne' (one inverted name)."""
    names: list[str] = []
    for chunk in re.split(r";|\n", field):
        for part in re.split(r"\s+(?:and|&)\s+", chunk.strip()):
            pieces = [piece.strip() for piece in part.split(",") if piece.strip()]
            if len(pieces) == 2 and " " not in pieces[0] and not looks_like_organisation(part):
                names.append(f"{pieces[1]} {pieces[0]}")  # "Frank, Richard W."
            elif len(pieces) > 1 and all(" " in piece for piece in pieces):
                names.extend(pieces)
            elif pieces:
                names.append(part.strip(" ,"))
    return [name for name in names if name and not _JUNK_AUTHOR.match(name)]


def propose_authors(head: list[str], metadata: dict[str, str]) -> Proposal | None:
    from_metadata = split_names(metadata.get("author", ""))
    if from_metadata:
        return Proposal(SuggestionField.AUTHORS, from_metadata, ["From the PDF's Author field"])
    for line in head:
        byline = _BYLINE.match(line)
        if byline:
            names = split_names(re.sub(r"\s*,\s*(?=[A-Z][a-z]+ [A-Z])", "; ", byline.group(1)))
            if names:
                return Proposal(SuggestionField.AUTHORS, names, [f"'{line}' on page 1"])
    names = _names_above_affiliations(head)
    if names:
        return Proposal(
            SuggestionField.AUTHORS, names, ["Names followed by their affiliations on page 1"]
        )
    return None


def _names_above_affiliations(head: list[str]) -> list[str]:
    """An academic first page: each author's name on a line, their institution below."""
    names = []
    for line, following in itertools.pairwise(head):
        if looks_like_person(line) and looks_like_organisation(following):
            names.append(line)
    return names


def propose_publisher(
    pages: list[str], head: list[str], metadata: dict[str, str], title: Proposal | None
) -> Proposal | None:
    near = pages[:FIRST_PAGES] + pages[-1:] if len(pages) > FIRST_PAGES else pages
    for number, text in _numbered(near, len(pages)):
        for line in text.splitlines():
            found = _PUBLISHED_BY.search(line)
            if found and _plausible_organisation(found.group(1)):
                name = found.group(1).strip()
                return Proposal(
                    SuggestionField.PUBLISHER, [name], [f"'{clean(line)}' on page {number}"]
                )
    for number, text in _numbered(near, len(pages)):
        for found in _COPYRIGHT.finditer(text):
            owner = (found.group("after") or found.group("before") or "").strip(" .,")
            owner = re.split(r"\.|All rights|\s{2,}", owner, maxsplit=1)[0].strip(" ,")
            if _plausible_organisation(owner):
                return Proposal(
                    SuggestionField.PUBLISHER,
                    [owner],
                    [f"'{clean(found.group())}' on page {number}"],
                )
    author = metadata.get("author", "").strip()
    if author and looks_like_organisation(author) and not _JUNK_AUTHOR.match(author):
        return Proposal(
            SuggestionField.PUBLISHER, [author], ["The PDF's Author field names an organisation"]
        )
    if title is not None and title.evidence[0].startswith("From the statement"):
        company = title.value.split(":", 1)[0]
        if company != title.value:
            return Proposal(
                SuggestionField.PUBLISHER, [company], ["The company making the statement"]
            )
    return None


def _numbered(near: list[str], page_count: int) -> list[tuple[int, str]]:
    numbers = list(range(1, len(near) + 1))
    if page_count > FIRST_PAGES and len(near) == FIRST_PAGES + 1:
        numbers[-1] = page_count
    return list(zip(numbers, near, strict=True))


def _plausible_organisation(name: str) -> bool:
    name = name.strip()
    return 3 <= len(name) <= 100 and bool(re.search(r"[A-Z][a-z]|[A-Z]{2}", name))


# --- year -------------------------------------------------------------------------------


def propose_year(
    pages: list[str], metadata: dict[str, str], title: Proposal | None = None
) -> Proposal | None:
    this_year = datetime.date.today().year

    def plausible(year: int) -> bool:
        return EARLIEST_YEAR <= year <= this_year

    for number, text in enumerate(pages[:FIRST_PAGES], start=1):
        for pattern, what in ((_COPYRIGHT, "copyright"), (_PUBLISHED_YEAR, "publication")):
            for found in pattern.finditer(text):
                year = int(
                    next(group for group in found.groups()[::-1] if group and group.isdigit())
                )
                if plausible(year):
                    return _year(year, f"'{clean(found.group())[:60]}' on page {number} ({what})")
    first = pages[0] if pages else ""
    for line in first.splitlines()[:HEAD_LINES]:
        dated = _MONTH_YEAR.search(line)
        if dated and plausible(int(dated.group(1))) and len(line.strip()) <= 60:
            return _year(int(dated.group(1)), f"'{clean(line)}' on page 1")
    for key, label in (("created", "created"), ("modified", "last modified")):
        stamp = metadata.get(key, "")
        if re.match(r"\d{4}", stamp) and plausible(int(stamp[:4])):
            return _year(int(stamp[:4]), f"The file was {label} on {stamp[:10]}")
    if title is not None:
        in_title = _ANY_YEAR.search(str(title.value))
        if in_title and plausible(int(in_title.group(1))):
            return _year(int(in_title.group(1)), "The year in the title")
    return None


def _year(year: int, evidence: str) -> Proposal:
    return Proposal(SuggestionField.YEAR, year, [evidence])
