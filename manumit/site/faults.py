"""Answers for faults outside the code: the database gone, the disk full.

A database that stops answering (PostgreSQL restarted, the SQLite file unreadable) is a
moment's outage, not a bug: readers get a friendly 503 with Retry-After (JSON for the JSON
twins), never the 500 page, and the next request after it is back is served as usual
(CONN_HEALTH_CHECKS drops a connection the server closed). A full disk while storing an
upload is the curator's to hear about: a message on the form they sent, or a 507 page;
the storage (manumit/site/storage.py) leaves no partial file, and the request's
transaction has already taken back its rows.

FaultsMiddleware answers what a view raises; `answer()` also serves the 500 handler
(manumit/site/views.py), which sees what middleware raised before or after the view.
"""

from __future__ import annotations

import errno
import logging
from collections.abc import Callable

from django.contrib import messages
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template import loader

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 10
DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})
DISK_FULL_MESSAGE = (
    "The file could not be stored: the server's disk is full. Nothing was saved; please"
    " tell the site's administrator, and try again once space has been freed."
)


def database_gone(error: BaseException) -> bool:
    """The database cannot be reached or used now (not a query's own mistake)."""
    return isinstance(error, OperationalError | InterfaceError)


def disk_full(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno in DISK_FULL_ERRNOS


def answer(request: HttpRequest, error: BaseException) -> HttpResponse | None:
    """The response for a fault this module knows; None for anything else (a bug)."""
    if database_gone(error):
        log.warning("database unavailable for %s %s: %s", request.method, request.path, error)
        return unavailable(request)
    if disk_full(error):
        log.error("disk full storing %s %s: %s", request.method, request.path, error)
        return insufficient_storage(request)
    return None


def unavailable(request: HttpRequest) -> HttpResponse:
    """503: rendered without the database or context processors, which may be what failed."""
    message = "The library is briefly unavailable. Please try again in a few seconds."
    response = _shaped(request, 503, "unavailable", message, "503.html")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def insufficient_storage(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and request.path.startswith("/admin/"):
        # The curator's own form again, with the reason at its top (the transaction that
        # wrapped the admin's save has rolled back, so nothing of it remains).
        messages.error(request, DISK_FULL_MESSAGE)
        return HttpResponseRedirect(request.get_full_path())
    return _shaped(request, 507, "insufficient_storage", DISK_FULL_MESSAGE, "507.html")


def _shaped(
    request: HttpRequest, status: int, code: str, message: str, template: str
) -> HttpResponse:
    if wants_json(request):
        body = {"error": {"code": code, "message": message, "fields": {}}}
        return JsonResponse(body, status=status)
    return HttpResponse(loader.get_template(template).render(), status=status)


def wants_json(request: HttpRequest) -> bool:
    """A JSON twin (`.json`, `.jsonld`…), the API, or a client that asks for JSON only."""
    match = getattr(request, "resolver_match", None)
    fmt = str(match.kwargs.get("format", "")) if match is not None else ""
    if fmt.startswith("json") or request.path.endswith((".json", ".jsonld")):
        return True
    if request.path.startswith("/api/"):
        return True
    accept = request.META.get("HTTP_ACCEPT", "")
    return "application/json" in accept and "text/html" not in accept


class FaultsMiddleware:
    """Turns a view's database outage or full disk into its answer (see the module)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Every 503 says when to come back (search answers its own while the index or the
        # database cannot), so clients and crawlers wait rather than hammer.
        if response.status_code == 503 and "Retry-After" not in response:
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return answer(request, exception)
