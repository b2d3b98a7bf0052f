"""File names a file system can hold.

Most file systems (ext4, XFS, APFS, NTFS) take at most 255 bytes in one name, and a name is
UTF-8 on disk, so 84 Thai or Chinese characters plus ".pdf" are already too many. A stored
name is shortened to fit, keeping its extension (what a downloaded file opens with); the
original name can still be shown, as the attachment's label.
"""

from __future__ import annotations

import unicodedata
from pathlib import PurePosixPath, PureWindowsPath

# Below 255 so that the storage can add its "_abc1234" to tell two files of one name apart,
# and an extension longer than this is no extension a program opens a file by.
MAX_NAME_BYTES = 200
MAX_EXTENSION_BYTES = 16


def base_name(name: str) -> str:
    """The last part of a name a browser or a folder gave, with any folders dropped (both
    kinds of slash: an old browser sends "C:\\Users\\…\\report.pdf")."""
    return PureWindowsPath(PurePosixPath(name or "").name).name


def safe_filename(name: str, max_bytes: int = MAX_NAME_BYTES) -> str:
    """`name` without folders, control characters or stray space, at most `max_bytes` in
    UTF-8, cut between characters, the extension kept; "file" for a name left empty."""
    printable = "".join(
        char for char in unicodedata.normalize("NFC", name or "") if char.isprintable()
    )
    cleaned = base_name(printable).strip(" .")
    path = PurePosixPath(cleaned or "file")
    suffix = path.suffix if len(path.suffix.encode()) <= MAX_EXTENSION_BYTES else ""
    stem = cleaned[: len(cleaned) - len(suffix)] if suffix else cleaned
    room = max_bytes - len(suffix.encode())
    short = stem.encode()[:room].decode("utf-8", errors="ignore").rstrip(" .")
    return (short or "file") + suffix


def was_shortened(name: str) -> bool:
    """Whether `safe_filename` changes more of `name` than its folders."""
    return safe_filename(name) != base_name(name)
