"""The registry of OAI-PMH metadata formats.

A format is one module under this package that builds a `MetadataFormat` and calls
`register()` from its `plug_in()`; listing its module in `FORMAT_MODULES` is all a new format
costs. A format renders an `Item` (items.py: plain data, read for a whole page at once) into
an lxml element that goes inside `<metadata>`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from manumit.interop.oai.items import Item

FORMAT_MODULES = ("manumit.interop.oai.formats.oai_dc",)


class Links:
    """Turns the site's paths into absolute URLs for the host a harvester asked."""

    def __init__(self, origin: str) -> None:
        self.origin = origin.rstrip("/")

    def absolute(self, path: str) -> str:
        """The URL of a site path; an address that is already absolute is kept."""
        return path if "://" in path else self.origin + path


def _always(item: Item) -> bool:
    return True


@dataclass(frozen=True)
class MetadataFormat:
    prefix: str
    schema: str
    namespace: str
    render: Callable[[Item, Links], etree._Element]
    # Whether an item has what this format requires (DataCite needs a publisher, say).
    supports: Callable[[Item], bool] = _always


_registry: dict[str, MetadataFormat] = {}


def register(metadata_format: MetadataFormat) -> None:
    _registry[metadata_format.prefix] = metadata_format


def unregister(prefix: str) -> None:
    _registry.pop(prefix, None)


def get(prefix: str) -> MetadataFormat | None:
    return _registry.get(prefix)


def all_formats() -> list[MetadataFormat]:
    return sorted(_registry.values(), key=lambda item: item.prefix)


def load() -> None:
    for module in FORMAT_MODULES:
        importlib.import_module(module).plug_in()
