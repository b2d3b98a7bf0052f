"""`manumit backup DIR`: the database, the uploaded files and the index, while the site serves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from manumit.site.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database, the uploaded files and the search index (docs/deploy.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="a new or empty folder")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup(options["folder"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Backed up {summary.resources} resources, {summary.attachments} attachments "
            f"and {summary.files} files into {options['folder']}, {summary.index}."
        )
        if summary.missing:
            # Deleted after the snapshot, before the copy: rows in the backup without a file.
            self.stderr.write(
                f"{len(summary.missing)} files named in the snapshot were deleted before they "
                f"could be copied (listed in manifest.json): {', '.join(summary.missing[:5])}"
            )
