"""Frames between the parent and its workers: a 4-byte length, then a JSON object.

Nothing richer (no pickle) crosses back, so even a worker subverted by a hostile file could
not run code in the parent.
"""

from __future__ import annotations

import json
import struct
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
