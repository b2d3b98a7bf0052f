"""`manumit serve`: the production server, granian with one process per CPU.

Chosen by measurement (docs/benchmarks.md, `bench/load.py`): with cached pages the HTTP
server's own work dominates, and granian (HTTP in Rust, one Python process per CPU)
served about 1.6 times waitress's one process and 4 times gunicorn's gthread workers.

Each process runs its own search sync thread (manumit/search/sync.py), started when the
worker imports manumit/wsgi.py: nothing is started before the workers exist. The index
writer's lock lets one of them write the node's index at a time; the others read its
commits. Static files are collected (hashed and compressed) before the first request.
"""

from __future__ import annotations

import hashlib
import os
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Serve the library on MANUMIT_HOST:MANUMIT_PORT (127.0.0.1:8000) with"
        " MANUMIT_WEB_WORKERS processes (granian), after collecting static files."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default=settings.HOST)
        parser.add_argument("--port", type=int, default=settings.PORT)
        parser.add_argument("--workers", type=int, default=settings.WEB_WORKERS)
        parser.add_argument("--threads", type=int, default=settings.SERVE_THREADS)
        parser.add_argument(
            "--server",
            choices=("granian", "waitress"),
            default="granian",
            help="waitress: one process, for comparison and for systems without fork",
        )

    def handle(
        self, *args: Any, host: str, port: int, workers: int, threads: int, server: str, **_: Any
    ) -> None:
        collect_static()
        self.stdout.write(
            f"Manumit is serving on http://{host}:{port}/ with {server}"
            f" ({workers if server == 'granian' else 1} processes; Ctrl-C stops it)"
        )
        self.stdout.flush()
        if server == "waitress":
            from waitress import serve

            from manumit.wsgi import application

            serve(application, host=host, port=port, threads=threads, ident="manumit")
            return
        from manumit.site.granian_app import run

        run(host=host, port=port, workers=workers, threads=threads)


def collect_static() -> None:
    """Collect (hash, compress) the static files, unless nothing changed since last time:
    compressing every file takes seconds, and `make run` starts the server often."""
    stamp = settings.STATIC_ROOT / ".collected-from"
    fingerprint = _sources_fingerprint()
    if stamp.exists() and stamp.read_text() == fingerprint:
        return
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(fingerprint)


def _sources_fingerprint() -> str:
    """Every static source file's place, size and modification time, and the storage."""
    digest = hashlib.sha256(settings.STORAGES["staticfiles"]["BACKEND"].encode())
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            full = storage.path(path)
            info = os.stat(full)
            digest.update(f"{full}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()
