"""Which resources each feed holds, and what the feed calls itself.

A channel is everything one request's feed says: its title, the page it belongs to, its
own address and its entries. Every feed holds published resources only, whoever asks (a
curator's feed reader must never leak a draft), in the order of the page it belongs to
(newest publication date first), at most FEED_SIZE of them.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Model, Q
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse

import manumit.search as search_engine
from manumit.catalog.models import (
    Country,
    Organisation,
    Person,
    Region,
    Resource,
    ResourceType,
    Sector,
    Topic,
)
from manumit.catalog.models.resources import ResourceQuerySet
from manumit.catalog.regions import region_filter
from manumit.catalog.visibility import public_only
from manumit.interop.feeds.entries import Entry, entry, origin, with_feed_data
from manumit.search.forms import FACET_LABELS, parse_search, query_params
from manumit.search.types import SearchQuery, SearchResults

FEED_SIZE = 30
log = logging.getLogger(__name__)


class FeedUnavailable(Exception):
    """The search behind a feed cannot answer now; the reader should come back later."""


@dataclass(frozen=True)
class Channel:
    title: str
    description: str
    link: str  # the HTML page this feed follows
    path: str  # this feed's own address, without the origin; RSS and Atom differ here
    query: str  # the canonical query string ("" for all but search feeds)
    entries: list[Entry]


@dataclass(frozen=True)
class Subject:
    """A browse page that has a feed: how to find its term and its resources."""

    model: type[Model]
    kind: str  # as the page's heading says it
    page: str  # the page's route name in the catalogue
    lookup: str  # the URL argument, as the page's route names it
    resources: Callable[[Any], Q]
    private_when_empty: bool = False  # names on unpublished work only stay unknown

    def find(self, value: str) -> Any:
        if self.model is Country:
            return get_object_or_404(Country, iso2=value.upper())
        # A type, topic or sector that only drafts use has no public feed (its page is 404).
        return get_object_or_404(public_only(self.model._default_manager.all()), slug=value)

    def name(self, term: Any) -> str:
        return str(term.display_name if isinstance(term, Country) else term.name)


def _credited(organisation: Organisation) -> Q:
    return Q(publishings__organisation=organisation) | Q(authorships__organisation=organisation)


# Keyed by the catalogue's route name for the page, which is also the feed's URL name.
SUBJECTS: dict[str, Subject] = {
    "type": Subject(ResourceType, "Content type", "type", "slug", lambda t: Q(types=t)),
    "tag": Subject(Region, "Region", "tag", "slug", region_filter),
    "country": Subject(Country, "Country", "country", "iso", lambda c: Q(countries=c)),
    "topic": Subject(Topic, "Topic", "topic", "slug", lambda t: Q(topics=t)),
    "sector": Subject(Sector, "Sector", "sector", "slug", lambda s: Q(sectors=s)),
    "organisation": Subject(
        Organisation, "Organisation", "organisation", "slug", _credited, private_when_empty=True
    ),
    "person": Subject(
        Person,
        "Author",
        "person",
        "slug",
        lambda p: Q(authorships__person=p),
        private_when_empty=True,
    ),
}
SUBJECT_OF_MODEL = {subject.model: name for name, subject in SUBJECTS.items()}


def entries(request: HttpRequest, resources: ResourceQuerySet) -> list[Entry]:
    newest = with_feed_data(resources.newest_first())[:FEED_SIZE]
    return [entry(request, resource) for resource in newest]


def newest(request: HttpRequest, feed_path: str) -> Channel:
    site = settings.SITE_NAME
    return Channel(
        title=f"{site}: newest resources",
        description=f"The newest reports, guidance and tools in the {site} library.",
        link=origin(request) + reverse("catalog:home"),
        path=feed_path,
        query="",
        entries=entries(request, Resource.objects.public()),
    )


def browse(request: HttpRequest, feed_path: str, subject_name: str, value: str) -> Channel:
    subject = SUBJECTS[subject_name]
    term = subject.find(value)
    resources = Resource.objects.public().filter(subject.resources(term)).distinct()
    if subject.private_when_empty and not resources.exists():
        raise Http404("No published resource names this organisation or person.")
    name, site = subject.name(term), settings.SITE_NAME
    return Channel(
        title=f"{site}: {subject.kind} {name}",
        description=f"The newest resources in the {site} library under {subject.kind.lower()} "
        f"“{name}”.",
        link=origin(request) + term.get_absolute_url(),  # type: ignore[attr-defined]
        path=feed_path,
        query="",
        entries=entries(request, resources),
    )


# --- Search feeds -------------------------------------------------------------------------


def feed_query(params: Any) -> SearchQuery:
    """The search a feed follows: the page's words, filters and years; never its page
    or sort, because a feed always lists the newest matches first."""
    parsed = parse_search(params).query
    return dataclasses.replace(parsed, page=1, sort="relevance")


def query_string(query: SearchQuery) -> str:
    """The canonical query string of a search feed (and of its page)."""
    return urlencode(query_params(query))


def canonical_query(request: HttpRequest) -> str:
    """The query string a search feed asked for with `request` calls its own."""
    return query_string(feed_query(request.GET))


def _label(results: SearchResults, facet: str, key: str) -> str:
    for value in results.facets.get(facet, []):
        if value.key == key:
            return value.label
    return key


def describe(query: SearchQuery, results: SearchResults) -> str:
    """“forced labour”, Region: Asia, 2015-2020 (what the search asks, in words)."""
    parts = [f"“{query.text}”"] if query.text else []
    for facet, keys in query.filters.items():
        labels = ", ".join(_label(results, facet, key) for key in keys)
        parts.append(f"{FACET_LABELS.get(facet, facet)}: {labels}")
    if query.year_from or query.year_to:
        parts.append(f"{query.year_from or '…'}–{query.year_to or '…'}")
    return ", ".join(parts) or "everything"


def searched(request: HttpRequest, feed_path: str) -> Channel:
    query = feed_query(request.GET)
    try:
        results = search_engine.search(
            dataclasses.replace(query, sort="newest", page_size=FEED_SIZE)
        )
    except Exception as error:
        # An empty feed would tell readers nothing matches; a 503 tells them to wait.
        log.exception("search failed for the feed %r", query)
        raise FeedUnavailable from error
    ids = [hit.resource.pk for hit in results.hits]
    # Read again from the database with what an entry shows: the engine's cards hold less,
    # and a resource unpublished since the index saw it drops out here.
    found = {r.pk: r for r in with_feed_data(Resource.objects.public().filter(pk__in=ids))}
    wanted = query_string(query)
    site, words = settings.SITE_NAME, describe(query, results)
    page = reverse("search:page")
    return Channel(
        title=f"{site}: search {words}",
        description=f"The newest resources in the {site} library matching {words}.",
        link=origin(request) + (f"{page}?{wanted}" if wanted else page),
        path=feed_path,
        query=wanted,
        entries=[entry(request, found[pk]) for pk in ids if pk in found],
    )
