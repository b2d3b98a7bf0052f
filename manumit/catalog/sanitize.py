"""Rich-text sanitising for descriptions, with nh3 (the Rust ammonia sanitiser)."""

from __future__ import annotations

import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "a", "ul", "ol", "li",
    "blockquote", "h2", "h3", "h4", "sub", "sup", "abbr", "cite", "q",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(value: str) -> str:
    """Keep simple formatting and safe links; drop scripts, styles, handlers and bad URLs."""
    if not value:
        return ""
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    ).strip()


def without_nul(text: str) -> str:
    """`text` without NUL characters: PostgreSQL refuses them in any text it stores or
    compares, and some PDFs (and some hand-made addresses) hold them."""
    return text.replace("\x00", "")
