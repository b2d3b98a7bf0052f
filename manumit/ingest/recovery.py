"""A worker's start: take back the jobs of workers that died, so a crash costs a re-run.

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again:
a worker killed mid-task (`kill -9`, out of memory, power cut) leaves the task RUNNING and
its IngestJob "running" for ever (django-tasks issue #46, open). So each `manumit worker`
holds a lock file, named for its worker id, in the data folder's `workers/` for as long
as it lives; the kernel lets go of the lock when the process dies, however it dies. At
start a worker looks at every RUNNING task: when its worker's lock file can be locked,
that worker is dead and the task goes back to READY. A task whose worker left no lock
file here (a worker on another machine with its own data folder) is taken back only once
it has run past every limit (`tasks.stuck_after`), as the admin's retry does.

Then every job still waiting (queued, or running) without a live task to run it gets one:
a job whose web process died between its commit and its enqueue, or whose worker was
stopped by a second Ctrl+C. Running a job twice is safe: `tasks.claim` lets one run only,
and the pipeline (re)writes a file's text and suggestions in one transaction.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from manumit.ingest.models import IngestJob, JobState
from manumit.ingest.tasks import enqueue, stuck_after

logger = logging.getLogger(__name__)

LIVE_TASK = [TaskResultStatus.READY, TaskResultStatus.RUNNING]


def lock_path(worker_id: str) -> Path:
    # Hashed: a worker id is any string up to 64 characters (--worker-id), not a file name.
    digest = hashlib.sha256(worker_id.encode()).hexdigest()[:32]
    return Path(settings.DATA_DIR) / "workers" / f"{digest}.lock"


@contextlib.contextmanager
def alive(worker_id: str) -> Iterator[None]:
    """Hold this worker's lock file while the worker runs."""
    path = lock_path(worker_id)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise WorkerIdInUse(f"Another worker with the id {worker_id!r} is running.") from None
        try:
            yield
        finally:
            path.unlink(missing_ok=True)
    finally:
        os.close(descriptor)


class WorkerIdInUse(Exception):
    pass


def is_dead(worker_id: str) -> bool | None:
    """True when the worker's lock file is here and unlocked; None when there is none."""
    path = lock_path(worker_id)
    try:
        descriptor = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    else:
        path.unlink(missing_ok=True)  # its worker is gone: nobody will remove it
        return True
    finally:
        os.close(descriptor)


def recover(backend_name: str = "default", worker_id: str = "") -> tuple[int, int]:
    """Give back the dead workers' tasks, then queue every job left without a task.
    `worker_id` is the starting worker's own: a task still claimed under it was left by
    an earlier process given the same --worker-id. Returns (tasks given back, jobs
    queued again)."""
    returned = sum(give_back(task) for task in abandoned(backend_name, worker_id))
    queued = sum(requeue(job) for job in jobs_without_a_task(backend_name))
    if returned or queued:
        logger.warning(
            "Recovered after a crash: %s task(s) of dead workers run again, %s job(s) queued.",
            returned,
            queued,
        )
    return returned, queued


def abandoned(backend_name: str, own_id: str) -> Iterator[DBTaskResult]:
    too_old = timezone.now() - stuck_after()
    # A list, not a cursor left open while give_back() writes to the same table.
    running = list(DBTaskResult.objects.running().filter(backend_name=backend_name))
    for task in running:
        worker = task.worker_ids[-1] if task.worker_ids else ""
        dead = worker == own_id or (is_dead(worker) if worker else None)
        if dead or (dead is None and task.started_at is not None and task.started_at < too_old):
            yield task


def give_back(task: DBTaskResult) -> bool:
    """READY again (the worker ids stay: one more is an attempt more), its job queued."""
    returned = DBTaskResult.objects.filter(
        pk=task.pk, status=TaskResultStatus.RUNNING, started_at=task.started_at
    ).update(status=TaskResultStatus.READY, started_at=None)
    if returned:
        IngestJob.objects.filter(task_id=str(task.pk)[:64], state=JobState.RUNNING).update(
            state=JobState.QUEUED, started_at=None
        )
    return bool(returned)


def jobs_without_a_task(backend_name: str) -> list[IngestJob]:
    live = {
        str(pk)[:64]
        for pk in DBTaskResult.objects.filter(
            backend_name=backend_name, status__in=LIVE_TASK
        ).values_list("pk", flat=True)
    }
    waiting = IngestJob.objects.filter(Q(state=JobState.QUEUED) | Q(state=JobState.RUNNING))
    return [job for job in waiting.only("pk", "task_id", "state") if job.task_id not in live]


def requeue(job: IngestJob) -> bool:
    queued = IngestJob.objects.filter(pk=job.pk, state=job.state, task_id=job.task_id).update(
        state=JobState.QUEUED, started_at=None
    )
    if queued:
        enqueue(job.pk)
    return bool(queued)
