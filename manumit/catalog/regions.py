"""Region tags: which resources fall under a region, and how many of them are public.

A resource belongs to a region when it is tagged with that region or one of its
sub-regions, or names a country inside it. Global is its own tag, not the sum of all.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from manumit.catalog.models import Region, Resource


def descendant_ids(region: Region) -> set[int]:
    """The region and every sub-region below it (the tree is small: about 30 rows)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Region.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, frontier = {region.pk}, [region.pk]
    while frontier:
        for child in children.get(frontier.pop(), []):
            if child not in found:
                found.add(child)
                frontier.append(child)
    return found


def region_filter(region: Region) -> Q:
    if region.level == Region.Level.GLOBAL:
        return Q(regions=region)
    ids = descendant_ids(region)
    return (
        Q(regions__in=ids)
        | Q(countries__region__in=ids)
        | Q(countries__subregion__in=ids)
        | Q(countries__intermediate_region__in=ids)
    )


@dataclass
class RegionCount:
    region: Region
    count: int

    def __str__(self) -> str:
        return self.region.name

    def get_absolute_url(self) -> str:
        return self.region.get_absolute_url()


def region_counts() -> list[RegionCount]:
    """Global and the five M49 regions, each with its number of published resources."""
    tags = Region.objects.filter(level__in=[Region.Level.GLOBAL, Region.Level.REGION]).order_by(
        "name"
    )
    public = Resource.objects.public()
    return [
        RegionCount(region, public.filter(region_filter(region)).distinct().count())
        for region in tags
    ]
