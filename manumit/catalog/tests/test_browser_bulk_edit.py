"""Bulk edit in a real browser, by keyboard alone: tick resources in the list, choose the
bulk edit action, read the count on the confirmation page (where axe finds nothing
serious), add a region, and find it on exactly the resources ticked."""

from __future__ import annotations

from typing import Any

import pytest

from manumit.accounts.groups import PUBLISHERS
from manumit.catalog.models import Resource
from manumit.catalog.tests.factories import ResourceFactory
from manumit.tests.support.browser import blocking_violations, curator, log_in, tab_to

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

RESOURCES = "/admin/catalog/resource/"


def regions_of(title: str) -> list[str]:
    resource = Resource.objects.get(title=title)
    return sorted(resource.regions.values_list("name", flat=True))


def test_a_keyboard_user_adds_a_region_to_the_resources_ticked(live_server: Any, page: Any) -> None:
    base = str(live_server.url)
    for title in ("Alpha report", "Beta report", "Gamma report"):
        ResourceFactory.create(title=title)
    curator("paul", PUBLISHERS)
    log_in(page, base, "paul")
    page.goto(base + RESOURCES + "?o=1")  # by title: Alpha, Beta, Gamma

    for title in ("Alpha report", "Beta report"):
        row = page.locator("#result_list tbody tr", has_text=title)
        tab_to(page, f"#result_list tbody tr:has-text('{title}') input.action-select")
        page.keyboard.press("Space")
        assert row.locator("input.action-select").is_checked()
    tab_to(page, "select[name=action]")
    page.keyboard.type("Bulk")  # a closed select picks the option typed
    assert page.locator("select[name=action]").input_value() == "bulk_edit"
    tab_to(page, "button[name=index]")
    page.keyboard.press("Enter")

    page.wait_for_selector(".bulk-count")
    assert "This change applies to 2 resources" in page.locator(".bulk-count").inner_text()
    assert page.locator(".bulk-titles li").all_inner_texts() == [
        "Alpha report (Published)",
        "Beta report (Published)",
    ]
    assert blocking_violations(page) == []

    tab_to(page, "#id_change_0")  # "Add a term"
    page.keyboard.press("Space")
    assert page.locator("#id_change_0").is_checked()
    tab_to(page, "#id_term")
    page.keyboard.type("Europe")
    assert page.locator("#id_term option:checked").inner_text() == "Europe"
    tab_to(page, "input[name=apply]")
    assert page.locator("input[name=apply]").get_attribute("value") == "Apply to 2 resources"
    page.keyboard.press("Enter")

    page.wait_for_url(base + RESOURCES + "?o=1")
    message = page.locator(".messagelist").inner_text()
    assert "Added region “Europe” to 2 resources." in message
    assert regions_of("Alpha report") == regions_of("Beta report") == ["Europe"]
    assert regions_of("Gamma report") == []
