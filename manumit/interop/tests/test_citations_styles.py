"""The "Cite" box of a resource page: APA 7, Chicago author-date and Harvard, rendered by
citeproc-py from the packaged CSL styles, readable and selectable without JavaScript."""

from __future__ import annotations

import datetime

import lxml.html
import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from manumit.catalog.models import DatePrecision
from manumit.catalog.tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db

TITLE = "Pervasive, punitive, and predetermined: Understanding modern slavery in North Korea"
URL = "http://testserver/resources/north-korea/"


def cite_box(client: Client, slug: str) -> lxml.html.HtmlElement:
    html = client.get(f"/resources/{slug}/").content.decode()
    [box] = lxml.html.fromstring(html).xpath('//section[@class="cite-box"]')
    return box


def citations(client: Client, slug: str) -> dict[str, str]:
    """Style label -> the citation's text as a reader selects it."""
    box = cite_box(client, slug)
    return {
        style.xpath("string(h3)"): " ".join(style.xpath("string(p)").split())
        for style in box.xpath('.//div[@class="cite-style"]')
    }


@pytest.fixture
def north_korea() -> None:
    ResourceFactory.create(
        title=TITLE,
        slug="north-korea",
        types=["Publications"],
        pub_date=datetime.date(2018, 1, 1),
        pub_date_precision=DatePrecision.YEAR,
        authors=["Remco E. Breuker", "Imke van Gardingen"],
        publishers=["Walk Free Foundation", "Leiden University"],
    )


def test_the_seed_example_in_the_three_styles(client: Client, north_korea: None) -> None:
    assert citations(client, "north-korea") == {
        "APA 7": f"Breuker, R. E., & van Gardingen, I. (2018). {TITLE}."
        f" Walk Free Foundation; Leiden University. {URL}",
        "Chicago author-date": "Breuker, R. E., and I. van Gardingen. 2018. Pervasive,"
        " Punitive, and Predetermined: Understanding Modern Slavery in North Korea."
        f" Walk Free Foundation; Leiden University. {URL}.",
        "Harvard": f"Breuker, R.E. and van Gardingen, I. (2018) {TITLE}."
        f" Walk Free Foundation; Leiden University. Available at: {URL}.",
    }


def test_the_title_is_in_italics_as_the_styles_ask(client: Client, north_korea: None) -> None:
    box = cite_box(client, "north-korea")
    assert box.xpath('string(.//p[@id="cite-apa"]/i)') == TITLE


def test_an_organisation_author_is_cited_whole(client: Client) -> None:
    ResourceFactory.create(
        slug="gsi",
        title="The Global Slavery Index",
        types=["Publications"],
        pub_date=datetime.date(2018, 7, 19),
        authors=["Walk Free Foundation"],
        publishers=["Minderoo Foundation"],
    )
    apa = citations(client, "gsi")["APA 7"]
    # APA dates a report by its year alone, whatever else is known.
    assert apa.startswith("Walk Free Foundation. (2018). The Global Slavery Index. Minderoo")


def test_without_an_author_the_title_is_not_printed_twice(client: Client) -> None:
    """citeproc-py 0.11 repeats a title that stands in for a missing author; we fix it."""
    ResourceFactory.create(
        slug="tool",
        title="Sourcing Risk Tool",
        types=["Publications"],
        pub_date=datetime.date(2019, 6, 1),
        pub_date_precision=DatePrecision.MONTH,
    )
    for label, text in citations(client, "tool").items():
        assert text.count("Sourcing Risk Tool") == 1, (label, text)
    assert citations(client, "tool")["APA 7"].startswith("Sourcing Risk Tool. (2019). http")


def test_an_undated_work_is_cited_with_the_day_it_was_read(client: Client) -> None:
    ResourceFactory.create(
        slug="undated", title="Guidance", pub_date=None, authors=["ILO Institute"]
    )
    today = datetime.date.today()
    apa = citations(client, "undated")["APA 7"]
    assert apa.startswith("ILO Institute. (n.d.). Guidance.")
    assert f"Retrieved {today:%B} {today.day}, {today.year}, from http://testserver/" in apa


def test_markup_in_a_record_stays_text(client: Client) -> None:
    ResourceFactory.create(slug="hostile", title='<img src=x onerror="alert(1)"> & more')
    box = cite_box(client, "hostile")
    assert not box.xpath(".//img")
    assert '<img src=x onerror="alert(1)"> & more' in box.xpath('string(.//p[@id="cite-apa"])')


def test_the_box_works_without_javascript_and_copy_buttons_come_with_it(
    client: Client, north_korea: None
) -> None:
    box = cite_box(client, "north-korea")
    # The citations are text on the page; the buttons are hidden until the script shows them.
    buttons = box.xpath('.//button[@class="cite-copy"]')
    assert len(buttons) == 3 and all(button.get("hidden") is not None for button in buttons)
    for button in buttons:
        assert box.xpath(f'.//p[@id="{button.get("data-copy-from")}"]')
    html = client.get("/resources/north-korea/").content.decode()
    [script] = lxml.html.fromstring(html).xpath('//script[contains(@src, "cite.js")]')
    assert script.get("src") == "/static/manumit/cite.js"
    assert finders.find("manumit/cite.js")
    # And the reference downloads sit under the citations.
    links = box.xpath('.//p[@class="cite-downloads"]/a')
    assert [(a.text, a.get("href")) for a in links] == [
        ("BibTeX", "/resources/north-korea.bib"),
        ("RIS", "/resources/north-korea.ris"),
        ("CSL-JSON", "/resources/north-korea.csl.json"),
    ]
