"""`kill -9` of a web process in the middle of a curator's save: the save is all or nothing.

A real `manumit serve` (granian, one worker process) over a throwaway data folder (SQLite,
or PostgreSQL with EXPECT_DB_VENDOR=postgresql). A publisher logs in and saves a draft's
change form that rewrites its title, its topics (many-to-many) and its authors (inline
rows). The test-only `pause` app (manumit/tests/support/pause.py) freezes the process
when it saves the first author row, inside the admin's transaction; the test kills that
process there. granian starts a new one; the resource is wholly as it was, the database
whole, and the same form, sent again, saves all of it.
"""

from __future__ import annotations

import http.cookiejar
import os
import signal
import subprocess
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import pytest

from manumit.tests.support import servers
from manumit.tests.support.processes import REPO, children, environment, python_json
from manumit.tests.support.servers import scratch_database

TIMEOUT_S = 400  # migrating and collecting static files on a loaded two-core machine
PASSWORD = "pw-for-a-kill-test"  # a throwaway library's only account

LIBRARY = f"""
import json
import django
django.setup()
from django.contrib.auth.models import Group, User
from django.core.management import call_command
call_command("migrate", verbosity=0, interactive=False)
from manumit.accounts.groups import PUBLISHERS
from manumit.catalog.models import Authorship, Person, Resource, Topic
paula = User.objects.create_user("paula", password={PASSWORD!r}, is_staff=True)
paula.groups.add(Group.objects.get(name=PUBLISHERS))
topics = [Topic.objects.create(name=f"Kill test topic {{n}}", slug=f"kill-{{n}}") for n in range(3)]
people = [Person.objects.create(name=f"Author {{n}}", slug=f"author-{{n}}") for n in range(3)]
kilns = Resource.objects.create(title="Debt bondage in brick kilns", slug="kilns", status="draft")
kilns.topics.set([topics[0]])
Authorship.objects.create(resource=kilns, person=people[0], position=1)
print(json.dumps({{
    "resource": kilns.pk,
    "topics": [topic.pk for topic in topics],
    "people": [person.pk for person in people],
}}))
"""

LOOK = """
import json
import django
django.setup()
from django.contrib.admin.models import LogEntry
from django.db import connection
from manumit.catalog.models import Resource
kilns = Resource.objects.get(slug="kilns")
with connection.cursor() as cursor:
    if connection.vendor == "sqlite":
        whole = cursor.execute("PRAGMA integrity_check").fetchone()[0]
    else:  # PostgreSQL: no session of the killed process is left holding a transaction
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND state LIKE 'idle in transaction%'"
        )
        whole = "ok" if cursor.fetchone()[0] == 0 else "a transaction is left open"
print(json.dumps({
    "title": kilns.title,
    "updated_at": kilns.updated_at.isoformat(),
    "topics": sorted(kilns.topics.values_list("slug", flat=True)),
    "authors": list(kilns.authorships.order_by("position").values_list("position", "person__slug")),
    "history": LogEntry.objects.filter(object_id=str(kilns.pk)).count(),
    "integrity": whole,
}))
"""

OLD = {
    "title": "Debt bondage in brick kilns",
    "topics": ["kill-0"],
    "authors": [[1, "author-0"]],
    "history": 0,
    "integrity": "ok",
}
NEW = {
    "title": "Debt bondage in the brick kilns of Punjab",
    "topics": ["kill-1", "kill-2"],
    "authors": [[1, "author-1"], [2, "author-2"]],
    "history": 1,
    "integrity": "ok",
}


@pytest.fixture
def database_url() -> Iterator[str]:
    """'' for SQLite in the data folder; on PostgreSQL, an empty database of our own."""
    with scratch_database("kill_web") as url:
        yield url


def python(code: str, env: dict[str, str]) -> dict[str, object]:
    return python_json(code, env, TIMEOUT_S)


class Curator:
    """A browser's part: cookies, the CSRF token from each form, form fields as sent."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def open(self, path: str, fields: list[tuple[str, str]] | None = None) -> tuple[str, str]:
        """(final address, page) after any redirects; POST when `fields` are given."""
        body = urllib.parse.urlencode(fields).encode() if fields is not None else None
        request = urllib.request.Request(self.base + path, data=body)  # noqa: S310 (our http://)
        with self.opener.open(request, timeout=TIMEOUT_S) as response:
            return response.geturl(), response.read().decode()

    def form(self, path: str, form_id: str) -> list[tuple[str, str]]:
        _, page = self.open(path)
        form = lxml.html.fromstring(page).get_element_by_id(form_id)
        return [(name, str(value)) for name, value in form.form_values()]

    def log_in(self, username: str, password: str) -> None:
        fields = self.form("/admin/login/?next=/admin/", "login-form")
        fields += [("username", username), ("password", password)]
        address, _ = self.open("/admin/login/?next=/admin/", fields)
        assert urlsplit(address).path == "/admin/", "the login should lead to the admin"


def edited(fields: list[tuple[str, str]], ids: dict[str, Any]) -> list[tuple[str, str]]:
    """The change form with a new title, topics 1 and 2 for 0, and authors 1 and 2 (the
    first row changed, the empty extra row filled) for author 0."""
    changes: dict[str, str] = {
        "title": str(NEW["title"]),
        "authorships-0-person": str(ids["people"][1]),
        "authorships-1-person": str(ids["people"][2]),
        "authorships-1-position": "2",
    }
    kept = [(name, changes.get(name, value)) for name, value in fields if name != "topics"]
    topics = [("topics", str(pk)) for pk in ids["topics"][1:]]
    return [*kept, *topics, ("_save", "Save")]


def answers(base: str) -> bool:
    try:
        with urllib.request.urlopen(base + "/healthz", timeout=10) as response:  # noqa: S310
            return bool(response.status)
    except urllib.error.HTTPError:
        return True  # it answered, if not "healthy" (no search index yet, say)
    except OSError:
        return False


def wait_until(check: Callable[[], object], server: subprocess.Popen[bytes], log: Path,
               what: str) -> None:  # fmt: skip
    servers.wait_until(check, server, log, what, timeout_s=TIMEOUT_S, interval_s=0.2)


def test_a_web_process_killed_during_a_save_leaves_all_or_nothing(
    tmp_path: Path, database_url: str
) -> None:
    variables = {"MANUMIT_DATABASE_URL": database_url} if database_url else {}
    marker = tmp_path / "paused"
    env = environment(tmp_path / "var", **variables)
    ids: dict[str, Any] = python(LIBRARY, env)
    look = python(LOOK, env)
    assert {key: look[key] for key in OLD} == OLD

    log = tmp_path / "serve.log"
    paused_env = {
        **env,
        "DJANGO_SETTINGS_MODULE": "manumit.tests.support.pause_settings",
        "PAUSE_ON_SAVE": "catalog.Authorship",
        "PAUSE_MARKER": str(marker),
    }
    serve = servers.serving(
        paused_env, REPO, log, "--workers", "1", ready=answers, timeout_s=TIMEOUT_S, interval_s=0.2
    )
    with serve as (base, server):
        curator = Curator(base)
        curator.log_in("paula", PASSWORD)
        change = f"/admin/catalog/resource/{ids['resource']}/change/"
        fields = edited(curator.form(change, "resource_form"), ids)

        # The save, sent from a thread of its own: it never returns while paused.
        outcome: list[str] = []

        def save() -> None:
            try:
                outcome.append(curator.open(change, fields)[0])
            except OSError as error:  # HTTPError too: granian's answer for a dead worker
                outcome.append(f"failed: {error}")

        sending = threading.Thread(target=save, daemon=True)
        sending.start()
        wait_until(lambda: marker.exists() and marker.read_text(), server, log, "no pause")
        paused = int(marker.read_text())
        assert paused in children(server.pid)
        os.kill(paused, signal.SIGKILL)
        sending.join(timeout=120)
        assert outcome and outcome[0].startswith("failed"), outcome  # the curator sees it

        # granian starts another process; the half-done save left nothing behind.
        wait_until(
            lambda: (pids := children(server.pid)) and paused not in pids and answers(base),
            server,
            log,
            "no new web process",
        )
        after_kill = python(LOOK, env)
        assert {key: after_kill[key] for key in OLD} == OLD
        assert after_kill["updated_at"] == look["updated_at"]

        # The curator sends the same form again: all of it is saved.
        address, _ = curator.open(change, fields)
        assert urlsplit(address).path == "/admin/catalog/resource/", "the save should succeed"
        saved = python(LOOK, env)
        assert {key: saved[key] for key in NEW} == NEW
