"""Facet counts from the backend, labelled for people, each facet as its spec says.

Labels are remembered in the process: a search shows hundreds of facet values and their
names rarely change. A save or delete of a term in this process forgets them at once
(`forget_labels`, connected in signals.py); other processes notice within
`LABELS_TTL_SECONDS`.

The remembered labels are the public ones: a type, topic, sector or organisation named
only on unpublished work has no label for anonymous visitors (catalog.visibility), so a
chip or `/search.json` shows the key that was asked for, exactly as for a key that names
nothing; a curator's search looks those up apart, unremembered.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from typing import Any

from django.apps import apps

from manumit.catalog.visibility import public_only
from manumit.search.facet_specs import SPECS, FacetSpec
from manumit.search.types import FACETS, FacetValue, SearchQuery

LABELS_TTL_SECONDS = 60.0


class Facet:
    """One facet's labels, remembered, and its order, both as its spec says."""

    def __init__(self, spec: FacetSpec) -> None:
        self.spec = spec
        self._known: dict[str, str] = {}
        self._missing: set[str] = set()  # keys with no row: asked once per period, not per search
        self._since = time.monotonic()
        self._lock = threading.Lock()

    def labels(self, keys: Iterable[str], *, unpublished: bool = False) -> dict[str, str]:
        """Public labels of `keys`; with `unpublished` (a curator), every label."""
        wanted = set(keys)
        with self._lock:
            if time.monotonic() - self._since > LABELS_TTL_SECONDS:
                self._forget()
            unknown = wanted - self._known.keys() - self._missing
        if unknown:
            found = self.read_labels(unknown)
            with self._lock:
                self._known.update(found)
                self._missing.update(unknown - found.keys())
        known = self._known
        found = {key: known[key] for key in wanted if key in known}
        if unpublished and wanted - found.keys():
            found.update(self.read_labels(wanted - found.keys(), public=False))
        return found

    def read_labels(self, keys: set[str], *, public: bool = True) -> dict[str, str]:
        if self.spec.labels is not None:
            return self.spec.labels(keys)
        field = self.spec.key_field
        rows = apps.get_model(self.spec.model).objects.filter(**{f"{field}__in": sorted(keys)})
        if public:
            rows = public_only(rows)
        return {str(getattr(row, field)): str(row) for row in rows}

    def forget(self) -> None:
        with self._lock:
            self._forget()

    def _forget(self) -> None:
        self._known, self._missing, self._since = {}, set(), time.monotonic()

    def order(self, values: list[FacetValue]) -> list[FacetValue]:
        if self.spec.order == "newest":
            return sorted(values, key=lambda value: value.key, reverse=True)
        return sorted(values, key=lambda value: (-value.count, value.label.casefold()))


KINDS: dict[str, Facet] = {spec.key: Facet(spec) for spec in SPECS}


def labelled_models() -> tuple[type[Any], ...]:
    """The models whose rows name facet values: a change to one forgets the remembered
    labels."""
    return tuple(apps.get_model(spec.model) for spec in SPECS if spec.model)


def forget_labels(*args: Any, **kwargs: Any) -> None:
    """Forget every remembered label (a signal receiver: any arguments)."""
    for kind in KINDS.values():
        kind.forget()


def label(counts: dict[str, dict[str, int]], query: SearchQuery) -> dict[str, list[FacetValue]]:
    """Every facet of FACETS, in order, with labels; selected values stay listed (with
    their count, 0 if none) so they can be removed."""
    labelled: dict[str, list[FacetValue]] = {}
    for facet in FACETS:
        found = dict(counts.get(facet, {}))
        selected = set(query.filters.get(facet, ()))
        for key in selected:
            found.setdefault(key, 0)
        kind = KINDS[facet]
        names = kind.labels(found, unpublished=query.include_unpublished) if found else {}
        values = [
            FacetValue(key, names.get(key, key), count, key in selected)
            for key, count in found.items()
            if count or key in selected
        ]
        labelled[facet] = kind.order(values)
    return labelled
