"""`manumit search_sync`: keep this node's index following the outbox (the worker's loop)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from manumit.search import catch_up, index_lag, replica_lags
from manumit.search.sync import POLL_SECONDS, run_forever


class Command(BaseCommand):
    help = "Apply new search outbox entries to this node's index, once or every half second."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="apply what is new, then stop")
        parser.add_argument("--interval", type=float, default=POLL_SECONDS)
        parser.add_argument("--lag", action="store_true", help="print every replica's lag")

    def handle(self, *args: Any, once: bool, interval: float, lag: bool, **options: Any) -> None:
        if lag:
            here = index_lag()
            self.stdout.write(f"this node: {here.pending} entries behind, {here.seconds:.1f} s")
            for replica, behind in replica_lags():
                self.stdout.write(f"{replica.name}: position {replica.position}, {behind} behind")
            return
        if once:
            self.stdout.write(f"Applied {catch_up()} outbox entries.")
            return
        self.stdout.write("Following the search outbox (Ctrl-C stops).")
        run_forever(interval=max(0.05, interval))
