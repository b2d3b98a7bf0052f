"""The admin's Import page: upload, the dry run's table, confirm, the job's report."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from manumit.catalog.models import Resource, Status
from manumit.catalog.tests.factories import ResourceFactory
from manumit.importers import jobs
from manumit.importers.models import ImportJob, JobState
from manumit.importers.tests.conftest import Post, client_of

pytestmark = pytest.mark.django_db

NEW = "/admin/import/"
SHEET = (
    "title,date,doi\n"
    "Forced labour at sea,2019,10.1234/sea\n"
    "Debt bondage in brick kilns,2020-05,10.1234/bricks\n"
    "Already here,2018,10.1234/here\n"
)


@pytest.fixture(autouse=True)
def _data_in_tmp(tmp_path: Path, settings: Any) -> Path:
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


def upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"))


def table(response: Any) -> str:
    return response.content.decode()


def test_the_resource_list_links_to_the_import_page(publisher: User) -> None:
    page = client_of(publisher).get("/admin/catalog/resource/").content.decode()
    assert f'<a href="{NEW}">Import</a>' in page


def test_the_form_offers_every_format_and_detection(publisher: User) -> None:
    page = client_of(publisher).get(NEW).content.decode()
    assert "<h1>Import resources</h1>" in page
    assert '<option value="" selected>Detect from the file&#x27;s name</option>' in page
    for label in ("WordPress export (WXR)", "CSV spreadsheet", "BibTeX", "RIS", "CSL-JSON"):
        assert label in page
    assert '<option value="published">Published</option>' in page


def test_dry_run_then_confirm_imports_and_keeps_the_report(
    publisher: User, post: Post, settings: Any
) -> None:
    ResourceFactory.create(title="Already here", doi="10.1234/here")
    client = client_of(publisher)
    response = post(client, NEW, {"file": upload("sheet.csv", SHEET), "status": "published"})
    job = ImportJob.objects.get()
    assert response.wsgi_request.path == f"/admin/import/{job.pk}/"
    assert job.format == "csv" and job.state == JobState.CHECKED
    assert job.counts == {"create": 2, "skip": 1}
    page = table(response)
    assert "<caption>What the import would do</caption>" in page
    assert '<th scope="row">Create</th><td>2</td>' in page
    assert "<td>line 2</td>" in page and "Forced labour at sea" in page
    assert 'value="Confirm and import"' in page
    assert Resource.objects.count() == 1, "the dry run stored nothing"
    stored = jobs.upload_path(job)
    assert stored.is_file() and str(stored).startswith(str(settings.DATA_DIR))
    assert not str(stored).startswith(str(settings.MEDIA_ROOT))

    response = post(client, reverse("importers:confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.imported and not job.dry_run
    assert job.counts == {"create": 2, "skip": 1}
    created = Resource.objects.get(doi="10.1234/sea")
    assert created.status == Status.PUBLISHED
    page = table(response)
    assert "The import is finished" in page
    assert f'href="/admin/catalog/resource/{created.pk}/change/"' in page
    assert not stored.exists(), "the upload goes once its records are in"

    download = client.get(reverse("importers:report", args=[job.pk]))
    assert download["Content-Disposition"] == f'attachment; filename="import-{job.pk}-report.csv"'
    body = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    lines = list(csv.DictReader(io.StringIO(body.decode())))
    assert [line["action"] for line in lines] == ["create", "create", "skip"]
    assert lines[0]["resource_id"] == str(created.pk)
    # The page stays: a later visit still shows the report.
    assert "Debt bondage in brick kilns" in table(client.get(f"/admin/import/{job.pk}/"))


def test_an_editor_imports_drafts_even_when_posting_published(editor: User, post: Post) -> None:
    client = client_of(editor)
    assert '<option value="published">' not in client.get(NEW).content.decode()
    post(client, NEW, {"file": upload("sheet.csv", SHEET), "status": "published"})
    job = ImportJob.objects.get()
    assert job.status == Status.DRAFT
    post(client, reverse("importers:confirm", args=[job.pk]))
    assert Resource.objects.count() == 3
    assert set(Resource.objects.values_list("status", flat=True)) == {Status.DRAFT}


def test_a_job_made_published_runs_as_drafts_once_its_maker_may_not_publish(
    editor: User, post: Post
) -> None:
    # A crafted row (or a publisher demoted since the upload): the worker asks again.
    job = ImportJob.objects.create(
        created_by=editor, format="csv", file_name="s.csv", status=Status.PUBLISHED
    )
    jobs.store_upload(job, upload("s.csv", SHEET))
    job.state, job.dry_run = JobState.CHECKED, True
    job.save()
    post(client_of(editor), reverse("importers:confirm", args=[job.pk]))
    assert set(Resource.objects.values_list("status", flat=True)) == {Status.DRAFT}


def test_a_malformed_file_says_why_and_imports_nothing(publisher: User, post: Post) -> None:
    client = client_of(publisher)
    response = post(
        client, NEW, {"file": upload("export.xml", "<rss><channel>"), "status": "draft"}
    )
    job = ImportJob.objects.get()
    assert job.format == "wordpress" and job.state == JobState.FAILED
    page = table(response)
    assert 'class="errornote">export.xml:' in page and "Nothing was imported" in page
    assert "Confirm and import" not in page
    assert Resource.objects.count() == 0
    assert not jobs.upload_path(job).exists()


def test_a_name_of_no_known_format_is_refused_before_anything_is_stored(
    publisher: User, post: Post, settings: Any
) -> None:
    response = post(
        client_of(publisher), NEW, {"file": upload("notes.txt", "x"), "status": "draft"}
    )
    assert "Manumit cannot tell the format of “notes.txt” from its name (.txt): choose one." in (
        response.content.decode()
    )
    assert ImportJob.objects.count() == 0
    assert not (Path(settings.DATA_DIR) / "imports").exists()


def test_a_bad_mapping_file_is_refused_with_its_mistake(publisher: User, post: Post) -> None:
    data = {
        "file": upload("sheet.csv", SHEET),
        "mapping": upload("map.toml", '[terms]\n"reports" = "shelf:reports"\n'),
        "status": "draft",
    }
    page = post(client_of(publisher), NEW, data).content.decode()
    assert "map.toml: terms.reports = &#x27;shelf:reports&#x27;; write &#x27;ignore&#x27;" in page
    assert ImportJob.objects.count() == 0


def test_a_mapping_file_is_used_by_the_run(publisher: User, post: Post) -> None:
    references = "TY  - RPRT\nTI  - A report\nKW  - Annual reports\nER  - \n"
    data = {
        "file": upload("library.ris", references),
        "mapping": upload("map.json", '{"terms": {"keyword:annual-reports": "type:publications"}}'),
        "status": "draft",
    }
    post(client_of(publisher), NEW, data)
    job = ImportJob.objects.get()
    assert job.mapping_name == "map.json" and job.state == JobState.CHECKED
    post(client_of(publisher), reverse("importers:confirm", args=[job.pk]))
    assert list(Resource.objects.get().types.values_list("slug", flat=True)) == ["publications"]


def test_records_with_errors_block_the_confirmation(publisher: User, post: Post) -> None:
    client = client_of(publisher)
    sheet = "title,date\nGood one,2019\n,2020\n"
    page = post(client, NEW, {"file": upload("sheet.csv", sheet), "status": "draft"})
    job = ImportJob.objects.get()
    assert job.counts == {"create": 1, "error": 1}
    assert "confirming would import nothing" in page.content.decode()
    assert "Confirm and import" not in page.content.decode()
    page = post(client, reverse("importers:confirm", args=[job.pk]))
    assert "not waiting for confirmation" in page.content.decode()
    assert Resource.objects.count() == 0


def test_only_the_uploader_confirms(publisher: User, editor: User, post: Post) -> None:
    post(client_of(publisher), NEW, {"file": upload("sheet.csv", SHEET), "status": "draft"})
    job = ImportJob.objects.get()
    other = client_of(editor)
    assert "Confirm and import" not in other.get(f"/admin/import/{job.pk}/").content.decode()
    assert other.post(reverse("importers:confirm", args=[job.pk])).status_code == 403
    assert Resource.objects.count() == 0


def test_a_running_job_shows_its_progress_and_reloads(publisher: User) -> None:
    job = ImportJob.objects.create(
        created_by=publisher, format="csv", file_name="big.csv", status="draft",
        state=JobState.RUNNING, size=4096,
    )  # fmt: skip
    progress = jobs.ProgressFile(jobs.progress_path(job))
    jobs.progress_path(job).parent.mkdir(parents=True)
    progress.write(jobs.Progress(records=12, bytes_read=2048, bytes_total=4096))
    page = client_of(publisher).get(f"/admin/import/{job.pk}/").content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert '<progress id="import-progress" max="4096" value="2048">' in page
    assert "12 records, 2.0\xa0KB of 4.0\xa0KB." in page
    assert "<script>" not in page  # the CSP allows no inline script


def test_uploads_and_confirmations_need_the_csrf_token(publisher: User, post: Post) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(publisher)
    response = strict.post(NEW, {"file": upload("sheet.csv", SHEET), "status": "draft"})
    assert response.status_code == 403 and ImportJob.objects.count() == 0
    post(client_of(publisher), NEW, {"file": upload("sheet.csv", SHEET), "status": "draft"})
    job = ImportJob.objects.get()
    assert strict.post(reverse("importers:confirm", args=[job.pk])).status_code == 403
    job.refresh_from_db()
    assert job.state == JobState.CHECKED and Resource.objects.count() == 0


def test_anonymous_visitors_are_sent_to_log_in(client: Client) -> None:
    response = client.get(NEW)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_both_phases_from_the_database_queue(
    publisher: User, settings: Any
) -> None:
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    client = client_of(publisher)
    client.post(NEW, {"file": upload("sheet.csv", SHEET), "status": "draft"})
    job = ImportJob.objects.get()
    page = client.get(f"/admin/import/{job.pk}/").content.decode()
    assert job.state == JobState.QUEUED and "Waiting for the worker to start." in page
    assert '<meta http-equiv="refresh" content="2">' in page

    call_command("worker", batch=True, startup_delay=False, verbosity=0)
    job.refresh_from_db()
    assert job.state == JobState.CHECKED and job.counts == {"create": 3}
    client.post(reverse("importers:confirm", args=[job.pk]))
    call_command("worker", batch=True, startup_delay=False, verbosity=0)
    job.refresh_from_db()
    assert job.state == JobState.DONE and Resource.objects.count() == 3


def test_the_file_gate_refuses_a_file_over_the_upload_limit(
    publisher: User, post: Post, settings: Any
) -> None:
    settings.MAX_UPLOAD_BYTES = 64
    page = post(client_of(publisher), NEW, {"file": upload("sheet.csv", SHEET), "status": "draft"})
    assert "The file is 135 bytes, larger than the 64 bytes allowed." in page.content.decode()
    assert ImportJob.objects.count() == 0
