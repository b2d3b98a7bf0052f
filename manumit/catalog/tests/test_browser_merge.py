"""Merging duplicates in a real browser, by keyboard alone: a publisher ticks two resources
in the list, chooses the merge action, picks the one to keep on the confirmation page,
confirms, reads the result, and undoes the merge from its record; axe finds nothing serious
on any of these pages."""

from __future__ import annotations

from typing import Any

import pytest

from manumit.accounts.groups import PUBLISHERS
from manumit.catalog.models import MergeRecord, Resource
from manumit.catalog.tests.factories import ResourceFactory
from manumit.tests.support.browser import blocking_violations, curator, log_in, tab_to

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

RESOURCES = "/admin/catalog/resource/"


def test_a_publisher_merges_two_resources_and_undoes_it_by_keyboard(
    live_server: Any, page: Any
) -> None:
    base = str(live_server.url)
    dropped = ResourceFactory.create(title="Alpha report")
    kept = ResourceFactory.create(title="Alpha report, second entry", doi="10.1234/alpha")
    ResourceFactory.create(title="Gamma report")
    curator("paul", PUBLISHERS)
    log_in(page, base, "paul")
    page.goto(base + RESOURCES + "?o=1")  # by title: the two Alphas, then Gamma

    for resource in (dropped, kept):
        tab_to(page, f"#result_list input.action-select[value='{resource.pk}']")
        page.keyboard.press("Space")
    tab_to(page, "select[name=action]")
    page.keyboard.type("Merge")
    assert page.locator("select[name=action]").input_value() == "merge_resources"
    tab_to(page, "button[name=index]")
    page.keyboard.press("Enter")

    page.wait_for_selector("table.merge-sides")
    sides = page.locator("table.merge-sides").text_content() or ""
    assert "Alpha report" in sides and "10.1234/alpha" in sides
    attachments = page.locator("table.merge-sides tr", has_text="Attachments").locator("td")
    assert attachments.all_inner_texts() == ["0", "0"]  # a count of none is 0, not a dash
    assert blocking_violations(page) == []
    # The first is chosen; the arrow key moves the choice to the second, as radios do.
    tab_to(page, "input[name=winner]:checked")
    page.keyboard.press("ArrowRight")
    assert page.locator("input[name=winner]:checked").get_attribute("value") == str(kept.pk)
    tab_to(page, "input[name=merge]")
    page.keyboard.press("Enter")

    page.wait_for_selector(".messagelist")
    message = page.locator(".messagelist").inner_text()
    assert "Merged “Alpha report” into “Alpha report, second entry”" in message
    assert list(Resource.objects.order_by("title").values_list("title", flat=True)) == [
        "Alpha report, second entry",
        "Gamma report",
    ]
    assert blocking_violations(page) == []
    tab_to(page, ".messagelist a")
    page.keyboard.press("Enter")

    record = MergeRecord.objects.get()
    page.wait_for_url(base + record.get_admin_url())
    assert "Undo puts “Alpha report” back" in page.locator("#content").inner_text()
    assert blocking_violations(page) == []
    tab_to(page, "form.merge-undo input[type=submit]")
    page.keyboard.press("Enter")

    page.wait_for_selector(".messagelist")
    assert "“Alpha report” is back as a resource of its own" in (
        page.locator(".messagelist").inner_text()
    )
    assert "This merge was undone on" in page.locator("#content").inner_text()
    assert blocking_violations(page) == []
    assert Resource.objects.count() == 3
    assert Resource.objects.get(title="Alpha report").doi == ""
