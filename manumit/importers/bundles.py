"""Reading a bundle that `manumit export --with-files` wrote (exporters/bundle.py): a zip of
`library.jsonl`, every stored file under `files/<sha256>/<name>` and `SHA256SUMS`.

A zip is somebody else's file until it is checked, so the whole table of contents is
checked before anything is read: only the names an export writes (nothing that climbs out
of a folder, no absolute path), no encryption, every file listed in SHA256SUMS under the
hash its folder is named by, no file over the upload limit, and no member that expands
far more than any real export does (a zip bomb). Any failure is a `BadFile`, so the writer
rolls the whole file back and stores nothing.

Files are taken out one record at a time, into a private temporary folder, hashed as they
stream; a file whose content does not match its hash is the bundle's damage, not the
record's, and stops the import. The file gate then examines each one as it would an upload.

What is going on can be watched (`watched(watcher)`, the import command's bar on a
terminal): the members checked, then the bytes of the bundle read and taken out so far.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path, PurePosixPath
from typing import IO, Any, Protocol, cast

from manumit.importers.exporters.bundle import LIBRARY_MEMBER, SUMS_MEMBER
from manumit.importers.records import BadFile

# Real exports: JSON lines deflate about 5 to 15 times, PDFs are stored. A member that
# claims to grow more than this, and to more than BOMB_FLOOR bytes, is refused unread.
MAX_RATIO = 200
BOMB_FLOOR = 8 * 1024 * 1024
COPY_CHUNK = 1024 * 1024
HEX = frozenset("0123456789abcdef")


class Watcher(Protocol):
    """Told what a bundle's import is doing, as it does it. `checking`: `done` of `total`
    members checked. `reading`: `done` of `total` bytes of the bundle's content read (its
    library.jsonl and the files taken out); `member` is the file being taken out, or ""."""

    def checking(self, name: str, done: int, total: int) -> None: ...

    def reading(self, name: str, done: int, total: int, member: str) -> None: ...


# A context variable, not a parameter: the format's reader opens the bundle, and the
# command that wants to show it sits two layers above, behind the writer.
_watcher: ContextVar[Watcher | None] = ContextVar("bundle_watcher", default=None)


@contextmanager
def watched(watcher: Watcher) -> Iterator[None]:
    """Every bundle opened inside the block tells `watcher` how it is getting on."""
    token = _watcher.set(watcher)
    try:
        yield
    finally:
        _watcher.reset(token)


def is_bundle(path: Path) -> bool:
    """A zip, or what starts as one (a truncated zip is damaged, not some other format)."""
    with path.open("rb") as file:
        return file.read(4) == b"PK\x03\x04" or zipfile.is_zipfile(path)


def file_member(name: str) -> str | None:
    """The sha256 a `files/<sha256>/<name>` member is filed under, else None."""
    if "\\" in name or name.startswith("/"):
        return None
    parts = PurePosixPath(name).parts
    if len(parts) != 3 or parts[0] != "files" or parts[2] in (".", ".."):
        return None
    digest = parts[1]
    return digest if len(digest) == 64 and set(digest) <= HEX else None


class Bundle:
    """An open, checked bundle. Use `opened(path, ...)`."""

    def __init__(self, archive: zipfile.ZipFile, name: str, max_bytes: int) -> None:
        self.archive, self.name, self.max_bytes = archive, name, max_bytes
        self.watcher = _watcher.get()
        self.done = 0  # bytes of content read so far, for the watcher
        self.total = 0
        self._check()
        self.folder = Path(tempfile.mkdtemp(prefix="manumit-bundle-"))
        self.taken: list[Path] = []

    def _refuse(self, why: str) -> BadFile:
        # The writer puts the file's name before the reason and "Nothing was imported
        # from it." after it, so the reason says neither.
        return BadFile(f"not a bundle Manumit can import: {why}")

    def _check(self) -> None:
        members = self.archive.infolist()
        names = [member.filename for member in members]
        if len(names) != len(set(names)):
            raise self._refuse("it holds two members of the same name.")
        for number, member in enumerate(members):
            if self.watcher is not None:
                self.watcher.checking(self.name, number, len(members))
            self._check_member(member)
        if self.watcher is not None:
            self.watcher.checking(self.name, len(members), len(members))
        if LIBRARY_MEMBER not in names:
            raise self._refuse(f"it holds no {LIBRARY_MEMBER}.")
        files = {name: digest for name in names if (digest := file_member(name))}
        listed = self._sums() if files else {}
        for name, digest in files.items():
            if listed.get(name) != digest:
                raise self._refuse(f"{name} is not listed in {SUMS_MEMBER} under its hash.")
        counted = [LIBRARY_MEMBER, *files]
        self.total = sum(self.archive.NameToInfo[name].file_size for name in counted)

    def _check_member(self, member: zipfile.ZipInfo) -> None:
        name = member.filename
        if name not in (LIBRARY_MEMBER, SUMS_MEMBER) and file_member(name) is None:
            raise self._refuse(f"it holds {name!r}, a name an export never writes.")
        if member.flag_bits & 0x1:
            raise self._refuse(f"{name} is encrypted.")
        if file_member(name) and member.file_size > self.max_bytes:
            raise self._refuse(f"{name} is larger than the upload limit.")
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > BOMB_FLOOR and ratio > MAX_RATIO:
            raise self._refuse(
                f"{name} would expand {ratio:,.0f} times (to {member.file_size:,} bytes); "
                "no export compresses so much, so it is treated as a zip bomb."
            )

    def _sums(self) -> dict[str, str]:
        """SHA256SUMS, as `sha256sum -c` reads it: name -> hash."""
        try:
            text = self.archive.read(SUMS_MEMBER).decode("utf-8")
        except KeyError:
            raise self._refuse(f"it holds files but no {SUMS_MEMBER}.") from None
        except UnicodeDecodeError:
            raise self._refuse(f"{SUMS_MEMBER} is not UTF-8 text.") from None
        listed: dict[str, str] = {}
        for line in text.splitlines():
            digest, _, name = line.partition("  ")
            listed[name] = digest
        return listed

    def library(self) -> IO[bytes]:
        member = self.archive.open(LIBRARY_MEMBER)
        if self.watcher is None:
            return member
        return cast(IO[bytes], _Counted(member, self))

    def advance(self, count: int, member: str) -> None:
        """`count` more bytes of content read: of `member`, or of library.jsonl ("")."""
        self.done += count
        if self.watcher is not None:
            self.watcher.reading(self.name, self.done, self.total, member)

    def take(self, name: str) -> Path | None:
        """The member `name` written to the private folder, hash checked; None when the
        bundle does not hold it (the record then says the file is missing)."""
        digest = file_member(name)
        if digest is None or name not in self.archive.NameToInfo:
            return None
        target = self.folder / digest / PurePosixPath(name).name
        target.parent.mkdir(exist_ok=True)
        hasher = hashlib.sha256()
        with self.archive.open(name) as member, target.open("wb") as out:
            while chunk := member.read(COPY_CHUNK):
                hasher.update(chunk)
                out.write(chunk)
                self.advance(len(chunk), name)
        self.taken.append(target.parent)
        if hasher.hexdigest() != digest:
            raise BadFile(
                f"the content of {name} does not match its SHA-256; the bundle is damaged."
            )
        return target

    def let_go(self) -> None:
        """Remove the files taken so far (the writer has copied them into storage)."""
        for folder in self.taken:
            shutil.rmtree(folder, ignore_errors=True)
        self.taken.clear()


class _Counted(io.BufferedIOBase):
    """library.jsonl, telling the bundle how many bytes of it have been read."""

    def __init__(self, member: IO[bytes], bundle: Bundle) -> None:
        self.member, self.bundle = member, bundle

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        data = self.member.read(-1 if size is None else size)
        self.bundle.advance(len(data), "")
        return data

    def read1(self, size: int = -1) -> bytes:
        return self.read(size)

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.member.close()
        super().close()


@contextmanager
def opened(path: Path, name: str, max_bytes: int) -> Iterator[Bundle]:
    """The checked bundle at `path`; its temporary folder is removed on the way out."""
    try:
        with zipfile.ZipFile(path) as archive:
            bundle = Bundle(archive, name, max_bytes)
            try:
                yield bundle
            finally:
                shutil.rmtree(bundle.folder, ignore_errors=True)
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise BadFile(f"a damaged zip file ({error}).") from error
