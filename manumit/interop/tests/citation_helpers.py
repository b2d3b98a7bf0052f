"""Reading exports back the way users' tools do: bibtexparser v2 (names split at `and`,
then the LaTeX decoded by pylatexenc, as bibtexparser's own decoder does) and rispy."""

from __future__ import annotations

from typing import Any

import bibtexparser
from bibtexparser import Library
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors
from pylatexenc.latex2text import LatexNodes2Text

DECODE = LatexNodes2Text()


def parse_bibtex(text: str, *, split_names: bool = False) -> Library:
    """The library as bibtexparser reads it: LaTeX decoded, or names split (not both:
    bibtexparser decodes only whole strings, and decoding first would drop the braces
    that keep an organisation together)."""
    middleware = [SeparateCoAuthors()] if split_names else [LatexDecodingMiddleware()]
    library = bibtexparser.parse_string(text, append_middleware=middleware)
    assert not library.failed_blocks, [block.error for block in library.failed_blocks]
    return library


def _braced_list(value: str) -> list[str]:
    """`{A} and {B}` -> ['A', 'B'] (a list of organisations, as institution holds)."""
    names = [part.strip() for part in value.split("} and {")]
    return [DECODE.latex_to_text(name.strip("{}")) for name in names if name.strip("{}")]


def bib_records(text: str) -> list[dict[str, Any]]:
    """What a reference manager keeps of each entry: title, authors (an organisation as
    one name, marked by its braces), year, publishers and URL."""
    found = []
    for entry in parse_bibtex(text, split_names=True).entries:
        fields = entry.fields_dict
        authors = fields["author"].value if "author" in fields else []
        publisher = fields.get("institution") or fields.get("organization")
        found.append(
            {
                "title": DECODE.latex_to_text(fields["title"].value),
                "authors": [
                    ("organisation", DECODE.latex_to_text(name[1:-1]))
                    if name.startswith("{") and name.endswith("}")
                    else ("person", DECODE.latex_to_text(name))
                    for name in authors
                ],
                "year": int(fields["year"].value) if "year" in fields else None,
                "publishers": _braced_list(publisher.value) if publisher else [],
                "url": fields["url"].value,
            }
        )
    return found
