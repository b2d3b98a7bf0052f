"""Helpers for the importer tests: run one file through the writer; post to the admin's
import pages as a logged-in curator, with the jobs run as the worker would."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from manumit.importers import registry
from manumit.importers.mapping import Mapping
from manumit.importers.writer import FileReport, ImportOptions, import_file


@pytest.fixture
def run_import(db: None) -> Callable[..., FileReport]:
    def run(
        format_name: str, path: Path, mapping: Mapping | None = None, **options: Any
    ) -> FileReport:
        source = registry.Source(path, mapping=mapping or Mapping())
        return import_file(registry.get(format_name), source, ImportOptions(**options))

    return run


@pytest.fixture
def wxr_dir(shared_dir: Path) -> Path:
    folder = shared_dir / "data" / "interop" / "wxr"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent: the real WordPress exports live in ../shared")
    return folder


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


Post = Callable[..., Any]


@pytest.fixture
def post(django_capture_on_commit_callbacks: Any) -> Post:
    """POST, let the jobs queued at commit run (as the worker would, a moment later), then
    follow the redirect as the browser does."""

    def post(client: Client, url: str, data: dict[str, Any] | None = None) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data or {})
        return client.get(response["Location"]) if response.status_code == 302 else response

    return post
