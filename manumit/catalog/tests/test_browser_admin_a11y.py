"""The resource admin in a real browser: axe finds nothing serious, and the keyboard works.

axe-core checks the list, the add form and a filled change form (autocompletes with values,
inline rows, files and links) as a publisher sees them. Only 'serious' and 'critical'
findings fail; no rule is switched off.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile

from manumit.accounts.groups import PUBLISHERS
from manumit.catalog.models import Attachment, Country, Resource, Sector, Status
from manumit.catalog.tests.factories import ResourceFactory
from manumit.tests.support.browser import blocking_violations, curator, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

RESOURCES = "/admin/catalog/resource/"


@pytest.fixture
def base(live_server: Any, page: Any) -> str:
    """The site's address, with a publisher logged in."""
    url = str(live_server.url)
    curator("paul", PUBLISHERS)
    log_in(page, url, "paul")
    return url


@pytest.fixture
def filled_resource() -> Resource:
    """A draft with every autocomplete set, author and publisher rows, a file and a link."""
    resource = ResourceFactory.create(
        title="Pervasive, punitive, and predetermined",
        status=Status.DRAFT,
        types=["Publications"],
        regions=["Asia"],
        authors=["Remco E. Breuker", "Leiden University"],
        publishers=["Walk Free Foundation"],
    )
    resource.countries.add(Country.objects.get(pk="KP"))
    resource.sectors.add(Sector.objects.order_by("name")[0])
    stored = Attachment(resource=resource, label="Full report", media_type="application/pdf")
    stored.file.save("report.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    Attachment.objects.create(resource=resource, position=1, url="https://example.org/summary")
    return resource


def test_the_resource_list_has_a_labelled_search_box_and_no_serious_axe_findings(
    base: str, page: Any, filled_resource: Resource
) -> None:
    page.goto(base + RESOURCES)
    search = page.get_by_label("Search resources")
    assert search.is_visible(), "the search box is named by visible text"
    search.fill("Pervasive")
    search.press("Enter")
    page.wait_for_url("**?q=Pervasive")
    assert page.locator("#result_list tbody tr").count() == 1
    assert blocking_violations(page) == []


def test_the_add_form_has_no_serious_axe_findings_before_and_after_adding_a_row(
    base: str, page: Any
) -> None:
    page.goto(base + RESOURCES + "add/")
    assert blocking_violations(page) == []
    page.get_by_role("button", name="Add another Author").click()
    assert page.locator("#authorships-1 .select2-selection").count() == 2
    assert blocking_violations(page) == []


def test_a_filled_change_form_names_every_autocomplete_and_has_no_serious_axe_findings(
    base: str, page: Any, filled_resource: Resource, artifacts_dir: Path
) -> None:
    page.goto(f"{base}{RESOURCES}{filled_resource.pk}/change/")
    # The name comes from the field's label (or its column heading), then the value chosen.
    assert page.get_by_role("searchbox", name="Content types:").count() == 1
    assert page.get_by_role("combobox", name="Person Remco E. Breuker").count() == 1
    assert page.get_by_role("combobox", name="Organisation Leiden University").count() == 1
    assert page.get_by_role("spinbutton", name="Position, row 1").count() == 2
    page.screenshot(path=str(artifacts_dir / "admin-change-form.png"), full_page=True)
    assert blocking_violations(page) == []

    # A row added later, its dropdown open with results: still nothing serious.
    page.get_by_role("button", name="Add another Author").click()
    page.locator("#authorships-2 .field-person .select2-selection").click()
    page.keyboard.type("Breu")
    page.get_by_role("option", name="Remco E. Breuker").wait_for()
    assert page.get_by_role("listbox", name="Person").count() == 1
    assert blocking_violations(page) == []


def test_a_keyboard_user_tabs_from_the_title_to_content_types_and_picks_one_by_typing(
    base: str, page: Any
) -> None:
    page.goto(base + RESOURCES + "add/")
    page.focus("#id_title")
    for _ in range(3):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.field-types') !== null"):
            break
    focused = page.evaluate("document.activeElement.getAttribute('role')")
    assert focused == "searchbox", "Tab from the title reaches the content-types autocomplete"
    page.keyboard.type("Publi")
    option = page.get_by_role("option", name="Publications")
    option.wait_for()
    page.keyboard.press("Enter")
    chosen = page.locator("#id_types option:checked").all_inner_texts()
    assert chosen == ["Publications"]
