"""Helpers for the browser tests (`-m browser`): curators who log in, and axe's verdict."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, User

# axe-core impact levels that fail the build.
BLOCKING_IMPACTS = {"serious", "critical"}
PASSWORD = "a-long-test-password-1"


def curator(username: str, group: str) -> User:
    """A staff member of `group` (manumit.accounts.groups) who logs in with PASSWORD."""
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def log_in(page: Any, base: str, username: str) -> None:
    page.goto(base + "/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(base + "/admin/")


def blocking_violations(page: Any) -> list[str]:
    """Each serious or critical axe finding on the page, with the elements it was found on."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} "
        f"on {[node['target'] for node in violation['nodes']]}"
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def tab_to(page: Any, selector: str, presses: int = 80) -> None:
    """Press Tab until the element matching `selector` has the focus, as a keyboard user
    would; fail after `presses` presses."""
    target = page.locator(selector)
    for _ in range(presses):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {selector}")
