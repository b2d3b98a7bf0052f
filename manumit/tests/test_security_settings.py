"""Production settings pass Django's deployment checks, and passwords are hashed with argon2.

Each case starts a fresh interpreter: settings are read once, at import.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from manumit.tests.support.processes import load, run_python

PRODUCTION = {
    "MANUMIT_HTTPS": "true",
    "MANUMIT_ALLOWED_HOSTS": "library.example.org",
    "MANUMIT_SECRET_KEY": secrets.token_urlsafe(50),
}

CHECK_DEPLOY = """
import django
django.setup()
from django.core.management import call_command
call_command("check", deploy=True, fail_level="WARNING")
print("deploy checks clean")
"""


def test_check_deploy_is_clean_with_the_production_settings(tmp_path: Path) -> None:
    result = run_python(CHECK_DEPLOY, tmp_path / "data", **PRODUCTION)
    # fail_level=WARNING turns any warning into an error exit that names it.
    assert result.returncode == 0, result.stderr
    assert "deploy checks clean" in result.stdout


def test_production_settings_send_the_security_headers_over_https(tmp_path: Path) -> None:
    values = load(tmp_path / "data", **PRODUCTION)
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31_536_000
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_REFERRER_POLICY"] == "same-origin"
    directives = values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert directives["script-src"] == ["'self'"]  # no 'unsafe-inline'
    assert directives["frame-ancestors"] == ["'none'"]


def test_plain_http_development_sends_no_hsts(tmp_path: Path) -> None:
    values = load(tmp_path / "data")
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SECURE_SSL_REDIRECT"] is False


HEADERS_OVER_HTTPS = """
import json
import django
django.setup()
from django.test import Client
client = Client(headers={"X-Forwarded-Proto": "https"}, HTTP_HOST="library.example.org")
page = client.get("/healthz")
plain = Client(HTTP_HOST="library.example.org").get("/resources/")
print(json.dumps({"hsts": page.headers.get("Strict-Transport-Security"),
                  "plain": [plain.status_code, plain.headers.get("Location")]}))
"""


def test_https_pages_carry_hsts_and_plain_http_is_redirected(tmp_path: Path) -> None:
    result = run_python(HEADERS_OVER_HTTPS, tmp_path / "data", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert seen["plain"] == [301, "https://library.example.org/resources/"]


HASH = """
import django
django.setup()
from django.contrib.auth.hashers import make_password
print(make_password("correct horse battery staple"))
"""


def test_new_passwords_are_hashed_with_argon2(tmp_path: Path) -> None:
    result = run_python(HASH, tmp_path / "data")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("argon2$argon2id$")


def test_login_lockout_settings_are_read_and_refused_when_bad(tmp_path: Path) -> None:
    values = load(
        tmp_path / "data", MANUMIT_LOGIN_FAILURE_LIMIT="3", MANUMIT_LOGIN_LOCKOUT_MINUTES="5"
    )
    assert values["AXES_FAILURE_LIMIT"] == 3
    assert values["AXES_COOLOFF_TIME"] == "0:05:00"
    result = run_python(
        "import manumit.settings", tmp_path / "data2", MANUMIT_LOGIN_FAILURE_LIMIT="0"
    )
    assert result.returncode != 0
    assert "MANUMIT_LOGIN_FAILURE_LIMIT" in result.stderr
