"""Feed addresses: each page that lists resources has an RSS feed at `<page>feed/` and an
Atom feed at `<page>feed/atom/` (see docs/feeds.md). These come before the catalogue's
routes in manumit/urls.py, and none of them is a catalogue page's address."""

from __future__ import annotations

from django.urls import URLPattern, path

from manumit.interop.feeds.generators import AtomFeed, RssFeed
from manumit.interop.feeds.views import (
    Builder,
    ChannelFeed,
    build_browse,
    build_newest,
    build_search,
)

app_name = "feeds"

FORMATS: tuple[tuple[str, str, type[RssFeed | AtomFeed]], ...] = (
    ("rss", "", RssFeed),
    ("atom", "atom/", AtomFeed),
)

# (route name, the page's address with its converters, how the channel is built)
PAGES: tuple[tuple[str, str, Builder], ...] = (
    ("newest", "", build_newest),
    ("search", "search/", build_search),
    ("type", "types/<slug:slug>/", build_browse("type")),
    ("tag", "tags/<slug:slug>/", build_browse("tag")),
    ("country", "countries/<str:iso>/", build_browse("country")),
    ("topic", "topics/<slug:slug>/", build_browse("topic")),
    ("sector", "sectors/<slug:slug>/", build_browse("sector")),
    ("organisation", "organisations/<slug:slug>/", build_browse("organisation")),
    ("person", "people/<slug:slug>/", build_browse("person")),
)

urlpatterns: list[URLPattern] = [
    path(
        f"{page}feed/{suffix}",
        ChannelFeed(feed_type, build, f"{name}-{kind}"),
        name=f"{name}-{kind}",
    )
    for name, page, build in PAGES
    for kind, suffix, feed_type in FORMATS
]
