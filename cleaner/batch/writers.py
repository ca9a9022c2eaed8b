"""Everything a batch writes under DST, and how: atomically, resumably, one batch at a time.

A page's output is a file mirroring SRC (:class:`FileWriter`) or a line of
``articles.jsonl`` (:class:`JsonlWriter`); both tell which pages are done already, so a
rerun skips them. Failures go to ``errors.jsonl`` (:class:`ErrorLog`). Every file is
written whole or not at all (:func:`atomic_write`), and ``DST/.cleaner-batch.lock``
(:func:`locked`) keeps two batches from writing one DST.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, Protocol

from ..errors import BatchError
from ..model import Article
from ..render import EXTENSIONS, render
from .items import Failure, PageResult, Source

ERRORS_FILE = "errors.jsonl"
JSONL_FILE = "articles.jsonl"
TEMPLATES_FILE = "site-templates.json"
LOCK_FILE = ".cleaner-batch.lock"
#: temp files end with this (never an output extension), and start with a dot
TEMP_SUFFIX = ".cleaner-tmp"


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


def remove_stale_temps(dst: Path) -> None:
    """Delete temp files a killed run left (they never count as outputs anyway)."""
    for dirpath, _, filenames in os.walk(dst):
        for name in filenames:
            if name.startswith(".") and name.endswith(TEMP_SUFFIX):
                with suppress(OSError):
                    os.unlink(os.path.join(dirpath, name))


@contextmanager
def locked(dst: Path) -> Iterator[None]:
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


class Writer(Protocol):
    """Where cleaned pages go; what it holds already is done."""

    def is_done(self, source: Source) -> bool: ...

    def write(self, result: PageResult) -> None: ...

    def close(self) -> None: ...


class FileWriter:
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


class JsonlWriter:
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


def open_writer(dst: Path, fmt: str, force: bool) -> Writer:
    """The writer of format ``fmt``: ``DST/articles.jsonl`` for ``jsonl``, else a file a page."""
    return JsonlWriter(dst / JSONL_FILE, force) if fmt == "jsonl" else FileWriter(dst, fmt)


def write_page(writer: Writer, result: PageResult) -> PageResult:
    """Write a cleaned or empty page's output; a page whose output cannot be written fails."""
    if result.status not in ("cleaned", "empty"):
        return result
    try:
        writer.write(result)
    except OSError as err:
        return PageResult.failed(result.source, err)
    return result


class ErrorLog:
    """``DST/errors.jsonl``: this run's failures, one JSON object a line."""

    def __init__(self, path: Path) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_TRUNC, 0o644)

    def write(self, failure: Failure) -> None:
        os.write(self.fd, _json_line(failure.to_dict()))

    def close(self) -> None:
        os.fsync(self.fd)
        os.close(self.fd)
