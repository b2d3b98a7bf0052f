"""The feed validator's rules (feed_rules.py) catch what they are named for: each check
fires on a small feed that breaks its rule, and none on a well-made one."""

from __future__ import annotations

from manumit.interop.tests.feed_rules import problems

GOOD_RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
<title>T</title><link>http://example.org/</link><description>D</description>
<atom:link rel="self" href="http://example.org/feed/" type="application/rss+xml"/>
<lastBuildDate>Tue, 01 Dec 2020 10:00:00 +0000</lastBuildDate>
<item><title>One</title><link>http://example.org/1/</link><description>Text</description>
<pubDate>Tue, 01 Dec 2020 10:00:00 +0000</pubDate>
<guid isPermaLink="false">tag:example.org,2026:resource:1</guid></item>
</channel></rss>"""

GOOD_ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
<link rel="alternate" href="http://example.org/"/>
<link rel="self" type="application/atom+xml" href="http://example.org/feed/atom/"/>
<id>http://example.org/feed/atom/</id><updated>2020-12-01T10:00:00Z</updated>
<author><name>Site</name></author>
<entry><title>One</title><link rel="alternate" href="http://example.org/1/"/>
<id>tag:example.org,2026:resource:1</id><updated>2020-12-01T10:00:00Z</updated>
<summary type="text">Text</summary></entry></feed>"""

RSS = "application/rss+xml; charset=utf-8"
ATOM_TYPE = "application/atom+xml; charset=utf-8"


def _messages(body: bytes, location: str, content_type: str) -> set[str]:
    return {problem.split(":")[0] for problem in problems(body, location, content_type)}


def test_well_made_feeds_pass_every_check() -> None:
    assert problems(GOOD_RSS, "http://example.org/feed/", RSS) == []
    assert problems(GOOD_ATOM, "http://example.org/feed/atom/", ATOM_TYPE) == []


def test_a_self_link_for_another_address_is_caught() -> None:
    assert "SelfDoesntMatchLocation" in _messages(GOOD_RSS, "http://example.org/x/", RSS)
    no_self = GOOD_ATOM.replace(b'rel="self"', b'rel="via"')
    assert "MissingSelf" in _messages(no_self, "http://example.org/feed/atom/", ATOM_TYPE)


def test_dates_in_the_wrong_form_are_caught() -> None:
    iso_in_rss = GOOD_RSS.replace(b"Tue, 01 Dec 2020 10:00:00 +0000", b"2020-12-01T10:00:00Z")
    assert "InvalidRFC2822Date" in _messages(iso_in_rss, "http://example.org/feed/", RSS)
    wrong_day = GOOD_RSS.replace(b"Tue, 01 Dec", b"Mon, 01 Dec")
    assert "IncorrectDOW" in _messages(wrong_day, "http://example.org/feed/", RSS)
    no_zone = GOOD_ATOM.replace(b"10:00:00Z</updated>", b"10:00:00</updated>")
    assert "InvalidRFC3339Date" in _messages(no_zone, "http://example.org/feed/atom/", ATOM_TYPE)


def test_duplicate_ids_and_bad_guids_are_caught() -> None:
    item = GOOD_RSS.split(b"<item>")[1].split(b"</item>")[0]
    twice = GOOD_RSS.replace(b"</channel>", b"<item>" + item + b"</item></channel>")
    assert "DuplicateValue" in _messages(twice, "http://example.org/feed/", RSS)
    permalink_tag = GOOD_RSS.replace(b' isPermaLink="false"', b"")
    assert "InvalidHttpGUID" in _messages(permalink_tag, "http://example.org/feed/", RSS)


def test_html_where_text_belongs_is_caught() -> None:
    html_description = GOOD_RSS.replace(b"<description>Text", b"<description>&lt;b&gt;Text")
    assert "NotHtml" in _messages(html_description, "http://example.org/feed/", RSS)
    html_summary = GOOD_ATOM.replace(b'type="text">Text', b'type="html">Text')
    assert "NotText" in _messages(html_summary, "http://example.org/feed/atom/", ATOM_TYPE)
    tagged = GOOD_ATOM.replace(b"<title>One", b"<title>&lt;p&gt;One&lt;/p&gt;")
    assert "ContainsUndeclaredHTML" in _messages(tagged, "http://example.org/feed/atom/", ATOM_TYPE)


def test_relative_addresses_and_missing_authors_are_caught() -> None:
    relative = GOOD_ATOM.replace(b'href="http://example.org/1/"', b'href="/1/"')
    assert "InvalidFullLink" in _messages(relative, "http://example.org/feed/atom/", ATOM_TYPE)
    anonymous = GOOD_ATOM.replace(b"<author><name>Site</name></author>", b"")
    assert "MissingElement" in _messages(anonymous, "http://example.org/feed/atom/", ATOM_TYPE)


def test_the_wrong_content_type_is_caught() -> None:
    assert "UnexpectedContentType" in _messages(
        GOOD_RSS, "http://example.org/feed/", "text/html; charset=utf-8"
    )
