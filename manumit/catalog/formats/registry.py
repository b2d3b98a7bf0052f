"""Which machine-readable formats each kind of page offers, by the suffix of its address.

A format is a name (its suffix: `json`, `bib`, `csl.json`), a media type and a renderer.
Apps register formats for a *kind* of page from their `AppConfig.ready()`; the catalogue
looks them up by the suffix a request asked for, without knowing who registered them.

Two kinds exist: RESOURCE pages (`/resources/<slug>.<format>`), whose renderer gets a
`ResourceItem`, and LISTING pages (the full listing, browse pages, search results:
`/tags/europe.<format>`, `/search.<format>?q=...`), whose renderer gets a `Listing` that
streams its resources.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponseBase

RESOURCE = "resource"
LISTING = "listing"
KINDS = (RESOURCE, LISTING)

# What a renderer may return: a whole body, a body in pieces (streamed as it is produced),
# or a finished response (to set its own status or headers).
Body = str | bytes | Iterable[str] | Iterable[bytes] | HttpResponseBase
Renderer = Callable[[HttpRequest, Any], Body]

# Lower-case words joined by dots, so `csl.json` is one format and not `csl` with `.json`.
NAME = re.compile(r"[a-z0-9]+(?:\.[a-z0-9]+)*")


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str
    render: Renderer
    # Shown to people in download links: "BibTeX", "CSV".
    label: str = ""
    # A download is saved as a file named after the page (`<slug>.bib`); a twin is shown.
    download: bool = False
    # Whether HTML pages announce this format with <link rel="alternate">.
    alternate: bool = True

    def __post_init__(self) -> None:
        if not NAME.fullmatch(self.name):
            raise ValueError(f"A format name is lower-case words joined by dots: {self.name!r}.")


_registry: dict[str, dict[str, Format]] = {kind: {} for kind in KINDS}


def register(kind: str, format: Format) -> Format:
    """Offer `format` on every page of `kind`. Registering the same format again is a
    no-op (a `ready()` that runs twice); a different format under a taken name is an error."""
    known = _registry[_checked(kind)].setdefault(format.name, format)
    if known != format:
        raise ValueError(f"The {kind} format {format.name!r} is already registered.")
    return format


def unregister(kind: str, name: str) -> None:
    """Withdraw a format (tests that plug in a temporary one)."""
    _registry[_checked(kind)].pop(name, None)


def formats_for(kind: str, own: Iterable[Format] = ()) -> list[Format]:
    """The formats a page of `kind` offers, in registration order; a page's `own` formats
    (the search page's JSON, say) take the place of registered ones of the same name."""
    offered = dict(_registry[_checked(kind)])
    offered.update((item.name, item) for item in own)
    return list(offered.values())


def lookup(kind: str, name: str, own: Iterable[Format] = ()) -> Format | None:
    """The format a suffix asks for, or None for the HTML page itself (no suffix).

    An unknown suffix is a page that does not exist: 404, never a guess."""
    if not name:
        return None
    for item in formats_for(kind, own):
        if item.name == name:
            return item
    raise Http404(f"This page has no {name!r} format.")


def _checked(kind: str) -> str:
    if kind not in _registry:
        raise ValueError(f"Pages are of kind {' or '.join(KINDS)}, not {kind!r}.")
    return kind
