"""`manumit serve`: the production-grade WSGI server (waitress), no extra install needed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the library with waitress on MANUMIT_HOST:MANUMIT_PORT (127.0.0.1:8000)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default=settings.HOST)
        parser.add_argument("--port", type=int, default=settings.PORT)
        parser.add_argument("--threads", type=int, default=settings.SERVE_THREADS)

    def handle(self, *args: Any, host: str, port: int, threads: int, **options: Any) -> None:
        from waitress import serve

        from manumit.wsgi import application

        self.stdout.write(f"Manumit is serving on http://{host}:{port}/ (Ctrl-C stops it)")
        serve(application, host=host, port=port, threads=threads, ident="manumit")
