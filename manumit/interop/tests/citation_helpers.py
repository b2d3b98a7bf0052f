"""Reading exports back the way users' tools do: bibtexparser v2 with the LaTeX decoded
and names split, rispy for RIS."""

from __future__ import annotations

import bibtexparser
from bibtexparser import Library
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors


def parse_bibtex(text: str) -> Library:
    library = bibtexparser.parse_string(
        text, append_middleware=[LatexDecodingMiddleware(), SeparateCoAuthors()]
    )
    assert not library.failed_blocks, [block.error for block in library.failed_blocks]
    return library
