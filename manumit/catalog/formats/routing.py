"""Addresses by suffix: a page at `<stem>/` has its formats at `<stem>.<format>`.

This is datasette's `(\\.(?P<format>json))?` idea with Django's path converters:
`with_formats("resources/<unicode_slug:slug>", view, name="resource")` routes
`/resources/x/` to `view(request, slug="x")` and `/resources/x.bib` (or `.csl.json`) to
`view(request, slug="x", format="bib")`. The view asks the registry for the format, so an
unknown suffix is a 404 there, and a new format needs no new route.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import URLPattern, path, register_converter

from manumit.catalog.formats.registry import NAME, Format, formats_for


class FormatConverter:
    """A format name: `json`, `bib`, `csl.json`."""

    regex = NAME.pattern

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class UnicodeSlugConverter(FormatConverter):
    """A slug that may hold any letter (resource slugs do) but never a dot, so the
    suffix after the first dot is the format."""

    regex = r"[-\w]+"


register_converter(FormatConverter, "format")
register_converter(UnicodeSlugConverter, "unicode_slug")


def with_formats(
    route: str,
    view: Callable[..., Any],
    *,
    name: str,
    format_name: str | None = None,
) -> list[URLPattern]:
    """The page at `route/` and its formats at `route.<format>` (named `<name>-format`,
    or `format_name`); `route` has no trailing slash and no dot in its last part."""
    return [
        path(f"{route}/", view, name=name),
        path(f"{route}.<format:format>", view, name=format_name or f"{name}-format"),
    ]


@dataclass(frozen=True)
class Alternate:
    """One `<link rel="alternate">` of an HTML page."""

    name: str
    media_type: str
    label: str
    url: str


def twin_url(request: HttpRequest, name: str) -> str:
    """This page's address in format `name`, same query: `/tags/asia/` -> `/tags/asia.json`.
    The front page's twins are the full listing's (`/resources.json`)."""
    stem = request.path.rstrip("/") or "/resources"
    query = request.GET.urlencode()
    return f"{stem}.{name}?{query}" if query else f"{stem}.{name}"


def alternates(request: HttpRequest, kind: str, own: Iterable[Format] = ()) -> list[Alternate]:
    """Every format this page offers, as its HTML announces them."""
    return [
        Alternate(item.name, item.media_type, item.label or item.name, twin_url(request, item.name))
        for item in formats_for(kind, own)
        if item.alternate
    ]
