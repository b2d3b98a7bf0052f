"""Text, page count, metadata, language and a thumbnail from an uploaded file.

    extracted = extract_file(path, "application/pdf", password="")

Every extraction runs in a worker process under a time limit and a memory limit
(settings EXTRACT_TIMEOUT_SECONDS and EXTRACT_MEMORY_BYTES), so a hostile file cannot hang
or kill the caller. Nothing here raises for bad input: it ends in an outcome and a message.
This package does not need Django; it reads the two settings when Django is configured.
"""

from __future__ import annotations

from pathlib import Path

from ._isolation import shared_pool
from ._registry import extractor_for, supported
from ._types import ENCRYPTED, NO_TEXT, OCR, TEXT, UNREADABLE, Extracted, Job, unreadable

__all__ = [
    "ENCRYPTED",
    "NO_TEXT",
    "OCR",
    "TEXT",
    "UNREADABLE",
    "Extracted",
    "extract_file",
    "supported",
]

DEFAULT_TIMEOUT = 120.0
DEFAULT_MEMORY_BYTES = 1 << 30


def _default_limits() -> tuple[float, int]:
    try:
        from django.conf import settings

        if settings.configured:
            return (
                float(getattr(settings, "EXTRACT_TIMEOUT_SECONDS", DEFAULT_TIMEOUT)),
                int(getattr(settings, "EXTRACT_MEMORY_BYTES", DEFAULT_MEMORY_BYTES)),
            )
    except ImportError:
        pass
    return DEFAULT_TIMEOUT, DEFAULT_MEMORY_BYTES


def extract_file(
    path: Path,
    media_type: str,
    *,
    password: str = "",
    ocr: bool = True,
    timeout: float | None = None,
    memory_bytes: int | None = None,
) -> Extracted:
    """Read one file in a worker process; never raises for what the file holds."""
    extractor = extractor_for(media_type)
    if extractor is None:
        return unreadable(f"Unreadable: no text can be extracted from {media_type or 'this type'}.")
    if not Path(path).is_file():
        return unreadable("Unreadable: the file is missing.")
    default_timeout, default_memory = _default_limits()
    job = Job(
        path=str(Path(path).resolve()),
        extractor=extractor,
        password=password,
        ocr=ocr,
        timeout=timeout or default_timeout,
        memory_bytes=memory_bytes or default_memory,
    )
    return shared_pool().run(job)
