"""The stored files of a backup: copied out of the site's file storage and back into it.

Both go through Django's default storage, so a library whose files are on S3
(`MANUMIT_STORAGE_URL`) is backed up the same way as one with a media folder: the objects
are downloaded into the backup's `media/` folder, and a restore uploads them again. A
backup is then a whole library on its own, whatever happens to the bucket afterwards.

`media.sha256` (the format `sha256sum` reads) lists each copied file's digest, so a
restore refuses a backup damaged since, and an operator can check one with
`cd media && sha256sum -c ../media.sha256`.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.core.files import File
from django.core.files.storage import Storage, default_storage

CHECKSUMS = "media.sha256"
CHUNK = 1 << 20


class DamagedBackup(RuntimeError):
    """A file of the backup does not match its recorded digest."""


def stored_names(storage: Storage = default_storage, folder: str = "") -> Iterator[str]:
    """Every file in the storage, as the names the database records (hidden ones left)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a media folder not made yet: nothing uploaded
        return
    for name in files:
        # A hidden name is a write in progress (storage.py's `.partial-…`), never a file
        # the database names; the second pass copies the finished file under its own.
        if not name.startswith("."):
            yield posixpath.join(folder, name) if folder else name
    for child in folders:
        yield from stored_names(storage, posixpath.join(folder, child) if folder else child)


def inside(root: Path, name: str) -> Path:
    """Where `name` goes under `root`; a name that would leave it is refused."""
    target = (root / name).resolve()
    if not target.is_relative_to(root.resolve()):
        raise DamagedBackup(f"a stored name leaves the backup folder: {name!r}")
    return target


def copy_out(name: str, root: Path, storage: Storage = default_storage) -> str | None:
    """Copy one stored file into `root`, returning its sha256; None if it has gone (its
    row was deleted and the file removed after it committed)."""
    target = inside(root, name)
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    try:
        with storage.open(name, "rb") as source, target.open("wb") as copy:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                copy.write(chunk)
    except FileNotFoundError:
        target.unlink(missing_ok=True)
        return None
    return digest.hexdigest()


def copy_all_out(names: Iterable[str], root: Path, copied: dict[str, str]) -> list[str]:
    """Copy `names` not yet in `copied` (name -> sha256); the ones that have gone."""
    gone = []
    for name in names:
        if name in copied:
            continue
        digest = copy_out(name, root)
        if digest is None:
            gone.append(name)
        else:
            copied[name] = digest
    return gone


def write_checksums(folder: Path, copied: dict[str, str]) -> None:
    lines = [f"{digest}  {name}\n" for name, digest in sorted(copied.items())]
    (folder / CHECKSUMS).write_text("".join(lines))


def read_checksums(folder: Path, media: Path) -> dict[str, str]:
    listed = {}
    if not (folder / CHECKSUMS).exists():  # a first-format backup: its files as they are
        files = (path for path in media.rglob("*") if path.is_file())
        return {path.relative_to(media).as_posix(): file_digest(path) for path in files}
    for line in (folder / CHECKSUMS).read_text().splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    return listed


def file_digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def verify(folder: Path, media: Path) -> dict[str, str]:
    """The backup's files (name -> sha256), each checked against its digest, before a
    restore touches anything."""
    listed = read_checksums(folder, media)
    for name, digest in listed.items():
        path = inside(media, name)
        if not path.is_file() or file_digest(path) != digest:
            raise DamagedBackup(f"{name} in the backup is missing or damaged")
    return listed


def copy_all_in(names: Iterable[str], media: Path, storage: Storage = default_storage) -> int:
    """Put verified files into the storage under their own names; returns how many.
    A name already stored with the same size is kept (stored files are never rewritten
    under a name, so it is the same file: restoring next to a surviving bucket uploads
    nothing twice)."""
    count = 0
    for name in names:
        path = inside(media, name)
        count += 1
        if storage.exists(name):
            if storage.size(name) == path.stat().st_size:
                continue
            storage.delete(name)
        with path.open("rb") as handle:
            saved = storage.save(name, File(handle, name=name))
        if saved != name:
            raise DamagedBackup(f"the storage kept {name} as {saved}")
    return count
