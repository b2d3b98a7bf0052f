"""`manumit restore DIR`: a backup into this data folder, then its search index."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from manumit.site.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by `manumit backup`, its search index caught up or rebuilt."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="a folder written by manumit backup")
        parser.add_argument(
            "--replace", action="store_true", help="overwrite a library that is not empty"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = restore(options["folder"], replace=options["replace"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {summary.resources} resources, {summary.attachments} attachments "
            f"and {summary.files} files; {summary.index}."
        )
