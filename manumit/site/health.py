"""The node's health: database, search index, task queue, free disk. `/healthz` and
`manumit health --json` give the same report; any failing check makes it "failing" (503,
exit status 1), so a load balancer or a monitor takes the node out or wakes someone.

The thresholds are settings (docs/configuration.md): the index may lag the outbox by
HEALTH_INDEX_LAG_SECONDS (a node building its first index counts as lagging by the age
of the oldest change it has not applied), the oldest runnable job may wait
HEALTH_QUEUE_SECONDS, and the data folder needs HEALTH_MIN_FREE_MB free.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str
    figures: dict[str, Any] = field(default_factory=dict)


def check_database() -> Check:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return Check(True, f"{connection.vendor} answers")


def check_search() -> Check:
    from manumit.search import index_lag
    from manumit.search.registry import live_folder

    limit = settings.HEALTH_INDEX_LAG_SECONDS
    lag = index_lag()
    built = live_folder() is not None
    figures = {"pending": lag.pending, "lag_seconds": round(lag.seconds, 1), "built": built}
    ok = lag.seconds <= limit
    state = "up to date" if not lag.pending else f"{lag.pending} changes to apply"
    if not built:
        state = "being built"
    return Check(ok, f"index {state}, {lag.seconds:.0f} s behind (limit {limit} s)", figures)


def check_queue() -> Check:
    from django_tasks_db.models import DBTaskResult

    limit = settings.HEALTH_QUEUE_SECONDS
    oldest = DBTaskResult.objects.ready().order_by("enqueued_at").first()
    waited = (timezone.now() - oldest.enqueued_at).total_seconds() if oldest else 0.0
    waiting = DBTaskResult.objects.ready().count()
    figures = {"ready": waiting, "oldest_seconds": round(max(0.0, waited), 1)}
    ok = waited <= limit
    return Check(ok, f"{waiting} jobs waiting, oldest {waited:.0f} s (limit {limit} s)", figures)


def check_disk() -> Check:
    minimum = settings.HEALTH_MIN_FREE_MB
    folders = {Path(settings.DATA_DIR), Path(settings.MEDIA_ROOT)}
    free = {str(folder): _free_mb(folder) for folder in sorted(folders)}
    ok = all(megabytes >= minimum for megabytes in free.values())
    lowest = min(free.values())
    return Check(ok, f"{lowest} MB free (minimum {minimum} MB)", {"free_mb": free})


def _free_mb(folder: Path) -> int:
    # The nearest folder that exists: the media folder is made on the first upload.
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return shutil.disk_usage(folder).free // 2**20


CHECKS: dict[str, Callable[[], Check]] = {
    "database": check_database,
    "search": check_search,
    "queue": check_queue,
    "disk": check_disk,
}


def report() -> dict[str, Any]:
    """Every check; one that raises fails with its error (without the database, the
    search and queue checks fail too, each saying why)."""
    checks: dict[str, dict[str, Any]] = {}
    for name, run in CHECKS.items():
        try:
            outcome = run()
        except Exception as error:
            outcome = Check(False, f"{type(error).__name__}: {error}")
        checks[name] = asdict(outcome)
    healthy = all(check["ok"] for check in checks.values())
    return {"status": "ok" if healthy else "failing", "checks": checks}
