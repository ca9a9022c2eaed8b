"""One partition on a worker: its pages cleaned, its shard, errors shard and commit record written.

Each page goes through the batch's own page function
(:func:`cleaner.batch.worker.run_page`: read, gunzip, :func:`cleaner.pipeline.clean`,
every error caught and recorded), so a page cleans to the same article here as in
``cleaner batch``. WARC records come from the batch's own reader
(:func:`cleaner.batch.sources.discover`), a remote WARC file copied to local disk first.

The per-page timeout: ``cleaner batch`` interrupts a page with ``SIGALRM``, but a signal
reaches only a process's main thread and a cluster worker runs its tasks in other
threads. Here a timer raises an exception in the task's thread instead
(:func:`page_deadline`): like ``SIGALRM``, it interrupts Python code at once and C code
(an lxml parse) when that returns to Python. A page still stuck in C code holds its
worker thread (``cleaner batch`` kills such a worker process; a Dask worker cannot be
killed for one task); a page that crashes the worker process fails its task, which Dask
retries on another worker and, past its retries, reports as a failed partition.
"""

from __future__ import annotations

import ctypes
import dataclasses
import hashlib
import os
import socket
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from ..batch.items import PageResult, Source, failure_of
from ..batch.options import DEFAULT_TIMEOUT
from ..batch.pool import to_result
from ..batch.sources import SNIFF_BYTES, discover, sidecar_url, sniff_head
from ..batch.worker import Job, Outcome, PageTimeoutError, run_page
from ..decode import MAX_BYTES
from ..errors import BatchError
from ..settings import cleaner_version, settings_key
from ..storage import InputFile, fetched, is_local, join, open_fs, read_page, staged, write_bytes
from .plan import Partition
from .shards import ShardFile, errors_path, json_line, marker_path, row_of, shard_path


@dataclass(frozen=True)
class ShardSpec:
    """What every task of a run needs, fixed for the run: where and how to write, the
    settings key the client computed, the user's rule files (their content, shipped to
    the workers), the page timeout and size limit."""

    dst: str
    fmt: str
    settings: str
    rules: tuple[tuple[str, bytes], ...] = ()
    timeout: float | None = DEFAULT_TIMEOUT
    max_bytes: int = MAX_BYTES
    storage_options: Mapping[str, Any] = field(default_factory=dict)


def settings_of(rules: tuple[str, ...], fmt: str, max_bytes: int) -> str:
    """The settings key of a cluster run's shards (:func:`cleaner.settings.settings_key`)."""
    return settings_key(rules, engine="shards", format=fmt, max_bytes=max_bytes)


_RULE_PATHS: dict[bytes, tuple[str, ...]] = {}
_RULE_LOCK = threading.Lock()


def local_rules(rules: tuple[tuple[str, bytes], ...]) -> tuple[str, ...]:
    """The shipped rule files as files on this machine (written once per process, in a
    directory named after their content), in order."""
    if not rules:
        return ()
    digest = hashlib.blake2b(digest_size=8)
    for name, data in rules:
        digest.update(name.encode("utf-8", "surrogateescape") + b"\0" + data + b"\0")
    key = digest.digest()
    with _RULE_LOCK:
        if key not in _RULE_PATHS:
            folder = os.path.join(tempfile.gettempdir(), f"cleaner-rules-{os.getuid()}", key.hex())
            os.makedirs(folder, exist_ok=True)
            paths = []
            for index, (name, data) in enumerate(rules):
                path = os.path.join(folder, f"{index:03d}-{os.path.basename(name)}")
                if not os.path.exists(path):
                    with open(path + ".tmp", "wb") as fh:
                        fh.write(data)
                    os.replace(path + ".tmp", path)
                paths.append(path)
            _RULE_PATHS[key] = tuple(paths)
        return _RULE_PATHS[key]


class _PageDeadline(BaseException):
    """Raised in a page's thread at its timeout; a BaseException, so that no ``except
    Exception`` on the way (the page function's own included) swallows it."""


@contextmanager
def page_deadline(seconds: float | None) -> Iterator[None]:
    """Raise :class:`_PageDeadline` in this thread if the block runs past ``seconds``.

    The timer thread raises only while the block runs (a lock and a flag), and an
    exception raised but not yet delivered when the block ends is withdrawn, so it can
    never strike after the block."""
    if not seconds:
        yield
        return
    thread = ctypes.c_ulong(threading.get_ident())
    lock = threading.Lock()
    state = {"running": True, "fired": False}

    def fire() -> None:
        with lock:
            if state["running"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(thread, ctypes.py_object(_PageDeadline))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["running"] = False
            if state["fired"]:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(thread, None)
        timer.cancel()


def clean_source(source: Source, job: Job, timeout: float | None) -> PageResult:
    """One page through the batch's page function, under ``timeout``; never raises."""
    try:
        with page_deadline(timeout):
            outcome = run_page(source, job)
    except _PageDeadline:
        err = PageTimeoutError(f"page took longer than {timeout:g} s")
        outcome = Outcome("failed", failure=failure_of(source.id, err, source.record))
    return to_result((source, outcome))


def _page_url(item: InputFile, spec: ShardSpec) -> str | None:
    """The page's URL: the mapping's, else its sidecar's, else none (the page's own
    canonical link is then the library's to find)."""
    if item.page_url:
        return item.page_url
    if item.sidecar:
        fs, path = open_fs(item.sidecar, spec.storage_options)
        with fs.open(path, "rb") as fh:
            return sidecar_url(fh.read(65536))
    return None


def _page_result(item: InputFile, job: Job, spec: ShardSpec) -> PageResult:
    fs, path = open_fs(item.url, spec.storage_options)
    try:
        url = _page_url(item, spec)
        if item.sniff:
            with fs.open(path, "rb") as fh:
                if not sniff_head(fh.read(SNIFF_BYTES)):
                    return PageResult(Source(item.rel, item.url), "skipped", note="not a page (binary or empty)")
    except Exception as err:
        return PageResult.failed(Source(item.rel, item.url), err)
    if is_local(fs):
        return clean_source(Source(item.rel, path, url=url), job, spec.timeout)  # read as the batch reads it
    try:
        data = read_page(item.url, spec.max_bytes, spec.storage_options)
    except Exception as err:
        return PageResult.failed(Source(item.rel, item.url), err)
    return clean_source(Source(item.rel, item.url, url=url, data=data), job, spec.timeout)


def _renamed(source: Source, name: str, item: InputFile, path: str) -> Source:
    """A source found in the local copy ``name`` of a WARC file, named as in SRC."""
    return dataclasses.replace(source, id=item.rel + source.id[len(name) :], path=path)


def _warc_results(item: InputFile, job: Job, spec: ShardSpec) -> Iterator[PageResult]:
    try:
        with fetched(item.url, spec.storage_options) as local:
            name = os.path.basename(local)
            path = local if is_local(open_fs(item.url, spec.storage_options)[0]) else item.url
            for found in discover(local, max_bytes=spec.max_bytes):
                if isinstance(found, PageResult):
                    source = _renamed(found.source, name, item, path)
                    failure = found.failure and dataclasses.replace(found.failure, source=source.id)
                    yield dataclasses.replace(found, source=source, failure=failure)
                else:
                    yield clean_source(_renamed(found, name, item, path), job, spec.timeout)
    except Exception as err:  # the WARC file could not be fetched
        yield PageResult.failed(Source(item.rel, item.url), err)


def partition_results(partition: Partition, job: Job, spec: ShardSpec) -> Iterator[PageResult]:
    """A :class:`PageResult` per page of the partition (and per skipped WARC record), in order."""
    for item in partition.inputs:
        if partition.kind == "warc":
            yield from _warc_results(item, job, spec)
        else:
            yield _page_result(item, job, spec)


def clean_partition(partition: Partition, spec: ShardSpec) -> dict[str, Any]:
    """The task: clean ``partition``, write its shard and errors shard, then its commit
    record (which is also returned). Rerunning it rewrites the same files whole."""
    rules = local_rules(spec.rules)
    here = settings_of(rules, spec.fmt, spec.max_bytes)
    if here != spec.settings:
        raise BatchError(
            f"worker {socket.gethostname()}: cleaner {cleaner_version()} gives settings key {here}, the client "
            f"{spec.settings}: install the same article-cleaner version on the client and every worker"
        )
    job = Job(rules=rules, timeout=None, max_bytes=spec.max_bytes)  # the timeout is page_deadline's
    fs, root = open_fs(spec.dst, spec.storage_options)
    counts = {"cleaned": 0, "empty": 0, "failed": 0, "skipped": 0}
    start = time.monotonic()
    shard, errors = shard_path(partition.name, spec.fmt), errors_path(partition.name)
    with staged(fs, join(root, shard)) as shard_tmp, staged(fs, join(root, errors)) as errors_tmp:
        with ShardFile(shard_tmp, spec.fmt) as rows, open(errors_tmp, "wb") as failures:
            for result in partition_results(partition, job, spec):
                counts[result.status] = counts.get(result.status, 0) + 1
                if result.status in ("cleaned", "empty"):
                    rows.add(row_of(result))
                elif result.failure is not None:
                    failures.write(json_line(result.failure.to_dict()))
    marker = {
        "partition": partition.name,
        "shard": shard,
        "errors": errors,
        "settings": spec.settings,
        "inputs": partition.digest,
        "files": len(partition.inputs),
        "rows": rows.count,
        **counts,
        "seconds": round(time.monotonic() - start, 3),
        "worker": f"{socket.gethostname()}:{os.getpid()}",
        "cleaner": cleaner_version(),
    }
    write_bytes(fs, join(root, marker_path(partition.name)), json_line(marker))
    return marker
