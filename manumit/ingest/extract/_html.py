"""HTML: the readable text, with paragraphs kept apart and scripts and styles left out."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from ._text import decode, from_text, warm_up
from ._types import Extracted, Job

__all__ = ["extract_html", "html_to_text", "warm_up"]  # warm_up: see _registry.load

SKIPPED = {"script", "style", "template", "noscript", "svg", "math", "iframe", "object"}
BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "p", "pre", "section", "table", "tr", "td", "th", "ul", "caption",
}  # fmt: skip
META_FIELDS = {"author": "author", "description": "subject", "keywords": "keywords"}
CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source"}


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []  # open elements whose content is not text
        self.in_title = False
        self.preformatted = 0
        self.title = ""
        self.metadata: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        elif tag == "meta":
            self._meta(dict(attrs))
        if tag in SKIPPED and tag not in VOID:
            self.skipping.append(tag)
        if tag == "pre":
            self.preformatted += 1
        self._break(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in self.skipping:
            # Close up to the matching element: browsers forgive unclosed tags, so do we.
            while self.skipping and self.skipping.pop() != tag:
                pass
        if tag == "pre":
            self.preformatted = max(self.preformatted - 1, 0)
        self._break(tag)

    def _break(self, tag: str) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
        elif not self.skipping:
            # Line breaks in the source are spaces to a browser, except in <pre>.
            self.parts.append(data if self.preformatted else HTML_SPACE.sub(" ", data))

    def _meta(self, attrs: dict[str, str | None]) -> None:
        key = META_FIELDS.get((attrs.get("name") or "").lower())
        content = (attrs.get("content") or "").strip()
        if key and content:
            self.metadata[key] = content


def _tidy(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_to_text(markup: str) -> tuple[str, dict[str, str]]:
    """The visible text of a page and its title, author, description and keywords."""
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    metadata = dict(parser.metadata)
    title = " ".join(parser.title.split())
    if title:
        metadata["title"] = title
    return _tidy("".join(parser.parts)), metadata


def extract_html(job: Job) -> Extracted:
    data = Path(job.path).read_bytes()
    declared = CHARSET.search(data[:4096])
    markup = decode(data, declared.group(1).decode("ascii") if declared else "")
    text, metadata = html_to_text(markup)
    return from_text(text, metadata)
