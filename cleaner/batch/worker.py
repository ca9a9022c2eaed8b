"""One page in a worker process: read it, clean it under the page timeout, report back.

Everything here runs in the worker process (:func:`worker_main` is its loop); the
parent side, which starts, feeds and replaces workers, is :mod:`cleaner.batch.pool`.
A page running past ``timeout`` is interrupted by the worker's watchdog thread
(:mod:`cleaner.batch.watchdog`: no ``SIGALRM``, so it runs on Windows too); one stuck
where Python cannot interrupt it is killed by the pool at its hard deadline.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from .. import pipeline
from ..decode import MAX_BYTES
from ..model import Article
from ..templates import article_keys, page_host
from .items import Failure, Source, Status, failure_of
from .options import DEFAULT_TIMEOUT, BatchOptions
from .sources import read_page
from .watchdog import PageTimeoutError, Watchdog

#: the keyword arguments this version of :func:`cleaner.pipeline.clean` takes (``encoding``
#: and ``timeout`` are coming to it; until then the batch does without)
#: seconds the watchdog waits past the page timeout when the library keeps the timeout itself
LIBRARY_TIMEOUT_SLACK = 0.5


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


def clean_options(source: Source, job: Job) -> dict[str, Any]:
    """The keyword arguments of :func:`cleaner.pipeline.clean` that this library version
    takes, beyond ``url``, ``rules``, ``max_bytes`` and ``template``."""
    options: dict[str, Any] = {}
    if source.encoding:  # a WARC record's HTTP charset: it wins over the page's own declaration
        options["encoding"] = source.encoding
    if job.timeout:  # the library's cooperative deadline; the watchdog backs it
        options["timeout"] = job.timeout
    return options


def _process(source: Source, job: Job) -> Outcome:
    data = read_page(source, job.max_bytes)
    host = page_host(source.url, data, fallback="dir:" + os.path.dirname(source.rel_path))
    template = job.templates.get(host) if job.templates else None
    article = pipeline.clean(
        data,
        url=source.url,
        rules=job.rules,
        max_bytes=job.max_bytes,
        template=template,
        **clean_options(source, job),
    )
    if job.learn:
        return Outcome("cleaned" if article else "empty", host=host, keys=article_keys(article))
    return Outcome("cleaned" if article else "empty", article=article, host=host)


_watchdog = Watchdog()


def _is_timeout(err: BaseException) -> bool:
    """A page timeout: the watchdog's, or the library's own (``cleaner.errors.PageTimeoutError``)."""
    return isinstance(err, TimeoutError)


def run_page(source: Source, job: Job) -> Outcome:
    """Clean one source under the job's timeout; never raises (a failure is an outcome)."""
    soft = job.timeout
    if soft:
        soft += LIBRARY_TIMEOUT_SLACK  # the library's own timeout goes first; the watchdog backs it
    try:
        with _watchdog.deadline(soft):
            return _process(source, job)
    except Exception as err:  # any page error is recorded, the batch goes on
        if _is_timeout(err) and job.timeout:
            err = PageTimeoutError(f"page took longer than {job.timeout:g} s")
        return Outcome("failed", failure=failure_of(source.id, err, source.record))


def worker_main(conn: Connection, job: Job) -> None:
    """A worker's loop: receive a source, send back its outcome; exit on ``None``, on
    EOF, or when the parent is gone."""
    _watchdog.install()  # Ctrl-C is the parent's: the worker's SIGINT only serves the watchdog
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
