"""Index generations: every build of a node's index gets its own folder, beside the others.

    search/                     the node's index folder (MANUMIT_SEARCH_DIR)
      live-4                    names the generation searches use for layout version 4
      build-4.lock              held while a generation for version 4 is built
      gen-4-<time>-<pid>/       one generation: the backend's files, cursor.json,
        complete                written once the build is done
        in-use.lock             shared-locked by every process that has it open

A build writes a new generation while the live one keeps serving, then replaces the
pointer file atomically (`os.replace`), so searches go from the old index to the new one
with no gap, and a schema upgrade is a build beside the old index, not an outage. Several
processes on a node (web workers, the worker, `manumit reindex`) share the folder safely:
- one build at a time per layout version (an exclusive `flock` on build-<v>.lock), and a
  process that finds nothing live builds only if nobody else is building;
- a generation is deleted only by a process that takes its in-use lock exclusively, which
  fails while any other process holds it, or while it is still being built;
- tantivy's own writer lock keeps one writer per generation.
Nothing here knows Django or tantivy: the registry and the outbox use it.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

COMPLETE = "complete"
IN_USE = "in-use.lock"
PREFIX = "gen-"


class BuildInProgress(RuntimeError):
    """Another process on this node is building a generation of this version."""


class Lease:
    """A shared lock on a generation's in-use file: while any process holds one, no
    other process deletes that generation."""

    def __init__(self, folder: Path, descriptor: int) -> None:
        self.folder = folder
        self._descriptor: int | None = descriptor

    def release(self) -> None:
        if self._descriptor is not None:
            os.close(self._descriptor)  # closing the file drops its flock
            self._descriptor = None

    def __del__(self) -> None:
        self.release()


def pointer(root: Path, version: str) -> Path:
    return root / f"live-{version}"


def live(root: Path, version: str) -> Path | None:
    """The complete generation that searches of layout `version` use, or None."""
    try:
        name = pointer(root, version).read_text().strip()
    except OSError:  # no pointer yet, or the index folder is not a folder
        return None
    folder = root / name
    if not name.startswith(PREFIX) or "/" in name or not (folder / COMPLETE).is_file():
        return None
    return folder


def hold(folder: Path, require_complete: bool = True) -> Lease | None:
    """A lease on `folder`, or None if it is gone (being deleted, or never finished)."""
    try:
        descriptor = os.open(folder / IN_USE, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return None
    # Blocking: a deleter holds the lock only while it removes the folder, and once it
    # has, the completion marker is gone and we give up.
    fcntl.flock(descriptor, fcntl.LOCK_SH)
    lease = Lease(folder, descriptor)
    if require_complete and not (folder / COMPLETE).is_file():
        lease.release()
        return None
    return lease


def new_generation(root: Path, version: str) -> Lease:
    """A fresh, empty, leased generation folder to build into."""
    root.mkdir(parents=True, exist_ok=True)
    folder = root / f"{PREFIX}{version}-{time.time_ns()}-{os.getpid()}"
    folder.mkdir()
    lease = hold(folder, require_complete=False)
    assert lease is not None, folder  # we just made it and nobody else knows its name
    return lease


def publish(root: Path, version: str, folder: Path) -> None:
    """Mark `folder` complete and make it the live generation, atomically."""
    (folder / COMPLETE).write_text(version)
    temporary = root / f".{pointer(root, version).name}.{os.getpid()}"
    temporary.write_text(folder.name)
    os.replace(temporary, pointer(root, version))


@contextmanager
def building(root: Path, version: str, wait: bool = True) -> Iterator[None]:
    """Hold this version's build lock; without `wait`, raise BuildInProgress if taken."""
    root.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(root / f"build-{version}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError as error:
            raise BuildInProgress(str(root)) from error
        yield
    finally:
        os.close(descriptor)


def sweep(root: Path, version: str) -> list[str]:
    """Delete the generations no process holds (older builds, failed builds, broken ones,
    those of other layout versions), but never the live one of `version`; return their
    names. One that any process has open stays."""
    removed: list[str] = []
    try:
        candidates = sorted(path for path in root.iterdir() if path.name.startswith(PREFIX))
    except OSError:
        return removed
    for folder in candidates:
        if _remove_if_unused(folder, root, version):
            removed.append(folder.name)
    return removed


def _remove_if_unused(folder: Path, root: Path, version: str) -> bool:
    try:
        descriptor = os.open(folder / IN_USE, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return False
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # open in some process, or still being built
        # Read under the lock: a build that published it since we listed is seen here.
        current = live(root, version)
        if current is not None and current.name == folder.name:
            return False
        # The marker goes first: a process about to open it sees it is going.
        (folder / COMPLETE).unlink(missing_ok=True)
        shutil.rmtree(folder, ignore_errors=True)
        return True
    finally:
        os.close(descriptor)
