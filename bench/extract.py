"""Text extraction throughput and memory, against `pdftotext`, on real PDFs.

    .venv/bin/python bench/extract.py [--rounds 3]

Files: the text-bearing PDFs of ../shared/data/pdfs (categories general, form, non-latin,
large-page-count and encrypted-but-open, with text in the manifest) and every PDF under
../shared/data/antislavery.

Throughput: each round extracts every file with `extract_file` (worker process, time and
memory limits, thumbnail, metadata and language included; OCR off, as pdftotext does none)
and then with `pdftotext -q FILE -` (poppler-utils, one process per file, as a caller would
run it). Pages per second = pages / wall time of the whole pass; the median of the rounds
is reported. The pool is warmed with one file first, as in a running worker.

Memory: peak resident memory (VmHWM) of a fresh worker after extracting
pdf.js/freeculture.pdf (352 pages) with the default settings, OCR on.

Nothing here is a test: the suite never times anything.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from manumit.ingest.extract import extract_file  # noqa: E402
from manumit.ingest.extract._isolation import WorkerPool  # noqa: E402
from manumit.ingest.extract._registry import extractor_for  # noqa: E402
from manumit.ingest.extract._types import Job  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
TEXT_CATEGORIES = {"general", "form", "non-latin", "large-page-count", "encrypted"}
BOOK = SHARED / "pdfs" / "pdf.js" / "freeculture.pdf"


def benchmark_files() -> list[Path]:
    folder = SHARED / "pdfs"
    with (folder / "MANIFEST.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    files = [
        folder / row["file"]
        for row in rows
        if row["category"] in TEXT_CATEGORIES and int(row["text_chars_first30p"] or 0) > 0
    ]
    return files + sorted((SHARED / "antislavery").rglob("*.pdf"))


def ours(files: list[Path]) -> tuple[float, int, int]:
    """Seconds, pages and characters for one pass through extract_file."""
    pages = chars = 0
    started = time.perf_counter()
    for path in files:
        result = extract_file(path, "application/pdf", ocr=False)
        pages += result.page_count or 0
        chars += sum(len(page) for page in result.pages)
    return time.perf_counter() - started, pages, chars


def pdftotext(files: list[Path]) -> tuple[float, int]:
    """Seconds and characters for one pass through the pdftotext command."""
    chars = 0
    started = time.perf_counter()
    for path in files:
        done = subprocess.run(
            ["pdftotext", "-q", str(path), "-"], capture_output=True, timeout=120, check=False
        )
        chars += len(done.stdout.decode("utf-8", errors="replace"))
    return time.perf_counter() - started, chars


def peak_memory_mb(path: Path) -> tuple[float, str]:
    """Peak resident memory of a fresh worker that read `path`, and the outcome."""
    pool = WorkerPool(size=1)
    try:
        extractor = extractor_for("application/pdf")
        assert extractor
        result = pool.run(Job(path=str(path), extractor=extractor, timeout=120.0))
        (pid,) = pool.worker_pids()
        status = Path(f"/proc/{pid}/status").read_text()
        line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024, result.outcome
    finally:
        pool.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if not shutil.which("pdftotext"):
        sys.exit("pdftotext is not installed (Debian poppler-utils)")
    files = benchmark_files()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs")
    print(f"files: {len(files)} PDFs")
    extract_file(files[0], "application/pdf", ocr=False)  # start the worker
    our_rates, their_rates = [], []
    for round_number in range(1, args.rounds + 1):
        seconds, pages, chars = ours(files)
        their_seconds, their_chars = pdftotext(files)
        our_rates.append(pages / seconds)
        their_rates.append(pages / their_seconds)
        print(
            f"round {round_number}: {pages} pages; extract_file {seconds:.2f} s "
            f"({pages / seconds:.0f} pages/s, {chars} chars); pdftotext {their_seconds:.2f} s "
            f"({pages / their_seconds:.0f} pages/s, {their_chars} chars)"
        )
    rate, their_rate = statistics.median(our_rates), statistics.median(their_rates)
    peak, outcome = peak_memory_mb(BOOK)
    print(f"memory: worker peak RSS on {BOOK.name}: {peak:.0f} MB ({outcome})")
    print(
        f"pages_per_s {rate:.0f} pdftotext_pages_per_s {their_rate:.0f} "
        f"ratio {rate / their_rate:.2f} peak_mb {peak:.0f}"
    )


if __name__ == "__main__":
    main()
