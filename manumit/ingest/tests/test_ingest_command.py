"""`manumit ingest`: folders of files in, draft resources out, a report of every file."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from manumit.catalog.models import Attachment, Resource, Status
from manumit.ingest.models import DocumentText, Outcome
from manumit.ingest.tests.ingest_fixtures import (
    ANTISLAVERY,
    BROKEN,
    ENCRYPTED,
    FBI_REPORT,
    FOUR_PAGES,
    ONE_PAGE,
    STATEMENTS,
    copy,
)

pytestmark = pytest.mark.django_db

HEADER = ["path", "status", "resource_id", "pages", "chars", "message"]
WEB_PAGE = """<!doctype html>
<html lang="en"><head><title>Recruitment fees in the Gulf</title>
<script>document.title = "not text"</script></head>
<body><h1>Recruitment fees in the Gulf</h1>
<p>Migrant workers in Qatar paid recruitment fees of up to 4,000 dollars.</p></body></html>
"""


@pytest.fixture
def folder(shared_dir: Path, tmp_path: Path) -> Path:
    """Three real PDFs, a broken one among them, an encrypted one, a web page and an SVG
    drawing (refused: a browser would run its script), in a tree."""
    root = tmp_path / "inbox"
    copy(shared_dir, ONE_PAGE, root, "a-minimal.pdf")
    copy(shared_dir, BROKEN, root, "b-broken.pdf")
    copy(shared_dir, FOUR_PAGES, root / "sub", "c-four-pages.pdf")
    copy(shared_dir, ENCRYPTED, root / "sub", "d-encrypted.pdf")
    (root / "e-page.html").write_text(WEB_PAGE, encoding="utf-8")
    (root / "f-logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    )
    (root / ".DS_Store").write_bytes(b"\x00\x01")
    return root


def ingest(*args: str) -> str:
    out = io.StringIO()
    call_command("ingest", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def read_report(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file))
    assert rows[0] == HEADER
    return [dict(zip(HEADER, row, strict=True)) for row in rows[1:]]


def statuses(rows: list[dict[str, str]]) -> dict[str, str]:
    return {Path(row["path"]).name: row["status"] for row in rows}


def stored_files() -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def test_a_folder_is_ingested_file_by_file_with_a_report_of_each(
    folder: Path, tmp_path: Path
) -> None:
    report = tmp_path / "report.csv"
    output = ingest(str(folder), "--report", str(report))
    rows = read_report(report)
    assert statuses(rows) == {
        "a-minimal.pdf": "text",
        "b-broken.pdf": "unreadable",
        "c-four-pages.pdf": "text",
        "d-encrypted.pdf": "encrypted",
        "e-page.html": "text",
        "f-logo.svg": "rejected",
    }, "a broken file in the middle does not stop the run; hidden files are left out"
    four = next(row for row in rows if row["path"].endswith("c-four-pages.pdf"))
    assert four["pages"] == "4"
    assert int(four["chars"]) > 1000
    resource = Resource.objects.get(pk=int(four["resource_id"]))
    assert resource.status == Status.DRAFT
    assert resource.attachments.get().page_count == 4
    assert Resource.objects.count() == 5, "the broken and encrypted PDFs are kept too"
    assert "an SVG image" in next(row["message"] for row in rows if row["status"] == "rejected")
    assert "Ingested with text" in output and "Rejected" in output


def test_a_web_page_is_ingested_with_its_text_and_never_its_scripts(folder: Path) -> None:
    ingest(str(folder))
    attachment = Attachment.objects.get(file__endswith=".html")
    assert attachment.media_type == "text/html"
    text = DocumentText.objects.get(attachment=attachment)
    page = text.pages.get().text
    assert "Migrant workers in Qatar paid recruitment fees" in page
    assert "not text" not in page and "<p>" not in page
    assert attachment.resource.title == "Recruitment fees in the Gulf"


def test_the_summary_counts_each_kind_of_ending(folder: Path) -> None:
    output = ingest(str(folder))
    lines = {
        line.rsplit(None, 1)[0]: line.rsplit(None, 1)[1]
        for line in output.splitlines()
        if line.strip()
    }
    assert lines["Ingested with text"] == "3"
    assert lines["Encrypted (kept, no text)"] == "1"
    assert lines["Unreadable"] == "1"
    assert lines["Rejected"] == "1"
    assert lines["Duplicates (skipped)"] == "0"
    assert lines["Total"] == "6"


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(
    folder: Path, tmp_path: Path
) -> None:
    report = tmp_path / "dry.csv"
    output = ingest(str(folder), "--dry-run", "--report", str(report))
    assert "Dry run: nothing was stored." in output
    assert not Resource.objects.exists()
    assert not DocumentText.objects.exists()
    assert stored_files() == []
    rows = read_report(report)
    assert statuses(rows)["c-four-pages.pdf"] == "text"
    assert all(row["resource_id"] == "" for row in rows)


def test_running_again_skips_every_file_already_in(folder: Path, tmp_path: Path) -> None:
    ingest(str(folder))
    created = Resource.objects.count()
    report = tmp_path / "again.csv"
    ingest(str(folder), "--report", str(report))
    assert Resource.objects.count() == created
    rows = read_report(report)
    assert statuses(rows) == {
        "a-minimal.pdf": "duplicate",
        "b-broken.pdf": "duplicate",
        "c-four-pages.pdf": "duplicate",
        "d-encrypted.pdf": "duplicate",
        "e-page.html": "duplicate",
        "f-logo.svg": "rejected",
    }
    duplicate = next(row for row in rows if row["path"].endswith("c-four-pages.pdf"))
    original = Attachment.objects.get(file__endswith="c-four-pages.pdf").resource
    assert duplicate["resource_id"] == str(original.pk), "the report points at what holds it"


def test_an_interrupted_run_is_finished_by_running_it_again(folder: Path, shared_dir: Path) -> None:
    ingest(str(folder / "sub"))  # as if the first run had stopped after the sub-folder
    ingest(str(folder))
    assert Resource.objects.count() == 5
    assert Attachment.objects.count() == 5


def test_a_content_type_and_status_can_be_given_to_every_new_resource(
    shared_dir: Path, tmp_path: Path
) -> None:
    path = copy(shared_dir, ONE_PAGE, tmp_path)
    ingest(str(path), "--type", "publications", "--status", "review")
    resource = Resource.objects.get()
    assert resource.status == Status.IN_REVIEW
    assert list(resource.types.values_list("slug", flat=True)) == ["publications"]


def test_an_unknown_content_type_stops_before_anything_is_read(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No content type 'pamphlet'"):
        ingest(str(tmp_path), "--type", "pamphlet")


def test_a_path_that_does_not_exist_is_named(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no such file or folder"):
        ingest(str(tmp_path / "nowhere"))


def test_a_report_that_cannot_be_written_is_named(folder: Path, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Cannot write the report"):
        ingest(str(folder), "--report", str(tmp_path / "missing-folder" / "r.csv"))
    assert not Resource.objects.exists()


def test_the_real_antislavery_pdfs_are_all_ingested_with_text(
    shared_dir: Path, tmp_path: Path
) -> None:
    report = tmp_path / "antislavery.csv"
    ingest(str(shared_dir / ANTISLAVERY), "--report", str(report))
    pdfs = [row for row in read_report(report) if row["path"].endswith(".pdf")]
    assert len(pdfs) == 7
    assert {row["status"] for row in pdfs} == {"text"}
    fbi = next(row for row in pdfs if row["path"].endswith(FBI_REPORT.name))
    countries = Resource.objects.get(pk=int(fbi["resource_id"])).suggestions.get(field="countries")
    assert "US" in countries.value


def test_the_213_company_statements_are_ingested_as_plain_text(
    shared_dir: Path, tmp_path: Path
) -> None:
    with (shared_dir / STATEMENTS).open(newline="", encoding="utf-8") as file:
        statements = list(csv.DictReader(file))
    assert len(statements) == 213
    texts = tmp_path / "statements"
    texts.mkdir()
    for row in statements:
        (texts / f"{row['Answer ID']}.txt").write_text(row["Text"], encoding="utf-8")
    distinct = {row["Text"] for row in statements if row["Text"].strip()}

    report = tmp_path / "statements.csv"
    ingest(str(texts), "--report", str(report))
    rows = read_report(report)
    assert len(rows) == 213
    by_status = {status: [r for r in rows if r["status"] == status] for status in Outcome.values}
    others = [(r["path"], r["status"], r["message"]) for r in rows if r["status"] != "text"]
    assert len(by_status["text"]) == len(distinct), others
    # The one empty statement cannot be told apart from no file; repeated texts are skipped.
    assert len(by_status["rejected"]) == 1
    assert len(by_status["duplicate"]) == 213 - len(distinct) - 1
    assert Resource.objects.count() == len(distinct)
    assert all(int(row["chars"]) > 0 and int(row["pages"]) >= 1 for row in by_status["text"])
    assert all(r.attachments.get().media_type == "text/plain" for r in Resource.objects.all())
