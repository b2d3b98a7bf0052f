"""The site-wide answers: the health check, the favicon's old address, robots.txt."""

from __future__ import annotations

import pytest
from django.core.management import get_commands
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_health_check_answers_ok_once_the_database_does(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_the_favicon_address_browsers_guess_leads_to_the_real_icon(client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/manumit/favicon.svg"


def test_robots_txt_is_plain_text(client: Client) -> None:
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode().startswith("User-agent: *\n")


def test_serve_and_demo_are_commands_of_their_own_apps() -> None:
    commands = get_commands()
    assert commands["serve"] == "manumit.site"
    assert commands["demo"] == "manumit.demo"
