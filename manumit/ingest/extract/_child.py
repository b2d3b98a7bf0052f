"""The worker process: reads jobs from the parent, extracts, answers; one job at a time.

Started by _isolation as `python -m manumit.ingest.extract._child`. Frames on the pipes
are a 4-byte length and a JSON object; nothing richer (no pickle) crosses back, so even a
worker subverted by a hostile file could not run code in the parent.
"""

from __future__ import annotations

import json
import os
import resource
import struct
import sys
from typing import IO, Any

HEADER = struct.Struct(">I")
MAX_FRAME = 1 << 30


def read_frame(stream: IO[bytes]) -> dict[str, Any] | None:
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        return None  # the parent has gone: stop
    (size,) = HEADER.unpack(header)
    body = stream.read(size)
    message: dict[str, Any] = json.loads(body)
    return message


def write_frame(stream: IO[bytes], message: dict[str, Any]) -> None:
    body = json.dumps(message, ensure_ascii=False).encode("utf-8", errors="replace")
    stream.write(HEADER.pack(len(body)) + body)
    stream.flush()


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
    _limit_memory(job.memory_bytes)
    try:
        return {"result": load(job.extractor)(job).to_wire()}
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
