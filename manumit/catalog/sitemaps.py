"""sitemap.xml: every published resource and browse page, for search engines."""

from __future__ import annotations

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import Q, QuerySet

from manumit.catalog.models import (
    Country,
    Organisation,
    Person,
    Resource,
    ResourceType,
    Sector,
    Topic,
)
from manumit.catalog.regions import region_counts


class ResourceSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = 5000

    def items(self) -> QuerySet[Resource]:
        return Resource.objects.public().order_by("pk")

    def lastmod(self, resource: Resource) -> datetime.datetime:
        return resource.updated_at


class BrowseSitemap(Sitemap):
    """Every browse page that lists at least one published resource."""

    changefreq = "weekly"
    priority = 0.5

    def items(self) -> list[object]:
        public = Resource.objects.public()
        pages: list[object] = [count.region for count in region_counts() if count.count]
        for model in (ResourceType, Topic, Sector, Country):
            pages += model.objects.filter(resources__in=public).distinct()
        pages += Organisation.objects.filter(
            Q(published__resource__in=public) | Q(authored__resource__in=public)
        ).distinct()
        pages += Person.objects.filter(credits__resource__in=public).distinct()
        return pages


SITEMAPS = {"resources": ResourceSitemap, "browse": BrowseSitemap}
