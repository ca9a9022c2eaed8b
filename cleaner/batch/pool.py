"""The worker pool: ``jobs`` processes, one page in flight each, fed lazily.

Memory stays flat however many files there are: sources are drawn from the walk only
as workers fall idle. A worker that does not come back by its page's hard deadline
(stuck in C code) or dies (crashed) is killed and replaced, and the page is recorded as
failed; a worker is also replaced after :data:`MAX_PAGES_PER_WORKER` pages. Results
arrive in completion order (unordered).
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Generator, Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from .items import PageResult, Source, failure_of
from .worker import Job, Outcome, PageTimeoutError, worker_main

#: a worker is replaced after this many pages (keeps the workers' memory flat)
MAX_PAGES_PER_WORKER = 2000
#: how workers start (``None``: ``fork`` where there is one, else ``spawn``)
START_METHOD: str | None = None


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    source: Source | None = None
    deadline: float = float("inf")
    pages: int = 0


class Pool:
    """``jobs`` worker processes, one task each at a time, replaced when they die or hang.

    The hard deadline of a task is ``timeout + grace``: past it the worker is killed
    (the page's watchdog did not bring it back, e.g. stuck in C code holding the GIL).
    Workers are forked where the OS can (POSIX), else spawned (Windows; :data:`START_METHOD`).
    """

    def __init__(self, jobs: int, job: Job) -> None:
        methods = multiprocessing.get_all_start_methods()
        method = START_METHOD or ("fork" if "fork" in methods else "spawn")
        self._ctx: Any = multiprocessing.get_context(method)
        self._job = job
        self._grace = max(1.0, 0.25 * job.timeout) if job.timeout else None
        self._workers = [self._start() for _ in range(max(1, jobs))]

    def _start(self) -> _Worker:
        parent_end, child_end = self._ctx.Pipe()
        process = self._ctx.Process(target=worker_main, args=(child_end, self._job), daemon=True)
        process.start()
        child_end.close()
        return _Worker(process, parent_end)

    def _replace(self, worker: _Worker) -> _Worker:
        """Kill ``worker`` (dead, or stuck past its deadline) and start a fresh one."""
        with suppress(OSError):
            worker.process.kill()
        worker.process.join(5)
        worker.conn.close()
        fresh = self._start()
        self._workers[self._workers.index(worker)] = fresh
        return fresh

    def _send(self, worker: _Worker, source: Source) -> None:
        if worker.pages >= MAX_PAGES_PER_WORKER:
            with suppress(OSError):
                worker.conn.send(None)
                worker.process.join(5)
            worker = self._replace(worker)
        try:
            worker.conn.send(source)
        except OSError:  # the idle worker died: give the page to its replacement
            worker = self._replace(worker)
            worker.conn.send(source)
        worker.source = source
        worker.pages += 1
        worker.deadline = (
            time.monotonic() + self._job.timeout + self._grace if self._job.timeout and self._grace else float("inf")
        )

    def _collect(self) -> Iterator[tuple[Source, Outcome]]:
        """Wait for the first result or deadline; yield what is ready, replace dead and stuck workers."""
        busy = [w for w in self._workers if w.source is not None]
        delay = max(0.0, min(w.deadline for w in busy) - time.monotonic())
        ready = set(wait([w.conn for w in busy], timeout=min(delay, 3600.0)))
        now = time.monotonic()
        for worker in busy:
            source = worker.source
            assert source is not None
            if worker.conn in ready:
                worker.source = None
                try:
                    outcome = worker.conn.recv()
                except (EOFError, OSError):
                    worker.process.join(1)
                    err: Exception = ChildProcessError(f"worker process died (exit code {worker.process.exitcode})")
                    outcome = Outcome("failed", failure=failure_of(source.id, err, source.record))
                    self._replace(worker)
                yield source, outcome
            elif now >= worker.deadline:
                err = PageTimeoutError(f"page took longer than {self._job.timeout:g} s; its worker was killed")
                self._replace(worker)
                yield source, Outcome("failed", failure=failure_of(source.id, err, source.record))

    def run(self, items: Iterable[Source | PageResult]) -> Iterator[PageResult | tuple[Source, Outcome]]:
        """Clean the sources of ``items``; pass the ready results through."""
        items = iter(items)
        exhausted = False
        while True:
            idle = [w for w in self._workers if w.source is None]
            while idle and not exhausted:
                item = next(items, None)
                if item is None:
                    exhausted = True
                elif isinstance(item, PageResult):
                    yield item
                else:
                    self._send(idle.pop(), item)
            if not any(w.source is not None for w in self._workers):
                return
            yield from self._collect()

    def close(self) -> None:
        """Stop every worker (kill the busy ones)."""
        for worker in self._workers:
            with suppress(OSError, ValueError):
                if worker.source is None:
                    worker.conn.send(None)
                else:
                    worker.process.kill()
        for worker in self._workers:
            worker.process.join(2)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(2)
            worker.conn.close()


def run_pass(
    items: Iterable[Source | PageResult], job: Job, jobs: int | None
) -> Generator[PageResult | tuple[Source, Outcome], None, None]:
    """One pass over ``items`` in a fresh pool of ``jobs`` workers (default: every core):
    the items that need no cleaning, and ``(source, outcome)`` for each page cleaned."""
    pool = Pool(jobs or os.cpu_count() or 1, job)
    try:
        yield from pool.run(items)
    finally:
        pool.close()


def to_result(item: PageResult | tuple[Source, Outcome]) -> PageResult:
    """An item of :func:`run_pass` as a :class:`PageResult`."""
    if isinstance(item, PageResult):
        return item
    source, outcome = item
    return PageResult(source, outcome.status, outcome.article, outcome.failure)
