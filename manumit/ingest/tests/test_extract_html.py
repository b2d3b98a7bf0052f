"""HTML files: the text a reader sees, with paragraphs apart and no scripts or styles,
and the page's own title, author, description and keywords."""

from __future__ import annotations

from pathlib import Path

from manumit.ingest.extract import TEXT, Extracted, extract_file

PAGE = """<!doctype html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Modern Slavery
  Statement 2023</title>
<meta name="author" content="Acme Foods plc">
<meta name="description" content="Our annual statement">
<meta name="keywords" content="supply chains, audits">
<style>body { color: red }</style>
<script>var secret = "do not index me";</script>
</head><body>
<nav><ul><li>Home</li><li>About</li></ul></nav>
<h1>Our statement</h1>
<p>We audit   our suppliers
   in Thailand &amp; Malaysia every year.</p>
<p>Workers&nbsp;never pay recruitment fees.<br>Passports stay with their owners.</p>
<noscript>Enable JavaScript</noscript>
<template><p>Hidden template</p></template>
<table><tr><td>Suppliers</td><td>412</td></tr></table>
</body></html>
"""


def extract_html(tmp_path: Path, markup: str | bytes) -> Extracted:
    path = tmp_path / "page.html"
    path.write_bytes(markup.encode("utf-8") if isinstance(markup, str) else markup)
    return extract_file(path, "text/html")


def test_an_html_page_gives_the_text_a_reader_sees(tmp_path: Path) -> None:
    result = extract_html(tmp_path, PAGE)
    assert result.outcome == TEXT
    assert result.pages == [
        "Home\n\nAbout\n\nOur statement\n\n"
        "We audit our suppliers in Thailand & Malaysia every year.\n\n"
        "Workers never pay recruitment fees.\nPassports stay with their owners.\n\n"
        "Suppliers\n\n412"
    ]


def test_scripts_styles_and_templates_are_not_text(tmp_path: Path) -> None:
    text = extract_html(tmp_path, PAGE).pages[0]
    for hidden in ("secret", "color: red", "Enable JavaScript", "Hidden template"):
        assert hidden not in text


def test_an_html_page_gives_its_title_author_description_and_keywords(tmp_path: Path) -> None:
    assert extract_html(tmp_path, PAGE).metadata == {
        "title": "Modern Slavery Statement 2023",
        "author": "Acme Foods plc",
        "subject": "Our annual statement",
        "keywords": "supply chains, audits",
    }


def test_a_page_in_windows_1252_reads_right(tmp_path: Path) -> None:
    markup = '<html><head><meta charset="windows-1252"></head><p>“Côte d’Ivoire”</p></html>'
    result = extract_html(tmp_path, markup.encode("cp1252"))
    assert result.pages == ["“Côte d’Ivoire”"]


def test_an_unclosed_head_and_broken_markup_still_give_the_text(tmp_path: Path) -> None:
    result = extract_html(tmp_path, "<html><head><title>T</title><body><p>One<p>Two</div></b>")
    assert result.pages == ["One\n\nTwo"]
    assert result.metadata == {"title": "T"}


def test_a_page_without_words_holds_no_text(tmp_path: Path) -> None:
    result = extract_html(tmp_path, "<html><script>alert(1)</script><img src=x></html>")
    assert (result.outcome, result.pages) == ("no_text", [])
