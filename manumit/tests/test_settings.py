"""The settings module, imported fresh in a subprocess with a chosen environment.

Settings are read once, at import, so every case here starts a new interpreter: that is the
only honest way to see what a given set of MANUMIT_* variables produces.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from manumit.tests.support.processes import REPO, environment, load, refuse, run_python


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


# --- the default database ----------------------------------------------------------------


def test_default_database_is_sqlite_in_the_data_dir(data_dir: Path) -> None:
    database = load(data_dir)["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(data_dir / "manumit.sqlite3")
    assert database["OPTIONS"]["timeout"] == 20
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


CONNECT = """
import json
import django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    answers = {}
    for pragma in ("journal_mode", "busy_timeout", "synchronous"):
        cursor.execute(f"PRAGMA {pragma}")
        answers[pragma] = cursor.fetchone()[0]
print(json.dumps(answers))
"""


def test_default_database_really_runs_in_wal_mode_with_a_busy_timeout(data_dir: Path) -> None:
    result = run_python(CONNECT, data_dir)
    assert result.returncode == 0, result.stderr
    pragmas = json.loads(result.stdout.strip().splitlines()[-1])
    assert pragmas["journal_mode"] == "wal"
    assert pragmas["busy_timeout"] == 20_000  # milliseconds: writers wait instead of failing
    assert pragmas["synchronous"] == 1  # NORMAL, safe with WAL

    # WAL is a property of the file, so any later connection (a backup tool, sqlite3) sees it.
    database = data_dir / "manumit.sqlite3"
    assert database.is_file()
    with sqlite3.connect(database) as plain:
        assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_data_dir_defaults_to_var_in_the_working_directory(tmp_path: Path) -> None:
    env = environment(tmp_path)
    del env["MANUMIT_DATA_DIR"]
    result = subprocess.run(
        [sys.executable, "-c", "import manumit.settings as s; print(s.DATA_DIR)"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(tmp_path.resolve() / "var")
    assert (tmp_path / "var" / "secret_key").is_file()


# --- MANUMIT_DATABASE_URL ----------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["postgres", "postgresql"])
def test_a_postgres_url_selects_postgresql(data_dir: Path, scheme: str) -> None:
    url = f"{scheme}://u:p@h:5432/db"
    database = load(data_dir, MANUMIT_DATABASE_URL=url)["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["NAME"] == "db"
    assert database["HOST"] == "h"
    assert database["PORT"] == 5432
    assert database["USER"] == "u"
    assert database["PASSWORD"] == "p"
    assert database["CONN_MAX_AGE"] == 60


def test_a_sqlite_url_is_accepted(data_dir: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    database = load(data_dir, MANUMIT_DATABASE_URL=url)["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(tmp_path / "other.sqlite3")


def test_a_blank_database_url_means_the_default(data_dir: Path) -> None:
    database = load(data_dir, MANUMIT_DATABASE_URL="  ")["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"


@pytest.mark.parametrize(
    "url", ["mysql://u:hunter2@h/db", "postgress://u:hunter2@h/db", "h:5432/db"]
)
def test_a_bad_database_url_stops_the_import_naming_the_variable(data_dir: Path, url: str) -> None:
    message = refuse(data_dir, MANUMIT_DATABASE_URL=url)
    assert message.startswith("manumit.env.ImproperSetting: MANUMIT_DATABASE_URL must start with")
    assert "hunter2" not in message  # never echo a password into a log


# --- MANUMIT_PORT and friends ------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "complaint"),
    [
        ("http", "MANUMIT_PORT must be a whole number, got 'http'"),
        ("80.5", "MANUMIT_PORT must be a whole number, got '80.5'"),
        ("0", "MANUMIT_PORT must be at least 1, got 0"),
        ("70000", "MANUMIT_PORT must be at most 65535, got 70000"),
    ],
)
def test_a_bad_port_stops_the_import_naming_the_variable(
    data_dir: Path, value: str, complaint: str
) -> None:
    assert refuse(data_dir, MANUMIT_PORT=value) == f"manumit.env.ImproperSetting: {complaint}"


def test_port_host_and_threads_are_read(data_dir: Path) -> None:
    values = load(data_dir, MANUMIT_PORT="8123", MANUMIT_HOST="0.0.0.0", MANUMIT_THREADS="4")  # noqa: S104
    assert (values["PORT"], values["HOST"], values["SERVE_THREADS"]) == (8123, "0.0.0.0", 4)  # noqa: S104


def test_defaults(data_dir: Path) -> None:
    values = load(data_dir)
    assert values["DEBUG"] is False
    assert values["PORT"] == 8000
    assert values["HOST"] == "127.0.0.1"
    assert values["PAGE_SIZE"] == 20
    assert values["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost", "[::1]"]
    assert values["MEDIA_ROOT"] == str(data_dir / "media")
    assert values["STATIC_ROOT"] == str(data_dir / "static")
    assert values["MAX_UPLOAD_BYTES"] == 200 * 1024 * 1024
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["SECURE_PROXY_SSL_HEADER"] is None


def test_a_bad_debug_value_stops_the_import(data_dir: Path) -> None:
    message = refuse(data_dir, MANUMIT_DEBUG="maybe")
    assert message.startswith("manumit.env.ImproperSetting: MANUMIT_DEBUG must be one of")


def test_https_behind_a_proxy_secures_cookies_and_trusts_the_forwarded_proto(
    data_dir: Path,
) -> None:
    values = load(
        data_dir,
        MANUMIT_HTTPS="true",
        MANUMIT_ALLOWED_HOSTS="library.example.org",
        MANUMIT_CSRF_TRUSTED_ORIGINS="https://library.example.org",
    )
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["ALLOWED_HOSTS"] == ["library.example.org"]
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://library.example.org"]


# --- the secret key ----------------------------------------------------------------------


def test_a_secret_key_is_generated_into_the_data_dir_and_reused(
    data_dir: Path, tmp_path: Path
) -> None:
    first = load(data_dir)["SECRET_KEY"]
    key_file = data_dir / "secret_key"
    assert key_file.read_text(encoding="utf-8").strip() == first
    assert len(first) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600  # only the owner may read it

    assert load(data_dir)["SECRET_KEY"] == first  # a restart keeps sessions valid
    assert load(tmp_path / "elsewhere")["SECRET_KEY"] != first  # each install has its own


def test_processes_starting_at_once_agree_on_one_generated_key(data_dir: Path) -> None:
    code = "import manumit.settings as s; print(s.SECRET_KEY)"
    env = environment(data_dir)
    starts = [
        subprocess.Popen(  # started together, so they race to create the key
            [sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    keys = {process.communicate(timeout=60)[0].strip() for process in starts}
    assert all(process.returncode == 0 for process in starts)
    assert keys == {(data_dir / "secret_key").read_text(encoding="utf-8").strip()}
    assert not list(data_dir.glob(".secret_key.*"))  # no temporary files left behind


def test_a_configured_secret_key_wins_and_nothing_is_written(data_dir: Path) -> None:
    assert load(data_dir, MANUMIT_SECRET_KEY="configured-key")["SECRET_KEY"] == "configured-key"
    assert not (data_dir / "secret_key").exists()


def test_the_secret_key_can_come_from_a_file(data_dir: Path, tmp_path: Path) -> None:
    secret = tmp_path / "docker-secret"
    secret.write_text("key-from-a-file\n", encoding="utf-8")
    values = load(data_dir, MANUMIT_SECRET_KEY_FILE=str(secret))
    assert values["SECRET_KEY"] == "key-from-a-file"
    assert not (data_dir / "secret_key").exists()


def test_an_unreadable_secret_key_file_stops_the_import(data_dir: Path, tmp_path: Path) -> None:
    message = refuse(data_dir, MANUMIT_SECRET_KEY_FILE=str(tmp_path / "missing"))
    assert "MANUMIT_SECRET_KEY_FILE points to an unreadable file" in message


def test_an_empty_secret_key_file_stops_the_import(data_dir: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty-secret"
    empty.write_text("\n", encoding="utf-8")
    message = refuse(data_dir, MANUMIT_SECRET_KEY_FILE=str(empty))
    assert "MANUMIT_SECRET_KEY_FILE" in message
    assert "empty" in message


def test_the_generated_key_is_never_committed() -> None:
    git = shutil.which("git")
    if git is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(
        [git, "ls-files"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    assert not [path for path in tracked if path.endswith("secret_key")]
    assert not [path for path in tracked if path.startswith("var/")]
    # The default data folder is ignored, so `git add .` cannot pick the key up either.
    ignored = subprocess.run(
        [git, "check-ignore", "--no-index", "-q", "var/secret_key"], cwd=REPO, check=False
    )
    assert ignored.returncode == 0


# --- other values that must not fail later, at run time ----------------------------------


def test_a_bad_log_level_stops_the_import_naming_the_variable(data_dir: Path) -> None:
    message = refuse(data_dir, MANUMIT_LOG_LEVEL="LOUD")
    assert message.startswith("manumit.env.ImproperSetting: MANUMIT_LOG_LEVEL must be one of")


def test_the_log_level_is_case_insensitive(data_dir: Path) -> None:
    assert load(data_dir, MANUMIT_LOG_LEVEL="warning")["LOGGING"]["root"]["level"] == "WARNING"


def test_a_bad_time_zone_stops_the_import_naming_the_variable(data_dir: Path) -> None:
    message = refuse(data_dir, MANUMIT_TIME_ZONE="Mars/Olympus_Mons")
    assert message.startswith("manumit.env.ImproperSetting: MANUMIT_TIME_ZONE")


def test_a_real_time_zone_is_accepted(data_dir: Path) -> None:
    assert load(data_dir, MANUMIT_TIME_ZONE="Europe/London")["TIME_ZONE"] == "Europe/London"


def test_the_sites_stylesheet_is_found_by_the_static_files_finders() -> None:
    # whitenoise serves from the finders (no collectstatic on a first run), so the project's
    # own static folder must be one of their sources, not only the apps' folders.
    from django.contrib.staticfiles import finders

    found = finders.find("manumit/site.css")
    assert found is not None
    assert Path(str(found)).read_bytes() == (REPO / "manumit/static/manumit/site.css").read_bytes()
