"""Dates as sources write them, at the precision they give: "2019", "2019-11",
"2019-11-05", "November 2019", "5 November 2019"."""

from __future__ import annotations

import datetime
import re

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip

ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ].*)?")
WORDS = re.compile(r"(?:(\d{1,2})\s+)?([A-Za-z]+)\.?,?\s+(\d{4})")


def parse_date(text: str) -> tuple[datetime.date, str] | None:
    """(date, precision) for `text`, or None when it is not a date this reads."""
    text = text.strip()
    if not text:
        return None
    try:
        if match := ISO.fullmatch(text):
            year, month, day = match.groups()
            if day:
                return datetime.date(int(year), int(month), int(day)), "day"
            if month:
                return datetime.date(int(year), int(month), 1), "month"
            return datetime.date(int(year), 1, 1), "year"
        if (match := WORDS.fullmatch(text)) and match.group(2).lower() in MONTHS:
            day, month, year = match.groups()
            number = MONTHS[month.lower()]
            if day:
                return datetime.date(int(year), number, int(day)), "day"
            return datetime.date(int(year), number, 1), "month"
    except ValueError:
        return None
    return None
