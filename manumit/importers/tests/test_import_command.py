"""`manumit import`: the summary table, the report file, dry runs and refusals."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from manumit.catalog.models import Resource, Status

SHEET = "id,title,date\na,First,2019\nb,Second,2020-05\n"


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def summary(out: str) -> dict[str, str]:
    """The summary table's lines, label -> figure ("1 of 2" for the files line)."""
    table = {}
    for line in out.splitlines():
        label, _, figure = line.partition("  ")
        if figure.strip():
            table[label.strip()] = " ".join(figure.split())
    return table


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    path = tmp_path / "sheet.csv"
    path.write_text(SHEET, encoding="utf-8")
    return path


@pytest.mark.django_db
def test_a_dry_run_prints_what_would_happen_and_stores_nothing(sheet: Path) -> None:
    out, _ = run("csv", str(sheet), "--dry-run", "-v", "2")
    assert "create    sheet.csv line 2: First" in out
    assert "Created  " in out and out.splitlines()[-1] == "Dry run: nothing was stored."
    assert Resource.objects.count() == 0


@pytest.mark.django_db
def test_the_report_has_a_line_per_record_and_a_rerun_skips(sheet: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.csv"
    out, _ = run("csv", str(sheet), "--report", str(report), "--status", Status.IN_REVIEW)
    rows = list(csv.DictReader(report.open(encoding="utf-8")))
    assert [(r["location"], r["action"], r["title"]) for r in rows] == [
        ("line 2", "create", "First"),
        ("line 3", "create", "Second"),
    ]
    assert set(Resource.objects.values_list("status", flat=True)) == {Status.IN_REVIEW}
    assert summary(out)["Created"] == "2"
    again, _ = run("csv", str(sheet))
    assert summary(again)["Skipped"] == "2" and summary(again)["Created"] == "0"
    assert Resource.objects.count() == 2


@pytest.mark.django_db
def test_a_bad_file_is_named_and_the_next_one_still_imports(sheet: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"")
    out, err = run("csv", str(broken), str(sheet))
    assert "broken.csv: The file is empty. Nothing was imported from it." in err
    assert summary(out)["Files not imported"] == "1 of 2"
    assert Resource.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["endnote-xml", "x.xml"], "No import format 'endnote-xml'. Known formats:"),
        (["csv", "missing.csv"], "missing.csv: no such file."),
    ],
)
def test_refusals_name_the_problem(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run(*args)


@pytest.mark.django_db
def test_a_bad_mapping_file_is_refused_with_its_reason(sheet: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('[terms]\n"category:news" = "colour:blue"\n', encoding="utf-8")
    with pytest.raises(CommandError, match="write 'ignore' or vocabulary:term"):
        run("csv", str(sheet), "--mapping", str(mapping))
