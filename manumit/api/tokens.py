"""Making and checking curators' API tokens (`Authorization: Bearer mnm_…`)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from manumit.api.models import ApiToken

PREFIX = "mnm_"
# Writing last_used_at on every request would turn each read into a write; once a minute
# is enough to tell a curator which tokens are in use.
TOUCH_EVERY = timedelta(minutes=1)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue(user: Any, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`: the stored row and the token, which is never stored."""
    token = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(
        user=user, name=name, prefix=token[: len(PREFIX) + 6], digest=digest(token)
    )
    return row, token


def user_for(token: str) -> AbstractBaseUser | None:
    """The active curator this token belongs to, or None for an unknown or revoked one."""
    if not token.startswith(PREFIX) or len(token) > 100:
        return None
    row = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest(token), revoked_at__isnull=True)
        .first()
    )
    if row is None or not row.user.is_active or not row.user.is_staff:
        return None
    now = timezone.now()
    if row.last_used_at is None or now - row.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.user


def bearer_token(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


class TokenAuth(HttpBearer):
    """Writes need a token. Session cookies are not accepted at all, so a page on another
    site cannot write with a logged-in curator's browser (no CSRF hole to close)."""

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> AbstractBaseUser | None:
        user = user_for(token)
        if user is not None:
            request.user = user  # type: ignore[assignment]
        return user
