"""OAI-PMH sets: content types, topics, and the UN M49 region tree down to countries.

    type:publications
    topic:forced-labour
    region:asia:south-eastern-asia:th

A record belongs to every ancestor of its sets as well (`region:asia` holds Thailand's
resources), as the protocol's hierarchical sets mean. Global is its own set, not the parent
of the regions, as on the site's region tags. Slugs already fit the setSpec grammar.
"""

from __future__ import annotations

from dataclasses import dataclass

from manumit.catalog.models import Country, Region, ResourceType, Topic
from manumit.interop.oai.items import Item, Place

TOP_SETS = {"type": "Content types", "region": "Regions", "topic": "Topics"}
_TOP_LEVELS = {Region.Level.REGION, Region.Level.GLOBAL}


class RegionTree:
    """The region slugs from a top-level region down to any region (about 30 rows)."""

    def __init__(self) -> None:
        rows = Region.objects.values_list("pk", "slug", "level", "parent_id")
        self._rows = {pk: (slug, level, parent) for pk, slug, level, parent in rows}

    def path(self, region_id: int | None) -> list[str]:
        slugs: list[str] = []
        while region_id is not None and region_id in self._rows:
            slug, level, parent = self._rows[region_id]
            slugs.append(slug)
            if level in _TOP_LEVELS:
                return slugs[::-1]
            region_id = parent
        return []  # not under a region (M49 puts Antarctica in none)

    def country_path(self, place: Place) -> list[str]:
        finest = place.intermediate_id or place.subregion_id or place.region_id
        above = self.path(finest)
        return [*above, place.iso2.lower()] if above else []


def _with_ancestors(path: list[str]) -> list[str]:
    return [":".join(["region", *path[:depth]]) for depth in range(len(path) + 1)]


def set_specs(item: Item, tree: RegionTree) -> list[str]:
    """Every set the item is in, ancestors included."""
    specs: set[str] = set()
    for kind in item.types:
        specs |= {"type", f"type:{kind.slug}"}
    for topic in item.topics:
        specs |= {"topic", f"topic:{topic.slug}"}
    paths = [tree.path(region_id) for region_id, _ in item.regions]
    paths += [tree.country_path(place) for place in item.countries]
    for path in paths:
        if path:
            specs.update(_with_ancestors(path))
    return sorted(specs)


@dataclass(frozen=True)
class OaiSet:
    spec: str
    name: str


def all_sets() -> list[OaiSet]:
    """Every set the repository defines, whether or not it holds records yet."""
    tree = RegionTree()
    found = [OaiSet(spec, name) for spec, name in TOP_SETS.items()]
    found += [OaiSet(f"type:{t.slug}", t.name) for t in ResourceType.objects.order_by("slug")]
    found += [OaiSet(f"topic:{t.slug}", t.name) for t in Topic.objects.order_by("slug")]
    for region in Region.objects.order_by("pk"):
        path = tree.path(region.pk)
        if path:
            found.append(OaiSet(":".join(["region", *path]), region.name))
    for country in Country.objects.order_by("iso2"):
        place = Place(
            country.iso2, country.display_name, country.region_id, country.subregion_id,
            country.intermediate_region_id,
        )  # fmt: skip
        path = tree.country_path(place)
        if path:
            found.append(OaiSet(":".join(["region", *path]), country.display_name))
    return sorted(found, key=lambda item: item.spec)
