"""The public site in a real browser: the demo library, navigation, downloads, accessibility."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from manumit.tests.support.browser import blocking_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def demo_site(live_server: Any, page: Any) -> str:
    call_command("demo", verbosity=0)
    return str(live_server.url)


def test_a_visitor_browses_the_demo_from_tag_to_detail_to_download(
    demo_site: str, page: Any, artifacts_dir: Path
) -> None:
    page.goto(demo_site + "/")
    cards = page.locator("article.card")
    assert cards.count() == 20
    assert page.locator("article.card .read-more").first.is_visible()
    page.screenshot(path=str(artifacts_dir / "listing.png"), full_page=False)

    page.locator("article.card .tags a", has_text="Europe").first.click()
    page.wait_for_url("**/tags/europe/")
    assert page.locator("h1").inner_text() == "Europe"
    assert page.locator("article.card").count() >= 1

    page.locator("article.card h2 a").first.click()
    page.wait_for_url("**/resources/**")
    assert page.locator("section.downloads .citation").count() >= 1

    # Follow the DOWNLOAD link as a reader would; Chromium opens the PDF in its viewer.
    with page.expect_response(lambda response: "/download/" in response.url) as opened:
        page.locator("a.download:not([rel])").first.click()
    response = opened.value
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    # The viewer replaces the body Playwright sees; fetch the same address for the bytes.
    assert page.request.get(response.url).body().startswith(b"%PDF")


def test_the_north_korea_report_reads_like_the_seed(
    demo_site: str, page: Any, artifacts_dir: Path
) -> None:
    page.goto(demo_site + "/resources/" + _north_korea_slug())
    page.screenshot(path=str(artifacts_dir / "detail.png"), full_page=True)
    text = page.locator("article.resource").inner_text()
    assert "By Remco E. Breuker & Imke van Gardingen" in text
    assert (
        "Pervasive, punitive, and predetermined: Understanding modern slavery in North Korea"
        " - Walk Free Foundation & Leiden University, 2018"
    ) in text


def _north_korea_slug() -> str:
    from manumit.catalog.models import Resource

    resource = Resource.objects.get(title__startswith="Pervasive, punitive, and predetermined")
    return resource.slug + "/"


def test_the_listing_and_detail_pages_pass_axe_checks(demo_site: str, page: Any) -> None:
    page.goto(demo_site + "/")
    assert blocking_violations(page) == []
    page.locator("article.card h2 a").first.click()
    page.wait_for_url("**/resources/**")
    assert blocking_violations(page) == []
    page.goto(demo_site + "/tags/")
    assert blocking_violations(page) == []


def test_keyboard_users_can_skip_to_the_content_and_reach_the_first_resource(
    demo_site: str, page: Any
) -> None:
    page.goto(demo_site + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    first_title = page.locator("article.card h2 a").first.inner_text()
    # The listing's export links (CSV, BibTeX, RIS, CSL-JSON) come first, then the cards.
    passed = []
    for _ in range(6):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent").strip()
        if focused == first_title:
            break
        passed.append(focused)
    assert focused == first_title, f"tabbed past {passed} without reaching the first resource"
    page.keyboard.press("Enter")
    page.wait_for_url("**/resources/**")
    assert page.locator("h1").inner_text() == first_title


def test_the_site_works_on_a_phone_sized_screen(demo_site: str, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740})
    phone = context.new_page()
    phone.goto(demo_site + "/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 375, "no horizontal scrolling on a phone"
