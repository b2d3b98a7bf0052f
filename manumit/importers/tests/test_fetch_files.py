"""--fetch-files: WordPress attachments downloaded from a server on loopback, through the
file gate, then ingested; what the gate refuses, or the library holds, is said."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from manumit.catalog.models import Resource
from manumit.importers.writer import Action, FileReport
from manumit.ingest.models import DocumentText

Runner = Callable[..., FileReport]


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """No request lines in the test output."""


@pytest.fixture
def site(tmp_path: Path, shared_dir: Path) -> Iterator[str]:
    folder = tmp_path / "site"
    (folder / "uploads").mkdir(parents=True)
    pdf = shared_dir / "data" / "antislavery" / "libertas_HTI" / "Human_Trafficking.pdf"
    (folder / "uploads" / "report.pdf").write_bytes(pdf.read_bytes())
    (folder / "uploads" / "page.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def export(tmp_path: Path, base: str, posts: list[tuple[int, str]]) -> Path:
    items = []
    for post_id, file_name in posts:
        items.append(
            f"<item><title>Post {post_id}</title><wp:post_id>{post_id}</wp:post_id>"
            "<wp:post_type>post</wp:post_type><wp:status>draft</wp:status></item>"
            f"<item><title>{file_name}</title><wp:post_id>{post_id + 1000}</wp:post_id>"
            f"<wp:post_type>attachment</wp:post_type><wp:post_parent>{post_id}</wp:post_parent>"
            f"<wp:attachment_url>{base}/uploads/{file_name}</wp:attachment_url></item>"
        )
    path = tmp_path / "export.xml"
    path.write_text(
        '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
        f"<wp:wxr_version>1.2</wp:wxr_version>{''.join(items)}</channel></rss>",
        encoding="utf-8",
    )
    return path


def test_attachments_are_fetched_gated_and_ingested(
    run_import: Runner, tmp_path: Path, site: str, django_capture_on_commit_callbacks: Any
) -> None:
    path = export(tmp_path, site, [(1, "report.pdf"), (2, "page.svg"), (3, "missing.pdf")])
    with django_capture_on_commit_callbacks(execute=True):  # the import's commit queues jobs
        report = run_import("wordpress", path, fetch_files=True)
    assert report.imported, report.message
    attachment = Resource.objects.get(wp_post_id=1).attachments.get()
    assert attachment.file and attachment.media_type == "application/pdf"
    assert attachment.label == "report.pdf"
    # The worker ran at once (the tests' task backend): the text is there.
    assert DocumentText.objects.get(attachment=attachment).char_count > 1000
    messages = {row.title: row.message for row in report.rows if row.action == Action.CREATE}
    assert "page.svg was refused" in messages["Post 2"]
    assert not Resource.objects.get(wp_post_id=2).attachments.exists()
    assert "Could not fetch" in messages["Post 3"] and "linked instead" in messages["Post 3"]


def test_a_file_already_in_the_library_is_not_taken_twice(
    run_import: Runner, tmp_path: Path, site: str
) -> None:
    run_import("wordpress", export(tmp_path, site, [(1, "report.pdf")]), fetch_files=True)
    second = run_import("wordpress", export(tmp_path, site, [(5, "report.pdf")]), fetch_files=True)
    row = next(row for row in second.rows if row.action == Action.CREATE)
    assert "is already in the library, attached to 'Post 1'" in row.message
    assert not Resource.objects.get(wp_post_id=5).attachments.exists()


def test_a_dry_run_fetches_nothing(run_import: Runner, tmp_path: Path, site: str) -> None:
    report = run_import(
        "wordpress", export(tmp_path, site, [(1, "report.pdf")]), fetch_files=True, dry_run=True
    )
    assert report.counts[Action.CREATE] == 1 and Resource.objects.count() == 0
