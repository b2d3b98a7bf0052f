"""/healthz and `manumit health`: each check fails on its own, with 503 and a reason."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from manumit.catalog.models import Resource
from manumit.search import apply_outbox, registry
from manumit.search.models import OutboxEntry
from manumit.site import health

pytestmark = pytest.mark.django_db


@pytest.fixture
def index_dir(tmp_path: Path, settings: Any) -> Iterator[Path]:
    settings.SEARCH_INDEX_DIR = tmp_path / "search"
    yield settings.SEARCH_INDEX_DIR
    registry.forget(settings.SEARCH_INDEX_DIR)


def failing(client: Client) -> dict[str, Any]:
    response = client.get("/healthz")
    assert response.status_code == 503
    answer: dict[str, Any] = response.json()
    assert answer["status"] == "failing"
    return answer["checks"]


def test_a_well_node_answers_200_with_every_check(client: Client, index_dir: Path) -> None:
    Resource.objects.create(title="Forced labour report", slug="report", status="published")
    apply_outbox()
    response = client.get("/healthz")
    assert response.status_code == 200
    answer = response.json()
    assert answer["status"] == "ok"
    assert set(answer["checks"]) == {"database", "search", "queue", "disk"}
    assert answer["checks"]["search"]["figures"] == {
        "pending": 0,
        "lag_seconds": 0.0,
        "built": True,
    }
    assert "no-cache" in response["Cache-Control"]


def test_a_database_that_does_not_answer_fails(
    client: Client, index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse() -> health.Check:
        raise OperationalError("connection refused")

    monkeypatch.setitem(health.CHECKS, "database", refuse)
    checks = failing(client)
    assert checks["database"]["detail"] == "OperationalError: connection refused"


def test_an_index_far_behind_the_outbox_fails(client: Client, index_dir: Path) -> None:
    Resource.objects.create(title="Forced labour report", slug="report", status="published")
    apply_outbox()
    Resource.objects.create(title="Debt bondage", slug="bondage", status="published")
    OutboxEntry.objects.update(created_at=timezone.now() - timedelta(hours=1))
    checks = failing(client)  # the change of an hour ago was never applied
    assert not checks["search"]["ok"]
    assert checks["search"]["figures"]["pending"] >= 1
    apply_outbox()
    assert client.get("/healthz").status_code == 200


def test_a_node_without_an_index_fails_once_the_changes_wait_too_long(
    client: Client, index_dir: Path, settings: Any
) -> None:
    Resource.objects.create(title="Forced labour report", slug="report", status="published")
    assert client.get("/healthz").status_code == 200  # just started: building is fine
    settings.HEALTH_INDEX_LAG_SECONDS = 1
    OutboxEntry.objects.update(created_at=timezone.now() - timedelta(seconds=30))
    checks = failing(client)
    assert checks["search"]["figures"]["built"] is False
    assert "being built" in checks["search"]["detail"]


def test_a_job_waiting_too_long_fails(client: Client, index_dir: Path) -> None:
    job = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="manumit.ingest.tasks.ingest_attachment",
        backend_name="default",
        run_after=timezone.now() - timedelta(hours=2),
    )
    DBTaskResult.objects.filter(pk=job.pk).update(enqueued_at=timezone.now() - timedelta(hours=2))
    checks = failing(client)
    assert checks["queue"]["figures"]["ready"] == 1
    assert checks["queue"]["figures"]["oldest_seconds"] >= 7200


def test_too_little_free_disk_fails(client: Client, index_dir: Path, settings: Any) -> None:
    settings.HEALTH_MIN_FREE_MB = 2**40  # a million terabytes
    checks = failing(client)
    assert not checks["disk"]["ok"]
    assert checks["database"]["ok"] and checks["queue"]["ok"]


def test_the_command_prints_the_same_report_and_fails_with_status_1(
    index_dir: Path, settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("health", "--json")
    assert json.loads(capsys.readouterr().out)["status"] == "ok"
    settings.HEALTH_MIN_FREE_MB = 2**40
    with pytest.raises(CommandError) as failure:
        call_command("health")
    assert failure.value.returncode == 1
    assert "FAIL disk:" in capsys.readouterr().out
