"""Fixtures shared by every app's tests: personas, a throwaway media folder, ../shared."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User

from manumit.accounts.groups import EDITORS, PUBLISHERS

# Real data from outside the project, beside the checkout; absent on a user's machine.
SHARED = Path(settings.PACKAGE_DIR).parent.parent / "shared"


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is absent (a fresh machine); this test reads real data from it")
    return SHARED


@pytest.fixture(autouse=True)
def _media_in_tmp(tmp_path: Path, settings: object) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _search_index_in_tmp(tmp_path: Path, settings: object) -> Iterator[None]:
    """Every test gets its own search index, never the developer's ./var/search."""
    from manumit.search import registry

    folder = tmp_path / "search"
    settings.SEARCH_INDEX_DIR = folder  # type: ignore[attr-defined]
    yield
    registry.forget(folder)


@pytest.fixture(autouse=True)
def _fast_passwords_and_no_page_limit(settings: object) -> None:
    """argon2 takes ~0.1 s a hash, paid for every test user; manumit/tests/test_security_settings.py
    checks the real hasher. Tests that send many searches would also meet the anonymous
    page rate limit, which its own tests switch back on."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
    settings.PAGE_RATE_LIMIT = 0  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _no_pages_from_another_test() -> None:
    """The page cache (manumit/site/pagecache.py) is on in every test, so that every page
    test also checks it; a rolled-back test must not leave its pages to the next."""
    from django.core.cache import caches

    caches["pages"].clear()


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings: object) -> None:
    """Background tasks run inside the request or command that enqueues them, as a worker
    would run them a moment later; tests that exercise the real queue override this."""
    settings.TASKS = {  # type: ignore[attr-defined]
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }


def _member(username: str, group: str, **extra: object) -> User:
    user = User.objects.create_user(username, password="pw-for-tests-only", is_staff=True, **extra)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db: None) -> User:
    return _member("edith", EDITORS)


@pytest.fixture
def publisher(db: None) -> User:
    return _member("paul", PUBLISHERS)


@pytest.fixture
def admin_user(db: None) -> User:
    return User.objects.create_superuser("ada", "ada@example.org", "pw-for-tests-only")


@pytest.fixture
def attach(shared_dir: Path, db: None) -> Callable[[Path], Any]:
    """An attachment holding a shared file, as an admin upload leaves it (for the tests of
    ingestion, and of search, which indexes what ingestion reads)."""
    from django.core.files import File

    from manumit.catalog.models import Attachment
    from manumit.catalog.tests.factories import ResourceFactory

    def attach(relative: Path) -> Attachment:
        resource = ResourceFactory.create(title="Uploaded in the admin")
        attachment = Attachment(resource=resource, media_type="application/pdf")
        with (shared_dir / relative).open("rb") as source:
            attachment.file.save(relative.name, File(source), save=False)
        attachment.measure()
        attachment.save()
        return attachment

    return attach


# --- Headless Chromium (Debian's package, driven by Playwright; never a downloaded browser) ---

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    # The machines have no outside network: stop Chromium's own background calls.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured
    return next((path for path in CHROMIUM_CANDIDATES if Path(path).exists()), None)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = chromium_path()
    if executable is None:
        pytest.skip("no Chromium installed (scripts/install-chromium.sh installs Debian's)")
    # Playwright's sync API runs an event loop in this thread; Django's ORM would refuse to
    # run beside it unless told the test thread is synchronous on purpose.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Screenshots and other outputs of browser tests (git-ignored)."""
    folder = Path(settings.PACKAGE_DIR).parent / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture(scope="session", autouse=True)
def _database_vendor_is_the_one_asked_for(django_db_blocker: Any) -> None:
    """`make test-postgres` must really test PostgreSQL, never quietly SQLite."""
    expected = os.environ.get("EXPECT_DB_VENDOR")
    if expected:
        from django.db import connection

        assert connection.vendor == expected, f"tests run on {connection.vendor}, not {expected}"


@pytest.fixture(autouse=True)
def _vocabularies_after_a_flush(request: pytest.FixtureRequest) -> None:
    """Transactional tests (the browser ones) flush the database, seed data included.

    serialized_rollback cannot bring it back once Playwright's event loop runs in the test
    thread (Django then hands the thread a fresh connection without the serialized copy), so
    the seed migrations' vocabularies, tag rules and the curator groups are loaded again here.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction", False)
    if not transactional and "live_server" not in request.fixturenames:
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    from manumit.accounts.groups import ensure_curator_groups
    from manumit.catalog.seeding import load_geography, load_taxonomies
    from manumit.ingest.suggest.seeding import load_tag_rules

    load_taxonomies(apps)
    load_geography(apps)
    load_tag_rules(apps)
    ensure_curator_groups()
