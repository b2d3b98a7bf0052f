"""Which extractor reads which media type: a plain table of kinds and dotted paths."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from ._types import Extracted, Job

# Media type (as preflight detects it from the content) -> kind of document.
KINDS = {
    "application/pdf": "pdf",
    "text/plain": "text",
    "text/csv": "text",
    "text/html": "html",
    "application/xhtml+xml": "html",
}

# Kind -> "module:function" taking a Job and returning an Extracted. The worker process
# imports these on first use, so the caller never loads PDFium itself.
EXTRACTORS = {
    "pdf": "manumit.ingest.extract._pdf:extract_pdf",
    "text": "manumit.ingest.extract._text:extract_text",
    "html": "manumit.ingest.extract._html:extract_html",
}


def kind_of(media_type: str) -> str | None:
    essence = media_type.split(";", 1)[0].strip().lower()
    return KINDS.get(essence)


def supported(media_type: str) -> bool:
    """Whether extraction can read files of this media type."""
    return kind_of(media_type) is not None


def extractor_for(media_type: str) -> str | None:
    kind = kind_of(media_type)
    return EXTRACTORS[kind] if kind else None


def load(dotted: str) -> Callable[[Job], Extracted]:
    """The extractor, its module imported and warmed up: a module may define `warm_up()`
    to load what it needs (libraries, models) before the worker lowers its memory limit."""
    module_name, _, function = dotted.partition(":")
    module = importlib.import_module(module_name)
    if hasattr(module, "warm_up"):
        module.warm_up()
    extractor: Callable[[Job], Extracted] = getattr(module, function)
    return extractor
