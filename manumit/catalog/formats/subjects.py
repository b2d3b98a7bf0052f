"""What a renderer is handed: one resource, or a listing that streams its resources.

A listing may hold 100,000 resources (a bulk export of the whole library), so it never
materialises them: `resources()` and `records()` read them in chunks of `CHUNK_SIZE`, each
chunk with its related rows prefetched in a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import islice
from typing import Any

from django.core.paginator import Page
from django.db.models import QuerySet, prefetch_related_objects
from django.http import HttpRequest

from manumit.catalog.formats import records
from manumit.catalog.formats.records import Record
from manumit.catalog.models import Resource

CHUNK_SIZE = 500


@dataclass
class ResourceItem:
    """A resource page's subject: the resource (prefetched as `RECORD_PREFETCH` says)
    and its neutral record, built on first use."""

    request: HttpRequest
    resource: Resource

    @cached_property
    def record(self) -> Record:
        return records.record(self.resource, self.request)

    @property
    def filename_stem(self) -> str:
        return self.resource.slug


@dataclass
class Listing:
    """A listing page's subject.

    `source` is every resource of the listing in page order: a queryset (read in chunks,
    never whole) or any iterable of resources, such as a generator over search results.
    `page` is the page the HTML shows, for formats that page like it (the `.json` twin);
    a bulk export reads `records()` instead, which is the whole listing.
    """

    request: HttpRequest
    title: str
    source: QuerySet[Resource] | Iterable[Resource] | Callable[[], Iterable[Resource]]
    kind: str = ""
    subject: Any = None
    page: Page | None = None
    # The total, where it is known without reading the source (a paginator's count).
    count: int | None = None
    # Anything else a page wants to pass its own formats (the search query, say).
    extra: dict[str, Any] = field(default_factory=dict)

    def resources(self) -> Iterator[Resource]:
        """Every resource, chunk by chunk, with what `records.record()` reads prefetched."""
        source = self.source() if callable(self.source) else self.source
        if isinstance(source, QuerySet):
            source = source.iterator(chunk_size=CHUNK_SIZE)
        rows = iter(source)
        while chunk := list(islice(rows, CHUNK_SIZE)):
            prefetch_related_objects(chunk, *records.RECORD_PREFETCH)
            yield from chunk

    def records(self) -> Iterator[Record]:
        """The neutral record of every resource, one at a time."""
        for resource in self.resources():
            yield records.record(resource, self.request)

    @property
    def filename_stem(self) -> str:
        """`europe` for /tags/europe.bib, `resources` for /resources.bib."""
        stem = self.request.path.rsplit("/", 1)[-1].split(".", 1)[0]
        return stem or "resources"
