"""Reading a WordPress export (WXR 1.0 to 1.2) safely and as a stream.

lxml's iterparse reads one `<item>` at a time and each is dropped once read, so memory
stays flat however large the file. The parser resolves no entities, loads no DTD and
never touches the network; a document that declares a DTD at all is refused before its
first element is used (an export never has one, and entity bombs and external entities
live there). Elements are known by namespace *family* (`wp`, `content`, `excerpt`, `dc`),
so exports of every WXR version, with http or https namespace addresses, read alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

from lxml import etree

from manumit.importers.records import BadFile

FAMILIES = (
    (re.compile(r"^https?://wordpress\.org/export/1\.\d+/excerpt/?$"), "excerpt"),
    (re.compile(r"^https?://wordpress\.org/export/1\.\d+/?$"), "wp"),
    (re.compile(r"^https?://purl\.org/rss/1\.0/modules/content/?$"), "content"),
    (re.compile(r"^https?://purl\.org/dc/elements/1\.1/?$"), "dc"),
)


def name_of(tag: str) -> str:
    """ "wp:post_id" for "{http://wordpress.org/export/1.2/}post_id"; "" for a namespace
    that is none of WordPress's."""
    if not tag.startswith("{"):
        return tag
    namespace, _, local = tag[1:].partition("}")
    for pattern, family in FAMILIES:
        if pattern.match(namespace):
            return f"{family}:{local}"
    return ""


@dataclass
class Item:
    """One `<item>`: its single fields by name, its categories and its custom fields."""

    line: int
    fields: dict[str, str] = field(default_factory=dict)
    categories: list[tuple[str, str, str]] = field(default_factory=list)  # domain, nicename, name
    meta: list[tuple[str, str]] = field(default_factory=list)

    def get(self, name: str) -> str:
        return self.fields.get(name, "").strip()


@dataclass
class Channel:
    """What the export says of its site, and the terms it defines."""

    wxr_version: str = ""
    base_site_url: str = ""
    link: str = ""
    terms: dict[str, int] = field(default_factory=dict)  # kind (category, tag, term) -> count
    saw_wordpress: bool = False


def read_items(file: IO[bytes], channel: Channel) -> Iterator[Item]:
    """Each item of the export in order, filling `channel` as its elements go by."""
    events = etree.iterparse(
        file,
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    depth = 0
    try:
        for event, element in events:
            if event == "start":
                if depth == 0:
                    _check_root(element)
                depth += 1
                continue
            depth -= 1
            tag = element.tag if isinstance(element.tag, str) else ""
            name = name_of(tag)
            if name.startswith("wp:"):
                channel.saw_wordpress = True
            if name == "item":
                yield _item(element)
                _forget(element)
            elif depth == 2:  # a child of <channel> (item handled above)
                _channel_field(channel, name, element)
                _forget(element)
    except etree.XMLSyntaxError as error:
        raise BadFile(_syntax_message(error)) from error
    if not channel.saw_wordpress:
        raise BadFile("It is XML but not a WordPress export (no wp: elements in it).")


def _check_root(element: etree._Element) -> None:
    if element.getroottree().docinfo.internalDTD is not None:
        raise BadFile(
            "It declares a DTD (entities), which a WordPress export never does; "
            "it is refused, and none of its entities was read."
        )
    if etree.QName(element).localname != "rss":
        root = etree.QName(element).localname
        raise BadFile(f"It is XML but not a WordPress export: its root is <{root}>, not <rss>.")


def _syntax_message(error: etree.XMLSyntaxError) -> str:
    line = f" at line {error.lineno}" if error.lineno else ""
    text = str(error.msg or error).split(", line ")[0]
    if "Document is empty" in text or "Start tag expected" in text:
        return f"It is empty or is not XML{line} ({text})."
    if "huge" in text.lower() or "amplification" in text.lower():
        return f"It was refused{line}: {text}."
    return f"It is not well-formed XML{line}: {text}. Is the file complete?"


def _forget(element: etree._Element) -> None:
    """Drop what was read (and earlier siblings), so the tree never grows."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    while parent is not None and element.getprevious() is not None:
        del parent[0]


def _text(element: etree._Element) -> str:
    return "".join(element.itertext())


def _item(element: etree._Element) -> Item:
    item = Item(line=element.sourceline or 0)
    for child in element:
        if not isinstance(child.tag, str):
            continue
        name = name_of(child.tag)
        if name == "category":
            domain = child.get("domain", "category")
            item.categories.append((domain, child.get("nicename", ""), _text(child).strip()))
        elif name == "wp:postmeta":
            parts = {name_of(part.tag): _text(part) for part in child if isinstance(part.tag, str)}
            item.meta.append((parts.get("wp:meta_key", "").strip(), parts.get("wp:meta_value", "")))
        elif name and name not in item.fields:
            item.fields[name] = _text(child)
    return item


def _channel_field(channel: Channel, name: str, element: etree._Element) -> None:
    if name == "wp:wxr_version":
        channel.wxr_version = _text(element).strip()
    elif name in ("wp:base_site_url", "wp:base_blog_url") and not channel.base_site_url:
        channel.base_site_url = _text(element).strip()
    elif name == "link":
        channel.link = _text(element).strip()
    elif name in ("wp:category", "wp:tag", "wp:term"):
        kind = name.partition(":")[2]
        channel.terms[kind] = channel.terms.get(kind, 0) + 1
