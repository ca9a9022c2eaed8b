"""Where a batch's pages come from: the walk of SRC, WARC records, and a page's bytes.

Pages: ``.html .htm .xhtml .txt`` files, each optionally gzipped (``.gz``), and every
HTTP response record with an HTML body in ``.warc`` / ``.warc.gz`` files (its
``WARC-Target-URI`` is the page URL). Other files are skipped and counted.
"""

from __future__ import annotations

import gzip
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from fnmatch import fnmatch
from pathlib import Path
from typing import Literal

from ..decode import MAX_BYTES
from .items import PageResult, PathLike, Source

PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".txt")
WARC_SUFFIXES = (".warc", ".warc.gz")


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


def _warc_sources(
    rel: str, path: str, is_done: Callable[[Source], bool] | None, max_bytes: int
) -> Iterator[Source | PageResult]:
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
                    body = record.content_stream().read(max_bytes + 1)
                    yield Source(source.id, path, uri, rid, body)
    except Exception as err:  # a broken or non-WARC file: one failure, the batch goes on
        yield PageResult.failed(Source(rel, path), err)


def discover(
    src: PathLike,
    glob: str | None = None,
    exclude: PathLike | None = None,
    is_done: Callable[[Source], bool] | None = None,
    max_bytes: int = MAX_BYTES,
) -> Iterator[Source | PageResult]:
    """Walk ``src`` lazily: a :class:`Source` per page to clean, and a
    :class:`PageResult` for what needs no cleaning (skipped files, pages already done,
    unreadable WARC files). ``glob`` (fnmatch, ``*`` also matches ``/``) filters the
    paths relative to ``src``. A WARC record's body is read here, up to ``max_bytes + 1``
    (one byte more, so that the cleaner can tell it is too large)."""
    root = Path(src)
    excluded = Path(os.path.realpath(exclude)) if exclude is not None else None
    for rel, path in _walk(root, excluded):
        if glob and not fnmatch(rel, glob):
            continue
        kind = _page_kind(rel)
        if kind == "warc":
            yield from _warc_sources(rel, path, is_done, max_bytes)
        elif kind is None:
            yield PageResult(Source(rel, path), "skipped", note="not a page file")
        elif is_done is not None and is_done(Source(rel, path)):
            yield PageResult(Source(rel, path), "done")
        else:
            yield Source(rel, path)


def discover_all(
    src: PathLike | Iterable[PathLike], glob: str | None, max_bytes: int = MAX_BYTES
) -> Iterator[Source | PageResult]:
    """:func:`discover` over a path or several (as :func:`~cleaner.batch.iter_clean`
    takes them); a file named on its own keeps its path as given as its id."""
    if isinstance(src, (str, os.PathLike)):
        yield from discover(src, glob, max_bytes=max_bytes)
        return
    for path in src:
        if Path(path).is_dir():
            yield from discover(path, glob, max_bytes=max_bytes)
        else:
            for item in discover(path, glob, max_bytes=max_bytes):
                yield _with_id(item, str(path))


def _with_id(item: Source | PageResult, path: str) -> Source | PageResult:
    """Give an explicitly named file its path as given (not just its name) as id."""

    def fix(source: Source) -> Source:
        suffix = "#" + source.record if source.record else ""
        return Source(path + suffix, source.path, source.url, source.record, source.data)

    if isinstance(item, PageResult):
        return PageResult(fix(item.source), item.status, item.article, item.failure, item.note)
    return fix(item)


def count_pages(src: Path, glob: str | None, exclude: Path | None) -> int:
    """Page files under ``src`` (not WARC files): the progress bar's first total."""
    return sum(1 for rel, _ in _walk(src, exclude) if _page_kind(rel) == "page" and (not glob or fnmatch(rel, glob)))


def read_page(source: Source, max_bytes: int = MAX_BYTES) -> bytes:
    """The page's bytes (gunzipped), up to ``max_bytes + 1``; a FIFO, socket or device is not read."""
    if source.data is not None:
        return source.data
    mode = os.stat(source.path).st_mode
    if not stat.S_ISREG(mode):
        raise IsADirectoryError(21, "not a regular file") if stat.S_ISDIR(mode) else OSError(0, "not a regular file")
    opener = gzip.open if source.path.lower().endswith(".gz") else open
    with opener(source.path, "rb") as fh:
        return fh.read(max_bytes + 1)
