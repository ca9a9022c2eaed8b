"""``cleaner batch``: clean every page in a directory tree, in parallel, resumably.

Library entry points: :func:`clean_dir` (files in, files out, returns a
:class:`BatchReport`) and :func:`iter_clean` (yields a :class:`PageResult` per input,
writes nothing). Both call :func:`cleaner.clean` on each page, like a library user.

Pages: ``.html .htm .xhtml .txt`` files, each optionally gzipped (``.gz``), and every
HTTP response record with an HTML body in ``.warc`` / ``.warc.gz`` files (its
``WARC-Target-URI`` is the page URL). Other files are skipped and counted.

Workers: a pool of processes (:class:`_Pool`), one task in flight per worker, fed from a
lazily walked file list, so memory stays flat however many files there are. A page
running past ``timeout`` is interrupted by ``SIGALRM`` in its worker; a worker that does
not come back (stuck in C code, crashed) is killed and replaced, and the page is
recorded as failed. Results arrive in completion order (unordered).
"""

from __future__ import annotations

import argparse
import fcntl
import gzip
import hashlib
import json
import multiprocessing
import os
import re
import signal
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass, field
from fnmatch import fnmatch
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, Literal, Union

from . import pipeline
from .decode import MAX_BYTES
from .errors import CleanerError
from .exitcodes import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from .model import Article
from .render import EXTENSIONS, render
from .rules import validate_rule_files
from .templates import TemplateLearner, article_keys, page_host

PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".txt")
WARC_SUFFIXES = (".warc", ".warc.gz")
#: the output formats: one file a page (:data:`EXTENSIONS`), or ``jsonl``, one stream
FORMATS = (*EXTENSIONS, "jsonl")
DEFAULT_TIMEOUT = 30.0
ERRORS_FILE = "errors.jsonl"
JSONL_FILE = "articles.jsonl"
TEMPLATES_FILE = "site-templates.json"
LOCK_FILE = ".cleaner-batch.lock"
#: temp files end with this (never an output extension), and start with a dot
TEMP_SUFFIX = ".cleaner-tmp"
#: failures kept in :attr:`BatchReport.failures` (all of them go to ``errors.jsonl``)
MAX_FAILURES_KEPT = 1000
#: a worker is replaced after this many pages (keeps the workers' memory flat)
MAX_PAGES_PER_WORKER = 2000
#: seconds between two plain progress lines when standard error is not a terminal
PROGRESS_EVERY = 10.0

Status = Literal["cleaned", "empty", "failed", "skipped", "done"]
PathLike = Union[str, "os.PathLike[str]"]


class BatchError(CleanerError):
    """The batch cannot run at all: SRC missing, DST not writable, bad options."""


class PageTimeoutError(TimeoutError):
    """A page took longer than the batch's ``timeout``."""


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Source:
    """One page to clean: a file, or one record of a WARC file.

    ``id`` is the path relative to the walked directory, with ``#<WARC-Record-ID>``
    appended for a WARC record. ``data`` holds a WARC record's body (read by the walker).
    """

    id: str
    path: str
    url: str | None = None
    record: str | None = None
    data: bytes | None = field(default=None, repr=False)

    @property
    def rel_path(self) -> str:
        """The file's path relative to the walked directory (the WARC file for a record)."""
        return self.id[: -len(self.record) - 1] if self.record else self.id


@dataclass
class Failure:
    """Why a page failed: the exception type's name and a one-line message."""

    source: str
    error: str
    message: str
    record: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = {"source": self.source, "error": self.error, "message": self.message}
        if self.record:
            data["record"] = self.record
        return data


@dataclass
class PageResult:
    """The outcome for one input: ``cleaned`` (``article`` has text), ``empty`` (no
    article text found), ``failed`` (``failure`` says why), ``skipped`` (not a page
    file / not an HTML record; ``note`` says why) or ``done`` (output exists already)."""

    source: Source
    status: Status
    article: Article | None = None
    failure: Failure | None = None
    note: str = ""


@dataclass
class BatchReport:
    """What :func:`clean_dir` did. ``seconds`` and the rate cover the cleaning pass."""

    cleaned: int = 0
    empty: int = 0
    failed: int = 0
    skipped: int = 0
    done: int = 0
    seconds: float = 0.0
    template_hosts: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def pages(self) -> int:
        """Pages processed in this run (cleaned, empty or failed)."""
        return self.cleaned + self.empty + self.failed

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds > 0 else 0.0

    def count(self, result: PageResult) -> None:
        """Add one result to the counts."""
        setattr(self, result.status, getattr(self, result.status) + 1)
        if result.failure and len(self.failures) < MAX_FAILURES_KEPT:
            self.failures.append(result.failure)

    def summary(self) -> str:
        """One line: the counts and the rate."""
        return (
            f"cleaned {self.cleaned}, empty {self.empty}, failed {self.failed}, "
            f"skipped {self.skipped}, already done {self.done}; "
            f"{self.pages} pages in {self.seconds:.1f} s, {self.pages_per_second:.1f} pages/s"
        )


# --------------------------------------------------------------------------- discovery


def _page_kind(name: str) -> Literal["page", "warc"] | None:
    lower = name.lower()
    if lower.endswith(WARC_SUFFIXES):
        return "warc"
    if lower.endswith(".gz"):
        lower = lower[:-3]
    return "page" if lower.endswith(PAGE_SUFFIXES) else None


def _walk(root: Path, exclude: Path | None) -> Iterator[tuple[str, str]]:
    """``(relative path, path)`` of every non-directory entry below ``root``, sorted,
    lazily; ``exclude`` (the output directory when it is inside ``root``) is not entered."""
    if not root.is_dir():
        yield root.name, str(root)
        return
    for dirpath, dirnames, filenames in os.walk(root):
        if exclude is not None:
            dirnames[:] = [d for d in dirnames if os.path.realpath(os.path.join(dirpath, d)) != str(exclude)]
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            yield os.path.relpath(path, root), path


def _is_html_type(content_type: str | None) -> bool:
    return content_type is None or "html" in content_type.lower()


def _warc_sources(rel: str, path: str, is_done: Callable[[Source], bool] | None) -> Iterator[Source | PageResult]:
    """One :class:`Source` per HTML response record of a WARC file (lazily)."""
    from warcio.archiveiterator import ArchiveIterator

    try:
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type != "response":
                    continue
                rid = record.rec_headers.get_header("WARC-Record-ID") or f"offset-{fh.tell()}"
                uri = record.rec_headers.get_header("WARC-Target-URI")
                source = Source(f"{rel}#{rid}", path, uri, rid)
                ctype = record.http_headers.get_header("Content-Type") if record.http_headers else None
                if not _is_html_type(ctype):
                    yield PageResult(source, "skipped", note=f"not an HTML record ({ctype})")
                elif is_done is not None and is_done(source):
                    yield PageResult(source, "done")
                else:
                    body = record.content_stream().read(MAX_BYTES + 1)
                    yield Source(source.id, path, uri, rid, body)
    except Exception as err:  # a broken or non-WARC file: one failure, the batch goes on
        yield PageResult(Source(rel, path), "failed", failure=_failure(rel, err))


def discover(
    src: PathLike,
    glob: str | None = None,
    exclude: PathLike | None = None,
    is_done: Callable[[Source], bool] | None = None,
) -> Iterator[Source | PageResult]:
    """Walk ``src`` lazily: a :class:`Source` per page to clean, and a
    :class:`PageResult` for what needs no cleaning (skipped files, pages already done,
    unreadable WARC files). ``glob`` (fnmatch, ``*`` also matches ``/``) filters the
    paths relative to ``src``."""
    root = Path(src)
    excluded = Path(os.path.realpath(exclude)) if exclude is not None else None
    for rel, path in _walk(root, excluded):
        if glob and not fnmatch(rel, glob):
            continue
        kind = _page_kind(rel)
        if kind == "warc":
            yield from _warc_sources(rel, path, is_done)
        elif kind is None:
            yield PageResult(Source(rel, path), "skipped", note="not a page file")
        elif is_done is not None and is_done(Source(rel, path)):
            yield PageResult(Source(rel, path), "done")
        else:
            yield Source(rel, path)


# --------------------------------------------------------------------------- one page (in a worker)


@dataclass(frozen=True)
class _Job:
    """What every worker needs: fixed for a pass, inherited by the forked workers."""

    rules: tuple[str, ...] = ()
    timeout: float | None = DEFAULT_TIMEOUT
    learn: bool = False
    templates: Mapping[str, frozenset[str]] | None = None


@dataclass
class _Outcome:
    status: Status
    article: Article | None = None
    failure: Failure | None = None
    host: str = ""
    keys: frozenset[str] = frozenset()


def _failure(source: str, err: BaseException, record: str | None = None) -> Failure:
    message = " ".join(str(err).split()) or type(err).__name__
    if isinstance(err, OSError) and err.strerror:
        message = err.strerror
    return Failure(source, type(err).__name__, message[:500], record)


def _read_page(source: Source) -> bytes:
    """The page's bytes (gunzipped); a FIFO, socket or device is not read."""
    if source.data is not None:
        return source.data
    mode = os.stat(source.path).st_mode
    if not stat.S_ISREG(mode):
        raise IsADirectoryError(21, "not a regular file") if stat.S_ISDIR(mode) else OSError(0, "not a regular file")
    opener = gzip.open if source.path.lower().endswith(".gz") else open
    with opener(source.path, "rb") as fh:
        return fh.read(MAX_BYTES + 1)


def _process(source: Source, job: _Job) -> _Outcome:
    data = _read_page(source)
    host = page_host(source.url, data, fallback="dir:" + os.path.dirname(source.rel_path))
    template = job.templates.get(host) if job.templates else None
    article = pipeline.clean(data, url=source.url, rules=job.rules, template=template)
    if job.learn:
        return _Outcome("cleaned" if article else "empty", host=host, keys=article_keys(article))
    return _Outcome("cleaned" if article else "empty", article=article, host=host)


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


def run_page(source: Source, job: _Job) -> _Outcome:
    """Clean one source under the job's timeout; never raises (a failure is an outcome)."""
    try:
        with _alarm(job.timeout):
            return _process(source, job)
    except Exception as err:  # any page error is recorded, the batch goes on
        if isinstance(err, PageTimeoutError):
            err = PageTimeoutError(f"page took longer than {job.timeout:g} s")
        return _Outcome("failed", failure=_failure(source.id, err, source.record))


def _worker_main(conn: Connection, job: _Job) -> None:
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


# --------------------------------------------------------------------------- the pool


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    source: Source | None = None
    deadline: float = float("inf")
    pages: int = 0


class _Pool:
    """``jobs`` worker processes, one task each at a time, replaced when they die or hang.

    The hard deadline of a task is ``timeout + grace``: past it the worker is killed
    (the page's ``SIGALRM`` did not bring it back, e.g. stuck in C code).
    """

    def __init__(self, jobs: int, job: _Job) -> None:
        methods = multiprocessing.get_all_start_methods()
        self._ctx: Any = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self._job = job
        self._grace = max(1.0, 0.25 * job.timeout) if job.timeout else None
        self._workers = [self._start() for _ in range(max(1, jobs))]

    def _start(self) -> _Worker:
        parent_end, child_end = self._ctx.Pipe()
        process = self._ctx.Process(target=_worker_main, args=(child_end, self._job), daemon=True)
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

    def _collect(self) -> Iterator[tuple[Source, _Outcome]]:
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
                    outcome = _Outcome("failed", failure=_failure(source.id, err, source.record))
                    self._replace(worker)
                yield source, outcome
            elif now >= worker.deadline:
                err = PageTimeoutError(f"page took longer than {self._job.timeout:g} s; its worker was killed")
                self._replace(worker)
                yield source, _Outcome("failed", failure=_failure(source.id, err, source.record))

    def run(self, items: Iterable[Source | PageResult]) -> Iterator[PageResult | tuple[Source, _Outcome]]:
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


def _run_pass(
    items: Iterable[Source | PageResult], job: _Job, jobs: int | None
) -> Generator[PageResult | tuple[Source, _Outcome], None, None]:
    pool = _Pool(jobs or os.cpu_count() or 1, job)
    try:
        yield from pool.run(items)
    finally:
        pool.close()


def _to_result(item: PageResult | tuple[Source, _Outcome]) -> PageResult:
    if isinstance(item, PageResult):
        return item
    source, outcome = item
    return PageResult(source, outcome.status, outcome.article, outcome.failure)


# --------------------------------------------------------------------------- site templates


def learn_templates(
    items: Iterable[Source | PageResult],
    rules: tuple[str, ...] = (),
    jobs: int | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    progress: _Progress | None = None,
) -> dict[str, frozenset[str]]:
    """First pass of ``--site-templates``: clean every page, count its blocks per host,
    and return each host's template (see :mod:`cleaner.templates`)."""
    learner = TemplateLearner()
    for item in _run_pass(items, _Job(rules, timeout, learn=True), jobs):
        if isinstance(item, PageResult):
            continue
        source, outcome = item
        learner.add(outcome.host, outcome.keys)
        if progress:
            progress.update(outcome.status, counted=source.record is None)
    return learner.templates()


def _sources(src: PathLike | Iterable[PathLike], glob: str | None) -> Iterator[Source | PageResult]:
    if isinstance(src, (str, os.PathLike)):
        yield from discover(src, glob)
        return
    for path in src:
        if Path(path).is_dir():
            yield from discover(path, glob)
        else:
            for item in discover(path, glob):
                yield _with_id(item, str(path))


def _with_id(item: Source | PageResult, path: str) -> Source | PageResult:
    """Give an explicitly named file its path as given (not just its name) as id."""

    def fix(source: Source) -> Source:
        suffix = "#" + source.record if source.record else ""
        return Source(path + suffix, source.path, source.url, source.record, source.data)

    if isinstance(item, PageResult):
        return PageResult(fix(item.source), item.status, item.article, item.failure, item.note)
    return fix(item)


def iter_clean(
    src: PathLike | Iterable[PathLike],
    *,
    rules: Iterable[PathLike] = (),
    jobs: int | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    glob: str | None = None,
    site_templates: bool = False,
) -> Iterator[PageResult]:
    """Clean every page under ``src`` (a directory or file, or several) in a process
    pool and yield a :class:`PageResult` per input, in completion order. Writes nothing.

    Args:
        src: a directory (walked recursively), a file (page or WARC), or an iterable of them.
            With ``site_templates`` it is read twice, so pass a path or a list.
        rules: extra rule files, as for :func:`cleaner.clean`.
        jobs: worker processes (default: every core).
        timeout: seconds one page may take before it fails (``None``: no limit).
        glob: only paths (relative to a walked directory) matching this fnmatch pattern.
        site_templates: learn each host's recurring blocks in a first pass and drop them.
    """
    rule_files = tuple(str(p) for p in rules)
    validate_rule_files(rule_files)
    if not isinstance(src, (str, os.PathLike)):
        src = list(src)
    templates = learn_templates(_sources(src, glob), rule_files, jobs, timeout) if site_templates else None
    for item in _run_pass(_sources(src, glob), _Job(rule_files, timeout, templates=templates), jobs):
        yield _to_result(item)


# --------------------------------------------------------------------------- writing


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that it is either complete or absent: a temp file
    (``.<name>.*.cleaner-tmp``) in the same directory, fsync, then ``os.replace``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def output_path(source: Source, ext: str) -> str:
    """Where a page's output goes, relative to DST: ``<path>.<ext>`` for a file
    (``a/page.html`` → ``a/page.html.txt``), ``<warc path>--<record id>.<ext>`` for a
    WARC record (the id sanitised: ``<urn:uuid:1-2>`` → ``urn_uuid_1-2``)."""
    if not source.record:
        return source.rel_path + ext
    record = _UNSAFE.sub("_", source.record).strip("_")[:120] or "record"
    return f"{source.rel_path}--{record}{ext}"


def _jsonl_object(result: PageResult) -> dict[str, Any]:
    article = result.article or Article()
    data: dict[str, Any] = {"source": result.source.id}
    if result.source.record:
        data["record"] = result.source.record
    data.update(
        url=article.url or result.source.url,
        title=article.title,
        author=article.author,
        date=article.date,
        text=article.text,
    )
    return data


def _json_line(data: dict[str, Any]) -> bytes:
    """One JSON line, UTF-8; ``\\u`` escapes when a (non-UTF-8) file name makes that impossible."""
    try:
        return (json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(data) + "\n").encode("ascii")


def _source_hash(source_id: str) -> int:
    return int.from_bytes(hashlib.blake2b(source_id.encode("utf-8", "surrogateescape"), digest_size=8).digest(), "big")


class _FileWriter:
    """One output file a page under DST (mirroring SRC)."""

    def __init__(self, dst: Path, fmt: str) -> None:
        self.dst, self.fmt, self.ext = dst, fmt, EXTENSIONS[fmt]

    def is_done(self, source: Source) -> bool:
        return (self.dst / output_path(source, self.ext)).is_file()

    def write(self, result: PageResult) -> None:
        assert result.article is not None
        text = render(result.article, self.fmt)
        atomic_write(self.dst / output_path(result.source, self.ext), text.encode("utf-8"))

    def close(self) -> None:
        pass


class _JsonlWriter:
    """One JSON object a line in ``DST/articles.jsonl``, appended with one ``write(2)``
    each; on resume a partial last line is cut off and the sources on complete lines
    are done (kept as 8-byte hashes)."""

    SYNC_EVERY = 2.0

    def __init__(self, path: Path, force: bool) -> None:
        self.path = path
        self.done: set[int] = set()
        if force:
            path.unlink(missing_ok=True)
        elif path.exists():
            self._resume()
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self.synced = time.monotonic()

    def _resume(self) -> None:
        complete = 0
        with open(self.path, "rb") as fh:
            for line in fh:
                if not line.endswith(b"\n"):
                    break
                complete += len(line)
                with suppress(ValueError, TypeError, KeyError):
                    self.done.add(_source_hash(json.loads(line)["source"]))
        if complete < self.path.stat().st_size:
            os.truncate(self.path, complete)

    def is_done(self, source: Source) -> bool:
        return _source_hash(source.id) in self.done

    def write(self, result: PageResult) -> None:
        view = memoryview(_json_line(_jsonl_object(result)))
        while view:
            view = view[os.write(self.fd, view) :]
        if time.monotonic() - self.synced > self.SYNC_EVERY:
            os.fsync(self.fd)
            self.synced = time.monotonic()

    def close(self) -> None:
        os.fsync(self.fd)
        os.close(self.fd)


class _ErrorLog:
    """``DST/errors.jsonl``: this run's failures, one JSON object a line."""

    def __init__(self, path: Path) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_TRUNC, 0o644)

    def write(self, failure: Failure) -> None:
        os.write(self.fd, _json_line(failure.to_dict()))

    def close(self) -> None:
        os.fsync(self.fd)
        os.close(self.fd)


# --------------------------------------------------------------------------- progress


class _Progress:
    """A tqdm bar (``bar``), a plain line every :data:`PROGRESS_EVERY` seconds
    (``lines``), or nothing (``none``), on standard error."""

    def __init__(self, mode: str, total: int | None, desc: str) -> None:
        self.mode, self.total, self.desc = mode, total, desc
        self.done = self.failed = 0
        self.start = self.last = time.monotonic()
        self.bar = None
        if mode == "bar":
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread: the pool forks workers
            self.bar = tqdm(total=total, desc=desc, unit="page", file=sys.stderr, dynamic_ncols=True)

    def update(self, status: str, counted: bool = True) -> None:
        """Count one result. ``counted``: its file was in the total given up front (a page
        file, not a WARC record: records grow the total as they are found)."""
        if self.bar is not None and self.total is not None:
            if counted and status == "done":
                self.total = self.bar.total = self.total - 1
            elif not counted and status in ("cleaned", "empty", "failed"):
                self.total = self.bar.total = self.total + 1
        if status not in ("cleaned", "empty", "failed"):
            return
        self.done += 1
        self.failed += status == "failed"
        if self.bar is not None:
            self.bar.update(1)
            if status == "failed":
                self.bar.set_postfix(failed=self.failed, refresh=False)
        elif self.mode == "lines" and time.monotonic() - self.last >= PROGRESS_EVERY:
            self.last = time.monotonic()
            self._line()

    def _line(self) -> None:
        rate = self.done / max(time.monotonic() - self.start, 1e-9)
        of = f"/{self.total}" if self.total else ""
        print(
            f"cleaner batch: {self.desc}: {self.done}{of} pages, {rate:.1f} pages/s, {self.failed} failed",
            file=sys.stderr,
            flush=True,
        )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _count_pages(src: Path, glob: str | None, exclude: Path | None) -> int:
    """Page files under ``src`` (not WARC files): the progress bar's first total."""
    return sum(1 for rel, _ in _walk(src, exclude) if _page_kind(rel) == "page" and (not glob or fnmatch(rel, glob)))


# --------------------------------------------------------------------------- clean_dir


def _write(writer: _FileWriter | _JsonlWriter, result: PageResult) -> PageResult:
    """Write a cleaned or empty page's output; a page whose output cannot be written fails."""
    if result.status not in ("cleaned", "empty"):
        return result
    try:
        writer.write(result)
    except OSError as err:
        return PageResult(result.source, "failed", failure=_failure(result.source.id, err, result.source.record))
    return result


@contextmanager
def _locked(dst: Path) -> Iterator[None]:
    """Hold ``DST/.cleaner-batch.lock`` so that two batches never write one DST."""
    try:
        fd = os.open(dst / LOCK_FILE, os.O_WRONLY | os.O_CREAT, 0o644)
    except OSError as err:
        raise BatchError(f"{dst}: not writable: {err.strerror or err}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise BatchError(f"{dst}: another cleaner batch is writing there") from None
    try:
        yield
    finally:
        os.close(fd)


def _remove_stale_temps(dst: Path) -> None:
    """Delete temp files a killed run left (they never count as outputs anyway)."""
    for dirpath, _, filenames in os.walk(dst):
        for name in filenames:
            if name.startswith(".") and name.endswith(TEMP_SUFFIX):
                with suppress(OSError):
                    os.unlink(os.path.join(dirpath, name))


def _prepare(src: Path, dst: Path, fmt: str, rules: tuple[str, ...]) -> None:
    if fmt not in FORMATS:
        raise BatchError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if not src.exists():
        raise BatchError(f"{src}: no such file or directory")
    if src.is_dir() and dst.resolve() == src.resolve():
        raise BatchError("DST must not be SRC (outputs would be read as text dumps next time)")
    validate_rule_files(rules)
    try:
        dst.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise BatchError(f"{dst}: cannot create the output directory: {err.strerror or err}") from None


def _templates(
    src: Path,
    dst: Path,
    glob: str | None,
    rules: tuple[str, ...],
    jobs: int | None,
    timeout: float | None,
    force: bool,
    progress: str,
) -> dict[str, frozenset[str]]:
    """The batch's site templates: learnt now, or read back from ``DST/site-templates.json``."""
    path = dst / TEMPLATES_FILE
    if path.exists() and not force:
        return {host: frozenset(keys) for host, keys in json.loads(path.read_text("utf-8")).items()}
    total = _count_pages(src, glob, dst) if progress == "bar" else None
    bar = _Progress(progress, total, "learning site templates")
    try:
        templates = learn_templates(discover(src, glob, exclude=dst), rules, jobs, timeout, bar)
    finally:
        bar.close()
    atomic_write(path, json.dumps({h: sorted(k) for h, k in sorted(templates.items())}, indent=1).encode())
    return templates


def clean_dir(
    src: PathLike,
    dst: PathLike,
    *,
    fmt: str = "txt",
    jobs: int | None = None,
    rules: Iterable[PathLike] = (),
    glob: str | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    force: bool = False,
    site_templates: bool = False,
    progress: Literal["bar", "lines", "none"] = "none",
) -> BatchReport:
    """Clean every page under ``src`` into ``dst``; see ``cleaner batch --help`` for the
    output layout. Resumes: pages whose output exists are not redone unless ``force``.

    Raises :class:`BatchError` (or :class:`~cleaner.errors.RuleError`) when the batch
    cannot run at all; a page that fails is counted and logged in ``dst/errors.jsonl``.
    """
    src_path, dst_path = Path(src), Path(dst)
    rule_files = tuple(str(p) for p in rules)
    _prepare(src_path, dst_path, fmt, rule_files)
    report = BatchReport()
    with _locked(dst_path):
        _remove_stale_temps(dst_path)
        templates = None
        if site_templates:
            templates = _templates(src_path, dst_path, glob, rule_files, jobs, timeout, force, progress)
            report.template_hosts = len(templates)
        writer = _JsonlWriter(dst_path / JSONL_FILE, force) if fmt == "jsonl" else _FileWriter(dst_path, fmt)
        errors = _ErrorLog(dst_path / ERRORS_FILE)
        total = _count_pages(src_path, glob, dst_path) if progress == "bar" else None
        bar = _Progress(progress, total, "cleaning")
        items = discover(src_path, glob, exclude=dst_path, is_done=None if force else writer.is_done)
        start = time.monotonic()
        try:
            with closing(_run_pass(items, _Job(rule_files, timeout, templates=templates), jobs)) as results:
                for item in results:
                    result = _write(writer, _to_result(item))
                    if result.failure is not None:
                        errors.write(result.failure)
                    report.count(result)
                    bar.update(result.status, counted=result.source.record is None)
        finally:
            report.seconds = time.monotonic() - start
            bar.close()
            writer.close()
            errors.close()
    return report


# --------------------------------------------------------------------------- command line

_EPILOG = f"""\
inputs:
  SRC is walked recursively. Pages: .html .htm .xhtml .txt (text dumps), each
  also gzipped (.gz), and every HTTP response record with an HTML body in .warc
  and .warc.gz files (its WARC-Target-URI is the page URL). Other files are
  skipped and counted. DST is never walked when it lies inside SRC.

output layout (DST):
  txt|json|markdown  one file a page, mirroring SRC: a/page.html -> a/page.html.txt
                     (.json, .md); a WARC record -> a/crawl.warc.gz--<record id>.txt
                     (the WARC-Record-ID with everything but [A-Za-z0-9._-] made _).
  jsonl              one stream, DST/{JSONL_FILE}: one object a page with source
                     (path, or path#record-id), record, url, title, author, date, text.
                     Lines are in completion order, not SRC order.
  {ERRORS_FILE}       this run's failed pages: source, record, error (type), message.
  {TEMPLATES_FILE}  with --site-templates: the learnt block keys per host.
  Every output is written atomically (a .<name>.*{TEMP_SUFFIX} temp file, fsync,
  rename); a killed run leaves no partial output, and a rerun removes its temp
  files. A jsonl line is appended whole; a partial last line is cut on resume.

empty articles:
  a readable page with no article text counts as "empty", not failed. Its output
  is still written, so a rerun does not redo it: an empty .txt, a .json or jsonl
  object with text "", a .md with only the title (or a blank line).

resuming:
  a rerun of the same command skips pages whose output exists and retries failed
  ones; --force redoes everything. Runs writing the same DST are refused.

site templates (--site-templates):
  a first pass counts each page's blocks per host (the page URL's host, else its
  canonical/og:url link, else its directory); a block on at least
  max(3, 30%) of a host's pages (and only once on each) is template and is
  removed in the second pass (reason "site-template" in the json removed list).
  A rerun reuses DST/site-templates.json; --force learns again. Pages written
  earlier without --site-templates are kept: add --force to redo them.

workers and faults:
  --jobs processes each clean one page at a time; results are written in
  completion order. A page past --timeout fails (PageTimeoutError); a worker
  stuck in C code or crashed is killed and replaced, and the run goes on.

exit status:
  0  every page was cleaned (empty articles and skipped files included)
  1  some pages failed (see DST/{ERRORS_FILE})
  2  the command could not run: bad arguments, SRC missing, DST not writable,
     a malformed rule file
  130 interrupted

examples:
  cleaner batch crawl/ out/ --format jsonl
  cleaner batch pages/ out/ --jobs 4 --glob '*.html' --timeout 10
  cleaner batch site-dump/ out/ --site-templates --format json
"""


def _positive_float(text: str) -> float:
    value = float(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be >= 0")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be >= 1")
    return value


def _progress_mode(quiet: bool) -> Literal["bar", "lines", "none"]:
    if quiet:
        return "none"
    return "bar" if sys.stderr.isatty() else "lines"


def run(args: argparse.Namespace) -> int:
    """``cleaner batch``: run :func:`clean_dir` and print its summary; the exit status."""
    try:
        report = clean_dir(
            args.src,
            args.dst,
            fmt=args.format,
            jobs=args.jobs,
            rules=args.rules or (),
            glob=args.glob,
            timeout=args.timeout or None,
            force=args.force,
            site_templates=args.site_templates,
            progress=_progress_mode(args.quiet),
        )
    except CleanerError as err:
        print(f"cleaner: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as err:
        print(f"cleaner: error: {err.filename or args.dst}: {err.strerror or err}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as err:  # a bug: one line, not a traceback
        print(f"cleaner: error: internal error: {type(err).__name__}: {err}", file=sys.stderr)
        return EXIT_USAGE
    if not args.quiet:
        print(f"cleaner batch: {report.summary()}", file=sys.stderr)
        if report.failed:
            print(f"cleaner batch: failures listed in {Path(args.dst) / ERRORS_FILE}", file=sys.stderr)
    return EXIT_FAILED if report.failed else EXIT_OK


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "batch",
        help="clean every page in a directory tree (HTML, text dumps, WARC) in parallel",
        description="Clean every page under SRC into DST, in parallel; resumable.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("src", metavar="SRC", help="directory of pages (walked recursively), or one file")
    p.add_argument("dst", metavar="DST", help="output directory (created if missing)")
    p.add_argument("--format", choices=FORMATS, default="txt", help="output format (default: txt)")
    p.add_argument("--jobs", type=_positive_int, metavar="N", help="worker processes (default: all cores)")
    p.add_argument("--rules", action="append", metavar="FILE", help="extra rule file (TOML); repeat for more")
    p.add_argument(
        "--glob", metavar="PATTERN", help="only paths relative to SRC matching PATTERN (fnmatch; * matches / too)"
    )
    p.add_argument(
        "--timeout",
        type=_positive_float,
        default=DEFAULT_TIMEOUT,
        metavar="S",
        help=f"seconds a page may take before it fails (default: {DEFAULT_TIMEOUT:g}; 0: no limit)",
    )
    p.add_argument("--force", action="store_true", help="redo every page, even those with an output")
    p.add_argument("--quiet", action="store_true", help="no progress and no summary")
    p.add_argument(
        "--site-templates",
        action="store_true",
        help="learn blocks recurring on a host's pages in a first pass, remove them in a second",
    )
    p.set_defaults(func=run)
