"""How the library writes dates, excerpts, bylines and citations.

These follow the original library's conventions: `02 June 2018`, `By A & B`,
`Title - Publisher, Year`, and excerpts that end `...Read More`.
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Sequence

import nh3

from manumit.files import human_size as human_size  # one home; re-exported for the templates

EXCERPT_LIMIT = 250
ELLIPSIS = "..."

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def format_date(value: datetime.date | None, precision: str) -> str:
    """`02 June 2018` for a day, `November 2019` for a month, `2018` for a year."""
    if value is None:
        return ""
    month = _MONTHS[value.month - 1]
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return f"{month} {value.year}"
    return f"{value.day:02d} {month} {value.year}"


def machine_date(value: datetime.date | None, precision: str) -> str:
    """An HTML `datetime` value that claims no more precision than the date has."""
    if value is None:
        return ""
    if precision == "year":
        return f"{value.year:04d}"
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def plain_text(rich_text: str) -> str:
    """The visible text of sanitised HTML, with whitespace collapsed."""
    spaced = re.sub(r"<(br|/p|/li|/h\d|/blockquote)\b[^>]*>", " ", rich_text, flags=re.I)
    # nh3 with no allowed tags drops every tag and the content of script/style elements.
    return " ".join(html.unescape(nh3.clean(spaced, tags=set())).split())


def excerpt(rich_text: str, limit: int = EXCERPT_LIMIT) -> str:
    """At most `limit` characters of the text, cut at a word boundary and ending `...`.

    Text that already fits is returned whole, without an ellipsis.
    """
    text = plain_text(rich_text)
    if len(text) <= limit:
        return text
    room = limit - len(ELLIPSIS)
    cut = text[: room + 1]
    # Back up to the last space so no word is split; a single giant word is cut hard.
    boundary = cut.rfind(" ")
    body = cut[:boundary] if boundary > 0 else text[:room]
    return body.rstrip(" ,;:.-–—") + ELLIPSIS


def join_names(names: Sequence[str]) -> str:
    """`A`, `A & B`, `A, B and C`."""
    names = [name for name in names if name]
    if len(names) <= 1:
        return "".join(names)
    if len(names) == 2:
        return f"{names[0]} & {names[1]}"
    return ", ".join(names[:-1]) + " and " + names[-1]


def byline(authors: Sequence[str]) -> str:
    """`By A`, `By A & B`, `By A, B and C`; empty when there is no author."""
    names = join_names(authors)
    return f"By {names}" if names else ""


def citation(title: str, publishers: Sequence[str], year: int | None) -> str:
    """`Title - Publisher, Year`, dropping the publisher or the year cleanly when unknown."""
    source = ", ".join(part for part in (join_names(publishers), str(year or "")) if part)
    return f"{title} - {source}" if source else title
