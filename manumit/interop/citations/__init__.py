"""Citations: BibTeX, RIS and CSL-JSON for every resource and listing, and a "Cite" box
with APA 7, Chicago author-date and Harvard on every resource page.

`plug_in()` (called by InteropConfig.ready) registers the formats with the catalogue's
format registry, the box with its RESOURCE_PANELS hook and the export links of every
listing with its LISTING_CONTEXT hook.
"""

from __future__ import annotations


def plug_in() -> None:
    from manumit.catalog import hooks
    from manumit.interop.citations import exports, panel

    exports.register()
    hooks.register(hooks.RESOURCE_PANELS, panel.cite_box)
    hooks.register(hooks.LISTING_CONTEXT, exports.export_links)
