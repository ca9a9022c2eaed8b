"""Files anywhere fsspec reaches: listing a crawl, reading a page, committing a shard.

Used by the cluster engines (:mod:`cleaner.cluster`, :mod:`cleaner.dask`); needs
``fsspec`` (the ``dask`` extra) and, for a remote store, that store's fsspec plugin
(``s3fs``, ``gcsfs``, ``adlfs``...). A path without a protocol is a local path.

How a file is written whole, per filesystem (:func:`staged`, :func:`write_bytes`):

- **local** (``file://`` or a plain path, an NFS mount included): a temp file
  ``.<name>.<random>.cleaner-tmp`` beside the final name, fsync, ``os.replace``: the final
  name holds the old file or the new one, never part of one.
- **any other filesystem**: the file is made complete on the worker's local disk first,
  then sent with one ``put_file`` (``pipe_file`` for small ones). An object store (S3,
  GCS, Azure) shows the object only once its upload completed, so a reader never sees a
  partial shard. A filesystem that streams writes (SFTP, HDFS, WebDAV) can show a file
  being written; the shard is not in the manifest until it is complete, so read through
  the manifest there.
"""

from __future__ import annotations

import gzip
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any

#: temp files end with this and start with a dot (the same convention as ``cleaner batch``)
TEMP_SUFFIX = ".cleaner-tmp"


@dataclass(frozen=True)
class InputFile:
    """One file of SRC: ``rel`` names it in outputs (its path below the walked directory or
    the glob's fixed prefix, or the path as given for a file named on its own); ``url`` is
    where workers read it; ``size`` and ``stamp`` (mtime, ETag...) tell when it changed."""

    rel: str
    url: str
    size: int = 0
    stamp: str = ""
    #: the page's own URL, when known before cleaning (a ``--urls`` mapping entry)
    page_url: str = ""
    #: where its ``<name>.url`` sidecar is, when it has one (read by the worker)
    sidecar: str = ""
    #: a file whose name says nothing of its kind: the worker sniffs its content first
    sniff: bool = False


def open_fs(url: str, storage_options: Mapping[str, Any] | None = None) -> tuple[Any, str]:
    """The fsspec filesystem of ``url`` and the path on it (``s3://b/k`` → ``b/k``)."""
    from fsspec.core import url_to_fs

    return url_to_fs(str(url), **dict(storage_options or {}))


def is_local(fs: Any) -> bool:
    """Whether ``fs`` is this machine's file system (a rename there is atomic)."""
    protocol = fs.protocol if isinstance(fs.protocol, tuple) else (fs.protocol,)
    return "file" in protocol or "local" in protocol


def join(root: str, *parts: str) -> str:
    """``root/part/...`` (``/`` separated on every filesystem fsspec knows)."""
    return "/".join([root.rstrip("/"), *parts])


def _stamp(info: Mapping[str, Any]) -> str:
    """What changes when the file's content changes, as far as its listing tells."""
    for key in ("ETag", "etag", "md5Hash", "generation", "mtime", "LastModified", "last_modified", "created"):
        if info.get(key) not in (None, ""):
            return f"{key}={info[key]}"
    return ""


def _files_below(fs: Any, root: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    for path, info in sorted(fs.find(root, detail=True).items()):
        if info.get("type") != "directory":
            yield path, info


def list_inputs(
    src: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    storage_options: Mapping[str, Any] | None = None,
    exclude: str | None = None,
) -> list[InputFile]:
    """Every file of ``src``, sorted: a directory (walked recursively), a glob
    (``s3://b/crawl/*.warc.gz``; ``rel`` is the part after its fixed prefix), one file, or
    a list of any of these. Paths below ``exclude`` (the output, when inside SRC) are left
    out. A missing SRC raises ``FileNotFoundError``."""
    from fsspec.core import has_magic

    if isinstance(src, (str, os.PathLike)):
        return _list_one(str(src), storage_options, exclude, has_magic(str(src)), named=False)
    files: list[InputFile] = []
    for item in src:
        files.extend(_list_one(str(item), storage_options, exclude, has_magic(str(item)), named=True))
    return files


def _list_one(
    src: str, storage_options: Mapping[str, Any] | None, exclude: str | None, magic: bool, named: bool
) -> list[InputFile]:
    fs, path = open_fs(src, storage_options)
    skip = open_fs(exclude, storage_options)[1].rstrip("/") + "/" if exclude else None
    if magic:
        prefix = path[: min(path.find(c) for c in "*?[" if c in path)].rsplit("/", 1)[0]
        found = sorted(fs.glob(path, detail=True).items())
        entries = [(p, info) for p, info in found if info.get("type") != "directory"]
        root = prefix
    elif fs.isdir(path):
        entries, root = list(_files_below(fs, path)), path
    elif os.path.lexists(path) if is_local(fs) else fs.exists(path):
        info = fs.info(path)
        return [
            InputFile(src if named else path.rsplit("/", 1)[-1], fs.unstrip_protocol(path), _size(info), _stamp(info))
        ]
    else:
        raise FileNotFoundError(2, "no such file or directory", src)
    return [
        InputFile(p[len(root) :].lstrip("/"), fs.unstrip_protocol(p), _size(info), _stamp(info))
        for p, info in entries
        if not (skip and (p + "/").startswith(skip))
    ]


def _size(info: Mapping[str, Any]) -> int:
    return int(info.get("size") or 0)


def read_page(url: str, max_bytes: int, storage_options: Mapping[str, Any] | None = None) -> bytes:
    """The first ``max_bytes + 1`` bytes of a page file (gunzipped when it ends in ``.gz``),
    as :func:`cleaner.batch.sources.read_page` reads a local one."""
    fs, path = open_fs(url, storage_options)
    with fs.open(path, "rb") as raw:
        if path.lower().endswith(".gz"):
            with gzip.GzipFile(fileobj=raw) as fh:
                return fh.read(max_bytes + 1)
        data: bytes = raw.read(max_bytes + 1)
        return data


@contextmanager
def fetched(url: str, storage_options: Mapping[str, Any] | None = None) -> Iterator[str]:
    """A local path holding the file at ``url``: the file itself when it is local, else a
    copy in a temp directory (same base name), removed afterwards."""
    fs, path = open_fs(url, storage_options)
    if is_local(fs):
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="cleaner-") as tmp:
        local = os.path.join(tmp, path.rsplit("/", 1)[-1])
        fs.get_file(path, local)
        yield local


@contextmanager
def staged(fs: Any, path: str) -> Iterator[str]:
    """A local file name to write ``path``'s content to; on a clean exit it becomes
    ``path`` whole (see the module docstring), on an exception it is removed."""
    local = is_local(fs)
    folder = os.path.dirname(path) if local else None
    if folder:
        os.makedirs(folder, exist_ok=True)
    name = os.path.basename(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=TEMP_SUFFIX, dir=folder)
    os.close(fd)
    try:
        yield tmp
        if local:
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        else:
            fs.put_file(tmp, path)
    finally:
        with suppress(OSError):
            os.unlink(tmp)


def write_bytes(fs: Any, path: str, data: bytes) -> None:
    """Write a small file whole: atomically on a local disk, one ``pipe_file`` elsewhere."""
    if not is_local(fs):
        fs.pipe_file(path, data)
        return
    with staged(fs, path) as tmp, open(tmp, "wb") as fh:
        fh.write(data)


def read_many(fs: Any, folder: str) -> dict[str, bytes]:
    """``{file name: content}`` of the files directly in ``folder`` (none when it is missing)."""
    try:
        paths = [p for p in fs.ls(folder, detail=False) if not p.rsplit("/", 1)[-1].startswith(".")]
    except FileNotFoundError:
        return {}
    if not paths:
        return {}
    return {p.rsplit("/", 1)[-1]: data for p, data in fs.cat(paths, on_error="omit").items()}


def remove_stale_temps(fs: Any, folders: Iterable[str]) -> None:
    """Delete the temp files a killed run left in ``folders`` of a local DST."""
    if not is_local(fs):
        return  # elsewhere temps live on the workers' local disks
    for folder in folders:
        with suppress(OSError):
            for entry in os.scandir(folder):
                if entry.name.startswith(".") and entry.name.endswith(TEMP_SUFFIX):
                    with suppress(OSError):
                        os.unlink(entry.path)
