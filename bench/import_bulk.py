"""`manumit import` at scale, for every format: --records records each, then one file of
--big-mb megabytes per streaming format.

    .venv/bin/python bench/import_bulk.py [--records 10000] [--big-mb 1024]
        [--big-seconds 0] [--formats csv,bibtex,ris,csl-json,manumit,wordpress] [--keep]
        [--big-import wordpress,csv] [--body-kb 100]

Every figure is a fresh process over one throwaway SQLite library (migrated before any
timing); peak memory is the process's resident maximum (wait4's ru_maxrss).

    parse   the format's reader alone over the file, nothing written: the baseline,
            taken in the same run, so `import` is also given as a ratio to it
    import  `manumit import FORMAT FILE`: every record created, in one transaction,
            near-duplicate checks on
    rerun   the same import again: every record found by its id and skipped
    big     the reader alone over a file of --big-mb MB (every format but CSV): its
            memory must not grow with the file. With --big-seconds N the reader stops
            after N s and says how far it got (on a slow machine 1 GB takes longer than a
            bench should): its peak memory by then, against the parse of --records, is
            the figure that shows memory is bounded
    whole   with --big-import FORMATS: `manumit import` of a whole file of --big-mb MB,
            every record with a description of --body-kb KB (long articles, as a
            WordPress library's posts are), so that 1 GB is about ten thousand records:
            its peak memory against the import of --records short ones (the baseline)

Each line ends with the load average (1 min) when it was printed: the figures mean little
without it. Nothing here is a test: the suite never times anything.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

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
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Seconds, peak resident MiB and the output of one run of `command`."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert process.stdout is not None
    output = process.stdout.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{output}")
    return seconds, usage.ru_maxrss / 1024, output


class Fake:
    """The facts of one generated record."""

    def __init__(self, rng: random.Random, number: int, body_kb: int = 0) -> None:
        self.number, self.key = number, f"r{number}"
        self.title = " ".join(rng.sample(WORDS, 6)).capitalize() + f" ({number})"
        self.family, self.given = f"Author{rng.randrange(500)}", "Ann"
        self.organisation = f"Organisation {rng.randrange(80)}"
        self.publisher = f"Publisher {rng.randrange(40)}"
        self.year, self.month = rng.randrange(1990, 2025), rng.randrange(1, 13)
        self.country, self.type = rng.choice(COUNTRIES), rng.choice(TYPES)
        words = max(60, body_kb * 1024 // 9)  # about 9 bytes a word with its space
        self.abstract = " ".join(rng.choices(WORDS, k=words)).capitalize() + "."


def sheet(out: TextIO, fake: Fake) -> None:
    if fake.number == 0:
        out.write("id,title,date,authors,publishers,countries,types,description\n")
    authors = f"{fake.given} {fake.family}; {{{fake.organisation}}}"
    out.write(
        f'{fake.key},"{fake.title}",{fake.year}-{fake.month:02d},"{authors}",'
        f'{fake.publisher},{fake.country},{fake.type},"{fake.abstract}"\n'
    )


def bibtex(out: TextIO, fake: Fake) -> None:
    authors = f"{fake.family}, {fake.given} and {{{fake.organisation}}}"
    out.write(
        f"@techreport{{{fake.key},\n  title = {{{fake.title}}},\n  author = {{{authors}}},\n"
        f"  institution = {{{fake.publisher}}},\n  year = {{{fake.year}}},\n"
        f"  month = {fake.month},\n  abstract = {{{fake.abstract}}},\n}}\n\n"
    )


def ris(out: TextIO, fake: Fake) -> None:
    out.write(
        f"TY  - RPRT\nID  - {fake.key}\nTI  - {fake.title}\nAU  - {fake.family}, {fake.given}\n"
        f"AU  - {fake.organisation}\nPB  - {fake.publisher}\nPY  - {fake.year}\n"
        f"AB  - {fake.abstract}\nER  - \n\n"
    )


def csl_json(out: TextIO, fake: Fake) -> None:
    item = {
        "id": fake.key,
        "type": "report",
        "title": fake.title,
        "author": [{"family": fake.family, "given": fake.given}, {"literal": fake.organisation}],
        "publisher": fake.publisher,
        "issued": {"date-parts": [[fake.year, fake.month]]},
        "abstract": fake.abstract,
    }
    out.write(("[\n" if fake.number == 0 else ",\n") + json.dumps(item))


def manumit_lines(out: TextIO, fake: Fake) -> None:
    if fake.number == 0:
        out.write('{"kind": "header", "format": "manumit", "version": 1}\n')
    line = {
        "kind": "resource",
        "slug": fake.key,
        "title": fake.title,
        "date": f"{fake.year}-{fake.month:02d}",
        "description": f"<p>{fake.abstract}</p>",
        "status": "draft",
    }
    out.write(json.dumps(line) + "\n")


def wordpress(out: TextIO, fake: Fake) -> None:
    if fake.number == 0:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Big</title>'
            "<wp:wxr_version>1.2</wp:wxr_version>\n"
        )
    out.write(
        f"<item><title>{fake.title}</title><wp:post_id>{fake.number + 1}</wp:post_id>"
        "<wp:post_type>post</wp:post_type><wp:status>draft</wp:status>"
        f"<content:encoded><![CDATA[<p>{fake.abstract}</p>]]></content:encoded></item>\n"
    )


Writer = Callable[[TextIO, Fake], None]
# format -> (suffix, the writer of one record, the file's closing text)
FORMATS: dict[str, tuple[str, Writer, str]] = {
    "csv": (".csv", sheet, ""),
    "bibtex": (".bib", bibtex, ""),
    "ris": (".ris", ris, ""),
    "csl-json": (".json", csl_json, "\n]\n"),
    "manumit": (".jsonl", manumit_lines, ""),
    "wordpress": (".xml", wordpress, "</channel></rss>\n"),
}


def write_file(
    path: Path, format: str, *, records: int = 0, megabytes: int = 0, body_kb: int = 0
) -> int:
    """`records` records, or as many as make `megabytes` MB; how many were written."""
    _, writer, closing = FORMATS[format]
    rng = random.Random(11)
    target, count = megabytes * 1024 * 1024, 0
    with path.open("w", encoding="utf-8") as out:
        while (count < records) if records else (out.tell() < target):
            writer(out, Fake(rng, count, body_kb))
            count += 1
        out.write(closing)
    return count


PARSE = """
import json, sys, time
import django
django.setup()
from pathlib import Path
from manumit.importers import registry
from manumit.importers.records import Record
format, path, budget = registry.get(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3])
source = registry.Source(path)
start, records, problems = time.perf_counter(), 0, 0
for item in format.read(source):
    records += isinstance(item, Record)
    problems += not isinstance(item, Record)
    if budget and time.perf_counter() - start > budget:
        break
print(json.dumps({"records": records, "problems": problems,
                  "seconds": time.perf_counter() - start, "bytes": source.consumed}))
"""


def parse(format: str, path: Path, env: dict[str, str], budget: float = 0) -> tuple[Any, float]:
    """The reader alone over `path` (for `budget` s at most): its figures and peak MiB."""
    _, peak, output = timed([sys.executable, "-c", PARSE, format, str(path), str(budget)], env)
    return json.loads(output.strip().splitlines()[-1]), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--big-mb", type=int, default=1024)
    parser.add_argument("--big-seconds", type=float, default=0, help="0: read the whole file")
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--big-import", default="", help="formats to import whole at --big-mb")
    parser.add_argument("--body-kb", type=int, default=100)
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="manumit-import-bench-"))
    print(f"load average at the start: {os.getloadavg()}", flush=True)
    try:
        env = environment(work / "var")
        subprocess.run([*manumit_command(), "migrate", "-v", "0"], env=env, check=True)
        # What every command pays before it reads a byte, taken off the import's rate.
        startup = min(timed([*manumit_command(), "import", "--help"], env)[0] for _ in range(2))
        print(f"startup of a manumit command: {startup:.1f} s", flush=True)
        peaks: dict[str, float] = {}
        for format in filter(None, options.formats.split(",")):
            peaks[format] = bench_format(work, env, format, options, startup)
        for format in filter(None, options.big_import.split(",")):
            bench_whole_import(work, env, format, options, startup, peaks.get(format, 0.0))
    finally:
        if options.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(f"load average at the end: {os.getloadavg()}")
    print(f"{platform.node()} {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs")


def bench_format(
    work: Path, env: dict[str, str], format: str, options: Any, startup: float
) -> float:
    """The figures of one format; the peak MiB of its import of --records (0: none)."""
    suffix = FORMATS[format][0]
    path = work / f"records{suffix}"
    records = options.records
    parse_peak = import_peak = 0.0
    if records:
        write_file(path, format, records=records)
        parsed, parse_peak = parse(format, path, env)
        parse_rate = records / parsed["seconds"]
        show(
            format,
            f"parse  {records} records: {parsed['seconds']:.2f} s, {parse_rate:.0f}/s, "
            f"peak {parse_peak:.0f} MiB",
        )
        seconds, import_peak, _ = timed([*manumit_command(), "import", format, str(path)], env)
        rate = records / max(seconds - startup, 0.001)
        show(
            format,
            f"import {records} records: {seconds:.1f} s, {rate:.1f}/s after startup, "
            f"peak {import_peak:.0f} MiB; parse is {parse_rate / rate:.0f} times as fast",
        )
        seconds, peak, _ = timed([*manumit_command(), "import", format, str(path)], env)
        rate = records / max(seconds - startup, 0.001)
        show(format, f"rerun  {records} found and skipped: {seconds:.1f} s, {rate:.1f}/s")
        path.unlink()
    if format == "csv" or not options.big_mb:
        return import_peak
    big = work / f"big{suffix}"
    count = write_file(big, format, megabytes=options.big_mb)
    size = big.stat().st_size / 1024 / 1024
    parsed, peak = parse(format, big, env, options.big_seconds)
    read = parsed["bytes"] / 1024 / 1024
    whole = "whole" if parsed["records"] == count else f"stopped after {options.big_seconds:.0f} s"
    show(
        format,
        f"big    {size:.0f} MB, {count} records, {whole}: {parsed['records']} records "
        f"and {read:.0f} MB read in {parsed['seconds']:.1f} s ({read / parsed['seconds']:.2f} "
        f"MB/s), peak {peak:.0f} MiB (parse of {records} records: {parse_peak:.0f} MiB)",
    )
    big.unlink()
    return import_peak


def bench_whole_import(
    work: Path, env: dict[str, str], format: str, options: Any, startup: float, small_peak: float
) -> None:
    """`manumit import` of a whole --big-mb MB file of long records, into a fresh library."""
    env = environment(work / f"whole-{format}")
    subprocess.run([*manumit_command(), "migrate", "-v", "0"], env=env, check=True)
    big = work / f"whole{FORMATS[format][0]}"
    count = write_file(big, format, megabytes=options.big_mb, body_kb=options.body_kb)
    size = big.stat().st_size / 1024 / 1024
    seconds, peak, output = timed([*manumit_command(), "import", format, str(big)], env)
    rate = count / max(seconds - startup, 0.001)
    baseline = f"{peak / small_peak:.2f} of" if small_peak else "no baseline:"
    show(
        format,
        f"whole  {size:.0f} MB, {count} records of {options.body_kb} KB: {seconds:.1f} s, "
        f"{rate:.1f} records/s, {size / max(seconds - startup, 0.001):.2f} MB/s, peak "
        f"{peak:.0f} MiB ({baseline} the import of {options.records} short records, "
        f"{small_peak:.0f} MiB)",
    )
    print("\n".join(output.strip().splitlines()[-12:]))  # the import's summary table
    big.unlink()
    shutil.rmtree(work / f"whole-{format}", ignore_errors=True)


def show(format: str, line: str) -> None:
    print(f"{format:<9} {line}   [load {os.getloadavg()[0]:.1f}]", flush=True)


if __name__ == "__main__":
    main()
