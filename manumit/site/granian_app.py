"""granian run from Python with Manumit's settings, for `manumit serve`."""

from __future__ import annotations

from granian import Granian
from granian.constants import Interfaces


def run(*, host: str, port: int, workers: int, threads: int) -> None:
    # Each worker process imports manumit.wsgi itself, which starts that process's search
    # sync thread: nothing is started before the workers exist, so no thread is lost.
    Granian(
        "manumit.wsgi:application",
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        workers=workers,
        blocking_threads=threads,
        websockets=False,
        respawn_failed_workers=True,  # a worker that dies (out of memory, say) comes back
    ).serve()
