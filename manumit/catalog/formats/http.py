"""The HTTP side shared by every public page and its formats: caching, CORS, downloads."""

from __future__ import annotations

from typing import Any, TypeVar

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
    StreamingHttpResponse,
)

from manumit.catalog.formats.registry import Body, Format

HttpResponseT = TypeVar("HttpResponseT", bound=HttpResponseBase)


def private_if_curator(request: HttpRequest, response: HttpResponseT) -> HttpResponseT:
    """A curator's pages may show drafts: they must never land in a shared cache."""
    if not request.user.is_anonymous:
        response["Cache-Control"] = "private, no-store"
    return response


def public_data(request: HttpRequest, response: HttpResponseT) -> HttpResponseT:
    """Headers of every machine-readable answer: open to any site for anonymous readers
    (it is the public record), private for curators (it may hold drafts)."""
    if request.user.is_anonymous:
        response["Access-Control-Allow-Origin"] = "*"
    return private_if_curator(request, response)


def json_response(request: HttpRequest, data: dict[str, Any]) -> JsonResponse:
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    return public_data(request, response)


def respond(request: HttpRequest, format: Format, subject: Any) -> HttpResponseBase:
    """Render `subject` (a ResourceItem or a Listing) in `format` and answer with it."""
    response = as_response(format.render(request, subject), format.media_type)
    if format.download and not response.has_header("Content-Disposition"):
        filename = f"{subject.filename_stem}.{format.name}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return public_data(request, response)


def as_response(body: Body, media_type: str) -> HttpResponseBase:
    """A whole body is sent at once; a body in pieces streams as the renderer yields it."""
    if isinstance(body, HttpResponseBase):
        return body
    content_type = with_charset(media_type)
    if isinstance(body, str | bytes):
        return HttpResponse(body, content_type=content_type)
    # StreamingHttpResponse encodes each str piece in the response's charset (UTF-8).
    return StreamingHttpResponse(body, content_type=content_type)


def with_charset(media_type: str) -> str:
    """Text is always UTF-8 here; say so, so no client guesses Latin-1."""
    if "charset=" in media_type or not _is_text(media_type):
        return media_type
    return f"{media_type}; charset=utf-8"


def _is_text(media_type: str) -> bool:
    return media_type.startswith("text/") or media_type.split(";")[0].endswith(
        ("json", "xml", "bibtex", "research-info-systems")
    )
