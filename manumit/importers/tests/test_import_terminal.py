"""What `manumit import` shows while it works: on a terminal (a real pseudo-terminal here,
as a user's shell gives the command) a zip made by `export --with-files` says what it is
doing at each phase; in a pipe nothing but the summary; a refused zip says why, on a line
of its own, and stores nothing."""

from __future__ import annotations

import dataclasses
import fcntl
import hashlib
import os
import re
import struct
import sys
import tempfile
import termios
import threading
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import pytest
from django.core.management import call_command

from manumit.catalog.models import Attachment, Resource
from manumit.importers import registry, terminal
from manumit.importers.records import Problem, Record
from manumit.importers.tests.test_bundle_import import (
    PDF,
    PDF_MEMBER,
    PDF_SHA,
    assert_nothing_stored,
    exported,
    rewritten,
)

pytestmark = pytest.mark.django_db

COLUMNS = 120
COLOUR = re.compile(r"\x1b\[[0-9;]*m")  # Django colours an error on a terminal
BAR = re.compile(r"^\[([#.]{30})\] (\S+(?: bytes| KB| MB| GB)?/\S+(?: bytes| KB| MB| GB)?) (.*)$")


@pytest.fixture(autouse=True)
def private_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def every_step(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every update drawn (the clock holds most back in a real run), so each step the
    import passes through shows up in the output."""
    monkeypatch.setattr(terminal, "REDRAW_SECONDS", 0.0)


def with_a_large_pdf(bundle: Path, out: Path, size: int) -> Path:
    """`bundle` with its PDF grown to `size` bytes (a comment pads it), filed, listed and
    referred to under its new hash, as an export of that PDF would be."""
    large = PDF + b"%" + b"x" * (size - len(PDF) - 2) + b"\n"
    old, new = PDF_SHA.encode(), hashlib.sha256(large).hexdigest().encode()
    with zipfile.ZipFile(bundle) as archive:
        library = archive.read("library.jsonl").replace(old, new)
        sums = archive.read("SHA256SUMS").replace(old, new)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("library.jsonl", library)
        archive.writestr("SHA256SUMS", sums)
        name = PDF_MEMBER.replace(PDF_SHA, new.decode())
        archive.writestr(name, large, compress_type=zipfile.ZIP_STORED)  # as exports store PDFs
    return out


@contextmanager
def a_terminal() -> Iterator[tuple[TextIO, bytearray]]:
    """A pseudo-terminal COLUMNS wide: the end a program writes to, and what the other end
    (a terminal emulator) received, drained as it comes so a long run never blocks."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, COLUMNS, 0, 0))
    received = bytearray()

    def drain() -> None:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the other end closed
                return
            if not chunk:
                return
            received.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    tty = open(slave, "w", encoding="utf-8")  # noqa: SIM115 (closed below, after the run)
    try:
        yield tty, received
    finally:
        tty.close()
        reader.join(timeout=10)
        os.close(master)


@contextmanager
def pseudo_terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[bytearray]:
    """stdout and stderr on a pseudo-terminal, as a shell runs the command."""
    with a_terminal() as (tty, received), monkeypatch.context() as patch:
        patch.setattr(sys, "stdout", tty)
        patch.setattr(sys, "stderr", tty)
        yield received


def text_of(received: bytearray) -> str:
    return COLOUR.sub("", received.decode("utf-8")).replace("\r\n", "\n")


def frames(received: bytearray) -> list[str]:
    """Every state of the bar's line, in order, as the terminal drew them."""
    text = text_of(received)
    drawn = [part.rstrip() for line in text.split("\n") for part in line.split("\r")]
    return [frame for frame in drawn if BAR.match(frame)]


def screen(received: bytearray) -> list[str]:
    """The lines left on the screen once the command is done (each redraw overwrites
    the line it is on)."""
    text = text_of(received)
    return [line.split("\r")[-1].rstrip() for line in text.split("\n")]


def run_import(path: Path, monkeypatch: pytest.MonkeyPatch) -> bytearray:
    with pseudo_terminal(monkeypatch) as received:
        call_command("import", "manumit", str(path))
    return received


def test_a_bundle_shows_its_checks_its_extraction_and_its_records(
    tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch, every_step: None
) -> None:
    bundle = with_a_large_pdf(exported(tmp_path, settings), tmp_path / "big.zip", 3 << 20)
    received = run_import(bundle, monkeypatch)
    shown = frames(received)
    assert all(len(frame) < COLUMNS for frame in shown)  # never wraps, so redraws in place

    # First the table of contents: library.jsonl, SHA256SUMS and the one PDF.
    checks = [frame for frame in shown if "big.zip: checking 3 files" in frame]
    assert checks[0].startswith("[..............................] 0/3 ")
    assert any(frame.startswith("[" + "#" * 30 + "] 3/3 ") for frame in checks)
    assert shown.index(checks[0]) == 0

    # Then the PDF coming out of the zip, a MiB at a time, by its name, in bytes of all.
    extracting = [frame for frame in shown if "extracting summary.pdf" in frame]
    assert [frame.split("] ")[1].split(" big.zip")[0] for frame in extracting] == [
        "1.0 MB/3.0 MB",
        "2.0 MB/3.0 MB",
        "3.0 MB/3.0 MB",
    ]
    assert shown.index(extracting[0]) > shown.index(checks[-1])

    # And the records, the bar full at the end, on the screen above the summary.
    last = screen(received)
    finished = [line for line in last if BAR.match(line)]
    assert len(finished) == 1 and finished[0].endswith("3.0 MB/3.0 MB big.zip: 3 records")
    assert BAR.match(finished[0]).group(1) == "#" * 30  # type: ignore[union-attr]
    table = last.index(finished[0])
    assert "Created               3" in last[table + 2]
    assert Resource.objects.count() == 3 and Attachment.objects.exclude(file="").count() == 1


def test_in_a_pipe_only_the_summary_is_written(
    tmp_path: Path, settings: Any, capfd: pytest.CaptureFixture[str], every_step: None
) -> None:
    bundle = exported(tmp_path, settings)
    capfd.readouterr()
    call_command("import", "manumit", str(bundle), "--report", str(tmp_path / "r.csv"))
    out, err = capfd.readouterr()
    assert "\r" not in out + err and "checking" not in out + err and "[#" not in out + err
    assert err == ""
    assert "Created               3" in out
    assert Resource.objects.count() == 3


def test_a_refused_bundle_says_why_on_a_line_of_its_own(
    tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch, private_temp: Path
) -> None:
    bundle = exported(tmp_path, settings)
    hostile = rewritten(bundle, tmp_path / "hostile.zip", {"../../evil.pdf": PDF})
    received = run_import(hostile, monkeypatch)
    last = screen(received)
    why = (
        "hostile.zip: not a bundle Manumit can import: it holds "
        "'../../evil.pdf', a name an export never writes. Nothing was imported from it."
    )
    assert why in last
    # The checks it got through are still on screen, above the reason.
    assert "hostile.zip: checking 4 files" in last[last.index(why) - 1]
    assert any(line.startswith("Files not imported") and "1 of 1" in line for line in last)
    assert not any(frame for frame in frames(received) if "records" in frame)
    assert_nothing_stored(settings, private_temp)
    assert not (tmp_path.parent / "evil.pdf").exists()


def test_a_damaged_file_in_a_bundle_stops_the_bar_where_it_was(
    tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch, private_temp: Path
) -> None:
    bundle = exported(tmp_path, settings)
    bad = rewritten(bundle, tmp_path / "bad.zip", {PDF_MEMBER: PDF.replace(b"trailer", b"T")})
    received = run_import(bad, monkeypatch)
    last = screen(received)
    why = next(line for line in last if "does not match its SHA-256" in line)
    assert why.startswith("bad.zip: the content of ") and why.endswith(
        "the bundle is damaged. Nothing was imported from it."
    )
    assert BAR.match(last[last.index(why) - 1])  # the bar ended its line first
    assert_nothing_stored(settings, private_temp)


def test_a_record_with_an_error_is_printed_on_a_line_of_its_own(
    tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch, every_step: None
) -> None:
    bundle = exported(tmp_path, settings)
    with zipfile.ZipFile(bundle) as archive:
        library = archive.read("library.jsonl")
    broken = rewritten(bundle, tmp_path / "broken.zip", {"library.jsonl": library + b"{oops\n"})
    last = screen(run_import(broken, monkeypatch))
    error = next(line for line in last if "This line is not JSON" in line)
    assert error.startswith("error")  # not drawn after what the bar had on that line
    assert "broken.zip: 1 record(s) have errors, so nothing was imported from it" in "".join(last)
    assert Resource.objects.count() == 0


def test_a_plain_file_shows_its_bytes_and_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, every_step: None
) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("id,title\n" + "".join(f"r{n},Report {n}\n" for n in range(1, 301)))
    with pseudo_terminal(monkeypatch) as received:
        call_command("import", "csv", str(sheet))
    shown = frames(received)
    assert "sheet.csv: 1 record" in shown[0] and "checking" not in "".join(shown)
    assert shown[-1].startswith("[" + "#" * 30 + "] 4.5 KB/4.5 KB sheet.csv: 300 records")
    assert Resource.objects.count() == 300


def test_a_fast_stream_of_updates_is_drawn_a_few_times_not_each_time() -> None:
    with a_terminal() as (tty, received):
        bar = terminal.ImportBar(tty, "big.zip", 1)
        for done in range(0, 5000 << 20, 1 << 20):  # 5,000 MiB come out as fast as it goes
            bar.reading("big.zip", done, 5000 << 20, "files/x/report.pdf")
        bar.reading("big.zip", 5000 << 20, 5000 << 20, "")
        bar.close()
    shown = frames(received)
    assert len(shown) < 100  # without the clock: 5,001 redraws for the terminal to paint
    assert shown[-1] == "[" + "#" * 30 + "] 4.9 GB/4.9 GB big.zip: 0 records"


def test_a_pass_that_yields_no_record_yet_still_moves_the_bar(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, every_step: None
) -> None:
    """As WordPress's first pass over a big export (for its attachments) does: bytes are
    read for a while before the first record comes."""
    sheet_format = registry.get("csv")

    def read(source: registry.Source) -> Iterator[Record | Problem]:
        with source.open() as file:
            while file.raw.read(1024):  # type: ignore[attr-defined]
                time.sleep(0.02)
        yield from sheet_format.read(source)

    slow = dataclasses.replace(sheet_format, name="slow", read=read, passes=2)
    monkeypatch.setitem(registry._registered, "slow", slow)
    monkeypatch.setattr(terminal, "TICK_SECONDS", 0.01)
    sheet = tmp_path / "sheet.csv"
    summary = "slavery in supply chains " * 40  # 1 KB a record
    sheet.write_text(
        "id,title,abstract\n" + "".join(f"r{n},Report {n},{summary}\n" for n in range(10))
    )
    with pseudo_terminal(monkeypatch) as received:
        call_command("import", "slow", str(sheet))
    shown = frames(received)
    first_pass = [frame for frame in shown if frame.endswith("sheet.csv: 0 records")]
    read_so_far = [frame.split("] ")[1].split("/")[0] for frame in first_pass]
    assert len(set(read_so_far)) >= 3  # it moved, a step at a time
    assert shown.index(first_pass[-1]) < next(
        number for number, frame in enumerate(shown) if "sheet.csv: 1 record" in frame
    )
    assert Resource.objects.count() == 10
