"""Optical character recognition of one rendered page with the Tesseract command."""

from __future__ import annotations

import functools
import io
import os
import shutil
import subprocess
from typing import Any

# Tesseract's OpenMP threads would each reserve address space under the memory limit and
# fight the other workers for the CPUs; one page at a time is fast enough.
TESSERACT_ENV = {"OMP_THREAD_LIMIT": "1"}
PREFERRED_LANGUAGES = ("eng",)


@functools.cache
def tesseract() -> str | None:
    return shutil.which("tesseract")


@functools.cache
def languages() -> str:
    """The models to read with: English where installed, else whatever is there."""
    command = tesseract()
    if not command:
        return ""
    listing = subprocess.run(  # noqa: S603 (a fixed command found on PATH)
        [command, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
    )
    installed = [line.strip() for line in listing.stdout.splitlines()[1:] if line.strip()]
    installed = [name for name in installed if name != "osd"]
    preferred = [name for name in PREFERRED_LANGUAGES if name in installed]
    return "+".join(preferred or installed[:1])


def available() -> bool:
    return bool(tesseract() and languages())


def recognise(image: Any, timeout: float) -> str:
    """The text Tesseract reads in a PIL image ("" where it finds none).

    Raises subprocess.TimeoutExpired when it runs past `timeout` seconds."""
    buffer = io.BytesIO()
    image.save(buffer, format="PPM")  # uncompressed: nothing to encode or decode
    command = tesseract()
    assert command  # callers check available() first
    result = subprocess.run(  # noqa: S603 (a fixed command; the image goes to stdin)
        [command, "stdin", "stdout", "-l", languages()],
        input=buffer.getvalue(),
        capture_output=True,
        timeout=max(timeout, 1.0),
        env={**os.environ, **TESSERACT_ENV},
        check=False,
    )
    return result.stdout.decode("utf-8", errors="replace")
