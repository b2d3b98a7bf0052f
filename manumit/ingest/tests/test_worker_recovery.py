"""What a starting worker takes back: the tasks of dead workers, and jobs left without a
task; never the task of a worker that is alive. (test_kill_worker.py does it for real,
with kill -9; these cases are each one situation the database can be left in.)"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from manumit.catalog.tests.factories import ResourceFactory
from manumit.ingest import recovery
from manumit.ingest.models import IngestJob, JobState
from manumit.ingest.tasks import claim, enqueue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _database_queue(settings: Any, tmp_path: Path) -> None:
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    settings.DATA_DIR = tmp_path / "var"


def claimed_by(worker_id: str, *, started: timedelta = timedelta(0)) -> IngestJob:
    """A job whose task `worker_id` claimed `started` ago, as db_worker and the task do."""
    job = IngestJob.objects.create(resource=ResourceFactory.create())
    enqueue(job.pk)
    job.refresh_from_db()
    task = DBTaskResult.objects.get(pk=job.task_id)
    task.claim(worker_id)
    DBTaskResult.objects.filter(pk=task.pk).update(started_at=timezone.now() - started)
    assert claim(job.pk) is not None
    return job


def states(job: IngestJob) -> tuple[str, str]:
    job.refresh_from_db()
    return job.state, DBTaskResult.objects.get(pk=job.task_id).status


def left_by_a_dead_worker(worker_id: str) -> None:
    """The lock file a killed worker leaves: there, and locked by nobody."""
    path = recovery.lock_path(worker_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()


def test_a_dead_workers_task_runs_again_and_its_job_waits_for_it() -> None:
    job = claimed_by("killed")
    left_by_a_dead_worker("killed")
    assert recovery.recover() == (1, 0)
    assert states(job) == (JobState.QUEUED, TaskResultStatus.READY)
    assert not recovery.lock_path("killed").exists(), "nobody else would remove it"


def test_a_live_workers_task_is_left_alone() -> None:
    job = claimed_by("busy")
    with recovery.alive("busy"):
        assert recovery.recover() == (0, 0)
        assert states(job) == (JobState.RUNNING, TaskResultStatus.RUNNING)


def test_a_task_of_a_worker_unknown_here_is_taken_back_only_past_every_limit() -> None:
    recent = claimed_by("elsewhere")
    old = claimed_by("elsewhere-too", started=timedelta(hours=2))
    assert recovery.recover() == (1, 0)
    assert states(recent) == (JobState.RUNNING, TaskResultStatus.RUNNING)
    assert states(old) == (JobState.QUEUED, TaskResultStatus.READY)


def test_a_task_claimed_under_the_starting_workers_own_id_is_taken_back() -> None:
    job = claimed_by("worker-1")  # --worker-id worker-1, killed, then started again
    assert recovery.recover(worker_id="worker-1") == (1, 0)
    assert states(job) == (JobState.QUEUED, TaskResultStatus.READY)


def test_a_queued_job_that_never_reached_the_queue_gets_its_task() -> None:
    # The web process died between the upload's commit and the enqueue after it.
    job = IngestJob.objects.create(resource=ResourceFactory.create())
    assert recovery.recover() == (0, 1)
    assert states(job) == (JobState.QUEUED, TaskResultStatus.READY)
    assert recovery.recover() == (0, 0), "a job with a live task is not queued twice"


def test_a_running_job_whose_task_failed_is_queued_again() -> None:
    # A second Ctrl+C stops the worker inside the task: the task fails, the job stays.
    job = claimed_by("stopped")
    DBTaskResult.objects.filter(pk=job.task_id).update(status=TaskResultStatus.FAILED)
    assert recovery.recover() == (0, 1)
    job.refresh_from_db()
    assert job.state == JobState.QUEUED
    assert DBTaskResult.objects.get(pk=job.task_id).status == TaskResultStatus.READY


def test_a_second_worker_with_the_same_id_refuses_to_start() -> None:
    with recovery.alive("twin"), pytest.raises(CommandError, match="twin"):
        call_command("worker", worker_id="twin", batch=True, startup_delay=False, verbosity=0)
