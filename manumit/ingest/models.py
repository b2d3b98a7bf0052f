"""What ingestion stores: jobs, the text of each document page by page, suggestions and
the curated keyword rules that suggest topics and sectors."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from manumit.catalog.models import Attachment, Resource, Sector, Topic
from manumit.ingest.fingerprint import Fingerprint


class Outcome(models.TextChoices):
    """How a file ended up. The same words appear in `manumit ingest --report`."""

    TEXT = "text", "Text extracted"
    OCR = "ocr", "Text recognised (OCR)"
    ENCRYPTED = "encrypted", "Encrypted: text not extracted"
    NO_TEXT = "no_text", "No text layer"
    UNREADABLE = "unreadable", "Unreadable"
    DUPLICATE = "duplicate", "Duplicate"
    REJECTED = "rejected", "Rejected"


class JobState(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class IngestJob(models.Model):
    """One run of the pipeline over one attachment, visible (and retryable) in the admin."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="ingest_jobs")
    attachment = models.ForeignKey(
        Attachment, on_delete=models.CASCADE, null=True, blank=True, related_name="ingest_jobs"
    )
    source_path = models.CharField(
        max_length=1000, blank=True, help_text="The file's path when it came from `manumit ingest`"
    )
    state = models.CharField(max_length=16, choices=JobState.choices, default=JobState.QUEUED)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    message = models.TextField(blank=True, help_text="Why it failed, in words a curator can use")
    task_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # A password a curator typed for an encrypted PDF; cleared as soon as the job has run.
    password = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_state_display()}: {self.attachment or self.resource}"


class DocumentText(models.Model):
    """What extraction learned about one attached file. Its pages hold the text."""

    attachment = models.OneToOneField(
        Attachment, on_delete=models.CASCADE, related_name="document_text"
    )
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    message = models.TextField(blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    char_count = models.PositiveIntegerField(default=0)
    language = models.CharField(max_length=8, blank=True, help_text="ISO 639-1, detected")
    metadata = models.JSONField(default=dict, blank=True, help_text="The document's own fields")
    thumbnail = models.ImageField(upload_to="thumbnails/", blank=True, max_length=500)
    extracted_at = models.DateTimeField(auto_now=True)
    # The text's fingerprint (see manumit.ingest.fingerprint), to find largely identical
    # texts without reading pages. passage_count is None until it is computed.
    passage_count = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    fingerprint = models.BinaryField(default=b"", blank=True)

    def __str__(self) -> str:
        return f"{self.attachment}: {self.get_outcome_display()}"

    def set_fingerprint(self, fingerprint: Fingerprint) -> None:
        self.passage_count = fingerprint.passages
        self.fingerprint = fingerprint.to_bytes()

    def get_fingerprint(self) -> Fingerprint | None:
        if self.passage_count is None:
            return None
        return Fingerprint.from_bytes(self.fingerprint, self.passage_count)


class NearDuplicateWarning(models.Model):
    """Another resource found, when this document was ingested, to have a similar title or
    largely the same text. Stored so that the resource page shows it without searching
    again; it goes when either side is deleted."""

    document = models.ForeignKey(
        DocumentText, on_delete=models.CASCADE, related_name="near_duplicates"
    )
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=500)

    class Meta:
        ordering = ["document", "id"]
        constraints = [
            models.UniqueConstraint(fields=["document", "resource"], name="one_warning_per_pair")
        ]

    def __str__(self) -> str:
        return self.reason


class Page(models.Model):
    """The text of one page, numbered from 1 as a PDF viewer numbers them (`#page=12`)."""

    document = models.ForeignKey(DocumentText, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField()
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="page_number_unique")
        ]

    def __str__(self) -> str:
        return f"p. {self.number}"


class SuggestionField(models.TextChoices):
    TITLE = "title", "Title"
    AUTHORS = "authors", "Authors"
    PUBLISHER = "publisher", "Publisher"
    YEAR = "year", "Year"
    LANGUAGE = "language", "Language"
    COUNTRIES = "countries", "Countries"
    REGIONS = "regions", "Regions"
    TOPICS = "topics", "Topics"
    SECTORS = "sectors", "Sectors"


class SuggestionState(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    DISMISSED = "dismissed", "Dismissed"


class Suggestion(models.Model):
    """A value ingestion proposes for one field of a resource, with its evidence.

    `value` is a string (title, language), a number (year), a list of names (authors,
    publisher) or a list of keys (country ISO codes, region, topic and sector slugs).
    `evidence` is a list of short lines a curator can check, e.g. "Thailand: 37 mentions".
    """

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="suggestions")
    field = models.CharField(max_length=16, choices=SuggestionField.choices)
    value = models.JSONField()
    evidence = models.JSONField(default=list, blank=True)
    state = models.CharField(
        max_length=16, choices=SuggestionState.choices, default=SuggestionState.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["resource", "field"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "field"], name="one_suggestion_per_field")
        ]

    def __str__(self) -> str:
        return f"{self.get_field_display()}: {self.value}"


class MatchAlgorithm(models.TextChoices):
    """How a rule's pattern is matched against a document (paperless-ngx's vocabulary)."""

    ANY = "any", "Any of the words"
    ALL = "all", "All of the words"
    LITERAL = "literal", "The exact phrase"
    REGEX = "regex", "A regular expression"


class TagRule(models.Model):
    """A curated rule: when a document's text matches, suggest this topic or sector."""

    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, null=True, blank=True, related_name="rules"
    )
    sector = models.ForeignKey(
        Sector, on_delete=models.CASCADE, null=True, blank=True, related_name="rules"
    )
    algorithm = models.CharField(max_length=8, choices=MatchAlgorithm.choices)
    pattern = models.CharField(max_length=500)
    case_sensitive = models.BooleanField(default=False)
    min_matches = models.PositiveSmallIntegerField(
        default=2, help_text="How many times the pattern must occur in the text"
    )
    enabled = models.BooleanField(default=True)
    note = models.CharField(max_length=255, blank=True, help_text="Why this rule exists")

    class Meta:
        ordering = ["topic__name", "sector__name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(topic__isnull=False) & Q(sector__isnull=True))
                | (Q(topic__isnull=True) & Q(sector__isnull=False)),
                name="tag_rule_topic_xor_sector",
            )
        ]

    def __str__(self) -> str:
        return f"{self.topic or self.sector}: {self.get_algorithm_display()} '{self.pattern}'"

    def clean(self) -> None:
        if bool(self.topic_id) == bool(self.sector_id):
            raise ValidationError("A rule suggests either a topic or a sector.")
        if self.algorithm == MatchAlgorithm.REGEX:
            import re

            try:
                re.compile(self.pattern)
            except re.error as error:
                raise ValidationError(
                    {"pattern": f"Not a valid regular expression: {error}"}
                ) from error
