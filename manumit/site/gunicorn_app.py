"""gunicorn run from Python with Manumit's settings, for `manumit serve`."""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication


def post_fork(server: Any, worker: Any) -> None:
    """Each worker's own search sync thread (threads do not survive a fork)."""
    from manumit.search import start_background_sync

    start_background_sync()


class ManumitServer(BaseApplication):  # type: ignore[misc]  # gunicorn has no type hints
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        # Imported in each worker after the fork (no preload): the database connections
        # and the sync thread belong to the worker that uses them.
        from manumit.wsgi import application

        return application


def run(*, host: str, port: int, workers: int, threads: int) -> None:
    ManumitServer(
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            # gthread keeps connections alive and lets a slow download not hold a process.
            "worker_class": "gthread" if threads > 1 else "sync",
            "threads": threads,
            "post_fork": post_fork,
            "proc_name": "manumit",
            "accesslog": None,
            "errorlog": "-",
            "graceful_timeout": 10,
            "timeout": 120,  # a large download or export may take a while
        }
    ).run()
