"""The people and organisations who write and publish resources."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from manumit.catalog.models.fields import WebURLField


class Organisation(models.Model):
    name = models.CharField(max_length=255, unique=True)
    slug = models.SlugField(max_length=255, unique=True)
    acronym = models.CharField(max_length=40, blank=True)
    website = WebURLField(blank=True)
    country = models.ForeignKey(
        "catalog.Country", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:organisation", args=[self.slug])


class Person(models.Model):
    name = models.CharField(max_length=255, help_text="As it should appear in a byline")
    slug = models.SlugField(max_length=255, unique=True)
    affiliation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    orcid = models.CharField("ORCID", max_length=19, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:person", args=[self.slug])
