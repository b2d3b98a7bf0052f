"""`--fetch-files`, killed after it stored some downloads but before its commit: those
files are orphans (no attachment names them). Running the import again leaves every record
once and every stored file named by exactly one attachment. Real processes, a loopback
HTTP server, the suite's database (see processes.py)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from manumit.importers.tests.processes import kill_when, library

RECORDS = 12
HELD_AFTER = 8  # the server answers this many downloads, then holds the next one


def pdf(number: int) -> bytes:
    """A small PDF of its own: each download is a different file (not a duplicate)."""
    return f"%PDF-1.4\n% report {number}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".encode()


class Server:
    def __init__(self) -> None:
        self.served = 0
        self.asked = 0
        self.release = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.asked += 1
                if outer.asked > HELD_AFTER:
                    outer.release.wait(timeout=120)  # the importer is killed meanwhile
                number = int(self.path.rsplit("/", 1)[-1].split(".")[0])
                body = pdf(number)
                self.send_response(200)
                self.send_header("Content-Type", "application/pdf")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                outer.served += 1

            def log_message(self, format: str, *args: object) -> None:
                """No request lines in the test output."""

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.http.server_port}"


@pytest.fixture
def server() -> Iterator[Server]:
    running = Server()
    thread = threading.Thread(target=running.http.serve_forever, daemon=True)
    thread.start()
    yield running
    running.release.set()
    running.http.shutdown()
    running.http.server_close()


def stored(media: Path) -> set[str]:
    return {str(p.relative_to(media)) for p in media.rglob("*") if p.is_file()}


def test_files_stored_before_a_kill_are_swept_by_the_rerun(tmp_path: Path, server: Server) -> None:
    sheet = tmp_path / "reports.csv"
    rows = [
        f"r{n},Report {n} on debt bondage in kilns,{server.base}/files/{n}.pdf"
        for n in range(RECORDS)
    ]
    sheet.write_text("id,title,files\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with library(tmp_path) as lib:
        media = lib.data_dir / "media"
        command = ("import", "csv", str(sheet), "--fetch-files")
        killed = lib.start(*command)
        kill_when(killed, lambda: server.asked > HELD_AFTER)
        # What it had stored is in the storage, and the database never heard of it.
        assert len(stored(media)) == HELD_AFTER
        assert lib.rows("SELECT count(*) FROM catalog_resource") == [(0,)]
        assert lib.rows("SELECT count(*) FROM catalog_attachment") == [(0,)]

        server.release.set()
        lib.run(*command)
        names = [name for (name,) in lib.rows("SELECT file FROM catalog_attachment")]
        titles = [title for (title,) in lib.rows("SELECT title FROM catalog_resource")]
        assert len(titles) == len(set(titles)) == RECORDS
        assert len(names) == len(set(names)) == RECORDS
        assert stored(media) == set(names)  # no orphan left, none lost
        assert not list((lib.data_dir / "import-journals").iterdir())
        # And a rerun after that finds everything and stores nothing more.
        lib.run(*command)
        assert stored(media) == set(names)
        assert lib.rows("SELECT count(*) FROM catalog_attachment") == [(RECORDS,)]
