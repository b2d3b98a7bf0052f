"""Scholarly and web metadata on every resource page: schema.org JSON-LD, Google Scholar's
`citation_*` tags, OpenGraph and Twitter cards, and a canonical link.

`plug_in()` (called by InteropConfig.ready) registers them with the catalogue's
RESOURCE_HEAD hook.
"""

from __future__ import annotations


def plug_in() -> None:
    from manumit.catalog import hooks
    from manumit.interop.metadata import head

    hooks.register(hooks.RESOURCE_HEAD, head.resource_head)
