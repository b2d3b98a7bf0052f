"""Worker processes that extract under a time limit and a memory limit.

A hostile file may hang PDFium or make it allocate without end. Each job therefore runs in
a long-lived child process (reused, so Python and PDFium start once, not per file) that
lowers its own address-space limit before it reads the file. The parent waits at most the
time limit for the answer; a child that runs over, dies or crashes is killed and replaced,
and the caller gets "unreadable" with the limit named. The pool is thread-safe (Django's
threaded server, the worker) and ends its children at exit.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from ._types import Extracted, Job, unreadable
from ._wire import HEADER, MAX_FRAME

MAX_JOBS_PER_WORKER = 200  # then start afresh: whatever a library leaked goes with it
PACKAGE_ROOT = str(Path(__file__).resolve().parents[3])
CHILD_ENV = {  # one thread per worker: no thread arenas eating the address-space limit
    "OMP_THREAD_LIMIT": "1",
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MALLOC_ARENA_MAX": "2",
}
OUT_OF_MEMORY_SIGNS = (
    b"out of memory",
    b"memoryerror",
    b"bad_alloc",
    b"cannot allocate",
    b"memory allocation",  # OpenBLAS, under numpy
)


class TimeLimit(Exception):
    pass


class WorkerDied(Exception):
    def __init__(self, out_of_memory: bool, detail: str) -> None:
        super().__init__(detail)
        self.out_of_memory = out_of_memory


class Worker:
    """One child process and the pipes to it."""

    def __init__(self) -> None:
        # Read back only when the child dies, to tell running out of memory from a crash.
        self.stderr = tempfile.TemporaryFile()  # noqa: SIM115 (closed in kill())
        env = {**os.environ, **CHILD_ENV}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [PACKAGE_ROOT, env.get("PYTHONPATH")]))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "manumit.ingest.extract._child"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            env=env,
            start_new_session=True,  # its own group: killing it also ends its Tesseract
        )
        self.jobs = 0

    @property
    def pid(self) -> int:
        return self.process.pid

    def run(self, job: Job) -> dict[str, Any]:
        self.jobs += 1
        self.stderr.seek(0)
        self.stderr.truncate()
        body = json.dumps(job.__dict__).encode("utf-8")
        assert self.process.stdin and self.process.stdout
        try:
            self.process.stdin.write(HEADER.pack(len(body)) + body)
            self.process.stdin.flush()
        except OSError as error:
            raise self._death() from error
        deadline = time.monotonic() + job.timeout
        (size,) = HEADER.unpack(self._read(HEADER.size, deadline))
        if size > MAX_FRAME:
            raise self._death()
        reply: dict[str, Any] = json.loads(self._read(size, deadline))
        return reply

    def _read(self, size: int, deadline: float) -> bytes:
        assert self.process.stdout
        fd = self.process.stdout.fileno()
        chunks: list[bytes] = []
        while size > 0:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                raise TimeLimit
            chunk = os.read(fd, min(size, 1 << 20))
            if not chunk:
                raise self._death()
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)

    def _death(self) -> WorkerDied:
        code = self.process.wait()
        self.stderr.seek(0)
        said = self.stderr.read()[-4000:].lower()
        # The kernel's OOM killer sends SIGKILL; PDFium aborts when an allocation fails.
        out_of_memory = code == -signal.SIGKILL or any(s in said for s in OUT_OF_MEMORY_SIGNS)
        return WorkerDied(out_of_memory, f"exit status {code}")

    def kill(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.stderr):
            if stream:
                with contextlib.suppress(OSError):  # a pipe to a dead child may not flush
                    stream.close()


class WorkerPool:
    """Up to `size` workers, each running one job at a time, handed out under a lock."""

    def __init__(self, size: int = 2) -> None:
        self.size = size
        self._idle: list[Worker] = []
        self._all: set[Worker] = set()
        self._changed = threading.Condition()

    def run(self, job: Job) -> Extracted:
        worker = self._acquire()
        keep = False
        try:
            reply = worker.run(job)
            keep = not reply.get("fatal") and worker.jobs < MAX_JOBS_PER_WORKER
            return _to_extracted(reply, job)
        except TimeLimit:
            return unreadable(f"Stopped after {job.timeout:g} s: the time limit for one file.")
        except WorkerDied as death:
            if death.out_of_memory:
                return unreadable(_memory_message(job))
            # PDFium aborts without a word when an allocation fails under the limit, so a
            # crash may be either; say both rather than guess.
            megabytes = job.memory_bytes // (1024 * 1024)
            return unreadable(
                f"Unreadable: the reader crashed on this file or reached the memory limit "
                f"({megabytes} MB)."
            )
        finally:
            self._release(worker, keep)

    def worker_pids(self) -> list[int]:
        with self._changed:
            return [worker.pid for worker in self._all]

    def close(self) -> None:
        with self._changed:
            workers, self._all, self._idle = list(self._all), set(), []
        for worker in workers:
            worker.kill()

    def _acquire(self) -> Worker:
        with self._changed:
            while not self._idle and len(self._all) >= self.size:
                self._changed.wait()
            if self._idle:
                return self._idle.pop()
            worker = Worker()
            self._all.add(worker)
            return worker

    def _release(self, worker: Worker, keep: bool) -> None:
        if keep and worker.process.poll() is None:
            with self._changed:
                if worker in self._all:
                    self._idle.append(worker)
                    self._changed.notify()
                    return
        worker.kill()
        with self._changed:
            self._all.discard(worker)
            self._changed.notify()


def _memory_message(job: Job) -> str:
    megabytes = job.memory_bytes // (1024 * 1024)
    return f"Stopped at the memory limit ({megabytes} MB) for one file."


def _to_extracted(reply: dict[str, Any], job: Job) -> Extracted:
    if "result" in reply:
        return Extracted.from_wire(reply["result"])
    if reply.get("failure") == "memory":
        return unreadable(_memory_message(job))
    detail = str(reply.get("detail", "")).splitlines()[0][:200] if reply.get("detail") else ""
    return unreadable(f"Unreadable: the file is damaged ({detail}).")


_pool: WorkerPool | None = None
_pool_pid = 0
_pool_lock = threading.Lock()


def shared_pool() -> WorkerPool:
    """The process's pool, made on first use (and made anew in a forked child)."""
    global _pool, _pool_pid
    with _pool_lock:
        if _pool is None or _pool_pid != os.getpid():
            _pool, _pool_pid = WorkerPool(), os.getpid()
            atexit.register(_pool.close)
        return _pool
