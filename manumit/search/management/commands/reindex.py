"""`manumit reindex`: rebuild this node's search index from the database."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from manumit.search import reindex


class Command(BaseCommand):
    help = "Rebuild this node's search index (MANUMIT_SEARCH_DIR) from the database."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        count = reindex()
        took = time.perf_counter() - started
        self.stdout.write(f"Indexed {count} resources in {took:.1f} s.")
