"""Every machine-readable representation of a page has its home here.

- registry.py: format name (the address's suffix) -> renderer, per kind of page;
- routing.py: `with_formats()` routes `<stem>/` and `<stem>.<format>` to one view;
- records.py: the neutral record of a resource that every format starts from;
- subjects.py: what a renderer gets (a resource, or a listing that streams);
- http.py: the headers every public answer shares (caching, CORS, downloads);
- twins.py: the catalogue's own format, the `.json` twin.

How to add a format (BibTeX, say), from a higher app's `AppConfig.ready()`:

    formats.register(RESOURCE, Format("bib", "application/x-bibtex", render, download=True))

`render(request, item)` gets a `ResourceItem` (`.record` is the neutral record) for RESOURCE,
or a `Listing` (`.records()` streams every resource) for LISTING, and returns text, an
iterable of text (streamed) or a response. Every page of that kind then answers at
`<address>.bib` and announces it with `<link rel="alternate">`; no route changes. Test it
on a real page, as catalog/tests/test_formats.py does with its `lines.txt` format.
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
