"""RSS 2.0 and Atom 1.0 writers for our entries, on Django's feed generators.

Django's own writers carry one author and one enclosure per item, category names without
their vocabulary, and an Atom summary typed `html`. Ours write what the W3C Feed
Validation Service and feed readers expect of a library:

- Text is text. An Atom title and summary are `type="text"` constructs. RSS has no such
  attribute and its `<description>` is HTML by convention (the validator checks it as
  HTML), so the plain description is HTML-escaped there: `<script>` in a description
  reaches the reader as the characters, never as a tag. RSS titles carry the plain title.
- Every author is listed (`dc:creator` in RSS, one `<author>` each in Atom).
- Every PDF is linked: Atom gives each a `link rel="enclosure"`; RSS allows one
  `<enclosure>` per item (the first PDF whose length we know) and the rest follow as
  `atom:link rel="enclosure"`.
- Self links carry the feed's media type; Atom entries in another language say so.
"""

from __future__ import annotations

import html
from typing import Any

from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, rfc2822_date, rfc3339_date
from django.utils.xmlutils import SimplerXMLGenerator

from manumit.interop.feeds.entries import Entry, Pdf

DC = "http://purl.org/dc/elements/1.1/"
RSS_TYPE = "application/rss+xml"
ATOM_TYPE = "application/atom+xml"


def _entry(item: dict[str, Any]) -> Entry:
    entry = item["entry"]
    assert isinstance(entry, Entry)  # every item is added by our Feed with its entry
    return entry


def _pdf_link(pdf: Pdf) -> dict[str, str]:
    attributes = {"rel": "enclosure", "href": pdf.href, "type": "application/pdf"}
    if pdf.length is not None:
        attributes["length"] = str(pdf.length)
    if pdf.title:
        attributes["title"] = pdf.title
    return attributes


class RssFeed(Rss201rev2Feed):
    content_type = f"{RSS_TYPE}; charset=utf-8"

    def rss_attributes(self) -> dict[str, str]:
        return {**super().rss_attributes(), "xmlns:dc": DC}

    def add_root_elements(self, handler: SimplerXMLGenerator) -> None:
        feed = self.feed
        handler.addQuickElement("title", feed["title"])
        handler.addQuickElement("link", feed["link"])
        handler.addQuickElement("description", feed["description"])
        handler.addQuickElement(
            "atom:link", None, {"rel": "self", "href": feed["feed_url"], "type": RSS_TYPE}
        )
        handler.addQuickElement("language", feed["language"])
        handler.addQuickElement("lastBuildDate", rfc2822_date(self.latest_post_date()))
        handler.addQuickElement("generator", feed["generator"])

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        entry = _entry(item)
        handler.addQuickElement("title", entry.title)
        handler.addQuickElement("link", entry.link)
        handler.addQuickElement("description", html.escape(entry.summary, quote=False))
        for author in entry.authors:
            handler.addQuickElement("dc:creator", author.name)
        handler.addQuickElement("pubDate", rfc2822_date(entry.published))
        handler.addQuickElement("guid", entry.guid, {"isPermaLink": "false"})
        for category in entry.categories:
            handler.addQuickElement("category", category.term, {"domain": category.scheme})
        measured = [pdf for pdf in entry.pdfs if pdf.length is not None]
        if measured:
            first = measured[0]
            handler.addQuickElement(
                "enclosure",
                None,
                {"url": first.href, "length": str(first.length), "type": "application/pdf"},
            )
        for pdf in entry.pdfs:
            if not measured or pdf is not measured[0]:
                handler.addQuickElement("atom:link", None, _pdf_link(pdf))


class AtomFeed(Atom1Feed):
    content_type = f"{ATOM_TYPE}; charset=utf-8"

    def add_root_elements(self, handler: SimplerXMLGenerator) -> None:
        feed = self.feed
        handler.addQuickElement("title", feed["title"])
        handler.addQuickElement("subtitle", feed["description"])
        handler.addQuickElement(
            "link", "", {"rel": "alternate", "type": "text/html", "href": feed["link"]}
        )
        handler.addQuickElement(
            "link", "", {"rel": "self", "type": ATOM_TYPE, "href": feed["feed_url"]}
        )
        handler.addQuickElement("id", feed["id"])
        handler.addQuickElement("updated", rfc3339_date(self.latest_post_date()))
        # The library speaks for an entry that names nobody; Atom wants an author for each.
        handler.startElement("author", {})  # type: ignore[arg-type]  # as Django does
        handler.addQuickElement("name", feed["author_name"])
        handler.addQuickElement("uri", feed["author_link"])
        handler.endElement("author")
        handler.addQuickElement("generator", feed["generator"])

    def item_attributes(self, item: dict[str, Any]) -> dict[str, str]:
        language = _entry(item).language
        return {"xml:lang": language} if language and language != self.feed["language"] else {}

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        entry = _entry(item)
        handler.addQuickElement("title", entry.title, {"type": "text"})
        handler.addQuickElement(
            "link", "", {"rel": "alternate", "type": "text/html", "href": entry.link}
        )
        handler.addQuickElement("id", entry.guid)
        handler.addQuickElement("published", rfc3339_date(entry.published))
        handler.addQuickElement("updated", rfc3339_date(entry.updated))
        for author in entry.authors:
            handler.startElement("author", {})  # type: ignore[arg-type]  # as Django does
            handler.addQuickElement("name", author.name)
            handler.addQuickElement("uri", author.uri)
            handler.endElement("author")
        handler.addQuickElement("summary", entry.summary, {"type": "text"})
        for pdf in entry.pdfs:
            handler.addQuickElement("link", "", _pdf_link(pdf))
        for category in entry.categories:
            handler.addQuickElement(
                "category", "", {"term": category.term, "scheme": category.scheme}
            )
