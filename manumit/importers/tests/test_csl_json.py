"""`manumit import csl-json`: items as Zotero writes them, checked against CSL's schema."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from manumit.catalog.models import Resource
from manumit.importers.writer import FileReport

pytestmark = pytest.mark.django_db

Run = Callable[..., FileReport]

ZOTERO_ITEMS: list[dict[str, Any]] = [
    {
        "id": "http://zotero.org/groups/1/items/ABCD1234",
        "type": "report",
        "title": "Pervasive, punitive, and predetermined",
        "author": [
            {"family": "Breuker", "given": "Remco E."},
            {"family": "Gardingen", "given": "Imke", "non-dropping-particle": "van"},
            {"literal": "Leiden Asia Centre"},
        ],
        "issued": {"date-parts": [["2018", 6]]},
        "publisher": "Walk Free Foundation",
        "URL": "https://example.org/north-korea",
        "DOI": "https://doi.org/10.1000/NK.2018",
        "language": "en-GB",
        "abstract": "A study of <forced> labour.",
        "keyword": "forced labour, North Korea",
    },
    {
        "id": "item-2",
        "type": "article-newspaper",
        "title": "A news story",
        "issued": {"raw": "2020"},
    },
]


@pytest.fixture
def csl_schema(shared_dir: Path) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(
        (shared_dir / "data" / "interop" / "csl" / "csl-data.json").read_text(encoding="utf-8")
    )
    return schema


def write(path: Path, items: object, prefix: bytes = b"") -> Path:
    path.write_bytes(prefix + json.dumps(items).encode("utf-8"))
    return path


def test_zotero_items_become_resources(
    run_import: Run, tmp_path: Path, csl_schema: dict[str, Any]
) -> None:
    jsonschema.validate(ZOTERO_ITEMS, csl_schema)  # the sample is real CSL-JSON
    report = run_import("csl-json", write(tmp_path / "zotero.json", ZOTERO_ITEMS, b"\xef\xbb\xbf"))
    assert [row.action for row in report.rows] == ["create", "create"]
    resource = Resource.objects.get(title="Pervasive, punitive, and predetermined")
    assert [(type(a).__name__, str(a)) for a in resource.ordered_authors()] == [
        ("Person", "Remco E. Breuker"),
        ("Person", "Imke van Gardingen"),
        ("Organisation", "Leiden Asia Centre"),
    ]
    assert resource.display_date == "June 2018"
    assert [str(org) for org in resource.ordered_publishers()] == ["Walk Free Foundation"]
    assert resource.doi.upper() == "10.1000/NK.2018" and resource.language == "en"
    assert "&lt;forced&gt;" in resource.description
    assert [t.name for t in resource.types.all()] == ["Publications"]
    news = Resource.objects.get(title="A news story")
    assert news.display_date == "2020" and [t.name for t in news.types.all()] == ["News & Analysis"]
    again = run_import("csl-json", tmp_path / "zotero.json")
    assert [row.action for row in again.rows] == ["skip", "skip"]


def test_a_bad_item_is_reported_by_its_number(run_import: Run, tmp_path: Path) -> None:
    report = run_import("csl-json", write(tmp_path / "x.json", [{"title": "Fine"}, 7, {"id": 3}]))
    assert [(row.action, row.location) for row in report.rows] == [
        ("create", "item 1"),
        ("error", "item 2"),
        ("error", "item 3 (3)"),
    ]
    assert not report.imported and Resource.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "is empty"),
        (b"TY  - JOUR\nER  - \n", "is not JSON"),
        (b'[{"title": "cut off"}, {"title": ', "is not valid JSON"),
        ('[{"title": "Caf\u00e9"}]'.encode("latin-1"), "is not valid JSON (or not UTF-8)"),
    ],
)
def test_a_file_that_is_not_csl_json_says_so(
    run_import: Run, tmp_path: Path, content: bytes, says: str
) -> None:
    path = tmp_path / "wrong.json"
    path.write_bytes(content)
    report = run_import("csl-json", path)
    assert says in report.message and not report.imported
    assert Resource.objects.count() == 0
