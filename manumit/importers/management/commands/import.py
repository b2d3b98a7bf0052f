"""`manumit import FORMAT FILE...`: bring another system's records into the library.

Each file is imported whole or not at all (see manumit.importers.writer); a bad file is
reported with its reason and the next one is read. The report (--report) has a line for
every record, written as it goes; the summary table counts what was created, updated and
skipped. Re-running is safe: records already imported are found again, never duplicated.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from manumit.catalog.models import Status
from manumit.importers import registry
from manumit.importers.mapping import MappingError, load_mapping
from manumit.importers.terminal import ImportBar
from manumit.importers.writer import Action, FileReport, ImportOptions, Row, import_file

REPORT_COLUMNS = ("file", "location", "action", "resource_id", "title", "message")
SUMMARY_LINES = [
    ("Created", Action.CREATE),
    ("Updated", Action.UPDATE),
    ("Unchanged", Action.UNCHANGED),
    ("Skipped", Action.SKIP),
    ("Errors", Action.ERROR),
    ("Warnings (file)", Action.WARNING),
]


class Command(BaseCommand):
    help = (
        "Import records from a WordPress export, a CSV sheet or a reference manager's file. "
        "Each file imports entirely or not at all; re-running never duplicates."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "format", metavar="FORMAT", help=f"one of {', '.join(registry.names())}"
        )
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--dry-run", action="store_true", help="report only; store nothing")
        parser.add_argument("--update", action="store_true", help="update records found again")
        parser.add_argument("--mapping", metavar="FILE", help="a mapping file (JSON or TOML)")
        parser.add_argument(
            "--status",
            choices=[choice for choice, _ in Status.choices],
            default="",
            help="status of every new resource (default: the source's, else draft)",
        )
        parser.add_argument("--report", metavar="FILE.csv", help="a CSV line for every record")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="import the valid records of a file with errors",
        )
        parser.add_argument(
            "--fetch-files", action="store_true", help="download linked files and ingest them"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            format = registry.get(options["format"])
        except registry.UnknownFormat as unknown:
            raise CommandError(unknown.message) from unknown
        try:
            mapping = load_mapping(Path(options["mapping"]) if options["mapping"] else None)
        except MappingError as error:
            raise CommandError(error.message) from error
        paths = [Path(name) for name in options["files"]]
        for path in paths:
            if not path.is_file():
                raise CommandError(f"{path}: no such file.")
        settings = ImportOptions(
            dry_run=options["dry_run"],
            update=options["update"],
            status=options["status"],
            skip_invalid=options["skip_invalid"],
            fetch_files=options["fetch_files"],
            keep_rows=False,
        )
        report_file = _open_report(options["report"])
        totals: Counter[str] = Counter()
        failed = 0
        try:
            for path in paths:
                report = self.import_one(format, path, mapping, settings, report_file, options)
                totals.update(report.counts)
                failed += not report.imported and not settings.dry_run
        finally:
            if report_file is not None:
                report_file.close()
        self.print_summary(totals, dry_run=settings.dry_run, failed=failed, files=len(paths))

    def import_one(
        self,
        format: registry.ImportFormat,
        path: Path,
        mapping: Any,
        settings: ImportOptions,
        report_file: TextIO | None,
        options: dict[str, Any],
    ) -> FileReport:
        # Drawn on stderr only when it is a terminal (as `manumit ingest` decides).
        bar = ImportBar(sys.stderr, path.name, path.stat().st_size * format.passes)
        writer = csv.writer(report_file) if report_file is not None else None

        def on_row(row: Row) -> None:
            if writer is not None and report_file is not None:
                writer.writerow(
                    [
                        row.file,
                        row.location,
                        row.action,
                        row.resource_id or "",
                        row.title,
                        row.message,
                    ]
                )
                report_file.flush()
            if row.action in (Action.ERROR, Action.NOTE) or options["verbosity"] >= 2:
                bar.make_room()
                self.stdout.write(
                    f"{row.action:<9} {row.file} {row.location}: {row.title} {row.message}".rstrip()
                )

        source = registry.Source(path, mapping=mapping)
        try:
            with bar.watching(source):
                report = import_file(
                    format, source, settings, on_row=on_row, on_progress=bar.records
                )
        finally:
            bar.close()
        if report.message:
            self.stderr.write(report.message)
        return report

    def print_summary(
        self, counts: Counter[str], *, dry_run: bool, failed: int, files: int
    ) -> None:
        width = max(len(label) for label, _ in SUMMARY_LINES)
        self.stdout.write("")
        for label, action in SUMMARY_LINES:
            self.stdout.write(f"{label:<{width}}  {counts[action]:>6}")
        self.stdout.write(f"{'Files not imported':<{width}}  {failed:>6} of {files}")
        if dry_run:
            self.stdout.write("Dry run: nothing was stored.")


def _open_report(name: str | None) -> TextIO | None:
    if not name:
        return None
    try:
        file = Path(name).open("w", newline="", encoding="utf-8")  # noqa: SIM115 (closed by handle)
    except OSError as error:
        raise CommandError(f"Cannot write the report {name}: {error.strerror}.") from error
    csv.writer(file).writerow(REPORT_COLUMNS)
    return file
