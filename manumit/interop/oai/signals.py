"""The OAI change log hears of every change a harvester sees (the resource, its authors,
publishers, attachments and tags, the names it shows) through the catalogue's one
`resources_changed` signal (manumit/catalog/changes.py). Connected from `plug_in()`."""

from __future__ import annotations

from typing import Any

from manumit.catalog.changes import resources_changed
from manumit.interop.oai.changelog import mark


def _changed(sender: type, resource_ids: list[int], **kwargs: Any) -> None:
    mark(resource_ids)


def connect() -> None:
    resources_changed.connect(_changed, dispatch_uid="manumit.interop.oai.changes")
