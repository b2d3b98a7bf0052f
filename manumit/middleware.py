"""Reject requests that no page can answer before they reach a view or the database."""

from __future__ import annotations

import ipaddress
import math
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest


class RejectNulBytesMiddleware:
    """A NUL byte in the path or query is never a real address.

    PostgreSQL refuses NUL in text and would turn the lookup into a server error;
    answering 400 here keeps both databases alike and the error log clean.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            return HttpResponseBadRequest("Bad request: the address contains a NUL byte.")
        return self.get_response(request)


def client_address(request: HttpRequest) -> str:
    """The client's address as the API's rate limit sees it (the proxy's last
    X-Forwarded-For entry behind TLS), for the login throttle too (AXES_CLIENT_IP_CALLABLE)."""
    from manumit.api.ratelimit import client_address as api_client_address

    return api_client_address(request)


def login_client_address(request: HttpRequest) -> str | None:
    """The same address for django-axes (AXES_CLIENT_IP_CALLABLE), which stores it in an
    IP address column: None when there is none (a test's force_login, a Unix socket)."""
    address = client_address(request)
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return None
    return address


class AnonymousRateLimitMiddleware:
    """At most `settings.PAGE_RATE_LIMIT` anonymous requests a minute per client to search
    and to machine-readable twins: they are the pages a scraper hammers, and the costliest.

    The counting is the API's (one database row per client and minute, shared by every
    process); this sits outside the layers because the pages it guards live in catalog
    (twins) and search, below the API. Counts are kept under a "pages " prefix, so a
    client's API budget and page budget are separate.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[object, ...],
        view_kwargs: dict[str, object],
    ) -> HttpResponse | None:
        from django.conf import settings

        limit = settings.PAGE_RATE_LIMIT
        if not limit or not _is_limited_page(request, view_kwargs):
            return None
        from manumit.api.ratelimit import WINDOW_SECONDS, count_request

        now = time.time()
        client = f"pages {client_address(request)}"[:64]
        if count_request(client, int(now // WINDOW_SECONDS)) <= limit:
            return None
        wait = max(1, math.ceil(WINDOW_SECONDS - now % WINDOW_SECONDS))
        response = HttpResponse(
            "Too many requests: please wait a minute before searching again.\n",
            status=429,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = str(wait)
        return response


def _is_limited_page(request: HttpRequest, view_kwargs: dict[str, object]) -> bool:
    """An anonymous request for search or for a twin (any route's `.<format>` form)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    if "format" in view_kwargs:
        return True
    match = request.resolver_match
    return match is not None and match.view_name == "search:page"
