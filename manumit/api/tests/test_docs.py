"""The reference page works under the site's CSP: no inline script or style, no CDN."""

from __future__ import annotations

import re

from django.test import Client
from lxml import html


def test_the_reference_page_lists_every_operation_without_inline_code(
    anon: Client, db: None
) -> None:
    response = anon.get("/api/v1/docs")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    page = html.fromstring(response.content)
    assert not [
        s
        for s in page.iter("script")
        if (s.text or "").strip() or s.get("src", "").startswith("http")
    ]
    assert not page.xpath("//style | //*[@style]")
    headings = {h.text_content().strip() for h in page.iter("h3")}
    document = anon.get("/api/v1/openapi.json").json()
    for path, item in document["paths"].items():
        for method in item:
            assert f"{method.upper()} {path}" in headings


def test_the_explorer_loads_its_code_from_this_site(anon: Client, db: None) -> None:
    response = anon.get("/api/v1/docs/try")
    assert response.status_code == 200
    page = html.fromstring(response.content)
    sources = [s.get("src") for s in page.iter("script") if s.get("src")]
    assert sources and all(src.startswith("/static/") for src in sources)
    inline = [s for s in page.iter("script") if not s.get("src")]
    assert all(s.get("type") == "application/json" for s in inline)  # data, never run
    links = [link.get("href") for link in page.iter("link")]
    assert all(not re.match(r"https?://", href or "") for href in links)
    for src in sources:
        assert anon.get(src).status_code == 200
