"""Where an admin import keeps its files: one private folder per job in the data folder.

    <DATA_DIR>/imports/<job id>/upload/<file>   the uploaded file (removed once imported)
    <DATA_DIR>/imports/<job id>/progress.json   records and bytes read, while a run goes on
    <DATA_DIR>/imports/<job id>/dry-run.csv     the dry run's report, a line a record
    <DATA_DIR>/imports/<job id>/report.csv      the import's report

The data folder is the worker's and the web process's own (mode 0700), never MEDIA: an
upload is another system's export, often with unpublished records in it. Progress goes to
a file, not to the job's row, because the run holds one transaction for the whole file:
a row updated inside it would stay invisible to the job page until the end (and a dry
run's would be rolled back).
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from manumit.files import safe_filename
from manumit.importers.models import ImportJob
from manumit.importers.writer import Progress, Row

REPORT_COLUMNS = ("location", "action", "title", "resource_id", "message")
# The job page shows this many lines of a report; the CSV download holds every one.
SHOWN_ROWS = 500
PROGRESS_EVERY_SECONDS = 0.5


def folder(job: ImportJob) -> Path:
    return Path(settings.DATA_DIR) / "imports" / str(job.pk)


def upload_path(job: ImportJob) -> Path:
    return folder(job) / "upload" / safe_filename(job.file_name)


def report_path(job: ImportJob) -> Path:
    return folder(job) / ("dry-run.csv" if job.dry_run else "report.csv")


def progress_path(job: ImportJob) -> Path:
    return folder(job) / "progress.json"


def store_upload(job: ImportJob, upload: UploadedFile) -> None:
    """Copy the upload into the job's private folder, chunk by chunk."""
    path = upload_path(job)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    path.chmod(0o600)


def remove_upload(job: ImportJob) -> None:
    """The uploaded file is not kept once its records are in the library (the reports are)."""
    shutil.rmtree(upload_path(job).parent, ignore_errors=True)


def remove_all(job: ImportJob) -> None:
    shutil.rmtree(folder(job), ignore_errors=True)


class ReportWriter:
    """The report CSV, a line as each row comes, so a huge file's report never sits in memory."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.file: IO[str] = path.open("w", encoding="utf-8", newline="")
        self.csv = csv.writer(self.file)
        self.csv.writerow(REPORT_COLUMNS)

    def write(self, row: Row) -> None:
        self.csv.writerow([row.location, row.action, row.title, row.resource_id or "", row.message])

    def close(self) -> None:
        self.file.close()


def read_report(job: ImportJob, limit: int | None = SHOWN_ROWS) -> Iterator[dict[str, str]]:
    """The lines of the job's current report, as dicts by column (none if it has none)."""
    path = report_path(job)
    if not path.is_file():
        return
    with path.open(encoding="utf-8", newline="") as file:
        for number, line in enumerate(csv.DictReader(file)):
            if limit is not None and number >= limit:
                return
            yield line


@dataclass
class ProgressFile:
    """Writes the run's progress at most every PROGRESS_EVERY_SECONDS (atomically, so the
    job page never reads half a file)."""

    path: Path
    last: float = 0.0

    def update(self, progress: Progress) -> None:
        now = time.monotonic()
        if now - self.last < PROGRESS_EVERY_SECONDS:
            return
        self.last = now
        self.write(progress)

    def write(self, progress: Progress) -> None:
        partial = self.path.with_suffix(".partial")
        data = {
            "records": progress.records,
            "bytes_read": progress.bytes_read,
            "bytes_total": progress.bytes_total,
        }
        partial.write_text(json.dumps(data), encoding="utf-8")
        os.replace(partial, self.path)


def read_progress(job: ImportJob) -> dict[str, Any] | None:
    try:
        data = json.loads(progress_path(job).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
