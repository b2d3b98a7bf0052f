"""RSS and Atom feeds, read back by feedparser (the client most readers are built on) and
checked against the W3C Feed Validation Service's rules (feed_rules.py)."""

from __future__ import annotations

import datetime
from typing import Any

import feedparser
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from manumit.catalog.models import Attachment, Country, Organisation, Resource, Sector, Status
from manumit.catalog.tests.factories import ResourceFactory
from manumit.interop.tests.feed_helpers import ORIGIN, fetch, upload_pdf
from manumit.interop.tests.feed_rules import problems

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script> Fish & "chips"'


@pytest.fixture
def library(db: None) -> dict[str, Resource]:
    thai = ResourceFactory.create(
        title="Forced labour in the Thai seafood industry",
        description="<p>How fishing crews are <strong>trafficked</strong> &amp; held.</p>",
        pub_date=datetime.date(2021, 5, 1),
        types=["Publications"],
        regions=["Asia"],
        topics=["Forced labour", "Human trafficking"],
        authors=["Jane Smith", "Walk Free Foundation"],
        publishers=["Walk Free Foundation"],
    )
    thai.countries.add(Country.objects.get(iso2="TH"))
    thai.sectors.add(Sector.objects.get(slug="fishing-and-seafood"))
    Attachment.objects.create(resource=thai, url="https://example.org/about.html", position=0)
    upload_pdf(thai, "full-report.pdf", 4000, label="Full report")
    upload_pdf(thai, "summary.pdf", 1500, label="Summary")
    Attachment.objects.create(
        resource=thai, url="https://example.org/annex.pdf", label="Annex", position=9
    )
    unsigned = ResourceFactory.create(
        title="Guidance for buyers",
        description="",
        pub_date=datetime.date(2019, 1, 1),
        types=["Guidance"],
        publishers=["International Labour Organization"],
    )
    asian = ResourceFactory.create(
        title="Recruitment fees across Asia",
        description="<p>Fees &amp; debts.</p>",
        pub_date=datetime.date(2020, 1, 1),
        regions=["Asia"],
    )
    chinese = ResourceFactory.create(
        title="强迫劳动报告", language="zh", pub_date=datetime.date(2018, 3, 1)
    )
    hidden = {
        str(status): ResourceFactory.create(
            title=f"Hidden {status}", status=status, regions=["Asia"]
        )
        for status in (Status.DRAFT, Status.IN_REVIEW, Status.WITHDRAWN)
    }
    return {"thai": thai, "unsigned": unsigned, "asian": asian, "chinese": chinese, **hidden}


FEEDS = [
    ("/feed/", 4),
    ("/types/publications/feed/", 1),
    ("/tags/asia/feed/", 2),
    ("/countries/th/feed/", 1),
    ("/topics/forced-labour/feed/", 1),
    ("/sectors/fishing-and-seafood/feed/", 1),
    ("/organisations/walk-free-foundation/feed/", 1),
    ("/people/jane-smith/feed/", 1),
    ("/topics/child-labour/feed/", 0),
]


def test_every_feed_is_valid_and_holds_its_page_s_published_resources(
    client: Client, library: dict[str, Resource]
) -> None:
    # One library for every feed: building it costs more than reading all of them.
    for page, count in FEEDS:
        for suffix, version in (("", "rss20"), ("atom/", "atom10")):
            parsed = fetch(client, page + suffix)
            assert parsed.version == version
            assert len(parsed.entries) == count, page + suffix
            titles = {entry.title for entry in parsed.entries}
            assert not any(title.startswith("Hidden") for title in titles)


def test_the_feed_names_its_page_and_itself(client: Client, library: dict[str, Resource]) -> None:
    rss = fetch(client, "/tags/asia/feed/")
    assert rss.feed.title == "Manumit: Region Asia"
    assert rss.feed.link == ORIGIN + "/tags/asia/"
    atom = fetch(client, "/tags/asia/feed/atom/")
    assert atom.feed.id == ORIGIN + "/tags/asia/feed/atom/"
    assert {(link.rel, link.href) for link in atom.feed.links} == {
        ("alternate", ORIGIN + "/tags/asia/"),
        ("self", ORIGIN + "/tags/asia/feed/atom/"),
    }


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_an_entry_has_title_link_date_authors_description_and_categories(
    client: Client, library: dict[str, Resource], suffix: str
) -> None:
    thai = library["thai"]
    entry = next(e for e in fetch(client, "/feed/" + suffix).entries if e.title == thai.title)
    assert entry.link == ORIGIN + thai.get_absolute_url()
    assert thai.published_at is not None
    assert entry.published_parsed[:6] == thai.published_at.utctimetuple()[:6]
    assert [author.name for author in entry.authors] == ["Jane Smith", "Walk Free Foundation"]
    assert "How fishing crews are trafficked & held." in entry.summary.replace("&amp;", "&")
    assert "<strong>" not in entry.summary
    terms = {tag.term for tag in entry.tags}
    assert {"Publications", "Asia", "Thailand", "Forced labour", "Fishing and seafood"} <= terms
    schemes = {tag.term: tag.scheme for tag in entry.tags}
    assert schemes["Asia"] == ORIGIN + "/tags/" and schemes["Forced labour"] == ORIGIN + "/topics/"


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_a_report_without_authors_is_credited_to_its_publisher_and_still_summarised(
    client: Client, library: dict[str, Resource], suffix: str
) -> None:
    unsigned = library["unsigned"]
    entry = next(e for e in fetch(client, "/feed/" + suffix).entries if e.title == unsigned.title)
    assert [author.name for author in entry.authors] == ["International Labour Organization"]
    assert entry.summary == "Guidance for buyers - International Labour Organization, 2019"


def test_rss_encloses_the_first_measured_pdf_and_links_the_others(
    client: Client, library: dict[str, Resource]
) -> None:
    thai = library["thai"]
    response = client.get("/feed/")
    entry = next(e for e in feedparser.parse(response.content).entries if e.title == thai.title)
    full, summary = thai.attachments.filter(media_type="application/pdf").order_by("id")
    assert response.content.count(b"<enclosure ") == 1
    assert [(e.href, e.get("length"), e.type) for e in entry.enclosures] == [
        (ORIGIN + full.get_download_url(), "4000", "application/pdf"),
        (ORIGIN + summary.get_download_url(), "1500", "application/pdf"),
        ("https://example.org/annex.pdf", None, "application/pdf"),
    ]


def test_atom_gives_every_pdf_an_enclosure_link_with_its_real_length(
    client: Client, library: dict[str, Resource]
) -> None:
    thai = library["thai"]
    entry = next(e for e in fetch(client, "/feed/atom/").entries if e.title == thai.title)
    enclosures = [(e.href, e.get("length"), e.type) for e in entry.enclosures]
    full, summary = thai.attachments.filter(media_type="application/pdf").order_by("id")
    assert enclosures == [
        (ORIGIN + full.get_download_url(), "4000", "application/pdf"),
        (ORIGIN + summary.get_download_url(), "1500", "application/pdf"),
        ("https://example.org/annex.pdf", None, "application/pdf"),
    ]
    assert "https://example.org/about.html" not in {link.href for link in entry.links}


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_ids_are_unique_and_survive_a_renamed_resource(
    client: Client, library: dict[str, Resource], suffix: str
) -> None:
    before = {e.title: e.id for e in fetch(client, "/feed/" + suffix).entries}
    assert len(set(before.values())) == len(before) == 4
    thai = library["thai"]
    thai.slug = "thai-seafood-2021"
    thai.save()
    after = fetch(client, "/feed/" + suffix).entries
    renamed = next(e for e in after if e.title == thai.title)
    assert renamed.id == before[thai.title] == f"tag:testserver,2026:resource:{thai.pk}"
    assert renamed.link == ORIGIN + "/resources/thai-seafood-2021/"


def test_a_hostile_title_reaches_the_reader_as_text(client: Client, db: None) -> None:
    ResourceFactory.create(title=HOSTILE, description="<p>Write &lt;b&gt; to make text bold.</p>")
    for address in ("/feed/", "/feed/atom/"):
        response = client.get(address)
        assert b"<script" not in response.content
        # The validator warns of any title whose text looks like markup, as this one does;
        # that warning is all it finds.
        found = problems(response.content, ORIGIN + address, response["Content-Type"])
        assert [problem.split(":")[0] for problem in found] in (
            ["ContainsHTML"],
            ["ContainsUndeclaredHTML"],
        )
        (entry,) = feedparser.parse(response.content).entries
        assert entry.title == HOSTILE
        assert entry.title_detail.type == "text/plain"
        if address.endswith("atom/"):
            assert entry.summary == "Write <b> to make text bold."
            assert entry.summary_detail.type == "text/plain"
        else:
            # RSS descriptions are HTML to readers: the text is escaped once more for them.
            assert entry.summary == "Write &lt;b&gt; to make text bold."


def test_an_entry_in_another_language_says_so_in_atom(
    client: Client, library: dict[str, Resource]
) -> None:
    entries = fetch(client, "/feed/atom/").entries
    chinese = next(e for e in entries if e.title == "强迫劳动报告")
    assert chinese.title_detail.language == "zh"
    english = next(e for e in entries if e.title == library["thai"].title)
    assert english.title_detail.language == "en"


def test_a_feed_holds_at_most_its_size_newest_first(
    client: Client, library: dict[str, Resource], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("manumit.interop.feeds.channels.FEED_SIZE", 2)
    titles = [entry.title for entry in fetch(client, "/feed/").entries]
    assert titles == [library["thai"].title, library["asian"].title]


def test_names_only_on_unpublished_work_have_no_feed(client: Client, db: None) -> None:
    ResourceFactory.create(status=Status.DRAFT, authors=["Secret Foundation"])
    assert Organisation.objects.filter(slug="secret-foundation").exists()
    assert client.get("/organisations/secret-foundation/feed/").status_code == 404
    assert client.get("/topics/no-such-topic/feed/atom/").status_code == 404


def test_an_empty_library_still_gives_valid_feeds(client: Client, db: None) -> None:
    for address in ("/feed/", "/feed/atom/"):
        assert fetch(client, address).entries == []


# --- Addresses and caching ----------------------------------------------------------------


def test_a_feed_answers_at_one_address_only(client: Client, library: dict[str, Resource]) -> None:
    moved = client.get("/feed/atom/?utm_source=mail")
    assert (moved.status_code, moved["Location"]) == (301, "/feed/atom/")
    upper = client.get("/countries/TH/feed/")
    assert (upper.status_code, upper["Location"]) == (301, "/countries/th/feed/")


def test_feeds_carry_validators_and_answer_not_modified(
    client: Client, library: dict[str, Resource]
) -> None:
    first = client.get("/tags/asia/feed/")
    assert first["Cache-Control"] == "public, max-age=300"
    newest = max(r.updated_at for r in Resource.objects.public().filter(regions__slug="asia"))
    assert first["Last-Modified"] == newest.strftime("%a, %d %b %Y %H:%M:%S GMT")
    again = client.get("/tags/asia/feed/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    library["asian"].status = Status.WITHDRAWN
    library["asian"].save()
    changed = client.get("/tags/asia/feed/", headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert len(feedparser.parse(changed.content).entries) == 1


def test_an_empty_feed_claims_no_modification_date(client: Client, db: None) -> None:
    response = client.get("/feed/")
    assert "Last-Modified" not in response and response["ETag"]


def test_a_curator_s_feed_reader_sees_no_draft_either(
    client: Client, library: dict[str, Resource], publisher: Any
) -> None:
    client.force_login(publisher)
    assert "Hidden draft" in client.get("/tags/asia/").content.decode()  # the page previews
    for address in ("/tags/asia/feed/", "/tags/asia/feed/atom/"):
        response = client.get(address)
        titles = {entry.title for entry in feedparser.parse(response.content).entries}
        assert titles == {library["thai"].title, library["asian"].title}
        assert response["Cache-Control"] == "public, max-age=300"
        assert "Cookie" not in response.get("Vary", "")


def test_a_feed_costs_the_same_queries_however_many_entries(
    client: Client, library: dict[str, Resource]
) -> None:
    def queries(address: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address).status_code == 200
        return len(captured)

    before = queries("/feed/atom/")
    for number in range(3):
        resource = ResourceFactory.create(regions=["Asia"], authors=[f"Author {number}"])
        upload_pdf(resource, f"report-{number}.pdf", 2000)
    assert queries("/feed/atom/") == before
