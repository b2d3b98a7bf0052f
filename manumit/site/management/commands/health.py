"""`manumit health [--json]`: the /healthz report from the command line, for monitoring;
exit status 1 when a check fails."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from manumit.site import health


class Command(BaseCommand):
    help = "Check the database, search index, task queue and free disk (as /healthz does)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        answer = health.report()
        if options["json"]:
            self.stdout.write(json.dumps(answer, indent=2))
        else:
            for name, check in answer["checks"].items():
                self.stdout.write(f"{'ok  ' if check['ok'] else 'FAIL'} {name}: {check['detail']}")
        if answer["status"] != "ok":
            raise CommandError("unhealthy", returncode=1)
