"""The Cite box in a real browser: the copy buttons appear with JavaScript and copy the
citation's plain text; without JavaScript the citations are there and no button is."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from manumit.catalog.tests.factories import ResourceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def report_page(live_server: Any) -> str:
    ResourceFactory.create(
        slug="north-korea",
        title="Pervasive, punitive, and predetermined",
        types=["Publications"],
        pub_date=datetime.date(2018, 1, 1),
        pub_date_precision="year",
        authors=["Remco E. Breuker", "Imke van Gardingen"],
        publishers=["Walk Free Foundation", "Leiden University"],
    )
    return f"{live_server.url}/resources/north-korea/"


def test_copy_puts_the_plain_citation_on_the_clipboard(browser: Any, report_page: str) -> None:
    # localhost is a secure context, so the page may use the clipboard once allowed to.
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.extend([message.text] if message.type == "error" else [])
    )
    page.goto(report_page)
    button = page.locator(".cite-style", has_text="APA 7").get_by_role("button", name="Copy")
    button.click()
    page.get_by_role("status").filter(has_text="APA 7 citation copied.").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Breuker, R. E., & van Gardingen, I. (2018). Pervasive, punitive")
    assert "<i>" not in copied
    assert errors == []  # nothing refused by the CSP, no script error
    context.close()


def test_without_javascript_the_citations_are_text_and_no_button_shows(
    browser: Any, report_page: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(report_page)
    box = page.locator("section.cite-box")
    assert "Breuker, R. E., & van Gardingen, I. (2018)." in box.inner_text()
    assert box.get_by_role("button").count() == 0  # hidden until the script shows them
    assert (
        box.get_by_role("link", name="BibTeX").get_attribute("href") == "/resources/north-korea.bib"
    )
    context.close()
