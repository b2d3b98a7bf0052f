"""The W3C Feed Validation Service's rules, as checks our feed tests run on every feed.

The validator itself (feedvalidator) is not packaged for PyPI, so each rule it applies to
feeds like ours is written here under the name of its message, from its documentation
(https://validator.w3.org/feed/docs/). `problems()` returns the messages a feed earns;
test_feeds_rules.py shows that each check fires on a feed that breaks its rule.
"""

from __future__ import annotations

import datetime
import email.utils
import re
from collections import Counter
from urllib.parse import urlsplit

import feedparser
import lxml.etree
import lxml.html

ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/elements/1.1/"
NS = {"a": ATOM, "dc": DC}

# The validator's strict RFC 2822 form, and RFC 3339 as it checks Atom dates.
RFC2822 = re.compile(
    r"((Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d\d? (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
    r" \d{4} \d\d:\d\d(:\d\d)? ([+-]?\d\d[03]0|UT|GMT|EST|EDT|CST|CDT|MST|MDT|PST|PDT|Z)$"
)
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d*)?(Z|[+-]\d\d:\d\d)$")
# RFC 4151 tag: URIs, as the validator reads them.
TAG = re.compile(
    r"tag:([a-z0-9\-._]+?@)?[a-z0-9.\-]+?,\d{4}(-\d{2}(-\d{2})?)?:"
    r"[0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,]*(#[0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,]*)?$"
)
MIME = re.compile(r"[^\s()<>,;:\\\"/\[\]?=]+/[^\s()<>,;:\\\"/\[\]?=]+(\s*;.*)?$")
# An end tag of HTML in text: what `ContainsHTML` / `ContainsUndeclaredHTML` look for.
HTML_END_TAG = re.compile(r"</(a|b|i|p|div|span|em|strong|script|style|br|img|ul|li|h\d)>", re.I)
DEFAULT_PORTS = {"http": 80, "https": 443}


def parse(body: bytes) -> lxml.etree._Element:
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True)
    return lxml.etree.fromstring(body, parser)


def is_absolute(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def is_canonical(url: str) -> bool:
    """`NonCanonicalURI`: lower-case scheme and host, no default port, upper-case escapes."""
    parts = urlsplit(url)
    if url.startswith("tag:"):
        return bool(TAG.match(url))
    if parts.scheme != parts.scheme.lower() or parts.netloc != parts.netloc.lower():
        return False
    if parts.port is not None and parts.port == DEFAULT_PORTS.get(parts.scheme):
        return False
    return all(escape == escape.upper() for escape in re.findall(r"%[0-9a-fA-F]{2}", url))


def is_html_free(text: str) -> bool:
    """Text an HTML parser reads as text alone (the `NotHtml` and `ContainsHTML` family)."""
    if not text.strip():
        return True
    fragment = lxml.html.fragment_fromstring(text, create_parent="div")
    return len(fragment) == 0


def _rfc2822(value: str, where: str) -> list[str]:
    if not RFC2822.match(value):
        return [f"InvalidRFC2822Date: {where} {value!r}"]
    parsed = email.utils.parsedate_to_datetime(value)
    if value[:3] != parsed.strftime("%a"):
        return [f"IncorrectDOW: {where} {value!r}"]
    return _plausible(parsed, where)


def _rfc3339(value: str, where: str) -> list[str]:
    if not RFC3339.match(value):
        return [f"InvalidRFC3339Date: {where} {value!r}"]
    return _plausible(datetime.datetime.fromisoformat(value), where)


def _plausible(value: datetime.datetime, where: str) -> list[str]:
    now = datetime.datetime.now(datetime.UTC)
    if value.tzinfo is None:  # RFC 2822's -0000: UTC, zone unknown
        value = value.replace(tzinfo=datetime.UTC)
    if value.year < 1990 or value > now + datetime.timedelta(minutes=10):
        return [f"ImplausibleDate: {where} {value.isoformat()}"]
    return []


def _self_link(links: list[lxml.etree._Element], location: str, media_type: str) -> list[str]:
    selves = [link for link in links if link.get("rel") == "self"]
    if not selves:
        return ["MissingSelf: no atom:link rel=self"]
    found = []
    if len(selves) > 1:
        found.append("DuplicateAtomLink: more than one self link")
    href = selves[0].get("href", "")
    if not is_absolute(href):
        found.append(f"RelativeSelf: {href!r}")
    if href != location:
        found.append(f"SelfDoesntMatchLocation: {href!r} is not {location!r}")
    if selves[0].get("type") not in (None, media_type):
        found.append(f"SelfNotAtom: type {selves[0].get('type')!r}")
    return found


def _enclosure_link(link: lxml.etree._Element, where: str) -> list[str]:
    found = []
    if not is_absolute(link.get("href", "")):
        found.append(f"InvalidFullLink: {where} enclosure {link.get('href')!r}")
    if not MIME.match(link.get("type", "")):
        found.append(f"InvalidMIMEType: {where} enclosure {link.get('type')!r}")
    length = link.get("length")
    if length is not None and not length.isdigit():
        found.append(f"InvalidNonNegativeInteger: {where} enclosure length {length!r}")
    return found


def rss_problems(root: lxml.etree._Element, location: str) -> list[str]:
    found: list[str] = []
    channel = root.find("channel")
    if root.tag != "rss" or root.get("version") != "2.0" or channel is None:
        return ["InvalidRSSVersion: not an RSS 2.0 document"]
    for name in ("title", "link", "description"):
        if not (channel.findtext(name) or "").strip():
            found.append(f"MissingElement: channel {name}")
    if not is_absolute(channel.findtext("link") or ""):
        found.append("InvalidFullLink: channel link")
    found += _self_link(channel.findall("a:link", NS), location, "application/rss+xml")
    for name in ("lastBuildDate", "pubDate"):
        if channel.find(name) is not None:
            found += _rfc2822(channel.findtext(name) or "", f"channel {name}")
    guids = []
    for number, item in enumerate(channel.findall("item"), 1):
        where = f"item {number}"
        title = item.findtext("title") or ""
        if not title.strip():
            found.append(f"NotBlank: {where} title")
        if HTML_END_TAG.search(title):
            found.append(f"ContainsHTML: {where} title")
        if not is_absolute(item.findtext("link") or ""):
            found.append(f"InvalidFullLink: {where} link")
        if not is_html_free(item.findtext("description") or ""):
            found.append(f"NotHtml: {where} description is not plain text in HTML")
        guid = item.find("guid")
        if guid is None:
            found.append(f"MissingGuid: {where}")
        else:
            guids.append(guid.text or "")
            permalink = guid.get("isPermaLink", "true") == "true"
            if permalink and not is_absolute(guid.text or ""):
                found.append(f"InvalidHttpGUID: {where} {guid.text!r}")
            if (guid.text or "").startswith("tag:") and (permalink or not TAG.match(guid.text)):
                found.append(f"InvalidTAG: {where} {guid.text!r}")
        if item.find("pubDate") is not None:
            found += _rfc2822(item.findtext("pubDate") or "", f"{where} pubDate")
        for category in item.findall("category"):
            if not (category.text or "").strip() or HTML_END_TAG.search(category.text or ""):
                found.append(f"ContainsHTML: {where} category {category.text!r}")
            if category.get("domain") is not None and not is_absolute(category.get("domain")):
                found.append(f"InvalidFullLink: {where} category domain")
        enclosures = item.findall("enclosure")
        if len(enclosures) > 1:
            found.append(f"DuplicateEnclosure: {where}")
        for enclosure in enclosures:
            as_link = lxml.etree.Element("link", href=enclosure.get("url", ""))
            as_link.set("type", enclosure.get("type", ""))
            if enclosure.get("length") is None:
                found.append(f"MissingAttribute: {where} enclosure length")
            as_link.set("length", enclosure.get("length", ""))
            found += _enclosure_link(as_link, where)
        for link in item.findall("a:link", NS):
            found += _enclosure_link(link, where)
    found += [f"DuplicateValue: guid {g!r}" for g, n in Counter(guids).items() if n > 1]
    return found


def atom_problems(root: lxml.etree._Element, location: str) -> list[str]:
    found: list[str] = []
    if root.tag != f"{{{ATOM}}}feed":
        return ["UndefinedElement: not an Atom feed"]
    for name in ("title", "id", "updated"):
        if not (root.findtext(f"a:{name}", namespaces=NS) or "").strip():
            found.append(f"MissingElement: feed {name}")
    feed_id = root.findtext("a:id", namespaces=NS) or ""
    if not is_canonical(feed_id):
        found.append(f"NonCanonicalURI: feed id {feed_id!r}")
    found += _rfc3339(root.findtext("a:updated", namespaces=NS) or "", "feed updated")
    links = root.findall("a:link", NS)
    found += _self_link(links, location, "application/atom+xml")
    if not [link for link in links if link.get("rel", "alternate") == "alternate"]:
        found.append("MissingAlternateLink: feed")
    feed_author = root.find("a:author", NS) is not None
    ids = []
    for number, entry in enumerate(root.findall("a:entry", NS), 1):
        where = f"entry {number}"
        for name in ("title", "id", "updated"):
            if not (entry.findtext(f"a:{name}", namespaces=NS) or "").strip():
                found.append(f"MissingElement: {where} {name}")
        if not feed_author and entry.find("a:author", NS) is None:
            found.append(f"MissingElement: {where} author")
        entry_id = entry.findtext("a:id", namespaces=NS) or ""
        ids.append(entry_id)
        if not is_canonical(entry_id):
            found.append(f"NonCanonicalURI: {where} id {entry_id!r}")
        for name in ("updated", "published"):
            if entry.find(f"a:{name}", NS) is not None:
                found += _rfc3339(entry.findtext(f"a:{name}", namespaces=NS) or "", where)
        for name in ("title", "summary"):
            construct = entry.find(f"a:{name}", NS)
            if construct is None:
                if name == "summary":
                    found.append(f"MissingTextualContent: {where}")
                continue
            if construct.get("type", "text") != "text":
                found.append(f"NotText: {where} {name} is {construct.get('type')!r}")
            if HTML_END_TAG.search(construct.text or ""):
                found.append(f"ContainsUndeclaredHTML: {where} {name}")
            if not (construct.text or "").strip():
                found.append(f"NotBlank: {where} {name}")
        alternates = Counter(
            (link.get("type"), link.get("hreflang"))
            for link in entry.findall("a:link", NS)
            if link.get("rel", "alternate") == "alternate"
        )
        if not alternates:
            found.append(f"MissingContentOrAlternate: {where}")
        if any(count > 1 for count in alternates.values()):
            found.append(f"DuplicateAtomLink: {where}")
        for link in entry.findall("a:link", NS):
            if not is_absolute(link.get("href", "")):
                found.append(f"InvalidFullLink: {where} link {link.get('href')!r}")
            if link.get("rel") == "enclosure":
                found += _enclosure_link(link, where)
        for uri in entry.findall("a:author/a:uri", NS) + entry.findall("a:category", NS):
            value = uri.text if uri.tag.endswith("uri") else uri.get("scheme")
            if value is not None and not is_absolute(value):
                found.append(f"InvalidFullLink: {where} {value!r}")
    found += [f"DuplicateEntries: id {i!r}" for i, n in Counter(ids).items() if n > 1]
    return found


def problems(body: bytes, location: str, content_type: str) -> list[str]:
    """Every rule `body`, fetched from `location` with `content_type`, breaks."""
    found = []
    parsed = feedparser.parse(body)
    if parsed.bozo:
        found.append(f"feedparser bozo: {parsed.bozo_exception!r}")
    root = parse(body)
    media_type = content_type.split(";")[0].strip()
    if root.tag == "rss":
        if media_type != "application/rss+xml":
            found.append(f"UnexpectedContentType: {media_type}")
        found += rss_problems(root, location)
    else:
        if media_type != "application/atom+xml":
            found.append(f"UnexpectedContentType: {media_type}")
        found += atom_problems(root, location)
    if "charset=utf-8" not in content_type.replace(" ", "").lower():
        found.append(f"EncodingMismatch: {content_type}")
    return found
