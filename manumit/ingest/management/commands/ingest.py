"""`manumit ingest PATH...`: bring files (or whole folders) into the library as drafts.

Each file goes through the same pipeline as an admin upload, here and now (no worker
needed): one draft resource per file, titled from its suggestions or its file name. A bad
file is reported and skipped; it never stops the run. Re-running skips every file already
in the library (same sha256), so an interrupted run is resumed by running it again.
"""

from __future__ import annotations

import csv
import errno
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from manumit.catalog.models import ResourceType, Status
from manumit.ingest.models import Outcome
from manumit.ingest.pipeline import StopPipeline, ingest_path
from manumit.ingest.tasks import summary

DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})
REPORT_COLUMNS = ("path", "status", "resource_id", "pages", "chars", "message")

# The summary table: a label for each line, and the statuses it counts.
SUMMARY_LINES = [
    ("Ingested with text", (Outcome.TEXT, Outcome.OCR)),
    ("Encrypted (kept, no text)", (Outcome.ENCRYPTED,)),
    ("No text layer (kept)", (Outcome.NO_TEXT,)),
    ("Unreadable", (Outcome.UNREADABLE,)),
    ("Duplicates (skipped)", (Outcome.DUPLICATE,)),
    ("Rejected", (Outcome.REJECTED,)),
]


@dataclass
class Row:
    """One line of the report: what became of one file."""

    path: str
    status: str
    resource_id: int | str = ""
    pages: int | str = ""
    chars: int | str = ""
    message: str = ""


class Command(BaseCommand):
    help = (
        "Ingest files or folders (searched recursively) as draft resources, extracting "
        "their text and suggestions. Re-running skips files already in the library."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
        parser.add_argument(
            "--type", dest="type_slug", metavar="SLUG", help="content type slug, e.g. report"
        )
        parser.add_argument(
            "--status",
            choices=[Status.DRAFT, Status.IN_REVIEW],
            default=Status.DRAFT,
            help="status of the new resources (default: draft)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="read and report every file; store nothing"
        )
        parser.add_argument(
            "--report", metavar="FILE.csv", help="write a CSV line for every file to FILE.csv"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        type_slugs = self.type_slugs(options["type_slug"])
        files = list(files_under([Path(path) for path in options["paths"]]))
        report = open_report(options["report"])
        counts: Counter[str] = Counter()
        progress = Progress(len(files), sys.stderr)
        seen: set[str] = set()
        try:
            for number, path in enumerate(files, start=1):
                progress.show(number - 1, path.name)
                row = ingest_one(path, options, type_slugs, seen)
                counts[row.status] += 1
                if report is not None:
                    report.writerow(astuple(row))
                if options["verbosity"] >= 2:
                    self.stdout.write(f"{row.status:<10} {row.path}  {row.message}".rstrip())
            progress.show(len(files), "")
        finally:
            progress.close()
            if report is not None:
                report.close()
        self.print_summary(counts, dry_run=options["dry_run"])

    def type_slugs(self, slug: str | None) -> tuple[str, ...]:
        if not slug:
            return ()
        if not ResourceType.objects.filter(slug=slug).exists():
            known = ", ".join(ResourceType.objects.values_list("slug", flat=True))
            raise CommandError(f"No content type '{slug}'. Known types: {known}.")
        return (slug,)

    def print_summary(self, counts: Counter[str], *, dry_run: bool) -> None:
        width = max(len(label) for label, _ in SUMMARY_LINES)
        self.stdout.write("")
        for label, statuses in SUMMARY_LINES:
            self.stdout.write(f"{label:<{width}}  {sum(counts[s] for s in statuses):>6}")
        self.stdout.write(f"{'Total':<{width}}  {sum(counts.values()):>6}")
        if dry_run:
            self.stdout.write("Dry run: nothing was stored.")


def ingest_one(path: Path, options: dict[str, Any], types: tuple[str, ...], seen: set[str]) -> Row:
    """The pipeline over one file; whatever goes wrong becomes the file's report line."""
    try:
        document = ingest_path(
            path, status=options["status"], type_slugs=types, dry_run=options["dry_run"]
        )
    except StopPipeline as stop:
        existing = stop.existing.pk if stop.existing is not None else ""
        return Row(str(path), stop.outcome, existing, message=stop.message)
    except OSError as error:
        if error.errno not in DISK_FULL:
            return Row(str(path), Outcome.UNREADABLE, message=f"Unexpected error: {error!r}")
        # Every file after this one would fail the same way: stop, and say what to do.
        raise CommandError(
            f"{path}: not stored, the disk holding the library's files is full"
            f" ({error.strerror}). Nothing of this file was saved; the files before it are"
            " in the library. Free some space and run again: files already in the library"
            " are skipped."
        ) from error
    except Exception as error:  # a bad file must never stop the run
        return Row(str(path), Outcome.UNREADABLE, message=f"Unexpected error: {error!r}")
    if document.sha256 in seen:  # a dry run stores nothing, so it remembers what it saw
        return Row(str(path), Outcome.DUPLICATE, message="The same file appears earlier here.")
    seen.add(document.sha256)
    resource_id = document.resource.pk if document.resource is not None else ""
    pages = document.page_count if document.page_count is not None else ""
    return Row(
        str(path), document.outcome, resource_id, pages, document.char_count, summary(document)
    )


def files_under(paths: list[Path]) -> Iterator[Path]:
    """Each file named, and every file in each folder named (recursively, in name order),
    leaving out hidden files such as .DS_Store."""
    for path in paths:
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                relative = found.relative_to(path).parts
                if found.is_file() and not any(part.startswith(".") for part in relative):
                    yield found
        elif path.exists():
            yield path
        else:
            raise CommandError(f"{path}: no such file or folder.")


class CsvReport:
    """The --report file, written line by line so that an interrupted run keeps its lines."""

    def __init__(self, file: TextIO) -> None:
        self.file = file
        self.writer = csv.writer(file)
        self.writer.writerow(REPORT_COLUMNS)

    def writerow(self, values: tuple[Any, ...]) -> None:
        self.writer.writerow(values)
        self.file.flush()

    def close(self) -> None:
        self.file.close()


def open_report(name: str | None) -> CsvReport | None:
    if not name:
        return None
    try:
        return CsvReport(Path(name).open("w", newline="", encoding="utf-8"))
    except OSError as error:
        raise CommandError(f"Cannot write the report {name}: {error.strerror}.") from error


class Progress:
    """A one-line progress bar on a terminal; silent when the output is not one."""

    WIDTH = 30

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = max(total, 1)
        self.stream = stream
        self.enabled = stream.isatty()

    def show(self, done: int, name: str) -> None:
        if not self.enabled:
            return
        filled = self.WIDTH * done // self.total
        bar = "#" * filled + "." * (self.WIDTH - filled)
        self.stream.write(f"\r[{bar}] {done}/{self.total} {name[:40]:<40}")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()
