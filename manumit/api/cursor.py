"""Opaque, signed cursors for the API's lists.

A cursor is a small dict, signed with the site's secret key (django.core.signing) so a
client can neither forge nor alter one, and bound to the query it was made for: a cursor
sent with other filters is refused rather than read against the wrong list.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core import signing

from manumit.api.errors import ApiError

SALT = "manumit.api.cursor"
# A walk through a list should not need longer than this; an older cursor is refused.
MAX_AGE_SECONDS = 7 * 24 * 3600


def fingerprint(params: dict[str, Any]) -> str:
    text = json.dumps(params, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def make(state: dict[str, Any], params: dict[str, Any]) -> str:
    return signing.dumps({**state, "q": fingerprint(params)}, salt=SALT, compress=True)


def read(cursor: str | None, params: dict[str, Any]) -> dict[str, Any] | None:
    """The state in `cursor` (None for no cursor); a 400 for a forged, expired or
    mismatched one."""
    if not cursor:
        return None
    try:
        state = signing.loads(cursor, salt=SALT, max_age=MAX_AGE_SECONDS)
    except (signing.BadSignature, ValueError, TypeError):
        raise ApiError(
            400, "This cursor is not valid (or has expired).", fields={"cursor": "not valid"}
        ) from None
    if not isinstance(state, dict) or state.get("q") != fingerprint(params):
        raise ApiError(
            400,
            "This cursor was made for a different query; send the same parameters with it.",
            fields={"cursor": "made for another query"},
        )
    return state
