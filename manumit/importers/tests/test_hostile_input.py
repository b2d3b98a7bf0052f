"""Hostile and broken files: one clear message each, never a traceback, nothing stored."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from manumit.catalog.models import Resource
from manumit.importers.writer import FileReport

Runner = Callable[..., FileReport]

WXR_HEAD = (
    '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
    "<wp:wxr_version>1.2</wp:wxr_version>"
)
ITEM = (
    "<item><title>{title}</title><wp:post_id>7</wp:post_id><wp:post_type>post</wp:post_type>"
    "<wp:status>publish</wp:status><content:encoded>{content}</content:encoded></item>"
)


def wxr(title: str = "A post", content: str = "Text", *, prolog: str = "") -> bytes:
    body = WXR_HEAD + ITEM.format(title=title, content=content) + "</channel></rss>"
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + prolog + body).encode()


LAUGHS = (
    '<!DOCTYPE rss [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10}">' for n in range(2, 10))
    + '<!ENTITY lol1 "&lol;">]>\n'
)

CASES = {
    "billion laughs": (
        "wordpress",
        wxr("&lol9;", prolog=LAUGHS),
        "declares a DTD (entities), which a WordPress export never does",
    ),
    "external entity": (
        "wordpress",
        wxr("&secret;", prolog='<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'),
        "none of its entities was read",
    ),
    "empty export": ("wordpress", b"", "The file is empty."),
    "empty sheet": ("csv", b"", "The file is empty."),
    "a CSV given as WordPress": ("wordpress", b"title,date\nA,2019\n", "is empty or is not XML"),
    "a WXR given as CSV": ("csv", wxr(), "It has no 'title' column"),
    "XML but not WordPress": (
        "wordpress",
        b"<?xml version='1.0'?><feed><title>x</title></feed>",
        "not a WordPress export: its root is <feed>",
    ),
    "Latin-1 sheet": ("csv", "title\nCôte d'Ivoire\n".encode("latin-1"), "It is not UTF-8 text"),
    "Latin-1 bytes in a UTF-8 export": (
        "wordpress",
        wxr().replace(b"A post", "Côte".encode("latin-1")),
        "not well-formed XML at line 2",
    ),
    "binary junk": ("csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "It is not UTF-8 text"),
    "cut-off export": ("wordpress", wxr()[:-30], "Is the file complete?"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_file_gets_one_clear_message(run_import: Runner, tmp_path: Path, case: str) -> None:
    format_name, content, expected = CASES[case]
    path = tmp_path / "input"
    path.write_bytes(content)
    report = run_import(format_name, path)
    assert not report.imported
    assert expected in report.message
    assert report.message.startswith("input: ") and "Traceback" not in report.message
    assert Resource.objects.count() == 0


def test_no_entity_text_reaches_a_record_even_in_content(
    run_import: Runner, tmp_path: Path
) -> None:
    path = tmp_path / "export.xml"
    path.write_bytes(wxr(content="&lt;script&gt;alert(1)&lt;/script&gt;&lt;p&gt;Kept&lt;/p&gt;"))
    report = run_import("wordpress", path)
    assert report.imported
    description = Resource.objects.get().description
    assert "<script" not in description and "Kept" in description


def test_a_byte_order_mark_is_accepted(run_import: Runner, tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    path.write_bytes(b"\xef\xbb\xbf" + wxr())
    report = run_import("wordpress", path)
    assert report.imported and Resource.objects.get().title == "A post"


def test_https_namespaces_read_alike(run_import: Runner, tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    path.write_bytes(wxr().replace(b"http://", b"https://"))
    report = run_import("wordpress", path)
    assert report.imported and Resource.objects.get().wp_post_id == 7
