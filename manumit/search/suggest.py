"""Title completion for the search box."""

from __future__ import annotations

import logging

from manumit.search._parser import MAX_QUERY_CHARS
from manumit.search.registry import get_backend

log = logging.getLogger(__name__)


def suggest(prefix: str, limit: int = 10) -> list[str]:
    """Titles of published resources that complete `prefix`; never raises."""
    try:
        return get_backend().suggest(str(prefix or "")[:MAX_QUERY_CHARS], max(0, min(limit, 50)))
    except Exception:
        log.exception("title completion failed for %r", prefix)
        return []
