"""What search adds to the catalogue's listing and browse pages (through its hooks)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from manumit.search.forms import search_within


def search_within_box(request: HttpRequest, context: dict[str, Any]) -> dict[str, Any]:
    """A LISTING_CONTEXT hook: the facet that narrows a search to the page's subject, so a
    browse page such as /tags/europe/ can offer "Search within Europe"."""
    return {"search_within": search_within(context.get("subject"))}
