"""The API's docs in a real browser under the site's CSP: the explorer (Swagger UI from
this site's static files) draws every operation with no policy violation, and the
reference page passes axe."""

from __future__ import annotations

from typing import Any

import pytest

from manumit.tests.support.browser import blocking_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch_policy(page: Any) -> list[str]:
    """Every CSP violation the page reports, from the console and from the DOM event."""
    seen: list[str] = []
    page.on(
        "console",
        lambda message: (
            seen.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('Content Security Policy: ' + e.violatedDirective + ' ' + e.blockedURI))"
    )
    return seen


def test_the_explorer_runs_under_the_policy(page: Any, live_server: Any) -> None:
    violations = watch_policy(page)
    page.goto(f"{live_server.url}/api/v1/docs/try")
    page.wait_for_selector(".opblock", timeout=20_000)
    operations = page.locator(".opblock").count()
    document = page.request.get(f"{live_server.url}/api/v1/openapi.json").json()
    assert operations == sum(len(item) for item in document["paths"].values())
    assert violations == []


def test_the_reference_page_is_accessible(page: Any, live_server: Any) -> None:
    violations = watch_policy(page)
    page.goto(f"{live_server.url}/api/v1/docs")
    assert page.locator("h3").count() > 10
    assert blocking_violations(page) == []
    assert violations == []
