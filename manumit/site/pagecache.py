"""A cache of whole public pages for anonymous readers, and conditional GET.

A page is stored under its address and the library's version (versioning.py), which
every catalogue change moves in its own transaction: after a change no process on any node
can find the old page, so the cache never serves a stale or draft page, and needs no
purging. What it stores: anonymous GETs answered 200 with HTML or a feed, no cookie set,
nothing private. What it never touches: a request with a session (a curator), with credentials,
search (its answer follows the node's index, not the database) and the machine-readable
twins and API (rate-limited per client: a cached answer would skip the count).

Each stored page carries an ETag (a hash of its body) and Last-Modified (the library's
last change); a client that sends either back gets 304 with no body.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, InterfaceError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe

from manumit.site import versioning

CACHE_ALIAS = "pages"
UNCACHED_NAMESPACES = frozenset({"search", "api", "admin"})
# Pages and their feeds; the JSON and citation twins are rate-limited (see above).
CACHED_TYPES = ("text/html", "application/rss+xml", "application/atom+xml")
# Headers replayed from a stored page; the rest (Date, the server's own) are made afresh.
SKIPPED_HEADERS = frozenset({"set-cookie", "date", "content-length"})

Stored = tuple[bytes, list[tuple[str, str]]]


class PageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not settings.PAGE_CACHE_ENTRIES or not _anonymous_read(request):
            return self.get_response(request)
        try:
            version = versioning.current()
        except (DatabaseError, InterfaceError):
            # No version to trust (the database is down or not migrated yet, or a kept
            # connection the server closed, which is an InterfaceError): serve uncached,
            # so the page's own error handling and /healthz say what is wrong.
            return self.get_response(request)
        key = _key(request, version.key)
        cache = caches[CACHE_ALIAS]
        stored: Stored | None = cache.get(key)
        if stored is not None:
            return _conditional(request, _replay(stored))
        response = self.get_response(request)
        if not _storable(request, response):
            return response
        assert isinstance(response, HttpResponse)  # _storable checked it
        _label(response, version)
        cache.set(key, _keep(response))
        return _conditional(request, response)


def _label(response: HttpResponse, version: versioning.Version) -> None:
    """What a client needs to ask again cheaply, and to know the page is per-visitor.
    A view that set its own ETag (a feed: Last-Modified is its newest entry's change, or
    absent when it has none) keeps its validators; the library's change time is coarser."""
    if "ETag" not in response:
        digest = hashlib.blake2b(response.content, digest_size=16).hexdigest()
        response["ETag"] = f'"{digest}"'
        if version.changed_at is not None:
            response["Last-Modified"] = http_date(version.changed_at.timestamp())
    patch_vary_headers(response, ("Cookie",))


def _anonymous_read(request: HttpRequest) -> bool:
    """A GET or HEAD with no session, messages or credentials, outside static files."""
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    return not request.path.startswith((settings.STATIC_URL or "/static/", settings.MEDIA_URL))


def _key(request: HttpRequest, version: str) -> str:
    # Scheme and host matter: pages carry absolute links (canonical, feeds, JSON-LD).
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return "page:" + version + ":" + hashlib.blake2b(address.encode(), digest_size=20).hexdigest()


def _storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    if request.method != "GET" or response.status_code != 200:
        return False
    if not isinstance(response, HttpResponse) or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith(CACHED_TYPES):
        return False
    control = response.get("Cache-Control", "")
    if "private" in control or "no-store" in control:
        return False
    # A response that varies on anything but Cookie (which the bypass above covers) would
    # need that header in the key.
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    if vary - {"cookie"}:
        return False
    return _cacheable_view(request)


def _cacheable_view(request: HttpRequest) -> bool:
    match = request.resolver_match
    if match is None or "format" in match.kwargs:
        return False
    if (match.url_name or "").startswith("search"):  # a search's feed follows the index too
        return False
    return not UNCACHED_NAMESPACES.intersection(match.namespaces)


def _keep(response: HttpResponse) -> Stored:
    headers = [
        (name, value) for name, value in response.items() if name.lower() not in SKIPPED_HEADERS
    ]
    return response.content, headers


def _replay(stored: Stored) -> HttpResponse:
    content, headers = stored
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    return response


def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponseBase:
    modified = response.get("Last-Modified")
    answer: Any = get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(modified) if modified else None,
        response=response,
    )
    return answer
