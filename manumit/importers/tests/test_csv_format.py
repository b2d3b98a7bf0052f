"""The CSV format: documented columns, BOM or none, lists, dates at their precision."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.test import Client
from django.urls import reverse

from manumit.catalog.models import DatePrecision, Resource
from manumit.importers.formats.csv import COLUMNS, template
from manumit.importers.writer import Action, FileReport

Runner = Callable[..., FileReport]

HEADER = (
    "title,types,date,authors,publishers,regions,countries,topics,sectors,language,doi,isbn,files\n"
)


def write(folder: Path, text: str, *, bom: bool = False, name: str = "sheet.csv") -> Path:
    path = folder / name
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


def test_a_row_fills_every_column(run_import: Runner, tmp_path: Path) -> None:
    sheet = write(
        tmp_path,
        HEADER + '"Forced labour at sea",Publications,2019-11,"Jane Smith; {Walk Free}",'
        'International Labour Organization,Asia,"TH; Viet Nam",Forced labour,'
        "Fishing and seafood,fr,https://doi.org/10.1234/SEA,978-0-00-000000-2,\n",
        bom=True,
    )
    report = run_import("csv", sheet)
    assert report.imported and report.counts[Action.CREATE] == 1, report.rows
    resource = Resource.objects.get()
    assert resource.title == "Forced labour at sea"
    assert resource.pub_date is not None
    assert (resource.pub_date.isoformat(), resource.pub_date_precision) == (
        "2019-11-01",
        DatePrecision.MONTH,
    )
    assert [type(a).__name__ for a in resource.ordered_authors()] == ["Person", "Organisation"]
    assert [str(a) for a in resource.ordered_authors()] == ["Jane Smith", "Walk Free"]
    assert [o.name for o in resource.ordered_publishers()] == ["International Labour Organization"]
    assert sorted(c.iso2 for c in resource.countries.all()) == ["TH", "VN"]
    assert [t.slug for t in resource.types.all()] == ["publications"]
    assert resource.regions.get().slug == "asia"
    assert resource.language == "fr"
    assert (resource.doi, resource.isbn) == ("10.1234/sea", "9780000000002")


def test_a_second_import_matches_by_doi_and_update_changes_fields(
    run_import: Runner, tmp_path: Path
) -> None:
    first = write(tmp_path, "title,doi,date\nOld title,10.1/x,2019\n")
    run_import("csv", first)
    second = write(tmp_path, "title,doi,date\nNew title,10.1/X,2020\n", name="second.csv")
    left = run_import("csv", second)
    assert left.counts[Action.SKIP] == 1 and "found by the DOI 10.1/x" in left.rows[0].message
    assert Resource.objects.get().title == "Old title"
    updated = run_import("csv", second, update=True)
    assert updated.counts[Action.UPDATE] == 1
    resource = Resource.objects.get()
    assert resource.title == "New title" and resource.year == 2020
    assert resource.pub_date_precision == DatePrecision.YEAR


def test_a_doi_typed_with_capitals_in_the_admin_is_matched(
    run_import: Runner, tmp_path: Path
) -> None:
    typed = Resource.objects.create(title="Typed by hand", slug="typed", doi="10.1000/ABC.Def")
    sheet = write(tmp_path, "title,doi\nImported,https://doi.org/10.1000/abc.DEF\n")
    report = run_import("csv", sheet)
    assert report.counts[Action.SKIP] == 1
    assert report.rows[0].resource_id == typed.pk
    assert "found by the DOI 10.1000/abc.def" in report.rows[0].message
    assert Resource.objects.count() == 1


def test_errors_import_nothing_unless_skip_invalid(run_import: Runner, tmp_path: Path) -> None:
    sheet = write(tmp_path, "title,date\nGood one,2019\n,2019\nAnother good one,2018\n")
    refused = run_import("csv", sheet)
    assert not refused.imported
    assert [(r.location, r.action) for r in refused.rows if r.action == Action.ERROR] == [
        ("line 3", Action.ERROR)
    ]
    assert "nothing was imported" in refused.message and Resource.objects.count() == 0
    kept = run_import("csv", sheet, skip_invalid=True)
    assert kept.imported and Resource.objects.count() == 2


def test_a_dry_run_reports_exactly_and_stores_nothing(run_import: Runner, tmp_path: Path) -> None:
    sheet = write(tmp_path, "title,id\nOne,a\nTwo,b\nOne again,a\n")
    report = run_import("csv", sheet, dry_run=True)
    assert [row.action for row in report.rows] == [Action.CREATE, Action.CREATE, Action.SKIP]
    assert Resource.objects.count() == 0


def test_unknown_terms_and_columns_are_reported(run_import: Runner, tmp_path: Path) -> None:
    sheet = write(tmp_path, "title,topics,colour\nA,Space piracy,blue\n")
    report = run_import("csv", sheet)
    assert report.rows[0].action == Action.WARNING and "colour" in report.rows[0].message
    assert "Unmapped topic 'Space piracy'" in report.rows[1].message


def test_files_beside_the_sheet_pass_the_gate(
    run_import: Runner, tmp_path: Path, shared_dir: Path
) -> None:
    pdf = shared_dir / "data" / "antislavery" / "libertas_HTI" / "Human_Trafficking.pdf"
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "report.pdf").write_bytes(pdf.read_bytes())
    (tmp_path / "docs" / "tool.exe").write_bytes(b"MZ\x90\x00" + b"\x00" * 200)
    sheet = write(tmp_path, "title,files\nA report,docs/report.pdf; docs/tool.exe\n")
    report = run_import("csv", sheet)
    attachment = Resource.objects.get().attachments.get()
    assert attachment.media_type == "application/pdf" and len(attachment.sha256) == 64
    assert "docs/tool.exe was refused" in report.rows[0].message


def test_the_template_names_every_documented_column(run_import: Runner, tmp_path: Path) -> None:
    text = template()
    assert text.splitlines()[0].split(",") == list(COLUMNS)
    report = run_import("csv", write(tmp_path, text))
    assert report.counts[Action.CREATE] == 1 and report.imported


def test_curators_download_the_template_from_the_admin(
    client: Client, editor: Any, run_import: Runner
) -> None:
    client.force_login(editor)
    response = client.get(reverse("importers:csv-template"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="manumit-import-template.csv"'
    assert response.content.decode().splitlines()[0] == ",".join(COLUMNS)
    client.logout()
    assert client.get(reverse("importers:csv-template")).status_code == 302  # to the login
