"""The import formats, by name: `manumit import NAME FILE…` and the admin's Import page
offer exactly what is registered here.

A format is a module exposing `FORMAT = ImportFormat(...)`; `BUILTIN` names each built-in
one by its module, imported the first time it is asked for (so a broken format cannot stop
the others loading). `register` adds one at run time (a test, a plug-in).
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from manumit.importers.mapping import Mapping
from manumit.importers.records import Problem, Record

# Format name -> the module holding its FORMAT.
BUILTIN: dict[str, str] = {
    "wordpress": "manumit.importers.formats.wordpress",
    "csv": "manumit.importers.formats.csv",
    "bibtex": "manumit.importers.formats.bibtex",
    "ris": "manumit.importers.formats.ris",
    "csl-json": "manumit.importers.formats.csl_json",
    "manumit": "manumit.importers.formats.manumit_jsonl",
}

_registered: dict[str, ImportFormat] = {}


class CountingReader(io.RawIOBase):
    """A binary file that counts the bytes read from it, for the progress bar."""

    def __init__(self, file: BinaryIO) -> None:
        self.file = file
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = self.file.readinto(buffer)  # type: ignore[attr-defined]
        self.consumed += count or 0
        return count or 0

    def close(self) -> None:
        self.file.close()
        super().close()


@dataclass
class Source:
    """One file to import, as a reader gets it."""

    path: Path
    mapping: Mapping = field(default_factory=Mapping)
    name: str = ""  # the name the curator gave it (an upload's), else the path's
    opened: list[CountingReader] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.name = self.name or self.path.name

    @property
    def size(self) -> int:
        return self.path.stat().st_size

    def open(self) -> io.BufferedReader:
        """The file, binary and buffered, from its start; readers stream it and never read
        it whole (wrap it in io.TextIOWrapper for text)."""
        reader = CountingReader(self.path.open("rb", buffering=0))
        self.opened.append(reader)
        return io.BufferedReader(reader, buffer_size=256 * 1024)

    @property
    def consumed(self) -> int:
        """Bytes read so far, over every pass a reader made."""
        return sum(reader.consumed for reader in self.opened)

    @property
    def folder(self) -> Path:
        """Where relative file paths in the file are looked for."""
        return self.path.parent


@dataclass(frozen=True)
class ImportFormat:
    """A format: `read(source)` yields a Record per resource and a Problem per thing it
    could not use, in file order, and raises `BadFile` when the file as a whole is not
    readable as this format. `passes` is how many times `read` reads the file through
    (for the progress bar). `template` is an example file the admin offers, if any."""

    name: str
    label: str
    read: Callable[[Source], Iterator[Record | Problem]]
    suffixes: tuple[str, ...] = ()
    passes: int = 1
    help: str = ""
    template: Callable[[], str] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class UnknownFormat(LookupError):
    def __init__(self, name: str) -> None:
        self.message = f"No import format '{name}'. Known formats: {', '.join(names())}."
        super().__init__(self.message)


def register(format: ImportFormat) -> None:
    _registered[format.name] = format


def names() -> list[str]:
    return sorted(set(BUILTIN) | set(_registered))


def get(name: str) -> ImportFormat:
    if name in _registered:
        return _registered[name]
    if name not in BUILTIN:
        raise UnknownFormat(name)
    module = importlib.import_module(BUILTIN[name])
    format: ImportFormat = module.FORMAT
    _registered[name] = format
    return format


def all_formats() -> list[ImportFormat]:
    return [get(name) for name in names()]
