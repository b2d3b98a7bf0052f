"""Every machine-readable representation of a page has its home here.

- registry.py: format name (the address's suffix) -> renderer, per kind of page;
- routing.py: `with_formats()` routes `<stem>/` and `<stem>.<format>` to one view;
- records.py: the neutral record of a resource that every format starts from;
- subjects.py: what a renderer gets (a resource, or a listing that streams);
- http.py: the headers every public answer shares (caching, CORS, downloads);
- twins.py: the catalogue's own format, the `.json` twin.

How to add a format: /work/notes/formats-api.md and docs/architecture.md.
"""

from __future__ import annotations

from manumit.catalog.formats.http import json_response, private_if_curator, respond
from manumit.catalog.formats.registry import (
    LISTING,
    RESOURCE,
    Format,
    formats_for,
    lookup,
    register,
    unregister,
)
from manumit.catalog.formats.routing import Alternate, alternates, twin_url, with_formats

__all__ = [
    "LISTING",
    "RESOURCE",
    "Alternate",
    "Format",
    "alternates",
    "formats_for",
    "json_response",
    "lookup",
    "private_if_curator",
    "register",
    "respond",
    "twin_url",
    "unregister",
    "with_formats",
]
