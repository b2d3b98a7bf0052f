"""The admin login locks a user name out after repeated wrong passwords (django-axes)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

PASSWORD = "pw-for-tests-only"  # conftest's personas


def attempt(client: Client, username: str, password: str) -> int:
    response = client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}
    )
    return response.status_code


@pytest.mark.django_db
def test_thirty_wrong_passwords_then_the_right_one_is_refused(admin_user: User) -> None:
    client = Client()
    answers = [attempt(client, admin_user.username, f"guess-{n}") for n in range(30)]
    # The form says "wrong" up to the limit, then every answer is the lockout.
    assert answers[:4] == [200] * 4
    assert set(answers[5:]) == {429}
    assert attempt(client, admin_user.username, PASSWORD) == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still not logged in


@pytest.mark.django_db
def test_the_limit_is_a_setting(admin_user: User, settings: object) -> None:
    settings.AXES_FAILURE_LIMIT = 2  # type: ignore[attr-defined]
    client = Client()
    assert attempt(client, admin_user.username, "wrong") == 200
    assert attempt(client, admin_user.username, "wrong again") == 429
    assert attempt(client, admin_user.username, PASSWORD) == 429


@pytest.mark.django_db
def test_a_few_mistakes_then_the_right_password_logs_in_and_clears_the_count(
    admin_user: User,
) -> None:
    client = Client()
    for guess in ("typo-1", "typo-2"):
        assert attempt(client, admin_user.username, guess) == 200
    assert attempt(client, admin_user.username, PASSWORD) == 302
    client.logout()
    # The count restarted at the success: four more mistakes are still below the limit.
    for n in range(4):
        assert attempt(client, admin_user.username, f"later-{n}") == 200
    assert attempt(client, admin_user.username, PASSWORD) == 302


@pytest.mark.django_db
def test_a_lockout_from_one_address_leaves_the_curator_free_elsewhere(admin_user: User) -> None:
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(10):
        attempt(attacker, admin_user.username, f"guess-{n}")
    assert attempt(attacker, admin_user.username, PASSWORD) == 429
    curator = Client(REMOTE_ADDR="198.51.100.7")
    assert attempt(curator, admin_user.username, PASSWORD) == 302
