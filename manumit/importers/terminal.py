"""What `manumit import` shows on a terminal while it works: one line, redrawn in place, in
the style of `manumit ingest`'s bar (`[#####.....] done/total what`).

A plain file shows the bytes read and the records written. A `--with-files` zip goes
through phases a user would otherwise wait through in silence: the members checked
(`checking 1,204 files`), then its content read, in bytes, with the records written so
far and the file being taken out of the zip (its files come out one record at a time, so
the two move together). A pass that yields no record for a while (WordPress reads a big
export through once for its attachments first) still moves the bar: a ticker thread
redraws it from the bytes read. On anything but a terminal (a pipe, a CI log, a cron mail) it
draws nothing: the summary table and the --report file say it all there.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePosixPath
from typing import TextIO

from manumit.files.sizes import human_size
from manumit.importers import bundles
from manumit.importers.registry import Source
from manumit.importers.writer import Progress

WIDTH = 30
# A bundle reports every MiB taken out and every chunk of its library read; redrawing
# more often than this would cost more than it shows.
REDRAW_SECONDS = 0.1
TICK_SECONDS = 0.5  # how often the ticker looks at the bytes read
COLUMNS = 80  # when the terminal does not say how wide it is


class ImportBar:
    """The line for one file. Its `checking` and `reading` are a `bundles.Watcher`;
    `records` is the writer's progress hook. A lock keeps the ticker's redraws and the
    import's from mixing."""

    def __init__(self, stream: TextIO, name: str, total: int) -> None:
        self.stream = stream
        self.enabled = stream.isatty()
        self.name = name
        self.done, self.total = 0, max(total, 1)
        self.count = 0
        self.member = ""
        self.in_bundle = False  # the bundle's own byte counts replace the writer's
        self.checks = ("", 0, 0)  # the zip being checked, members checked, members
        self.phase = ""  # of the line drawn last
        self.pending = ""  # the phase of a state the clock held back, if any
        self.drawn = ""
        self.drawn_at = 0.0
        self.lock = threading.RLock()

    @contextmanager
    def watching(self, source: Source) -> Iterator[None]:
        """The import of `source`, with any bundle it opens reporting here and the ticker
        running (on a terminal only)."""
        if not self.enabled:
            yield
            return
        stop = threading.Event()
        ticker = threading.Thread(target=self._tick, args=(source, stop), daemon=True)
        ticker.start()
        try:
            with bundles.watched(self):
                yield
        finally:
            stop.set()
            ticker.join()

    def checking(self, name: str, done: int, total: int) -> None:
        with self.lock:
            self.checks = (name, done, total)
            self._update("checking", done, total)

    def reading(self, name: str, done: int, total: int, member: str) -> None:
        with self.lock:
            self.in_bundle = True
            self.done, self.total, self.member = done, max(total, 1), member
            self._update("records", self.done, self.total)

    def records(self, progress: Progress) -> None:
        with self.lock:
            self.count = progress.records
            self.member = ""  # the record's files are out of the zip: it has been written
            if not self.in_bundle:
                self.done, self.total = progress.bytes_read, max(progress.bytes_total, 1)
            self._update("records", self.done, self.total)

    def _tick(self, source: Source, stop: threading.Event) -> None:
        # A zip is not read through the source (zipfile opens it), and reports itself.
        while not stop.wait(TICK_SECONDS):
            with self.lock:
                consumed = source.consumed
                if not self.in_bundle and self.phase != "checking" and consumed > self.done:
                    self.done = consumed
                    self._update("records", self.done, self.total)

    def make_room(self) -> None:
        """Blank the line, for a record's line to be printed where it stood; the next
        update draws it again below."""
        with self.lock:
            if self.drawn:
                self.stream.write("\r" + " " * len(self.drawn) + "\r")
                self.stream.flush()
                self.drawn, self.phase = "", ""

    def close(self) -> None:
        """The last state drawn (even if the clock held it back), and the line ended, so
        what is written next (a refusal, the summary) starts on a line of its own."""
        with self.lock:
            if self.pending:
                self._draw(self.pending)
            if self.drawn:  # else the cursor is at the start of an empty line already
                self.stream.write("\n")
                self.stream.flush()

    def _update(self, phase: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        self.pending = phase
        now = time.monotonic()
        # A new phase and a finished one are always drawn; the rest when the clock allows.
        # (The line is only put together when drawn: a zip reports every 8 KB it reads.)
        if phase != self.phase or done >= total or now - self.drawn_at >= REDRAW_SECONDS:
            self.phase, self.drawn_at = phase, now
            self._draw(phase)

    def _draw(self, phase: str) -> None:
        self.pending = ""
        if phase == "checking":
            name, done, total = self.checks
            numbers, what = f"{done:,}/{total:,}", f"{name}: checking {total:,} files"
        else:
            done, total = self.done, self.total
            numbers = f"{human_size(done)}/{human_size(total)}"
            what = f"{self.name}: {self.count:,} record{'' if self.count == 1 else 's'}"
            if self.member:
                what += f", extracting {PurePosixPath(self.member).name}"
        filled = WIDTH * min(done, total) // max(total, 1)
        line = f"[{'#' * filled}{'.' * (WIDTH - filled)}] {numbers} {what}"
        line = line[: self._columns() - 1]  # a wrapped line cannot be redrawn in place
        if line != self.drawn:
            self._write(line)

    def _write(self, line: str) -> None:
        self.stream.write("\r" + line.ljust(len(self.drawn)))  # blank what a longer one left
        self.stream.flush()
        self.drawn = line

    def _columns(self) -> int:
        try:
            return os.get_terminal_size(self.stream.fileno()).columns or COLUMNS
        except (OSError, ValueError, AttributeError):
            return COLUMNS
