"""A library resource and its ordered authors and publishers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from manumit.catalog import formatting
from manumit.catalog.models.fields import WebURLField
from manumit.catalog.sanitize import sanitize_html

if TYPE_CHECKING:
    from manumit.catalog.models.agents import Organisation, Person
    from manumit.catalog.models.attachments import Attachment


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


def validate_language(code: str) -> None:
    """A two-letter ISO 639-1 code; pages use it as the lang attribute of the title."""
    import pycountry

    if not (len(code) == 2 and pycountry.languages.get(alpha_2=code.lower())):
        raise ValidationError(f"'{code}' is not a two-letter ISO 639-1 language code (en, fr, zh).")


class ResourceQuerySet(models.QuerySet["Resource"]):
    def public(self) -> ResourceQuerySet:
        """Only what anonymous visitors may see: published resources."""
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user: object) -> ResourceQuerySet:
        """Curators (who may view resources in the admin) preview every status;
        everybody else, staff without a curator role included, sees published ones."""
        has_perm = getattr(user, "has_perm", None)
        if getattr(user, "is_staff", False) and has_perm and has_perm("catalog.view_resource"):
            return self.all()
        return self.public()

    def newest_first(self) -> ResourceQuerySet:
        return self.order_by(
            models.F("pub_date").desc(nulls_last=True), "-published_at", "-created_at", "-id"
        )

    def with_listing_data(self) -> ResourceQuerySet:
        """Prefetch what a listing card shows, so a page costs a fixed number of queries."""
        return self.prefetch_related("types", "regions")


class Resource(models.Model):
    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    types = models.ManyToManyField(
        "catalog.ResourceType", blank=True, related_name="resources", verbose_name="content types"
    )
    description = models.TextField(
        blank=True, help_text="Rich text; unsafe HTML is removed when saved"
    )
    pub_date = models.DateField("publication date", null=True, blank=True)
    pub_date_precision = models.CharField(
        "date precision", max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    regions = models.ManyToManyField("catalog.Region", blank=True, related_name="resources")
    countries = models.ManyToManyField("catalog.Country", blank=True, related_name="resources")
    topics = models.ManyToManyField("catalog.Topic", blank=True, related_name="resources")
    sectors = models.ManyToManyField("catalog.Sector", blank=True, related_name="resources")
    language = models.CharField(
        max_length=8,
        default="en",
        validators=[validate_language],
        help_text="Two-letter ISO 639-1 code: en, fr, zh, ...",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    source_url = WebURLField("source URL", max_length=500, blank=True)
    doi = models.CharField("DOI", max_length=200, blank=True)
    isbn = models.CharField("ISBN", max_length=20, blank=True)
    wp_post_id = models.PositiveIntegerField(
        "legacy WordPress post id", null=True, blank=True, unique=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = [models.F("pub_date").desc(nulls_last=True), "-id"]
        permissions = [("publish_resource", "Can publish and withdraw resources")]
        indexes = [
            models.Index(fields=["status", "pub_date"]),
            # An import finds the resource a record already is by these (importers/matching.py).
            models.Index(Lower("doi"), name="resource_doi_folded"),
            models.Index(fields=["isbn"], name="resource_isbn"),
            models.Index(fields=["source_url"], name="resource_source_url"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("catalog:resource", args=[self.slug])

    def clean(self) -> None:
        if self.pub_date is None and self.pub_date_precision != DatePrecision.DAY:
            raise ValidationError({"pub_date": "A date precision needs a date."})

    def save(self, *args: object, **kwargs: object) -> None:
        self.description = sanitize_html(self.description)
        if not self.slug:
            self.slug = unique_slug(self.title, exclude_pk=self.pk)
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def is_public(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def year(self) -> int | None:
        return self.pub_date.year if self.pub_date else None

    @property
    def language_name(self) -> str:
        """`Chinese` for `zh`: the ISO 639 name, or the code itself when it is unknown."""
        import pycountry

        found = pycountry.languages.get(alpha_2=self.language) if self.language else None
        return found.name if found else self.language

    @property
    def display_date(self) -> str:
        return formatting.format_date(self.pub_date, self.pub_date_precision)

    @property
    def excerpt(self) -> str:
        return formatting.excerpt(self.description)

    def ordered_authors(self) -> list[Person | Organisation]:
        return [credit.agent for credit in self.authorships.all()]

    def ordered_publishers(self) -> list[Organisation]:
        return [credit.organisation for credit in self.publishings.all()]

    @property
    def byline(self) -> str:
        return formatting.byline([str(agent) for agent in self.ordered_authors()])

    @property
    def citation(self) -> str:
        return self.citation_for()

    def citation_for(self, attachment: Attachment | None = None) -> str:
        """`Title - Publisher, Year`; a labelled attachment (an edition, a part) is the title."""
        title = (attachment.label if attachment else "") or self.title
        publishers = [org.name for org in self.ordered_publishers()]
        return formatting.citation(title, publishers, self.year)


def unique_slug(title: str, exclude_pk: int | None = None) -> str:
    """A slug for `title` that no other resource (or old slug) uses: `title`, `title-2`, ..."""
    base = (slugify(title, allow_unicode=True) or "resource")[:180].strip("-")
    candidate, number = base, 1
    while (
        Resource.objects.filter(slug=candidate).exclude(id=exclude_pk or 0).exists()
        or LegacySlug.objects.filter(slug=candidate).exists()
    ):
        number += 1
        candidate = f"{base}-{number}"
    return candidate


class Authorship(models.Model):
    """One author of a resource: a person or an organisation, in byline order."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="authorships")
    position = models.PositiveSmallIntegerField(default=0)
    person = models.ForeignKey(
        "catalog.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="credits"
    )
    organisation = models.ForeignKey(
        "catalog.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="authored",
    )

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(person__isnull=False, organisation__isnull=True)
                    | Q(person__isnull=True, organisation__isnull=False)
                ),
                name="authorship_person_xor_organisation",
            )
        ]

    def __str__(self) -> str:
        return str(self.agent)

    def clean(self) -> None:
        if (self.person_id is None) == (self.organisation_id is None):
            raise ValidationError("Choose either a person or an organisation as the author.")

    @property
    def agent(self) -> Person | Organisation:
        agent = self.person or self.organisation
        assert agent is not None  # guaranteed by the check constraint
        return agent


class Publishing(models.Model):
    """One publisher of a resource, in citation order."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="publishings")
    organisation = models.ForeignKey(
        "catalog.Organisation", on_delete=models.PROTECT, related_name="published"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "organisation"], name="publisher_once_per_resource"
            )
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class LegacySlug(models.Model):
    """A slug a resource was known by before (an old WordPress permalink, a renamed title)."""

    slug = models.SlugField(max_length=255, unique=True, allow_unicode=True)
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="legacy_slugs")

    def __str__(self) -> str:
        return self.slug
