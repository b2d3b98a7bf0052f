"""A curator's whole path in a real browser: upload a PDF in the admin, see its thumbnail
and suggestions, accept them, publish, and find the resource on the public site."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from manumit.accounts.groups import PUBLISHERS
from manumit.catalog.models import Resource
from manumit.ingest.models import SuggestionState
from manumit.ingest.tests.ingest_fixtures import FBI_REPORT, FOUR_PAGES
from manumit.tests.support.browser import blocking_violations, curator, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_a_curator_uploads_a_pdf_accepts_its_suggestions_and_publishes_it(
    live_server: Any, page: Any, shared_dir: Path, artifacts_dir: Path
) -> None:
    base = str(live_server.url)
    curator("paul", PUBLISHERS)
    log_in(page, base, "paul")

    # Upload: a new resource with one file; the job runs when the save commits.
    page.goto(base + "/admin/catalog/resource/add/")
    page.fill("#id_title", "Human_Trafficking")  # what a hurried curator types
    page.locator("#attachments-group .add-row a").click()
    page.set_input_files("#id_attachments-0-file", str(shared_dir / FBI_REPORT))
    page.click("input[name=_continue]")
    page.wait_for_selector(".ingest-panel")

    # The thumbnail, the page count, the state and the suggestions are on the page.
    thumbnail = page.locator("img.ingest-thumbnail")
    assert thumbnail.get_attribute("alt") == "First page of Human_Trafficking.pdf"
    assert page.evaluate("(img) => img.complete && img.naturalWidth", thumbnail.element_handle())
    assert page.locator(".ingest-pages-count").inner_text() == "11"
    assert "Done" in page.locator(".ingest-state").inner_text()
    countries = page.locator(".ingest-suggestion[data-field=countries]")
    assert "United States" in countries.inner_text()
    assert "mention" in countries.locator(".ingest-evidence").inner_text()
    assert blocking_violations(page) == []
    page.screenshot(path=str(artifacts_dir / "ingest-panel.png"), full_page=True)

    # Accept every suggestion, one click each (each click reloads the page).
    resource = Resource.objects.get()
    waiting = resource.suggestions.filter(state=SuggestionState.PENDING).count()
    assert waiting >= 2
    for _ in range(waiting):
        page.locator(".ingest-suggestion button", has_text="Accept").first.click()
        page.wait_for_selector(".messagelist .success")
    assert page.locator(".ingest-suggestion").count() == 0
    assert "No suggestions waiting." in page.locator(".ingest-panel").inner_text()
    resource.refresh_from_db()
    assert resource.title != "Human_Trafficking", "the suggested title replaced the typed one"
    assert resource.countries.filter(iso2="US").exists()

    # Publish from the form, then look as the public does.
    page.select_option("#id_status", "published")
    page.click("input[name=_save]")
    page.wait_for_url(base + "/admin/catalog/resource/")
    resource.refresh_from_db()
    page.context.clear_cookies()
    assert page.goto(base + resource.get_absolute_url()).ok
    assert page.locator("h1").inner_text() == resource.title
    assert "United States" in page.content()


def test_a_curator_creates_drafts_from_several_files_at_once(
    live_server: Any, page: Any, shared_dir: Path
) -> None:
    base = str(live_server.url)
    curator("paul", PUBLISHERS)
    log_in(page, base, "paul")
    page.goto(base + "/admin/catalog/resource/")
    page.click("text=Create from files")
    assert page.locator("h1").inner_text() == "Create resources from files"
    assert blocking_violations(page) == []

    files = [shared_dir / FBI_REPORT, shared_dir / FOUR_PAGES]
    page.set_input_files("#id_documents", [str(path) for path in files])
    page.click("input[name=_create]")
    page.wait_for_url(base + "/admin/catalog/resource/")
    assert "Created 2 drafts" in page.locator(".messagelist").inner_text()
    assert Resource.objects.filter(status="draft").count() == 2
    assert blocking_violations(page) == []
