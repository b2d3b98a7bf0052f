"""Reject requests that no page can answer before they reach a view or the database."""

from __future__ import annotations

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
