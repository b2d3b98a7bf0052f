"""Bibliographic exports (BibTeX, RIS, CSL-JSON, CSV) from the catalogue's format registry.

These are the same bytes a visitor downloads from `/resources.bib`: the renderers are the
ones registered for listings (by the open interfaces, which this app must not import), and
the export hands them a `Listing` of the chosen resources. Their records carry absolute
addresses, so the request they are given names the site's address (`--site`).
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponseBase
from django.test import RequestFactory

from manumit.catalog import formats
from manumit.catalog.formats.subjects import Listing
from manumit.catalog.models import Resource

# `manumit export --format X` -> the registry's name for X.
REGISTRY_NAMES = {"bibtex": "bib", "ris": "ris", "csl-json": "csl.json", "csv": "csv"}
DEFAULT_SITE = "http://localhost:8000"


class UnknownFormat(ValueError):
    pass


def request_for(site: str) -> HttpRequest:
    """A request from nobody in particular (the records say nothing private) on `site`."""
    parts = urlsplit(site)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImproperlyConfigured(f"--site is an address such as {DEFAULT_SITE}, not {site!r}.")
    host = parts.netloc
    request = RequestFactory().get("/resources", secure=parts.scheme == "https", HTTP_HOST=host)
    # The request is built here, never received: ALLOWED_HOSTS guards against forged Host
    # headers, which this is not, so the site's own name is taken as it is given.
    request.get_host = lambda: host  # type: ignore[method-assign]
    return request


def chunks(name: str, resources: QuerySet[Resource], site: str) -> Iterator[str | bytes]:
    """The export of `resources` in format `name` (a key of REGISTRY_NAMES), as it streams."""
    registered = REGISTRY_NAMES.get(name)
    try:
        chosen = formats.lookup(formats.LISTING, registered or "")
    except Http404:
        chosen = None
    if chosen is None:
        offered = ", ".join(sorted(REGISTRY_NAMES))
        raise UnknownFormat(f"No {name!r} export here; the formats are manumit, {offered}.")
    request = request_for(site)
    listing = Listing(request, "Resources", source=resources.order_by("pk"))
    body = chosen.render(request, listing)
    if isinstance(body, HttpResponseBase):
        raise UnknownFormat(f"The {name} format answered a page, not an export.")
    if isinstance(body, str | bytes):
        yield body
        return
    yield from body
