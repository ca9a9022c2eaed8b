"""Everything a batch writes under DST, and how: atomically, resumably, one batch at a time.

A page's output is a file mirroring SRC (:class:`FileWriter`) or a line of
``articles.jsonl`` (:class:`JsonlWriter`); both tell which pages are done already, so a
rerun skips them. Failures go to ``errors.jsonl`` (:class:`ErrorLog`), created at the
first one. Every file is written whole or not at all (:func:`atomic_write`), with the
mode the umask gives (0644 under umask 022); ``DST/.cleaner-batch.lock`` (:func:`locked`,
a ``filelock`` lock: ``flock`` on POSIX, ``LockFileEx`` on Windows) keeps two batches
from writing one DST and is removed when the batch ends. ``DST/.cleaner-batch.json``
(:func:`read_state`) holds the settings key the outputs were made with.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
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
from .sources import record_name

ERRORS_FILE = "errors.jsonl"
JSONL_FILE = "articles.jsonl"
TEMPLATES_FILE = "site-templates.json"
LOCK_FILE = ".cleaner-batch.lock"
#: the settings key the outputs in DST were made with (see :func:`cleaner.settings.settings_key`)
STATE_FILE = ".cleaner-batch.json"
#: temp files end with this (never an output extension), and start with a dot
TEMP_SUFFIX = ".cleaner-tmp"

_umask: int | None = None


def file_mode() -> int:
    """The mode a new file gets here: ``0o666`` less the process's umask (read once)."""
    global _umask
    if _umask is None:
        _umask = os.umask(0o022)  # the only way to read it is to set it: put it straight back
        os.umask(_umask)
    return 0o666 & ~_umask


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that it is either complete or absent: a temp file
    (``.<name>.*.cleaner-tmp``) in the same directory, fsync, then ``os.replace``. The
    file gets the umask's mode (as ``open`` would give it), not ``mkstemp``'s 0600."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, file_mode())
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


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except OSError:
        return False


@contextmanager
def locked(dst: Path) -> Iterator[None]:
    """Hold ``DST/.cleaner-batch.lock`` so that two batches never write one DST, and
    remove it at the end. It is removed while still held; a run that opened it just
    before sees, once it has the lock, that the name is gone (or is another file) and
    locks afresh, so two runs never both hold a lock."""
    from filelock import lock_descriptor, unlock_descriptor

    path = dst / LOCK_FILE
    for _attempt in range(20):
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, file_mode())
        except OSError as err:
            raise BatchError(f"{dst}: not writable: {err.strerror or err}") from None
        try:
            got = lock_descriptor(fd, blocking=False)
        except OSError as err:
            os.close(fd)
            raise BatchError(f"{dst}: cannot lock {LOCK_FILE}: {err.strerror or err}") from None
        if not got:
            os.close(fd)
            raise BatchError(f"{dst}: another cleaner batch is writing there") from None
        if _same_file(fd, path):
            break
        unlock_descriptor(fd)  # the run that held it removed it as we opened it
        os.close(fd)
    else:  # pragma: no cover - twenty runs starting and ending at once
        raise BatchError(f"{dst}: another cleaner batch is writing there")
    try:
        yield
    finally:
        removed = False
        if _same_file(fd, path):
            with suppress(OSError):
                os.unlink(path)  # POSIX: while held
                removed = True
        with suppress(OSError):
            unlock_descriptor(fd)
        os.close(fd)
        if not removed and os.name == "nt":  # an open file cannot be removed there; one opened since stays
            with suppress(OSError):
                os.unlink(path)


def read_state(dst: Path) -> dict[str, Any] | None:
    """``DST/.cleaner-batch.json`` (``None`` when there is none or it is unreadable)."""
    try:
        data = json.loads((dst / STATE_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_state(dst: Path, state: dict[str, Any]) -> None:
    atomic_write(dst / STATE_FILE, (json.dumps(state, indent=1, sort_keys=True) + "\n").encode())


def output_path(source: Source, ext: str) -> str:
    """Where a page's output goes, relative to DST: ``<path>.<ext>`` for a file
    (``a/page.html`` → ``a/page.html.txt``), ``<warc path>--<record name>.<ext>`` for a
    WARC record (:func:`~cleaner.batch.sources.record_name`: ``<urn:uuid:1-2>`` →
    ``urn_uuid_1-2``, any other id sanitised plus a hash of it, so that no two share one)."""
    if not source.record:
        return source.rel_path + ext
    return f"{source.rel_path}--{record_name(source.record)}{ext}"


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


def url_header(url: str) -> str:
    """The first lines of a ``.txt`` output whose page has a URL: ``URL: <url>``, a blank line."""
    return f"URL: {''.join(url.split())}\n\n"


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
        if self.fmt == "txt" and result.source.url:
            text = url_header(result.source.url) + text
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
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
        self.synced = time.monotonic()

    def _resume(self) -> None:
        for line in read_lines(self.path):
            with suppress(ValueError, TypeError, KeyError):
                self.done.add(_source_hash(json.loads(line)["source"]))

    def is_done(self, source: Source) -> bool:
        return _source_hash(source.id) in self.done

    def write(self, result: PageResult) -> None:
        append_line(self.fd, _json_line(_jsonl_object(result)))
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


def read_lines(path: Path) -> Iterator[bytes]:
    """The complete lines of a JSON-lines file; a partial last line (a run killed or a
    disk full mid-write) is cut off the file first."""
    complete = 0
    with open(path, "rb") as fh:
        for line in fh:
            if not line.endswith(b"\n"):
                break
            complete += len(line)
    if complete < path.stat().st_size:
        os.truncate(path, complete)
    with open(path, "rb") as fh:
        yield from fh


def append_line(fd: int, line: bytes) -> None:
    """Append ``line`` with one ``write(2)``; if the disk takes only part of it, cut the
    part off again and raise ``OSError(ENOSPC)``: the file never ends mid-line."""
    written = os.write(fd, line)
    if written < len(line):
        with suppress(OSError):
            os.ftruncate(fd, os.fstat(fd).st_size - written)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


class ErrorLog:
    """``DST/errors.jsonl``: one JSON object a line for each page whose last try failed.

    Created at the first failure; a rerun appends to it (after cutting off a partial last
    line), and when it has been through every page, the lines of earlier runs about pages
    it tried again (cleaned now, or failed again: their new line stays) are dropped, and
    a log left empty is removed. Lines about pages the rerun did not walk stay."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None
        self.earlier: set[int] = set()
        self.retried: set[int] = set()
        if path.exists():
            for line in read_lines(path):
                with suppress(ValueError, TypeError, KeyError):
                    self.earlier.add(_source_hash(json.loads(line)["source"]))
        self.start = path.stat().st_size if path.exists() else 0

    def tried(self, source: Source) -> None:
        """``source`` was cleaned or failed in this run."""
        if self.earlier:
            digest = _source_hash(source.id)
            if digest in self.earlier:
                self.retried.add(digest)

    def write(self, failure: Failure) -> None:
        if self.fd is None:
            self.fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
        append_line(self.fd, _json_line(failure.to_dict()))

    def close(self, complete: bool = False) -> None:
        """Close the log; ``complete``: the run went through every page (drop what it redid)."""
        if self.fd is not None:
            os.fsync(self.fd)
            os.close(self.fd)
            self.fd = None
        if complete and self.retried:
            self._compact()

    def _compact(self) -> None:
        kept, offset = [], 0
        with open(self.path, "rb") as fh:
            for line in fh:
                if offset >= self.start or not self._retried(line):
                    kept.append(line)
                offset += len(line)
        if kept:
            atomic_write(self.path, b"".join(kept))
        else:
            self.path.unlink()

    def _retried(self, line: bytes) -> bool:
        try:
            return _source_hash(json.loads(line)["source"]) in self.retried
        except (ValueError, TypeError, KeyError):
            return False
