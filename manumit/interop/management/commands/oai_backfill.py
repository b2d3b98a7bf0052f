"""`manumit oai_backfill`: log for OAI-PMH every resource that has no log row yet.

`migrate` does this by itself; the command is for a database filled behind the signals'
back (loaddata, a bulk import).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from manumit.interop.oai.changelog import backfill


class Command(BaseCommand):
    help = "Add the resources missing from the OAI-PMH change log."

    def handle(self, *args: Any, **options: Any) -> None:
        written = backfill()
        noun = "resource" if written == 1 else "resources"
        self.stdout.write(f"Logged {written} {noun} for OAI-PMH harvesting.")
