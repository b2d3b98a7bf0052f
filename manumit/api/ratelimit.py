"""The anonymous rate limit: at most `settings.API_RATE_LIMIT` requests a minute per client.

Counts live in the database (`RequestCount`), one row per client and minute, raised with a
single UPDATE, so every web process and thread shares them; SQLite and PostgreSQL both
apply such an UPDATE atomically. Requests that carry a valid token (curators) are not
counted. A fixed window lets a client send up to twice the limit across a minute boundary;
that is the price of one row per minute instead of one per request.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from manumit.api.models import RequestCount
from manumit.api.tokens import bearer_token, user_for

WINDOW_SECONDS = 60


def client_address(request: HttpRequest) -> str:
    """The client's IP address. Behind the TLS proxy (MANUMIT_HTTPS=true) that is the last
    X-Forwarded-For entry, the one the proxy added; a client can forge only earlier ones."""
    remote = str(request.META.get("REMOTE_ADDR") or "unknown")
    if settings.SECURE_HTTPS:
        forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",")]
        if forwarded[-1]:
            return forwarded[-1][:64]
    return remote[:64]


def count_request(client: str, minute: int) -> int:
    """Add one to the client's count for this minute and return the new count."""
    count = _raise_count(client, minute)
    if count is not None:
        return count
    try:
        with transaction.atomic():
            RequestCount.objects.create(client=client, minute=minute, count=1)
        forget_old(minute)
        return 1
    except IntegrityError:  # another process made the row first
        return _raise_count(client, minute) or 0


def _raise_count(client: str, minute: int) -> int | None:
    """One statement that adds one and reads the new count back (UPDATE … RETURNING, in
    SQLite since 3.35 and in PostgreSQL), where the ORM needs an UPDATE and a SELECT: every
    anonymous API read and search pays this. None when the client has no row yet."""
    quote = connection.ops.quote_name
    table, count = quote(RequestCount._meta.db_table), quote("count")
    with connection.cursor() as cursor:
        # Only the model's own names are spliced in; the values are parameters.
        cursor.execute(
            f"UPDATE {table} SET {count} = {count} + 1"  # noqa: S608
            f" WHERE {quote('client')} = %s AND {quote('minute')} = %s RETURNING {count}",
            [client, minute],
        )
        row = cursor.fetchone()
    return None if row is None else int(row[0])


def forget_old(minute: int) -> None:
    """Past minutes no longer count; they go when a client starts a new minute."""
    RequestCount.objects.filter(minute__lt=minute - 1).delete()


class AnonymousRateLimit(BaseThrottle):
    """One instance serves every thread, so it keeps no state between its two calls."""

    def allow_request(self, request: HttpRequest) -> bool:
        token = bearer_token(request)
        if token and user_for(token) is not None:
            return True
        now = time.time()
        minute = int(now // WINDOW_SECONDS)
        return count_request(client_address(request), minute) <= settings.API_RATE_LIMIT

    def wait(self) -> float | None:
        """Seconds until the next minute starts, when the count begins again."""
        return max(1.0, WINDOW_SECONDS - time.time() % WINDOW_SECONDS)
