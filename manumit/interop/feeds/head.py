"""`<link rel="alternate">` to a page's feeds, through the catalogue's PAGE_HEAD hook.

The catalogue knows nothing of feeds: it hands every public page's context to the hook,
and we recognise the pages that have one. A listing or browse page says what it lists in
`subject` (None for the whole library); the search page holds its `query`.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from manumit.catalog.models import Country
from manumit.interop.feeds.channels import SUBJECT_OF_MODEL, SUBJECTS, describe, query_string
from manumit.interop.feeds.generators import ATOM_TYPE, RSS_TYPE
from manumit.search.types import SearchQuery

Route = tuple[str, dict[str, str], str, str]  # route, its arguments, query string, title


def feed_route(context: dict[str, Any]) -> Route | None:
    """Which feed follows the page this context renders, if any."""
    site = settings.SITE_NAME
    query = context.get("query")
    if isinstance(query, SearchQuery) and "results" in context:
        followed = dataclasses.replace(query, page=1, sort="relevance")
        words = describe(followed, context["results"])
        return "search", {}, query_string(followed), f"{site}: search {words}"
    if "subject" not in context or "page" not in context:
        return None  # not a listing: a resource, an index of terms, an error page
    subject = context["subject"]
    if subject is None:
        return "newest", {}, "", f"{site}: newest resources"
    name = SUBJECT_OF_MODEL.get(type(subject))
    if name is None:
        return None
    value = subject.iso2.lower() if isinstance(subject, Country) else subject.slug
    title = f"{site}: {SUBJECTS[name].kind} {context.get('heading', subject)}"
    return name, {SUBJECTS[name].lookup: value}, "", title


def feed_links(request: HttpRequest, context: dict[str, Any]) -> SafeString:
    route = feed_route(context)
    if route is None:
        return SafeString("")
    name, kwargs, query, title = route
    links = []
    for kind, media_type, label in (("rss", RSS_TYPE, "RSS"), ("atom", ATOM_TYPE, "Atom")):
        path = reverse(f"feeds:{name}-{kind}", kwargs=kwargs)
        links.append((media_type, f"{title} ({label})", f"{path}?{query}" if query else path))
    return format_html_join("\n", '<link rel="alternate" type="{}" title="{}" href="{}">', links)
