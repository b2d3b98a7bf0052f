"""The resources behind the hits shown, with what a result card shows.

Every search asks the database, in one query, for each hit's status and version, so a
draft or withdrawn resource is never shown, whatever the index or this cache holds. The
card itself (the resource with its types and authors) is remembered per process
for as long as its version holds. The version is the resource's status and `updated_at`
and the id of its latest outbox entry: whatever changes what a card shows (a renamed
author, a new type) writes an outbox entry, because the index must follow it too.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import datetime
from pathlib import Path

from django.db.models import OuterRef, Prefetch, Subquery

from manumit.catalog.models import Authorship, Resource, Status
from manumit.search.models import OutboxEntry
from manumit.search.registry import index_folder

CARDS_PER_PROCESS = 2000
FOLDERS_REMEMBERED = 4  # one per index folder in use; tests use a new folder each

Version = tuple[str, datetime, int | None]


def _latest_change() -> Subquery:
    latest = OutboxEntry.objects.filter(resource_id=OuterRef("pk")).order_by("-id").values("id")
    return Subquery(latest[:1])


def read_cards(ids: list[int]) -> dict[int, tuple[Version, Resource]]:
    """The resources behind `ids` with their card's relations (types, authors) and
    version, in three queries."""
    # By primary key alone: with `status=` in the query SQLite may walk the status index
    # over every published resource (15 ms at 100,000).
    resources = (
        Resource.objects.filter(id__in=ids)
        .annotate(latest_change=_latest_change())
        .prefetch_related(
            "types",
            Prefetch("authorships", Authorship.objects.select_related("person", "organisation")),
        )
    )
    return {r.id: ((r.status, r.updated_at, r.latest_change), r) for r in resources}


def read_versions(ids: list[int]) -> dict[int, Version]:
    """Status, `updated_at` and latest outbox entry of each resource, in one query."""
    rows = (
        Resource.objects.filter(id__in=ids)
        .annotate(latest_change=_latest_change())
        .values_list("id", "status", "updated_at", "latest_change")
    )
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


class CardCache:
    def __init__(self, size: int = CARDS_PER_PROCESS) -> None:
        self.size = size
        self._cards: OrderedDict[int, tuple[Version, Resource]] = OrderedDict()
        self._lock = threading.Lock()

    def forget(self) -> None:
        with self._lock:
            self._cards.clear()

    def load(self, ids: list[int], include_unpublished: bool) -> dict[int, Resource]:
        """The shown resources among `ids`: published ones only unless asked for."""
        with self._lock:
            remembered = any(rid in self._cards for rid in ids)
        if not remembered:  # nothing to compare: read the cards, their versions with them
            first = read_cards(ids)
            self._keep(first)
            return _shown(ids, first, include_unpublished)
        versions = read_versions(ids)
        cards: dict[int, tuple[Version, Resource]] = {}
        with self._lock:
            for rid, version in versions.items():
                cached = self._cards.get(rid)
                if cached and cached[0] == version:
                    self._cards.move_to_end(rid)
                    cards[rid] = cached
        missing = [rid for rid in versions if rid not in cards]
        if missing:
            fresh = read_cards(missing)
            self._keep(fresh)
            cards.update(fresh)
        # The status each card shows is the one just read, whichever query read it.
        return _shown(ids, cards, include_unpublished)

    def _keep(self, cards: dict[int, tuple[Version, Resource]]) -> None:
        with self._lock:
            self._cards.update(cards)
            while len(self._cards) > self.size:
                self._cards.popitem(last=False)


def _shown(
    ids: list[int], cards: dict[int, tuple[Version, Resource]], include_unpublished: bool
) -> dict[int, Resource]:
    return {
        rid: cards[rid][1]
        for rid in ids
        if rid in cards and (include_unpublished or cards[rid][1].status == Status.PUBLISHED)
    }


_caches: OrderedDict[Path, CardCache] = OrderedDict()
_caches_lock = threading.Lock()


def card_cache(index_dir: Path | str | None = None) -> CardCache:
    """This node's cache (one per index folder, as the backends are)."""
    folder = index_folder(index_dir)
    with _caches_lock:
        cache = _caches.get(folder)
        if cache is None:
            cache = _caches[folder] = CardCache()
            while len(_caches) > FOLDERS_REMEMBERED:
                _caches.popitem(last=False)
        return cache


def load_cards(ids: list[int], include_unpublished: bool) -> dict[int, Resource]:
    return card_cache().load(ids, include_unpublished)
