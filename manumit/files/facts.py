"""The gate: what a file is, how big, its sha256, and whether the library takes it.

Every way in (the admin's upload forms, "Create from files", `manumit ingest`, the
importers) calls `examine` or `examine_path` once, and passes the `FileFacts` it returns
along; nothing reads a file again for a fact already known. A file the library does not
take raises a `Refusal` whose message says why, in the same words on every route.

The size is checked before anything is read, and the file is read once, in chunks: each
chunk feeds the sha256 and the count of control bytes that tells text from binary, so only a
ZIP container (to tell Word from EPUB) is opened a second time.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from manumit.files import kinds
from manumit.files.kinds import ByteCounts, FileKind
from manumit.files.names import base_name, safe_filename
from manumit.files.sizes import human_size

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class FileFacts:
    """What the gate learned about one accepted file.

    `name` is the name it came with (folders dropped), `stored_name` the one it is kept
    under (shortened to fit a file system, extension kept).
    """

    name: str
    stored_name: str
    kind: FileKind
    size: int
    sha256: str

    @property
    def media_type(self) -> str:
        return self.kind.media_type

    @property
    def description(self) -> str:
        """ "a PDF document": reads in a sentence."""
        return self.kind.description

    @property
    def renamed(self) -> bool:
        """The stored name is not the given one (it was too long, or held odd characters)."""
        return self.stored_name != self.name


class Refusal(ValueError):
    """The library does not take this file; `message` says why, to a curator."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TooLarge(Refusal):
    """Over the size limit. `size` is None when the file was not read to its end."""

    def __init__(self, size: int | None, limit: int) -> None:
        self.size, self.limit = size, limit
        measured = f"The file is {human_size(size)}, larger" if size else "The file is larger"
        super().__init__(f"{measured} than the {human_size(limit)} allowed.")


class NotAccepted(Refusal):
    """A kind the library does not take (a drawing, a program, markup, unknown)."""

    def __init__(self, kind: FileKind | None) -> None:
        self.kind = kind
        if kind is None:
            found = "Manumit could not tell what kind of file this is."
        else:
            found = f"This file looks like {kind.description}, which the library does not take."
        super().__init__(f"{found} It takes {kinds.ACCEPTED_SUMMARY}.")


class Unreadable(Refusal):
    """It claims to be something (a ZIP container, a PDF) that its content is not."""


def examine(file: BinaryIO, *, name: str, max_bytes: int, size: int | None = None) -> FileFacts:
    """The facts of the seekable binary `file` (read from its start; its position is left at
    the start), or a Refusal. `name` is the name it came with; `size`, when known, lets a
    file over `max_bytes` be refused before it is read."""
    if size is not None and size > max_bytes:
        raise TooLarge(size, max_bytes)
    file.seek(0)
    head, counts, digest = _read_once(file, max_bytes)
    file.seek(0)
    given = base_name(name)
    kind = kind_of(head, file, name=given, counts=counts)
    return FileFacts(given, safe_filename(given), kind, counts.size, digest)


def examine_path(path: Path, *, max_bytes: int, name: str | None = None) -> FileFacts:
    """`examine` for a file on disk; `name` (by default the path's) is the name it came with."""
    size = path.stat().st_size
    with path.open("rb") as file:
        return examine(file, name=name or path.name, max_bytes=max_bytes, size=size)


def kind_of(
    head: bytes, file: BinaryIO, *, name: str, counts: ByteCounts | None = None
) -> FileKind:
    """The accepted kind the content shows, or a Refusal (NotAccepted, Unreadable)."""
    try:
        kind = kinds.detect(head, file, name=name, counts=counts)
    except kinds.DamagedFile as damaged:
        raise Unreadable(f"{damaged} It may be damaged or incomplete.") from damaged
    if kind is None or not kind.accepted:
        raise NotAccepted(kind)
    if name.lower().endswith(".pdf") and kind != kinds.PDF:
        raise Unreadable("It is named .pdf but its content is not a PDF.")
    return kind


def sha256_of(file: BinaryIO) -> str:
    """The sha256 of `file` from its start, read in chunks (for a file already taken in,
    whose facts were never recorded)."""
    file.seek(0)
    return _read_once(file, None)[2]


def _read_once(file: BinaryIO, max_bytes: int | None) -> tuple[bytes, ByteCounts, str]:
    """One pass: the head, the byte counts and the sha256; TooLarge past `max_bytes`."""
    digest = hashlib.sha256()
    counts = ByteCounts(0, 0, 0)
    head = b""
    while chunk := file.read(CHUNK):
        if len(head) < kinds.HEAD_BYTES:
            head += chunk[: kinds.HEAD_BYTES - len(head)]
        digest.update(chunk)
        counts += ByteCounts.of(chunk)
        if max_bytes is not None and counts.size > max_bytes:
            raise TooLarge(None, max_bytes)
    return head, counts, digest.hexdigest()
