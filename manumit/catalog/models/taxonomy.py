"""Controlled vocabularies: content types, M49 regions, ISO countries, topics and sectors."""

from __future__ import annotations

from django.db import models
from django.urls import reverse


class Term(models.Model):
    """A named, sluggable term that curators can add to."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ResourceType(Term):
    """A content type: Publications, Guidance, Online Tools, ..."""

    position = models.PositiveSmallIntegerField(default=100)

    class Meta(Term.Meta):
        ordering = ["position", "name"]
        verbose_name = "content type"

    def get_absolute_url(self) -> str:
        return reverse("catalog:type", args=[self.slug])


class Topic(Term):
    """A form of exploitation: forced labour, child labour, human trafficking, ..."""

    def get_absolute_url(self) -> str:
        return reverse("catalog:topic", args=[self.slug])


class Sector(Term):
    """An industry where exploitation occurs: agriculture, fishing and seafood, ..."""

    def get_absolute_url(self) -> str:
        return reverse("catalog:sector", args=[self.slug])


class Region(models.Model):
    """A UN M49 region (Africa, Americas, ...), sub-region, or Global.

    The six top-level regions are the public region tags (`TAGS: Europe, Asia`);
    sub-regions hang below them through `parent`.
    """

    class Level(models.TextChoices):
        GLOBAL = "global", "Global"
        REGION = "region", "Region"
        SUBREGION = "subregion", "Sub-region"
        INTERMEDIATE = "intermediate", "Intermediate region"

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    m49_code = models.CharField(max_length=3, unique=True, help_text="UN M49 numeric code")
    level = models.CharField(max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:tag", args=[self.slug])

    @property
    def top_level(self) -> Region:
        region = self
        while region.parent is not None and region.level != self.Level.REGION:
            region = region.parent
        return region


class Country(models.Model):
    """An ISO 3166-1 country or territory, placed in its M49 region and sub-region."""

    iso2 = models.CharField("ISO alpha-2", max_length=2, primary_key=True)
    iso3 = models.CharField("ISO alpha-3", max_length=3, unique=True)
    numeric = models.CharField(max_length=3, unique=True)
    name = models.CharField(max_length=120)
    common_name = models.CharField(
        max_length=120, blank=True, help_text="A shorter everyday name, e.g. 'Bolivia'"
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subregion = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="countries"
    )
    intermediate_region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.common_name or self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:country", args=[self.iso2.lower()])
