"""The admin's Import in a real browser: an editor reaches it from the resource list, uploads
a sheet, reads the dry run's table and confirms it, with the keyboard alone where a file
chooser is not involved; axe finds nothing serious on any of its pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from manumit.accounts.groups import EDITORS
from manumit.catalog.models import Resource, Status
from manumit.importers.models import ImportJob, JobState
from manumit.tests.support.browser import blocking_violations, curator, log_in, tab_to

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

SHEET = "title,date\nForced labour at sea,2019\nDebt bondage in brick kilns,2020-05\n,2021\n"


@pytest.fixture
def base(live_server: Any, page: Any, settings: Any, tmp_path: Path) -> str:
    """The site's address, with an editor logged in; uploads kept in a temporary folder."""
    settings.DATA_DIR = tmp_path / "data"
    url = str(live_server.url)
    curator("edith", EDITORS)
    log_in(page, url, "edith")
    return url


def test_an_editor_imports_a_sheet_by_keyboard_through_the_dry_run(
    base: str, page: Any, tmp_path: Path, artifacts_dir: Path
) -> None:
    page.goto(base + "/admin/catalog/resource/")
    page.get_by_role("link", name="Import", exact=True).focus()
    page.keyboard.press("Enter")
    page.wait_for_url(base + "/admin/import/")
    assert page.locator("h1").inner_text() == "Import resources"
    assert page.get_by_label("Status of new resources").locator("option").all_inner_texts() == [
        "Draft"
    ]
    assert blocking_violations(page) == []

    # A sheet with an error first: the table says why, and there is nothing to confirm.
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    page.set_input_files("#id_file", str(sheet))
    page.focus("#id_file")
    tab_to(page, "input[name=_check]")
    page.keyboard.press("Enter")
    page.wait_for_selector(".import-report")
    assert page.locator(".import-report tr.import-error").count() == 1
    assert "confirming would import nothing" in page.locator("#content-main").inner_text()
    assert page.get_by_role("button", name="Confirm and import").count() == 0
    assert blocking_violations(page) == []

    # The same sheet, its valid records only: confirm by keyboard.
    page.goto(base + "/admin/import/")
    page.set_input_files("#id_file", str(sheet))
    page.get_by_label("Import the valid records of a file with errors").check()
    page.focus("#id_file")
    tab_to(page, "input[name=_check]")
    page.keyboard.press("Enter")
    page.wait_for_selector(".import-counts")
    counts = page.locator(".import-counts tbody").inner_text()
    assert "Create\t2" in counts and "Error\t1" in counts
    assert Resource.objects.count() == 0, "the dry run stored nothing"
    assert blocking_violations(page) == []
    page.screenshot(path=str(artifacts_dir / "admin-import-dry-run.png"), full_page=True)

    page.focus("body")
    tab_to(page, "input[name=_confirm]", presses=60)
    page.keyboard.press("Enter")
    page.wait_for_selector("text=The import is finished")
    job = ImportJob.objects.latest("pk")
    assert job.state == JobState.DONE
    assert sorted(Resource.objects.values_list("title", flat=True)) == [
        "Debt bondage in brick kilns",
        "Forced labour at sea",
    ]
    assert set(Resource.objects.values_list("status", flat=True)) == {Status.DRAFT}
    link = page.get_by_role("link", name="Forced labour at sea")
    assert link.get_attribute("href", timeout=1000).endswith("/change/")
    assert blocking_violations(page) == []
