"""Fixtures shared by every app's tests: personas, a throwaway media folder, ../shared."""

from __future__ import annotations

from pathlib import Path

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
