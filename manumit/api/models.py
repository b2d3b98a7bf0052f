"""What the API stores: curators' tokens (only a hash of each) and the anonymous request
counters behind the rate limit."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiToken(models.Model):
    """A curator's key for writing through the API.

    The token itself is shown once, when it is made; only its SHA-256 is kept. A token
    is 32 random bytes, so a fast hash is enough: there is nothing to guess by brute force,
    unlike a password. `prefix` (its first characters) lets a curator tell tokens apart.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. 'import script'")
    prefix = models.CharField(max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])


class RequestCount(models.Model):
    """Anonymous requests from one client in one minute. Kept in the database so that
    every web process counts against the same limit."""

    client = models.CharField(max_length=64)
    minute = models.BigIntegerField(help_text="Minutes since the Unix epoch")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "minute"], name="one_count_per_minute")
        ]
        indexes = [models.Index(fields=["minute"])]

    def __str__(self) -> str:
        return f"{self.client} @ {self.minute}: {self.count}"
