"""One backend object per index folder, chosen by settings.SEARCH_BACKEND (a dotted path).

The backend opened is the folder's live generation for the backend's layout version
(`generations.py`); each call looks at the pointer again (one small read), so a build
finished by another process is picked up at the next search, and the old generation is
let go.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

from manumit.search import generations
from manumit.search.backends.base import SearchBackend

log = logging.getLogger(__name__)

DEFAULT_BACKEND = "manumit.search.backends.tantivy_backend.TantivyBackend"


class IndexNotBuilt(RuntimeError):
    """This node has no usable index of the current layout yet (new node, schema
    upgrade, deleted or broken folder): searches are unavailable until a build is live.
    `broken` is the live generation that could not be opened, if that was the reason."""

    def __init__(self, message: str, broken: Path | None = None) -> None:
        super().__init__(message)
        self.broken = broken


@dataclass
class _Opened:
    folder: Path
    backend: SearchBackend
    lease: generations.Lease


_backends: dict[tuple[str, Path], _Opened] = {}
_lock = threading.Lock()


def index_folder(index_dir: Path | str | None = None) -> Path:
    return Path(index_dir or settings.SEARCH_INDEX_DIR).resolve()


def backend_class() -> type[SearchBackend]:
    dotted = getattr(settings, "SEARCH_BACKEND", DEFAULT_BACKEND)
    backend: type[SearchBackend] = import_string(dotted)
    return backend


def _dotted() -> str:
    return str(getattr(settings, "SEARCH_BACKEND", DEFAULT_BACKEND))


def layout_version() -> str:
    return backend_class().layout_version


def live_folder(index_dir: Path | str | None = None) -> Path | None:
    """The generation this node's searches use, or None before the first build."""
    return generations.live(index_folder(index_dir), layout_version())


def get_backend(index_dir: Path | str | None = None) -> SearchBackend:
    """The live generation's backend; raises IndexNotBuilt when there is none, or when it
    cannot be opened (a corrupted folder: the next sync round builds a new one)."""
    root = index_folder(index_dir)
    key = (_dotted(), root)
    current = live_folder(root)
    with _lock:
        opened = _backends.get(key)
        if opened is not None and current is not None and opened.folder == current:
            return opened.backend
        if current is None:
            _drop(key)
            raise IndexNotBuilt(str(root))
        lease = generations.hold(current)
        if lease is None:  # swept between the pointer read and now: the next call sees more
            raise IndexNotBuilt(str(current))
        try:
            backend = backend_class()(current)
        except Exception as error:
            lease.release()
            log.warning("search index %s cannot be opened: %s", current, error)
            raise IndexNotBuilt(f"{current}: {error}", broken=current) from error
        _drop(key)
        _backends[key] = _Opened(current, backend, lease)
        return backend


def adopt(
    index_dir: Path | str | None, folder: Path, backend: SearchBackend, lease: generations.Lease
) -> None:
    """Use a generation this process has just built (and leased) without reopening it."""
    key = (_dotted(), index_folder(index_dir))
    with _lock:
        _drop(key)
        _backends[key] = _Opened(folder, backend, lease)


def _drop(key: tuple[str, Path]) -> None:
    opened = _backends.pop(key, None)
    if opened is not None:
        # A search still running in another thread keeps its open files: only the lease
        # (which lets another process delete the folder) goes.
        opened.lease.release()


def forget(index_dir: Path | str | None = None) -> None:
    """Drop the cached backend of a folder (after the folder was removed or broken)."""
    folder = index_folder(index_dir)
    with _lock:
        for key in [key for key in _backends if key[1] == folder]:
            _drop(key)
