"""BibTeX entries that BibTeX, biber (biblatex) and bibtexparser read as we meant them.

- Organisations are one name in braces (`{Walk Free}`), so no style splits them; people
  are `von Last, Jr., First`.
- A report with an author and a publisher is `@techreport` with its `institution`;
  anything else is `@misc` (a report needs both, or biber reports it as invalid).
- Dates keep their precision: `year` alone, or with `month` (and `day`, which biber reads).
  An undated work gets EDTF's unspecified year, `date = {XXXX}`: biber accepts it without
  reporting a missing date, and treats the work as undated (it writes no date back).
- Text is UTF-8 (biber and bibtexparser read it; LaTeX's special characters are escaped),
  and capitals in titles are protected so sentence-case styles do not lower "North Korea".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from urllib.parse import quote

import bibtexparser
from bibtexparser import BibtexFormat, Library
from bibtexparser.model import Entry, Field
from django.utils.text import slugify

from manumit.interop.citations.names import Name
from manumit.interop.citations.record import Citable

MEDIA_TYPE = "application/x-bibtex"
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

# LaTeX's special characters. Braces become text commands, not `\{`, because BibTeX counts
# every brace (escaped or not) when it finds where a value ends.
LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
SPECIAL = re.compile("|".join(re.escape(char) for char in LATEX_SPECIALS))
# Unicode's control characters (category Cc): C0, DEL and C1.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
FORMAT = BibtexFormat()
FORMAT.indent = "  "
FORMAT.block_separator = "\n"


def latex_text(text: str) -> str:
    """`text` safe inside a braced BibTeX value: specials escaped, control characters
    (which LaTeX cannot typeset) turned into spaces, Unicode in its composed form."""
    cleaned = " ".join(CONTROL.sub(" ", unicodedata.normalize("NFC", text)).split())
    return SPECIAL.sub(lambda match: LATEX_SPECIALS[match.group()], cleaned)


def protected_title(title: str) -> str:
    """Escape, then brace every word after the first that holds a capital letter."""
    words = latex_text(title).split(" ")
    return " ".join(
        f"{{{word}}}" if number and any(char.isupper() for char in word) else word
        for number, word in enumerate(words)
    )


def verbatim(url: str) -> str:
    """A URL as biblatex's verbatim `url` field wants it: no braces, spaces or backslashes."""
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~-._")


def bibtex_name(name: Name) -> str:
    if name.is_literal:
        return "{" + latex_text(name.literal) + "}"
    parts = [name.full_family, name.suffix, name.given]
    return ", ".join(latex_text(part) for part in parts if part)


def citation_key(item: Citable) -> str:
    """`breuker2018pervasive`: first author (or publisher), year, first long word of the
    title, in ASCII."""
    first = item.authors[0] if item.authors else None
    who = (first.literal or first.family) if first else next(iter(item.publishers), "")
    words = (slugify(word).replace("-", "") for word in item.title.split()[:12])
    ascii_words = [word for word in words if word]
    word = next((word for word in ascii_words if len(word) > 3), next(iter(ascii_words), ""))
    year = str(item.year or "nd")
    return (slugify(who).replace("-", "") + year + word)[:60] or f"resource{item.id}"


def entry(item: Citable, key: str | None = None) -> Entry:
    is_report = item.kind.bibtex_report and bool(item.authors) and bool(item.publishers)
    publishers = " and ".join("{" + latex_text(name) + "}" for name in item.publishers)
    fields: list[tuple[str, str]] = [
        ("author", " and ".join(bibtex_name(name) for name in item.authors)),
        ("title", protected_title(item.title)),
        ("institution" if is_report else "organization", publishers),
        *_date_fields(item),
        # biblatex names languages as babel does, in lower case: `english`, `french`.
        ("language", latex_text(item.language_name.lower())),
        ("keywords", ", ".join(latex_text(word.replace(",", " ")) for word in item.keywords)),
        ("abstract", latex_text(item.abstract)),
        ("url", verbatim(item.url)),
        ("doi", verbatim(item.doi)),
    ]
    return Entry(
        "techreport" if is_report else "misc",
        key or citation_key(item),
        [Field(name, _braced(name, value)) for name, value in fields if value],
    )


def _braced(name: str, value: str) -> str:
    # Month macros (`jun`) are BibTeX's own words and stay bare, as every style expects.
    return value if name == "month" else "{" + value + "}"


def _date_fields(item: Citable) -> list[tuple[str, str]]:
    parts = item.date_parts
    if not parts:
        return [("date", "XXXX")]
    fields = [("year", str(parts[0]))]
    if len(parts) > 1:
        fields.append(("month", MONTHS[parts[1] - 1]))
    if len(parts) > 2:
        fields.append(("day", str(parts[2])))
    return fields


def bibtex(items: Iterable[Citable]) -> str:
    return "".join(bibtex_chunks(items))


def bibtex_chunks(items: Iterable[Citable]) -> Iterator[str]:
    """One entry at a time (a long export streams); keys stay unique within the file by
    adding `b`, `c`, ... to a key already used, as BibTeX users do by hand."""
    used: set[str] = set()
    last_suffix: dict[str, int] = {}
    for item in items:
        key = base = citation_key(item)
        suffix = last_suffix.get(base, 1)
        while key in used:
            suffix += 1
            key = f"{base}{_letters(suffix)}"
        used.add(key)
        last_suffix[base] = suffix
        library = Library([entry(item, key)])
        yield bibtexparser.write_string(library, unparse_stack=[], bibtex_format=FORMAT) + "\n"


def _letters(number: int) -> str:
    """2 -> b, 26 -> z, 27 -> aa: a suffix for the n-th use of a key."""
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("a") + remainder) + letters
    return letters
