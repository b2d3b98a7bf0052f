"""A one-page 'catalogue record' PDF for a resource, generated with fpdf2.

The demo ships no copies of other organisations' reports. Instead each demo resource gets a
PDF that the project writes itself from the catalogue: title, citation, byline, date, tags and
the curators' description, headed clearly as a Manumit record so nobody mistakes it for the
original. It gives every demo resource a DOWNLOAD that works offline.

fpdf2's built-in fonts cover latin-1 only, and the demo must not depend on system fonts, so
text is folded into latin-1 first (typographic quotes become straight ones, accents that
latin-1 lacks are dropped); a title in another script is replaced by its English rendering.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable

import pycountry
import pypdfium2 as pdfium
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from manumit.catalog import formatting
from manumit.catalog.models import Resource

# A fixed creation date keeps the bytes identical from one load to the next, so reloading the
# demo can tell that a stored PDF is already up to date.
CREATION_DATE = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
HEADING = "MANUMIT CATALOGUE RECORD"
NOTICE = (
    "This page was written by the curators of the Manumit library to describe a resource in its "
    "catalogue. It is not the original publication and does not reproduce it; follow the link "
    "to the original, or ask its publisher, for the full text."
)

_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": ",",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2026": "...",
        "\u2022": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
    }
)


def latin1(text: str) -> str:
    """`text` in characters the core PDF fonts can draw; anything else becomes '?'."""
    folded = []
    for char in text.translate(_TYPOGRAPHY):
        if ord(char) < 256:
            folded.append(char)
            continue
        # 'ł' has no decomposition, 'ő' decomposes to 'o' + a mark latin-1 lacks.
        base = unicodedata.normalize("NFKD", char)
        ascii_base = "".join(c for c in base if ord(c) < 128 and not unicodedata.combining(c))
        folded.append(ascii_base or "?")
    return "".join(folded)


def fits_latin1(text: str) -> bool:
    """Whether `latin1` keeps every character of `text` (a real '?' does not count as lost)."""
    return "?" not in latin1(text.replace("?", ""))


def language_name(code: str) -> str:
    language = pycountry.languages.get(alpha_2=code)
    return language.name if language is not None else code


def render_catalogue_record(resource: Resource, latin_title: str = "") -> bytes:
    """The PDF bytes. `latin_title` stands in for a title the core fonts cannot draw."""
    pdf = _new_document(resource)
    _write_heading(pdf)
    title = _shown_title(resource, latin_title)
    _write_title(pdf, title, resource.byline)
    for label, value in _facts(resource, title):
        _write_fact(pdf, label, value)
    _write_description(pdf, resource.description)
    return bytes(pdf.output())


def count_pages(content: bytes) -> int:
    document = pdfium.PdfDocument(content)
    try:
        return len(document)
    finally:
        document.close()


class _RecordPDF(FPDF):
    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("helvetica", size=8)
        self.set_text_color(110)
        note = f"Manumit catalogue record - not the original publication - page {self.page_no()}"
        self.cell(0, 10, note, align="C")


def _new_document(resource: Resource) -> FPDF:
    pdf = _RecordPDF(format="A4")
    pdf.set_creation_date(CREATION_DATE)
    pdf.set_title(latin1(f"Catalogue record: {resource.title}"))
    pdf.set_author("Manumit library curators")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    return pdf


def _write_heading(pdf: FPDF) -> None:
    pdf.set_font("helvetica", "B", 10)
    pdf.set_text_color(120, 20, 20)
    pdf.cell(0, 6, HEADING, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("helvetica", "I", 8.5)
    pdf.set_text_color(90)
    pdf.multi_cell(0, 4.5, NOTICE, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)


def _shown_title(resource: Resource, latin_title: str) -> str:
    if latin_title and not fits_latin1(resource.title):
        return latin_title
    return resource.title


def _write_title(pdf: FPDF, title: str, byline: str) -> None:
    pdf.set_font("helvetica", "B", 15)
    pdf.set_text_color(0)
    pdf.multi_cell(0, 7, latin1(title), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if byline:
        pdf.set_font("helvetica", "", 11)
        pdf.multi_cell(0, 6, latin1(byline), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)


def _facts(resource: Resource, title: str) -> list[tuple[str, str]]:
    def names(items: Iterable[object]) -> str:
        return ", ".join(str(item) for item in items)

    publishers = resource.ordered_publishers()
    facts = [
        ("Citation", formatting.citation(title, [str(org) for org in publishers], resource.year)),
        ("Date", resource.display_date),
        ("Content type", names(resource.types.all())),
        ("Publisher", names(publishers)),
        ("Language", language_name(resource.language)),
        ("Regions", names(resource.regions.all())),
        ("Countries", names(resource.countries.all())),
        ("Topics", names(resource.topics.all())),
        ("Sectors", names(resource.sectors.all())),
        ("Source", resource.source_url),
    ]
    if not fits_latin1(resource.title):
        language = language_name(resource.language)
        translated = title != resource.title
        where = "the heading above gives it in English" if translated else "see the catalogue"
        facts.insert(0, ("Original title", f"in {language}; {where}"))
    return [(label, value) for label, value in facts if value]


def _write_fact(pdf: FPDF, label: str, value: str) -> None:
    pdf.set_font("helvetica", "B", 9.5)
    pdf.set_text_color(60)
    pdf.cell(32, 5.5, label)
    pdf.set_font("helvetica", "", 9.5)
    pdf.set_text_color(0)
    pdf.multi_cell(0, 5.5, latin1(value), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _write_description(pdf: FPDF, description: str) -> None:
    pdf.ln(4)
    pdf.set_font("helvetica", "B", 11)
    pdf.cell(0, 7, "Description", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("helvetica", "", 10.5)
    for paragraph in re.split(r"</p>|<br\s*/?>", description):
        text = formatting.plain_text(paragraph)
        if text:
            pdf.multi_cell(0, 5.5, latin1(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(2)
