"""The worker process: reads jobs from the parent, extracts, answers; one job at a time.

Started by _isolation as `python -m manumit.ingest.extract._child` (and imported by
nothing else). Frames on the pipes are described in _wire.
"""

from __future__ import annotations

import os
import resource
import sys
from typing import Any

from ._wire import read_frame, write_frame


def _limit_memory(limit: int | None) -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if limit is None:
        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
    else:
        capped = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (capped, hard))


def run(message: dict[str, Any]) -> dict[str, Any]:
    from ._registry import load
    from ._types import Job

    job = Job(**message)
    # Libraries load before the limit falls: a shared library that cannot be mapped under
    # a tight limit must not pass for a damaged file. Each loads once per worker.
    extractor = load(job.extractor)
    _limit_memory(job.memory_bytes)
    try:
        return {"result": extractor(job).to_wire()}
    except MemoryError:
        return {"failure": "memory", "fatal": True}
    except Exception as error:  # any bug or surprise becomes a message, never a dead worker
        return {"failure": "error", "detail": f"{type(error).__name__}: {error}"[:300]}
    finally:
        _limit_memory(None)


def main() -> None:
    requests = sys.stdin.buffer
    replies = os.fdopen(os.dup(1), "wb")
    # Whatever a library prints goes to stderr, never into the replies.
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    while (message := read_frame(requests)) is not None:
        reply = run(message)
        write_frame(replies, reply)
        if reply.get("fatal"):
            return  # after a MemoryError the interpreter may be unsound: start afresh


if __name__ == "__main__":
    main()
