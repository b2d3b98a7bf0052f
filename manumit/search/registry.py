"""One backend object per index folder, chosen by settings.SEARCH_BACKEND (a dotted path)."""

from __future__ import annotations

import threading
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

from manumit.search.backends.base import SearchBackend

DEFAULT_BACKEND = "manumit.search.backends.tantivy_backend.TantivyBackend"

_backends: dict[tuple[str, Path], SearchBackend] = {}
_lock = threading.Lock()


def index_folder(index_dir: Path | str | None = None) -> Path:
    return Path(index_dir or settings.SEARCH_INDEX_DIR).resolve()


def get_backend(index_dir: Path | str | None = None) -> SearchBackend:
    folder = index_folder(index_dir)
    dotted = getattr(settings, "SEARCH_BACKEND", DEFAULT_BACKEND)
    with _lock:
        backend = _backends.get((dotted, folder))
        if backend is None:
            folder.mkdir(parents=True, exist_ok=True)
            backend = import_string(dotted)(folder)
            _backends[(dotted, folder)] = backend
        return backend


def forget(index_dir: Path | str | None = None) -> None:
    """Drop the cached backend of a folder (after the folder was removed)."""
    folder = index_folder(index_dir)
    with _lock:
        for key in [key for key in _backends if key[1] == folder]:
            del _backends[key]
