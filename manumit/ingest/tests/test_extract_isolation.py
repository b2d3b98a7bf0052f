"""Extraction runs in worker processes under a time limit and a memory limit: a file that
hangs the reader or makes it allocate without end costs one worker, never the caller.

The misbehaving "extractors" below run inside the worker, which imports this module by
name; so this module must not import Django at the top.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from manumit.ingest.extract import Extracted, extract_file
from manumit.ingest.extract._isolation import WorkerPool
from manumit.ingest.extract._types import TEXT, Job

HERE = "manumit.ingest.tests.test_extract_isolation"


def hang_forever(job: Job) -> Extracted:
    time.sleep(3600)
    raise AssertionError("unreachable")


def allocate_too_much(job: Job) -> Extracted:
    hoard = bytearray(4 * job.memory_bytes)  # more than the limit allows
    raise AssertionError(f"allocated {len(hoard)} bytes")


def crash(job: Job) -> Extracted:
    os.kill(os.getpid(), signal.SIGSEGV)
    time.sleep(10)
    raise AssertionError("unreachable")


def fail_with_a_bug(job: Job) -> Extracted:
    raise ValueError("a surprise deep in the reader")


def say_which_worker(job: Job) -> Extracted:
    time.sleep(0.2)
    return Extracted(TEXT, [str(os.getpid())], 1, {}, "", None, "")


def job(function: str, **limits: float) -> Job:
    return Job(path="/dev/null", extractor=f"{HERE}:{function}", **limits)  # type: ignore[arg-type]


@pytest.fixture
def pool() -> object:
    pool = WorkerPool(size=2)
    yield pool
    pool.close()


def test_a_file_that_hangs_the_reader_stops_at_the_time_limit(pool: WorkerPool) -> None:
    started = time.monotonic()
    result = pool.run(job("hang_forever", timeout=1.5))
    assert time.monotonic() - started < 10
    assert result.outcome == "unreadable"
    assert result.message == "Stopped after 1.5 s: the time limit for one file."


def test_a_file_that_allocates_without_end_stops_at_the_memory_limit(pool: WorkerPool) -> None:
    result = pool.run(job("allocate_too_much", memory_bytes=256 * 1024 * 1024))
    assert result.outcome == "unreadable"
    assert result.message == "Stopped at the memory limit (256 MB) for one file."


def test_a_real_pdf_beyond_the_memory_limit_is_stopped_and_the_pool_goes_on(
    pool: WorkerPool, shared_dir: Path
) -> None:
    pdfs = shared_dir / "data" / "pdfs"
    pdf_job = "manumit.ingest.extract._pdf:extract_pdf"
    small = Job(path=str(pdfs / "qpdf" / "bad10.pdf"), extractor=pdf_job)
    assert pool.run(small).outcome == TEXT  # a worker with everything loaded
    # Leave the worker 16 MB more than it holds already: the 352-page book needs more.
    (worker,) = pool.worker_pids()
    status = Path(f"/proc/{worker}/status").read_text()
    held_kb = int(
        next(line for line in status.splitlines() if line.startswith("VmSize:")).split()[1]
    )
    limit = held_kb * 1024 + 16 * 1024 * 1024
    book = str(pdfs / "pdf.js" / "freeculture.pdf")
    result = pool.run(Job(path=book, extractor=pdf_job, ocr=False, memory_bytes=limit))
    assert result.outcome == "unreadable"
    assert f"memory limit ({limit // (1024 * 1024)} MB)" in result.message
    assert pool.run(Job(path=book, extractor=pdf_job, ocr=False)).page_count == 352


def test_a_reader_that_crashes_gives_a_message_and_the_next_file_is_read(
    pool: WorkerPool,
) -> None:
    result = pool.run(job("crash"))
    assert result.outcome == "unreadable"
    assert result.message == (
        "Unreadable: the reader crashed on this file or reached the memory limit (1024 MB)."
    )
    assert pool.run(job("say_which_worker")).outcome == TEXT


def test_a_bug_in_a_reader_becomes_a_one_line_message(pool: WorkerPool) -> None:
    result = pool.run(job("fail_with_a_bug"))
    assert result.outcome == "unreadable"
    assert result.message == (
        "Unreadable: the file is damaged (ValueError: a surprise deep in the reader)."
    )


def test_workers_are_reused_between_files(pool: WorkerPool) -> None:
    first = pool.run(job("say_which_worker")).pages
    second = pool.run(job("say_which_worker")).pages
    assert first == second


def test_the_pool_replaces_a_worker_killed_from_outside(pool: WorkerPool) -> None:
    before = pool.run(job("say_which_worker")).pages[0]
    os.kill(int(before), signal.SIGKILL)
    time.sleep(0.1)
    # The dead worker is found out on its next job; the one after is read by a new worker.
    outcomes = [pool.run(job("say_which_worker")) for _ in range(2)]
    assert outcomes[-1].outcome == TEXT
    assert outcomes[-1].pages[0] != before
    assert int(before) not in pool.worker_pids()


def test_threads_share_the_pool_without_waiting_on_each_other_more_than_needed(
    pool: WorkerPool,
) -> None:
    results: list[Extracted] = []
    threads = [
        threading.Thread(target=lambda: results.append(pool.run(job("say_which_worker"))))
        for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert [r.outcome for r in results] == [TEXT] * 6
    assert len({r.pages[0] for r in results}) <= 2  # never more workers than the pool's size


def test_closing_the_pool_ends_its_workers(pool: WorkerPool) -> None:
    worker = int(pool.run(job("say_which_worker")).pages[0])
    pool.close()
    with pytest.raises(ProcessLookupError):
        os.kill(worker, 0)


def test_an_unsupported_type_or_a_missing_file_is_unreadable_with_a_reason(
    tmp_path: Path,
) -> None:
    image = tmp_path / "photo.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n")
    assert extract_file(image, "image/png").message == (
        "Unreadable: no text can be extracted from image/png."
    )
    assert extract_file(tmp_path / "gone.pdf", "application/pdf").message == (
        "Unreadable: the file is missing."
    )


def test_the_default_limits_come_from_the_settings(settings: object) -> None:
    from manumit.ingest.extract import _default_limits

    settings.EXTRACT_TIMEOUT_SECONDS = 7  # type: ignore[attr-defined]
    settings.EXTRACT_MEMORY_BYTES = 300 * 1024 * 1024  # type: ignore[attr-defined]
    assert _default_limits() == (7.0, 300 * 1024 * 1024)
