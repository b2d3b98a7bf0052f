"""`wordpress`: a WordPress export (Tools → Export, WXR 1.0 to 1.2).

Each post of an imported post type becomes a resource (by default every type that is not
WordPress's own, so `post` and a plug-in's `resource`, not `page`: the mapping's
`post_types` chooses). The post id is kept (`/?p=ID` redirects), the post's slug and the
last part of its old link become old slugs (old permalinks redirect), its status is mapped
(`STATUSES`; the trash is skipped), its content (else its excerpt) is the description, its
categories and tags go to the vocabularies through the mapping, and custom fields
(PHP-serialised ones included) fill the publisher, authors, year, source URL and download
link. Attachment items become links to their original address (`--fetch-files` fetches
them). The post's WordPress author is kept as its creator, not as the report's author.

The file is read twice, as a stream: first for the attachments (which may come after
their posts), then for the posts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import phpserialize

from manumit.importers.apply import old_link_slug
from manumit.importers.formats.dates import parse_date
from manumit.importers.formats.wxr import Channel, Item, read_items
from manumit.importers.records import (
    Agent,
    AgentKind,
    BadFile,
    FileRef,
    Problem,
    Record,
    Severity,
    SourceTerm,
)
from manumit.importers.registry import ImportFormat, Source

STATUSES = {
    "publish": "published",
    "draft": "draft",
    "pending": "draft",
    "private": "draft",
    "future": "draft",
    "inherit": "draft",
}
SKIPPED_STATUSES = {"trash": "it is in the trash", "auto-draft": "it is an unsaved auto-draft"}


def read(source: Source) -> Iterator[Record | Problem]:
    if source.size == 0:
        raise BadFile("The file is empty.")
    files = _attachments(source)
    channel = Channel()
    counts: Counter[str] = Counter()
    with source.open() as file:
        for number, item in enumerate(read_items(file, channel), start=1):
            post_type = item.get("wp:post_type") or "post"
            counts[post_type] += 1
            yield from _post(source, channel, item, number, post_type, files)
    yield _summary(channel, counts)


def _attachments(source: Source) -> dict[str, list[FileRef]]:
    """Parent post id -> its attachments' addresses (the first pass)."""
    found: dict[str, list[FileRef]] = {}
    with source.open() as file:
        for item in read_items(file, Channel()):
            if item.get("wp:post_type") != "attachment":
                continue
            url = item.get("wp:attachment_url") or item.get("guid")
            parent = item.get("wp:post_parent")
            if url and parent and parent != "0":
                found.setdefault(parent, []).append(FileRef(url=url, label=item.get("title")))
    return found


def _post(
    source: Source,
    channel: Channel,
    item: Item,
    number: int,
    post_type: str,
    files: dict[str, list[FileRef]],
) -> Iterator[Record | Problem]:
    post_id = item.get("wp:post_id")
    where = f"item {number} (post {post_id or '?'}, line {item.line})"
    title = item.get("title")
    if post_type == "attachment":
        return
    if not source.mapping.imports_post_type(post_type):
        yield Problem(
            where,
            f"A {post_type}: not imported (list '{post_type}' in the mapping's post_types "
            "to import it).",
            Severity.SKIPPED,
            title,
        )
        return
    status = item.get("wp:status") or "publish"
    if status in SKIPPED_STATUSES:
        yield Problem(where, f"Skipped: {SKIPPED_STATUSES[status]}.", Severity.SKIPPED, title)
        return
    yield _record(source, channel, item, where, status, files.get(post_id, []))


def _record(
    source: Source, channel: Channel, item: Item, where: str, status: str, files: list[FileRef]
) -> Record:
    post_id = item.get("wp:post_id")
    meta = _meta(item)
    record = Record(
        title=item.get("title"),
        location=where,
        own_id=post_id,
        id_scheme=f"wordpress:{(channel.base_site_url or channel.link).rstrip('/')}",
        status=STATUSES.get(status, "draft"),
        description=item.get("content:encoded") or item.get("excerpt:encoded"),
        legacy_id=int(post_id) if post_id.isascii() and post_id.isdigit() else None,
        legacy_slugs=[s for s in (item.get("wp:post_name"), old_link_slug(item.get("link"))) if s],
        terms=[SourceTerm(domain, name, slug) for domain, slug, name in item.categories if name],
        creator=item.get("dc:creator"),
        files=list(files),
    )
    if status not in STATUSES:
        record.warnings.append(f"Unknown WordPress status '{status}'; imported as a draft.")
    _dates(record, item, meta, source)
    _fields(record, meta, source)
    return record


def _dates(record: Record, item: Item, meta: dict[str, list[str]], source: Source) -> None:
    """The publication date from a custom field (date, else year), else the post's date."""
    for name in ("date", "year"):
        for value in _values(meta, source.mapping.field_keys(name)):
            parsed = parse_date(value)
            if parsed is not None:
                record.date, record.date_precision = parsed
                return
            record.warnings.append(f"The {name} '{value}' was not understood; left out.")
    posted = parse_date(item.get("wp:post_date"))
    if posted is not None:
        record.date, record.date_precision = posted


def _fields(record: Record, meta: dict[str, list[str]], source: Source) -> None:
    keys = source.mapping.field_keys
    record.publishers = _split(_values(meta, keys("publisher")))
    record.authors = [_agent(name) for name in _split(_values(meta, keys("authors")))]
    record.source_url = next(iter(_values(meta, keys("source_url"))), "")
    record.doi = next(iter(_values(meta, keys("doi"))), "")
    record.isbn = next(iter(_values(meta, keys("isbn"))), "")
    record.language = next(iter(_values(meta, keys("language"))), "")
    known = {ref.url for ref in record.files}
    for url in _values(meta, keys("download")):
        if url.startswith(("http://", "https://")) and url not in known:
            record.files.append(FileRef(url=url))
            known.add(url)


def _values(meta: dict[str, list[str]], keys: tuple[str, ...]) -> list[str]:
    return [value for key in keys for value in meta.get(key, []) if value.strip()]


def _split(values: list[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(";") if part.strip()]


def _agent(name: str) -> Agent:
    if name.startswith("{") and name.endswith("}"):
        return Agent(name[1:-1].strip(), AgentKind.ORGANISATION)
    return Agent(name)


def _meta(item: Item) -> dict[str, list[str]]:
    """Custom fields by key, each value as text: a PHP-serialised array gives its values."""
    found: dict[str, list[str]] = {}
    for key, value in item.meta:
        found.setdefault(key.lower(), []).extend(unserialised(value))
    return found


def unserialised(value: str) -> list[str]:
    """The text values of a custom field: itself, or the leaves of a PHP-serialised value
    (read without ever making objects: a serialised object stays text)."""
    text = value.strip()
    if text[:2] not in ("a:", "s:", "i:", "d:", "b:") and text != "N;":
        return [value]
    try:
        loaded = phpserialize.loads(text.encode("utf-8"), decode_strings=True)
    except (ValueError, TypeError, IndexError, KeyError):
        return [value]
    return list(_leaves(loaded))


def _leaves(value: object) -> Iterator[str]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _leaves(item)
    elif value is not None and value is not False:
        yield str(value)


def _summary(channel: Channel, counts: Counter[str]) -> Problem:
    items = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())) or "no items"
    terms = ", ".join(f"{n} {kind}" for kind, n in sorted(channel.terms.items())) or "none"
    version = channel.wxr_version or "unknown"
    return Problem(
        "file",
        f"WXR {version}: {sum(counts.values())} items ({items}); terms defined: {terms}.",
        Severity.NOTE,
    )


FORMAT = ImportFormat(
    "wordpress",
    "WordPress export (WXR)",
    read,
    suffixes=(".xml", ".wxr"),
    passes=2,
    help=__doc__ or "",
)
