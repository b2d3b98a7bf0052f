"""A curator's path in a real browser: log in, write a draft, publish it, see it public."""

from __future__ import annotations

from typing import Any

import pytest

from manumit.accounts.groups import EDITORS, PUBLISHERS
from manumit.tests.support.browser import curator, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def add_draft(page: Any, base: str, title: str) -> None:
    page.goto(base + "/admin/catalog/resource/add/")
    page.fill("#id_title", title)
    page.fill(
        "#id_description", "<p>A field study of recruitment fees paid by migrant workers.</p>"
    )
    page.fill("#id_pub_date", "2024-03-05")
    page.click("input[name=_save]")
    page.wait_for_url(base + "/admin/catalog/resource/")


def test_an_editor_writes_a_draft_and_a_publisher_publishes_it(live_server: Any, page: Any) -> None:
    base = str(live_server.url)
    curator("edith", EDITORS)
    curator("paul", PUBLISHERS)
    title = "Recruitment fees in the Gulf construction sector"

    log_in(page, base, "edith")
    add_draft(page, base, title)
    actions = page.locator("select[name=action] option").all_inner_texts()
    assert not any("Publish" in action for action in actions), "editors cannot publish"
    page.context.clear_cookies()
    assert page.goto(base + "/").ok
    assert title not in page.content(), "a draft is not public"

    log_in(page, base, "paul")
    page.goto(base + "/admin/catalog/resource/")
    row = page.locator("#result_list tr", has_text=title)
    row.locator("input[name=_selected_action]").check()
    page.select_option("select[name=action]", "publish")
    page.click("button[name=index]")
    assert "Published 1 resource" in page.locator(".messagelist").inner_text()

    page.context.clear_cookies()
    page.goto(base + "/")
    page.locator("article.card h2 a", has_text=title).click()
    assert page.locator("h1").inner_text() == title
    assert "05 March 2024" in page.locator("article.resource .meta").inner_text()
