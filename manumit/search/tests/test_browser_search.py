"""The search page in a real browser: a reader types a query, ticks two facets, removes one
again, and opens a result's PDF at the page that matched; with JavaScript (in place) and
without it (plain GET forms); and axe-core finds nothing serious or critical."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile

from manumit.catalog.models import Attachment, Country, Resource
from manumit.catalog.tests.factories import ResourceFactory
from manumit.ingest.models import DocumentText, Outcome, Page
from manumit.tests.support.browser import blocking_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

FILLER = "The board reviewed budgets, staffing and the calendar of meetings for the year. "


def pdf_bytes(pages: list[str]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def report(title: str, pages: list[str], *, country: str, **fields: Any) -> Resource:
    """A published resource with a PDF whose extracted text is `pages`."""
    resource = ResourceFactory.create(title=title, **fields)
    resource.countries.add(Country.objects.get(iso2=country))
    attachment = Attachment(resource=resource, media_type="application/pdf")
    attachment.file.save(f"{resource.slug}.pdf", ContentFile(pdf_bytes(pages)), save=False)
    attachment.page_count = len(pages)
    attachment.save()
    document = DocumentText.objects.create(
        attachment=attachment, outcome=Outcome.TEXT, page_count=len(pages)
    )
    Page.objects.bulk_create(
        Page(document=document, number=number, text=text) for number, text in enumerate(pages, 1)
    )
    return resource


@pytest.fixture
def small_library(live_server: Any, index_dir: Path) -> str:
    from manumit.search import reindex

    report(
        "Forced labour on Thai fishing boats",
        [FILLER * 3, "Crews on Thai fishing boats described forced labour and debt bondage."],
        country="TH",
        types=["Publications"],
        authors=["Jane Smith"],
        pub_date=datetime.date(2021, 5, 1),
    )
    report(
        "Guidance for seafood buyers in Thailand",
        [FILLER, FILLER, "Buyers should check for forced labour in seafood from Thailand."],
        country="TH",
        types=["Guidance"],
        pub_date=datetime.date(2020, 3, 1),
    )
    report(
        "Forced labour in Malaysian palm oil",
        ["Plantation workers in Malaysia face forced labour and passport confiscation."],
        country="MY",
        types=["Publications"],
        pub_date=datetime.date(2019, 8, 1),
    )
    reindex()
    return str(live_server.url)


def heading(page: Any) -> str:
    return str(page.locator("#results-heading").inner_text())


def test_a_reader_searches_narrows_widens_and_opens_the_page_that_matched(
    small_library: str, page: Any, artifacts_dir: Path
) -> None:
    from playwright.sync_api import expect

    page.goto(small_library + "/search/")
    page.get_by_label("Search words").fill("forced labour")
    page.get_by_label("Search words").press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=forced\+labour$"))
    assert heading(page) == "3 results for “forced labour”"

    # Two facets, each applied in place as soon as it is ticked.
    page.get_by_label(re.compile(r"^Thailand")).check()
    page.wait_for_url(re.compile(r"country=TH"))
    assert heading(page) == "2 results for “forced labour”"
    assert page.evaluate("document.activeElement.id") == "f-country-TH"
    page.get_by_label(re.compile(r"^Publications")).check()
    page.wait_for_url(re.compile(r"country=TH.*type=publications|type=publications.*country=TH"))
    assert heading(page) == "1 result for “forced labour”"
    expect(page.locator("#search-status")).to_have_text("1 result for “forced labour”")
    page.screenshot(path=str(artifacts_dir / "search.png"), full_page=True)
    assert blocking_violations(page) == []

    # Removing the country chip widens again; the type filter stays.
    page.locator("a.chip", has_text="Country: Thailand").click()
    page.wait_for_url(lambda url: "country=" not in url and "type=publications" in url)
    assert heading(page) == "2 results for “forced labour”"
    assert page.locator("a.chip").count() == 1
    assert page.locator("a.chip").inner_text().startswith("Content type: Publications")

    # Back returns to the two-filter state, from the address alone.
    page.go_back()
    page.wait_for_url(re.compile(r"country=TH"))
    page.locator("a.chip", has_text="Country: Thailand").wait_for()
    assert heading(page) == "1 result for “forced labour”"

    # The passage's page number opens the PDF at that page.
    passage = page.locator(".hit .passage-page").first
    assert passage.inner_text().startswith("p. 2")
    with page.expect_response(lambda response: "/download/" in response.url) as opened:
        passage.click()
    assert opened.value.status == 200
    assert opened.value.headers["content-type"] == "application/pdf"
    page.wait_for_url(re.compile(r"/download/\d+/#page=2$"))


def test_without_javascript_the_facets_are_a_plain_form(small_library: str, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(small_library + "/search/?q=forced+labour")
    page.get_by_label(re.compile(r"^Malaysia")).check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"country=MY"))
    titles = page.locator(".hit-title").all_inner_texts()
    context.close()
    assert titles == ["Forced labour in Malaysian palm oil"]


def test_an_empty_search_suggests_a_spelling_and_passes_axe(small_library: str, page: Any) -> None:
    page.goto(small_library + "/search/?q=seafod")
    assert heading(page) == "0 results for “seafod”"
    assert blocking_violations(page) == []
    page.get_by_role("link", name="seafood").click()
    page.wait_for_url(re.compile(r"q=seafood$"))
    assert heading(page) == "1 result for “seafood”"


def test_a_region_page_leads_into_the_same_search(small_library: str, page: Any) -> None:
    page.goto(small_library + "/tags/asia/")
    assert blocking_violations(page) == []
    page.get_by_role("searchbox", name="Search within Asia").fill("forced labour")
    page.get_by_role("searchbox", name="Search within Asia").press("Enter")
    page.wait_for_url(re.compile(r"/search/\?region=asia&q=forced\+labour$"))
    assert heading(page) == "3 results for “forced labour”"
    assert page.locator("a.chip").inner_text().startswith("Region: Asia")
