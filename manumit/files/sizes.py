"""Sizes as a reader writes them: `850 KB`, `2.4 MB`."""

from __future__ import annotations


def human_size(size: int | None) -> str:
    """`850 KB`, `2.4 MB`: sizes as a reader expects them on a download line."""
    if size is None:
        return ""
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            if unit == "bytes":
                return f"{int(value)} bytes"
            return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"
