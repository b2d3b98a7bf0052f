"""`manumit import ris`: real RIS samples, single-field organisations, broken files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from manumit.catalog.models import Resource
from manumit.importers.writer import FileReport

pytestmark = pytest.mark.django_db

Run = Callable[..., FileReport]


@pytest.fixture
def ris_dir(shared_dir: Path) -> Path:
    return shared_dir / "data" / "interop" / "bib"


def authors(resource: Resource) -> list[tuple[str, str]]:
    return [(type(agent).__name__, str(agent)) for agent in resource.ordered_authors()]


def test_the_basic_sample_is_one_person_and_a_month(run_import: Run, ris_dir: Path) -> None:
    report = run_import("ris", ris_dir / "rispy-example_basic.ris")
    assert [row.action for row in report.rows] == ["create"]
    resource = Resource.objects.get()
    assert resource.title == "A Mathematical Theory of Communication"
    assert authors(resource) == [("Person", "Claude E. Shannon")]
    assert resource.display_date == "July 1948"


def test_the_full_sample_imports_two_references_despite_one_shared_id(
    run_import: Run, ris_dir: Path
) -> None:
    report = run_import("ris", ris_dir / "rispy-example_full.ris")
    assert [row.action for row in report.rows] == ["create", "create"]
    assert "already used earlier in this file" in report.rows[1].message
    assert [row.location for row in report.rows] == ["line 2 (12345)", "line 27 (12345)"]
    first = Resource.objects.get(title="Title of reference")
    assert authors(first) == [("Person", "Karl Marx"), ("Person", "Astrid Lindgren")]
    assert [str(org) for org in first.ordered_publishers()] == ["Fun Factory"]
    assert first.display_date == "2014"
    # `example_url.com` is no host name (an underscore): left out, and the report says so.
    assert first.source_url == "" and "http://example_url.com" in report.rows[0].message
    assert first.isbn == ""  # its SN is an ISSN
    assert "BACKGROUND: Lorem ipsum" in first.description
    again = run_import("ris", ris_dir / "rispy-example_full.ris")
    assert again.counts["create"] == 0 and Resource.objects.count() == 2


def test_a_single_field_author_is_an_organisation(run_import: Run, tmp_path: Path) -> None:
    path = tmp_path / "endnote.ris"
    path.write_text(
        "TY  - RPRT\nTI  - Global Slavery Index\nAU  - Walk Free\nAU  - Bales, Kevin, Jr.\n"
        "PY  - 2018\nDA  - 2018/07/19/\nPB  - Walk Free; Minderoo Foundation\n"
        "SN  - 978-0-646-98881-4\nLA  - en\nER  - \n",
        encoding="utf-8",
    )
    report = run_import("ris", path)
    assert report.imported
    resource = Resource.objects.get()
    assert authors(resource) == [("Organisation", "Walk Free"), ("Person", "Kevin Bales Jr.")]
    assert [str(org) for org in resource.ordered_publishers()] == [
        "Walk Free",
        "Minderoo Foundation",
    ]
    assert resource.display_date == "19 July 2018"
    assert resource.isbn.replace("-", "") == "9780646988814"
    assert [t.name for t in resource.types.all()] == ["Publications"]


def test_a_reference_without_a_title_stops_the_file(run_import: Run, tmp_path: Path) -> None:
    path = tmp_path / "untitled.ris"
    path.write_text("TY  - JOUR\nTI  - Kept\nER  - \nTY  - JOUR\nAB  - no title\nER  - \n")
    report = run_import("ris", path)
    assert [(row.action, row.location) for row in report.rows] == [
        ("create", "line 1"),
        ("error", "line 4"),
    ]
    assert not report.imported and Resource.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "holds no RIS reference"),
        (b"@book{x, title={BibTeX}}\n", "holds no RIS reference"),
        ("TY  - JOUR\nTI  - Caf\u00e9\nER  - \n".encode("cp1252"), "is not UTF-8 text"),
    ],
)
def test_a_file_that_is_not_ris_says_so(
    run_import: Run, tmp_path: Path, content: bytes, says: str
) -> None:
    path = tmp_path / "wrong.ris"
    path.write_bytes(content)
    report = run_import("ris", path)
    assert says in report.message and not report.imported


def test_a_file_cut_off_before_its_end_line_keeps_the_reference_and_says_so(
    run_import: Run, tmp_path: Path
) -> None:
    path = tmp_path / "cut.ris"
    path.write_bytes(b"\xef\xbb\xbfTY  - GEN\nTI  - Cut off\n")
    report = run_import("ris", path)
    assert report.imported and "ends before this reference's ER line" in report.rows[0].message
