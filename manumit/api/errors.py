"""Every error the API gives has one shape:

    {"error": {"code": "invalid", "message": "…", "fields": {"limit": "…"}}}

`code` is stable (clients branch on it), `message` is for people, and `fields` names each
parameter or body field that was refused (empty when the error is not about a field).
"""

from __future__ import annotations

import errno
import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from manumit.search import SearchUnavailable

log = logging.getLogger(__name__)

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    429: "rate_limited",
    500: "server_error",
    503: "unavailable",
    507: "insufficient_storage",
}


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, str] = {}


class ErrorOut(Schema):
    error: ErrorDetail


class ApiError(Exception):
    """Raised by an operation to answer with an error of the common shape."""

    def __init__(
        self, status: int, message: str, *, fields: dict[str, str] | None = None, code: str = ""
    ) -> None:
        super().__init__(message)
        self.status, self.message = status, message
        self.fields = fields or {}
        self.code = code or CODES.get(status, "error")


def body(status: int, message: str, fields: dict[str, str] | None = None, code: str = "") -> dict:
    return {"error": {"code": code or CODES[status], "message": message, "fields": fields or {}}}


def error_response(
    status: int, message: str, fields: dict[str, str] | None = None, code: str = ""
) -> JsonResponse:
    return JsonResponse(body(status, message, fields, code), status=status)


# The operations' names for a whole schema of parameters (a Query schema, a JSON body):
# a client never sees them, so an error names the field inside.
SCHEMA_PARAMETERS = ("params", "data")


def field_name(location: Any) -> str:
    """`limit` for ("query", "limit"); `authors.0.person` for ("body", "data", "authors", 0,
    "person"): the place (query, body, …) and the schema parameter's own name go."""
    parts = [str(part) for part in location]
    if parts and parts[0] in ("body", "form", "file", "query", "path", "header", "cookie"):
        parts = parts[1:]
    if len(parts) > 1 and parts[0] in SCHEMA_PARAMETERS:
        parts = parts[1:]
    # pydantic names the member of a union it tried (`PersonCredit`); fields are lower case.
    parts = [part for part in parts if not part[:1].isupper()]
    return ".".join(parts) or "body"


def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields: dict[str, str] = {}
    for error in exc.errors:
        name = field_name(error.get("loc", ()))
        fields.setdefault(name, str(error.get("msg", "is not valid")))
    names = ", ".join(fields) or "the request"
    return error_response(422, f"Check {names}: see `fields`.", fields)


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    status = exc.status_code if exc.status_code in CODES else 400
    if isinstance(exc, AuthenticationError):
        response = error_response(401, "This operation needs a curator's API token.")
        response["WWW-Authenticate"] = "Bearer"
        return response
    if status == 429:
        return error_response(429, "Too many requests from this address; see Retry-After.")
    return error_response(status, str(exc) or "The request was refused.")


def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return error_response(exc.status, exc.message, exc.fields, exc.code)


def _not_found(request: HttpRequest, exc: Any) -> HttpResponse:
    return error_response(404, "There is nothing at this address.")


def _forbidden(request: HttpRequest, exc: Any) -> HttpResponse:
    return error_response(403, str(exc) or "Your account may not do this.")


def _too_large(request: HttpRequest, exc: Any) -> HttpResponse:
    return error_response(413, "The request body is larger than the server accepts.")


def _unavailable(request: HttpRequest, exc: Any) -> HttpResponse:
    """The search index cannot answer for a moment (logged where it failed)."""
    response = error_response(503, str(getattr(exc, "message", "")) or "Try again shortly.")
    response["Retry-After"] = "30"
    return response


def _database_gone(request: HttpRequest, exc: Any) -> HttpResponse:
    """The database is unreachable for a moment (restarted, say): retry, not a bug."""
    log.warning("API: database unavailable on %s %s: %s", request.method, request.path, exc)
    response = error_response(503, "The library is briefly unavailable; try again shortly.")
    response["Retry-After"] = "10"
    return response


def _os_error(request: HttpRequest, exc: OSError) -> HttpResponse:
    """A full disk while storing an upload: the storage left no partial file and the
    transaction took back the rows, so the client may simply try again later."""
    if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
        return _server_error(request, exc)
    log.error("API: disk full on %s %s: %s", request.method, request.path, exc)
    return error_response(507, "The server's disk is full: the file was not stored.")


def _server_error(request: HttpRequest, exc: Any) -> HttpResponse:
    log.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return error_response(500, "Something went wrong on our side; it has been logged.")


def install(api: NinjaAPI) -> None:
    """Give `api` the common error shape for everything it raises."""
    api.add_exception_handler(Exception, _server_error)
    api.add_exception_handler(ValidationError, _validation)  # type: ignore[arg-type]
    api.add_exception_handler(HttpError, _http_error)  # type: ignore[arg-type]
    api.add_exception_handler(ApiError, _api_error)  # type: ignore[arg-type]
    api.add_exception_handler(Http404, _not_found)
    api.add_exception_handler(PermissionDenied, _forbidden)
    api.add_exception_handler(RequestDataTooBig, _too_large)
    api.add_exception_handler(SearchUnavailable, _unavailable)
    api.add_exception_handler(OperationalError, _database_gone)
    api.add_exception_handler(InterfaceError, _database_gone)
    api.add_exception_handler(OSError, _os_error)  # type: ignore[arg-type]


def json_method_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Ninja answers a method a path does not serve with a bare-text 405; give it the
    common shape, keeping the Allow header."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and "Allow" in response:
            allowed = response["Allow"]
            response = error_response(405, f"This address answers {allowed} only.")
            response["Allow"] = allowed
        return response

    return wrapped


def not_found_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Any other address under /api/: a JSON 404, not the site's HTML page."""
    return error_response(404, "There is no API operation at this address; see /api/v1/docs.")
