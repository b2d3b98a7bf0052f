"""Typed readers for MANUMIT_* environment variables.

Every setting is read through one of these helpers so that a bad value stops the
process at start-up with a message naming the variable, instead of failing later.
"""

from __future__ import annotations

import os
from pathlib import Path

PREFIX = "MANUMIT_"


class ImproperSetting(ValueError):
    """A MANUMIT_* variable holds a value that cannot be used."""


def _raw(name: str) -> str | None:
    if not name.startswith(PREFIX):
        raise ValueError(f"settings must be prefixed with {PREFIX}: {name}")
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def env_str(name: str, default: str) -> str:
    value = _raw(name)
    return default if value is None else value


def env_optional(name: str) -> str | None:
    return _raw(name)


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperSetting(f"{name} must be one of true/false/1/0/yes/no/on/off, got {value!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperSetting(f"{name} must be a whole number, got {value!r}") from None
    if minimum is not None and number < minimum:
        raise ImproperSetting(f"{name} must be at least {minimum}, got {number}")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_path(name: str, default: Path) -> Path:
    value = _raw(name)
    return (Path(value) if value else default).expanduser().resolve()


def env_secret(name: str) -> str | None:
    """Read a secret from NAME or from the file named by NAME_FILE (for container secrets)."""
    value = _raw(name)
    if value is not None:
        return value
    file_name = _raw(name + "_FILE")
    if file_name is None:
        return None
    try:
        secret = Path(file_name).read_text(encoding="utf-8").strip()
    except OSError as error:
        raise ImproperSetting(f"{name}_FILE points to an unreadable file: {error}") from None
    if not secret:
        # Falling back to a default here would hide a broken deployment.
        raise ImproperSetting(f"{name}_FILE points to an empty file: {file_name}")
    return secret
