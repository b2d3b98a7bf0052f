"""An import warns of near duplicates as ingestion does: of resources already in the
library and of the file's own earlier records, reading the library's titles once per file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from manumit.catalog.models import Resource
from manumit.catalog.tests.factories import ResourceFactory
from manumit.importers.writer import Action, FileReport

pytestmark = pytest.mark.django_db
Runner = Callable[..., FileReport]


def sheet(folder: Path, titles: list[str]) -> Path:
    path = folder / "sheet.csv"
    rows = "".join(f'"{title}"\n' for title in titles)
    path.write_text(f"title\n{rows}", encoding="utf-8")
    return path


def messages(report: FileReport) -> dict[str, str]:
    return {row.title: row.message for row in report.rows if row.action == Action.CREATE}


def test_a_record_like_a_resource_in_the_library_is_created_with_a_warning(
    run_import: Runner, tmp_path: Path
) -> None:
    old = ResourceFactory.create(title="Forced Labour in Thailand's Fishing Industry")
    report = run_import(
        "csv",
        sheet(tmp_path, ["Forced labour in Thailand’s fishing industry (2nd ed.)", "Cocoa"]),
    )
    found = messages(report)
    warning = found["Forced labour in Thailand’s fishing industry (2nd ed.)"]
    assert warning.startswith(
        f"Possible duplicate of #{old.pk} 'Forced Labour in Thailand's Fishing Industry': "
        "Similar title: "
    )
    assert found["Cocoa"] == ""
    assert Resource.objects.count() == 3, "a warning, never a refusal"


def test_two_records_of_one_file_alike_are_warned_of_the_second_time(
    run_import: Runner, tmp_path: Path
) -> None:
    report = run_import(
        "csv", sheet(tmp_path, ["Debt bondage in brick kilns", "Debt Bondage in Brick-Kilns"])
    )
    first, second = (row for row in report.rows if row.action == Action.CREATE)
    assert first.message == ""
    assert second.message == (
        f"Possible duplicate of #{first.resource_id} 'Debt bondage in brick kilns': "
        "Similar title: 'Debt bondage in brick kilns' (100%)"
    )


def test_the_library_s_titles_are_read_once_for_the_whole_file(
    run_import: Runner, tmp_path: Path
) -> None:
    ResourceFactory.create_batch(20)
    titles = [f"Recruitment fees paid by migrant workers, case {n}" for n in range(30)]
    with CaptureQueriesContext(connection) as queries:
        report = run_import("csv", sheet(tmp_path, titles))
    assert report.counts[Action.CREATE] == 30
    every_title = 'SELECT "catalog_resource"."id" AS "pk", "catalog_resource"."title" AS'
    sql = [query["sql"] for query in queries]
    scans = [text for text in sql if every_title in text]  # PostgreSQL: within a DECLARE
    by_words = [text for text in sql if "LIKE" in text and '"catalog_resource"."title"' in text]
    assert len(scans) == 1, "one read of every title, not one scan per record"
    assert by_words == []
    later = messages(report)[titles[-1]]
    assert later.count("Possible duplicate of #") == 5, "the five most alike, as ingestion"


def test_a_run_that_only_updates_never_reads_the_library_s_titles(
    run_import: Runner, tmp_path: Path
) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text("id,title\nr1,Debt bondage in brick kilns\n", encoding="utf-8")
    run_import("csv", path)
    path.write_text("id,title\nr1,Debt bondage in the brick kilns of Punjab\n", encoding="utf-8")
    with CaptureQueriesContext(connection) as queries:
        report = run_import("csv", path, update=True)
    assert report.counts[Action.UPDATE] == 1
    assert Resource.objects.get().title == "Debt bondage in the brick kilns of Punjab"
    every_title = 'SELECT "catalog_resource"."id" AS "pk", "catalog_resource"."title" AS'
    assert not [query for query in queries if every_title in query["sql"]]
