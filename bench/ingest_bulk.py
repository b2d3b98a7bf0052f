"""End-to-end time of `manumit ingest` over a folder of 200 documents.

    .venv/bin/python bench/ingest_bulk.py [--documents 200] [--pdfs 50] [--keep]

The folder: the 7 PDFs of ../shared/data/antislavery, text-bearing PDFs from
../shared/data/pdfs (categories general, form and non-latin, in manifest order) up to
`--pdfs`, and modern slavery statements from the Project AIMS CSV (distinct, non-empty),
each written to a .txt file, up to `--documents` in all. Everything is copied into a
temporary folder first; the library lives in a throwaway data folder (SQLite), migrated
before any timing.

Timed, in the same run:
    baseline  read every file, sha256 it and copy it into a folder (what storing a file
              costs without reading its text)
    ingest    `manumit ingest FOLDER --report r.csv` as a curator runs it: preflight,
              extraction in the worker pool under the limits (OCR on), suggestions, one
              draft resource per file, near-duplicate checks
    rerun     the same command again: every file is skipped as already in (resuming)

It prints each time, documents and pages per second, the ratio of ingest to baseline, and
one line for docs/benchmarks.md. Nothing here is a test: the suite never times anything.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
PDF_CATEGORIES = {"general", "form", "non-latin"}
STATEMENTS = SHARED / "antislavery/project-aims/GT_MSA_Training_NewDataLabels_WithText.csv"


def manumit_command() -> list[str]:
    script = Path(sys.executable).parent / "manumit"
    return [str(script)] if script.exists() else [sys.executable, "-m", "manumit"]


def environment(data_dir: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("MANUMIT_")}
    env["MANUMIT_DATA_DIR"] = str(data_dir)
    env["DJANGO_SETTINGS_MODULE"] = "manumit.settings"
    return env


def real_pdfs(limit: int) -> list[Path]:
    """The antislavery PDFs, then text-bearing test-suite PDFs, `limit` in all."""
    found = sorted((SHARED / "antislavery").rglob("*.pdf"))
    with (SHARED / "pdfs/MANIFEST.tsv").open(newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file, delimiter="\t"):
            chars = row["text_chars_first30p"]
            if row["category"] in PDF_CATEGORIES and chars.isdigit() and int(chars) > 0:
                found.append(SHARED / "pdfs" / row["file"])
    return found[:limit]


def statements(limit: int) -> list[str]:
    with STATEMENTS.open(newline="", encoding="utf-8") as file:
        texts = [row["Text"] for row in csv.DictReader(file) if row["Text"].strip()]
    return list(dict.fromkeys(texts))[:limit]


def build_folder(folder: Path, documents: int, pdfs: int) -> list[Path]:
    """Copies of the chosen files; file names made unique by a running number."""
    folder.mkdir(parents=True)
    paths = []
    for number, source in enumerate(real_pdfs(pdfs), start=1):
        target = folder / f"{number:03d}-{source.name}"
        shutil.copyfile(source, target)
        paths.append(target)
    for text in statements(documents - len(paths)):
        target = folder / f"{len(paths) + 1:03d}-statement.txt"
        target.write_text(text, encoding="utf-8")
        paths.append(target)
    return paths


def baseline(paths: list[Path], target: Path) -> float:
    """Seconds to sha256 every file and copy it into `target`."""
    target.mkdir()
    start = time.perf_counter()
    for path in paths:
        digest = hashlib.sha256()
        with path.open("rb") as source, (target / path.name).open("wb") as copy:
            while chunk := source.read(1024 * 1024):
                digest.update(chunk)
                copy.write(chunk)
    return time.perf_counter() - start


def ingest(folder: Path, report: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [*manumit_command(), "ingest", str(folder), "--report", str(report)],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def read_report(report: Path) -> list[dict[str, str]]:
    with report.open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--pdfs", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    if not SHARED.is_dir():
        sys.exit(f"{SHARED} is absent: this benchmark reads real documents from it.")

    work = Path(tempfile.mkdtemp(prefix="manumit-bulk-"))
    try:
        env = environment(work / "data")
        subprocess.run(
            [*manumit_command(), "migrate", "--no-input"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        paths = build_folder(work / "inbox", args.documents, args.pdfs)
        size = sum(path.stat().st_size for path in paths)
        base_s = baseline(paths, work / "copies")
        ingest_s = ingest(work / "inbox", work / "first.csv", env)
        rerun_s = ingest(work / "inbox", work / "rerun.csv", env)
        rows = read_report(work / "first.csv")
        rerun = Counter(row["status"] for row in read_report(work / "rerun.csv"))
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    statuses = Counter(row["status"] for row in rows)
    pages = sum(int(row["pages"]) for row in rows if row["pages"].isdigit())
    pdf_count = sum(1 for path in paths if path.suffix == ".pdf")
    print(f"machine     {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs")
    print(f"documents   {len(paths)} ({pdf_count} PDFs, {len(paths) - pdf_count} texts)")
    print(f"            {pages} pages, {size / 1e6:.1f} MB; outcomes {dict(statuses)}")
    print(f"baseline    {base_s:8.2f} s  sha256 + copy")
    print(
        f"ingest      {ingest_s:8.2f} s  {len(paths) / ingest_s:6.1f} documents/s, "
        f"{pages / ingest_s:6.1f} pages/s"
    )
    print(f"rerun       {rerun_s:8.2f} s  everything skipped: {dict(rerun)}")
    print(f"ratio       ingest / baseline = {ingest_s / base_s:.0f}x")
    print(
        f"| bulk ingest, {len(paths)} documents ({pages} pages) | {ingest_s:.1f} s | "
        f"{len(paths) / ingest_s:.1f} docs/s | baseline sha256+copy {base_s:.2f} s | "
        f"{ingest_s / base_s:.0f}x | rerun {rerun_s:.1f} s |"
    )


if __name__ == "__main__":
    main()
