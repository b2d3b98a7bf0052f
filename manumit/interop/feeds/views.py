"""The feed views: Django's syndication `Feed`, fed by a channel, with caching headers.

One `ChannelFeed` per address and format. It answers:
- 301 to the canonical address when the query string (or a country code's case) is not
  the one the feed calls itself, so `atom:link rel="self"` always equals the address read;
- 200 with `ETag` (a digest of the body) and `Last-Modified` (the newest entry's change),
  and 304 when the reader's `If-None-Match` still holds. `If-Modified-Since` alone is not
  trusted: a resource leaving a feed (withdrawn, re-tagged) makes it change without any
  entry getting newer.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.feedgenerator import SyndicationFeed
from django.utils.http import http_date

from manumit.interop.feeds import channels
from manumit.interop.feeds.channels import Channel
from manumit.interop.feeds.entries import Entry, origin
from manumit.interop.feeds.generators import AtomFeed, RssFeed

# Feed readers poll; five minutes of shared caching costs a new resource little delay.
MAX_AGE = 300
RETRY_AFTER = 60
UNAVAILABLE = "This feed's search is not available at the moment. Please try again in a minute."

Builder = Callable[..., Channel]


class ChannelFeed(Feed):  # type: ignore[type-arg]  # django-stubs: Feed is generic
    language = "en"

    def __init__(self, feed_type: type[RssFeed | AtomFeed], build: Builder, route: str) -> None:
        self.feed_type = feed_type
        self.content_type = feed_type.content_type
        self.build = build
        self.route = route

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        path = reverse(f"feeds:{self.route}", args=args, kwargs=_canonical_kwargs(kwargs))
        # Before any work: an equivalent address is sent on to the one the feed calls itself.
        query = channels.canonical_query(request) if self.route.startswith("search-") else ""
        address = f"{path}?{query}" if query else path
        if request.get_full_path() != address:
            return HttpResponsePermanentRedirect(address)
        try:
            channel = self.build(request, path, *args, **kwargs)
        except channels.FeedUnavailable:
            response = HttpResponse(UNAVAILABLE, status=503, content_type="text/plain")
            response["Retry-After"] = str(RETRY_AFTER)
            return response
        feed = self.get_feed(channel, request)
        response = HttpResponse(content_type=self.content_type)
        feed.write(response, "utf-8")
        return _cached(request, response, channel)

    # Feed-level facts, read from the channel Django passes as `obj`.
    def title(self, channel: Channel) -> str:
        return channel.title

    def description(self, channel: Channel) -> str:
        return channel.description

    def link(self, channel: Channel) -> str:
        return channel.link

    def feed_url(self, channel: Channel) -> str:
        return _self_url(channel)

    def feed_guid(self, channel: Channel) -> str:
        # The feed's own canonical address: one id per feed, the same every time.
        return _self_url(channel)

    def author_name(self) -> str:
        return str(settings.SITE_NAME)

    def feed_extra_kwargs(self, channel: Channel) -> dict[str, Any]:
        return {"generator": str(settings.SITE_NAME)}

    def items(self, channel: Channel) -> list[Entry]:
        return channel.entries

    # Item facts: the generators write elements from the entry itself; Django still reads
    # these to order its own work (dates for lastBuildDate and atom:updated).
    def item_title(self, entry: Entry) -> str:
        return entry.title

    def item_link(self, entry: Entry) -> str:
        return entry.link

    def item_description(self, entry: Entry) -> str:
        return entry.summary

    def item_guid(self, entry: Entry) -> str:
        return entry.guid

    def item_pubdate(self, entry: Entry) -> Any:
        return entry.published

    def item_updateddate(self, entry: Entry) -> Any:
        return entry.updated

    def item_extra_kwargs(self, entry: Entry) -> dict[str, Any]:
        return {"entry": entry}

    def get_feed(self, obj: Channel, request: HttpRequest) -> SyndicationFeed:
        feed = super().get_feed(obj, request)
        feed.feed["author_link"] = origin(request) + reverse("catalog:home")
        return feed


def _self_url(channel: Channel) -> str:
    # `link` is absolute and starts with the origin; the feed lives on the same one.
    root = channel.link.split("/", 3)[:3]
    address = f"{channel.path}?{channel.query}" if channel.query else channel.path
    return "/".join(root) + address


def _canonical_kwargs(kwargs: dict[str, str]) -> dict[str, str]:
    # One address per country, as its page: /countries/th/feed/, whatever case a link used.
    return {key: value.lower() if key == "iso" else value for key, value in kwargs.items()}


def _cached(request: HttpRequest, response: HttpResponse, channel: Channel) -> HttpResponse:
    response["ETag"] = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    if channel.entries:
        newest = max(entry.updated for entry in channel.entries)
        response["Last-Modified"] = http_date(newest.timestamp())
    elif "Last-Modified" in response:
        del response["Last-Modified"]  # nothing in it has a date to give
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    conditional = get_conditional_response(request, etag=response["ETag"], response=response)
    return conditional if conditional is not None else response


# --- The views the URLs name ---------------------------------------------------------------


def build_newest(request: HttpRequest, path: str) -> Channel:
    return channels.newest(request, path)


def build_search(request: HttpRequest, path: str) -> Channel:
    return channels.searched(request, path)


def build_browse(subject: str) -> Builder:
    def build(request: HttpRequest, path: str, **kwargs: str) -> Channel:
        value = kwargs[channels.SUBJECTS[subject].lookup]
        return channels.browse(request, path, subject, value)

    return build
