"""The review queue in a real browser: usable with the keyboard alone, evidence one key
press away, and no serious axe-core finding."""

from __future__ import annotations

from typing import Any

import pytest

from manumit.accounts.groups import EDITORS
from manumit.catalog.models import Resource, Status
from manumit.catalog.tests.factories import ResourceFactory
from manumit.ingest.models import Suggestion, SuggestionState
from manumit.tests.support.browser import blocking_violations, curator, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUEUE = "/admin/ingest/suggestion/"


def test_a_group_is_accepted_with_the_keyboard_and_the_page_passes_axe(
    live_server: Any, page: Any
) -> None:
    drafts = [ResourceFactory.create(status=Status.DRAFT) for _ in range(3)]
    for resource in drafts:
        Suggestion.objects.create(
            resource=resource, field="countries", value=["TH"], evidence=["Thailand: 9 mentions"]
        )
    base = str(live_server.url)
    curator("edith", EDITORS)
    log_in(page, base, "edith")
    page.goto(base + QUEUE)
    assert blocking_violations(page) == []
    # The evidence opens from the keyboard.
    summary = page.locator("summary").first
    summary.focus()
    page.keyboard.press("Enter")
    assert page.get_by_text("Thailand: 9 mentions").first.is_visible()
    assert blocking_violations(page) == []
    group = page.get_by_label("Countries: Thailand", exact=False).first
    group.focus()
    page.keyboard.press("Space")
    assert group.is_checked()
    page.get_by_role("button", name="Accept selected").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("Accepted 3 suggestions.").is_visible()
    assert not Suggestion.objects.filter(state=SuggestionState.PENDING).exists()
    assert Resource.objects.filter(countries__iso2="TH").count() == 3
