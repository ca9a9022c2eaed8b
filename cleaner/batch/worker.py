"""One page in a worker process: read it, clean it under the page timeout, report back.

Everything here runs in the forked worker (:func:`worker_main` is its loop); the
parent side, which starts, feeds and replaces workers, is :mod:`cleaner.batch.pool`.
A page running past ``timeout`` is interrupted by ``SIGALRM``.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection

from .. import pipeline
from ..decode import MAX_BYTES
from ..model import Article
from ..templates import article_keys, page_host
from .items import Failure, Source, Status, failure_of
from .options import DEFAULT_TIMEOUT, BatchOptions
from .sources import read_page


class PageTimeoutError(TimeoutError):
    """A page took longer than the batch's ``timeout``."""


@dataclass(frozen=True)
class Job:
    """What every worker needs: fixed for a pass, inherited by the forked workers."""

    rules: tuple[str, ...] = ()
    timeout: float | None = DEFAULT_TIMEOUT
    max_bytes: int = MAX_BYTES
    learn: bool = False
    templates: Mapping[str, frozenset[str]] | None = None

    @classmethod
    def of(
        cls, options: BatchOptions, learn: bool = False, templates: Mapping[str, frozenset[str]] | None = None
    ) -> Job:
        """The job of a pass run with ``options``: the learning pass (``learn``), or the
        cleaning pass removing the learnt ``templates``."""
        return cls(options.rules, options.timeout, options.max_bytes, learn, templates)


@dataclass
class Outcome:
    """What a worker sends back for one page: its status and article (or, in the
    learning pass, its host and block keys)."""

    status: Status
    article: Article | None = None
    failure: Failure | None = None
    host: str = ""
    keys: frozenset[str] = frozenset()


def _process(source: Source, job: Job) -> Outcome:
    data = read_page(source, job.max_bytes)
    host = page_host(source.url, data, fallback="dir:" + os.path.dirname(source.rel_path))
    template = job.templates.get(host) if job.templates else None
    article = pipeline.clean(data, url=source.url, rules=job.rules, max_bytes=job.max_bytes, template=template)
    if job.learn:
        return Outcome("cleaned" if article else "empty", host=host, keys=article_keys(article))
    return Outcome("cleaned" if article else "empty", article=article, host=host)


def _on_alarm(signum: int, frame: object) -> None:
    raise PageTimeoutError("page took longer than the timeout")


@contextmanager
def _alarm(seconds: float | None) -> Iterator[None]:
    if not seconds:
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def run_page(source: Source, job: Job) -> Outcome:
    """Clean one source under the job's timeout; never raises (a failure is an outcome)."""
    try:
        with _alarm(job.timeout):
            return _process(source, job)
    except Exception as err:  # any page error is recorded, the batch goes on
        if isinstance(err, PageTimeoutError):
            err = PageTimeoutError(f"page took longer than {job.timeout:g} s")
        return Outcome("failed", failure=failure_of(source.id, err, source.record))


def worker_main(conn: Connection, job: Job) -> None:
    """A worker's loop: receive a source, send back its outcome; exit on ``None``, on
    EOF, or when the parent is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    signal.signal(signal.SIGALRM, _on_alarm)
    parent = os.getppid()
    while True:
        try:
            if not conn.poll(1.0):
                if os.getppid() != parent:
                    return
                continue
            source = conn.recv()
        except (EOFError, OSError):
            return
        if source is None:
            return
        conn.send(run_page(source, job))
