"""The registry of OAI-PMH metadata formats.

A format is one module under this package that builds a `MetadataFormat` and calls
`register()`; listing its module in `FORMAT_MODULES` is all a new format costs. Formats render
from the catalogue's `Resource` (its relations prefetched by the caller) into an lxml element
that goes inside `<metadata>`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from manumit.catalog.models import Resource

FORMAT_MODULES = ("manumit.interop.oai.formats.oai_dc",)


class Links:
    """Turns the site's paths into absolute URLs for the host a harvester asked."""

    def __init__(self, origin: str) -> None:
        self.origin = origin.rstrip("/")

    def absolute(self, path: str) -> str:
        return self.origin + path


def _always(resource: Resource) -> bool:
    return True


@dataclass(frozen=True)
class MetadataFormat:
    prefix: str
    schema: str
    namespace: str
    render: Callable[[Resource, Links], etree._Element]
    # Whether a resource has what this format requires (DataCite needs a publisher, say).
    supports: Callable[[Resource], bool] = _always


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
