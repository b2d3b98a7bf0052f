"""`manumit import` at scale: a 10,000-record sheet, and a WordPress export of 1 GB.

    .venv/bin/python bench/import_bulk.py [--records 10000] [--big-mb 1024] [--keep]

Each run is a fresh process over a throwaway data folder (SQLite, migrated before any
timing); its peak resident memory is read from the kernel (wait4's ru_maxrss).

    sheet     `manumit import csv` of --records rows (titles, dates, authors, publishers,
              countries, types), all created in one transaction, near-duplicate checks on
    rerun     the same import again: every row found by its id and skipped
    export    `manumit import wordpress --dry-run` of a WXR of --big-mb megabytes: 1,000
              posts among pages of 64 KiB each (pages are read and skipped), so the run
              measures the streaming parser: its memory must not grow with the file
    export/10 the same at a tenth of the size, for comparison

It prints each time, records per second and peak memory, and lines for docs/benchmarks.md.
Nothing here is a test: the suite never times anything.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS = [
    "forced",
    "labour",
    "child",
    "trafficking",
    "migrant",
    "workers",
    "recruitment",
    "fees",
    "supply",
    "chains",
    "fishing",
    "seafood",
    "garments",
    "cocoa",
    "cotton",
    "construction",
    "domestic",
    "work",
    "debt",
    "bondage",
    "audit",
    "remedy",
    "grievance",
    "mechanisms",
    "due",
    "diligence",
    "transparency",
    "statement",
    "benchmark",
    "survivors",
    "prosecution",
    "protection",
    "prevention",
    "partnership",
    "evidence",
    "review",
    "guidance",
    "toolkit",
]
COUNTRIES = ["TH", "VN", "IN", "BD", "GB", "US", "BR", "NG", "Malaysia", "Qatar"]
TYPES = ["Publications", "Guidance", "Good Practices", "News & Analysis"]


def manumit_command() -> list[str]:
    script = Path(sys.executable).parent / "manumit"
    return [str(script)] if script.exists() else [sys.executable, "-m", "manumit"]


def environment(data_dir: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("MANUMIT_")}
    env["MANUMIT_DATA_DIR"] = str(data_dir)
    env["DJANGO_SETTINGS_MODULE"] = "manumit.settings"
    return env


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Seconds, peak resident MiB and the output of one run of the command."""
    start = time.perf_counter()
    process = subprocess.Popen(
        manumit_command() + args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    assert process.stdout is not None
    output = process.stdout.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{output}")
    return seconds, usage.ru_maxrss / 1024, output


def write_sheet(path: Path, records: int) -> None:
    rng = random.Random(11)
    with path.open("w", encoding="utf-8") as out:
        out.write("id,title,date,authors,publishers,countries,types\n")
        for number in range(records):
            title = " ".join(rng.sample(WORDS, 6)).capitalize() + f" ({number})"
            author = f"Author {rng.randrange(500)}; {{Organisation {rng.randrange(80)}}}"
            out.write(
                f'r{number},"{title}",{rng.randrange(1990, 2025)}-{rng.randrange(1, 13):02d},'
                f'"{author}",Publisher {rng.randrange(40)},{rng.choice(COUNTRIES)},'
                f"{rng.choice(TYPES)}\n"
            )


def write_export(path: Path, megabytes: int) -> int:
    """A WXR of about `megabytes` MB: 1,000 posts among 64 KiB pages; its item count."""
    page = ("<p>" + " ".join(WORDS) + "</p>\n") * 160  # about 64 KiB
    target, items = megabytes * 1024 * 1024, 0
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Big</title>'
            "<wp:wxr_version>1.2</wp:wxr_version>\n"
        )
        while out.tell() < target:
            kind = "post" if items % max(1, target // len(page) // 1000) == 0 else "page"
            body = "<p>A post.</p>" if kind == "post" else page
            out.write(
                f"<item><title>Item {items}</title><wp:post_id>{items + 1}</wp:post_id>"
                f"<wp:post_type>{kind}</wp:post_type><wp:status>publish</wp:status>"
                f"<content:encoded><![CDATA[{body}]]></content:encoded></item>\n"
            )
            items += 1
        out.write("</channel></rss>\n")
    return items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--big-mb", type=int, default=1024)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="manumit-import-bench-"))
    try:
        run(work, options.records, options.big_mb)
    finally:
        if options.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def run(work: Path, records: int, big_mb: int) -> None:
    env = environment(work / "var")
    subprocess.run([*manumit_command(), "migrate", "-v", "0"], env=env, check=True)
    sheet = work / "sheet.csv"
    write_sheet(sheet, records)
    lines = []
    seconds, peak, _ = timed(["import", "csv", str(sheet)], env)
    rate = f"{records / seconds:.0f} records/s, peak {peak:.0f} MiB"
    lines.append(f"sheet      {records} rows: {seconds:.1f} s, {rate}")
    print(lines[-1], flush=True)
    seconds, peak, _ = timed(["import", "csv", str(sheet)], env)
    rate = f"{records / seconds:.0f} records/s, peak {peak:.0f} MiB"
    lines.append(f"rerun      {records} rows skipped: {seconds:.1f} s, {rate}")
    for size in (max(1, big_mb // 10), big_mb):
        export = work / f"export-{size}.xml"
        items = write_export(export, size)
        actual = export.stat().st_size / 1024 / 1024
        seconds, peak, _ = timed(["import", "wordpress", str(export), "--dry-run"], env)
        print(lines[-1], flush=True)
        lines.append(
            f"export     {actual:.0f} MB, {items} items, dry run: {seconds:.1f} s, "
            f"{actual / seconds:.0f} MB/s, peak {peak:.0f} MiB"
        )
        export.unlink()
    print(f"{platform.node()} {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
