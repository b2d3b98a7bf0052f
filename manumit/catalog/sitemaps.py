"""sitemap.xml: every published resource and browse page, for search engines."""

from __future__ import annotations

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet

from manumit.catalog.models import Organisation, Region, Resource, ResourceType, Topic


class ResourceSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = 5000

    def items(self) -> QuerySet[Resource]:
        return Resource.objects.public().order_by("pk")

    def lastmod(self, resource: Resource) -> datetime.datetime:
        return resource.updated_at


class BrowseSitemap(Sitemap):
    """Region, type, topic and organisation pages that have public resources."""

    changefreq = "weekly"
    priority = 0.5

    def items(self) -> list[object]:
        public = Resource.objects.public()
        terms: list[object] = []
        terms += Region.objects.filter(resources__in=public).distinct()
        terms += ResourceType.objects.filter(resources__in=public).distinct()
        terms += Topic.objects.filter(resources__in=public).distinct()
        terms += Organisation.objects.filter(published__resource__in=public).distinct()
        return terms


SITEMAPS = {"resources": ResourceSitemap, "browse": BrowseSitemap}
