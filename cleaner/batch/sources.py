"""Where a batch's pages come from: the walk of SRC, WARC records, URLs, and a page's bytes.

Pages: ``.html .htm .xhtml .txt`` files, each optionally gzipped (``.gz``); files whose
name says nothing (``story``, ``article.php``, ``index.html?id=3``, as wget and httrack
save them) when their head is HTML or text (:func:`sniff_page`); and every HTTP 200
response record with an HTML body in ``.warc`` / ``.warc.gz`` files. Files of a known
non-page kind (images, stylesheets, scripts, archives...) and binary files are skipped
and counted; a folder that cannot be listed is a failure.

A page's URL comes from the ``--urls`` mapping, else its ``<name>.url`` sidecar, else the
WARC record's ``WARC-Target-URI``.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import io
import json
import os
import re
import stat
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import redirect_stderr
from fnmatch import fnmatch
from pathlib import Path
from typing import Any, Literal

from ..decode import MAX_BYTES, looks_binary
from ..errors import BatchError
from .items import NON_200, PageResult, PathLike, Source

PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".txt")
WARC_SUFFIXES = (".warc", ".warc.gz")
#: a page's URL sidecar: ``<page file name>`` + this, one line
SIDECAR_SUFFIX = ".url"
#: extensions of files that are never pages: their content is not sniffed
NOT_PAGE_EXTENSIONS = frozenset(
    """
    css js mjs cjs map json jsonld xml rss atom svg svgz ico png jpg jpeg jpe gif webp bmp tif tiff avif heic
    woff woff2 ttf otf eot pdf ps eps zip tar tgz tbz2 bz2 xz zst 7z rar jar apk deb rpm dmg iso exe dll so
    dylib bin dat class pyc wasm swf mp3 mp4 m4a m4v ogg oga ogv opus wav flac aac webm avi mov mkv flv wmv
    doc docx xls xlsx ppt pptx odt ods odp rtf epub md rst csv tsv sqlite db psd ai sketch
    """.split()
)
#: bytes of a file's head that :func:`sniff_page` reads
SNIFF_BYTES = 8192
_GZIP_MAGIC = b"\x1f\x8b"

Kind = Literal["page", "warc", "sidecar", "unknown"]


def _page_kind(name: str) -> Kind | None:
    """What the file name says: a page, a WARC file, a URL sidecar, nothing (``unknown``:
    sniff the content) or a known non-page kind (``None``)."""
    lower = os.path.basename(name).lower()
    if lower.endswith(WARC_SUFFIXES):
        return "warc"
    if lower.endswith(SIDECAR_SUFFIX):
        return "sidecar"
    if lower.endswith(".gz"):
        lower = lower[:-3]
    if lower.endswith(PAGE_SUFFIXES):
        return "page"
    stem, dot, ext = lower.partition("?")[0].rpartition(".")
    if dot and stem and ext in NOT_PAGE_EXTENSIONS:
        return None
    return "unknown"


def sniff_page(path: str) -> bool:
    """Whether the file at ``path`` holds a page: its first :data:`SNIFF_BYTES` (gunzipped
    when they are gzip) are HTML or text, not binary and not empty (:func:`sniff_head`). A
    file that cannot be read counts as a page: reading it fails in the worker and says why."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError:
        return True
    return sniff_head(head)


def sniff_head(head: bytes) -> bool:
    """Whether the first bytes of a file (gzip or not) are a page's: HTML or text, not
    binary and not empty."""
    if head.startswith(_GZIP_MAGIC):
        try:
            head = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS).decompress(head, SNIFF_BYTES)
        except zlib.error:
            return False
    return bool(head.strip()) and not looks_binary(head)


class WalkError:
    """A folder of SRC that could not be listed (no permission, a path over the OS limit)."""

    def __init__(self, rel: str, path: str, error: OSError) -> None:
        self.rel, self.path, self.error = rel, path, error


def _walk(root: Path, exclude: Path | None) -> Iterator[tuple[str, str, frozenset[str]] | WalkError]:
    """``(relative path, path, names in its folder)`` of every non-directory entry below
    ``root``, sorted, lazily, and a :class:`WalkError` for each folder that cannot be
    listed; ``exclude`` (the output directory when it is inside ``root``) is not entered."""
    if not root.is_dir():
        sidecar = root.name + SIDECAR_SUFFIX
        yield root.name, str(root), frozenset([sidecar] if root.with_name(sidecar).is_file() else [])
        return
    errors: list[OSError] = []

    def failed_folders() -> Iterator[WalkError]:
        while errors:
            err = errors.pop(0)
            where = str(err.filename) if err.filename else str(root)
            yield WalkError(os.path.relpath(where, root) + os.sep, where, err)

    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append):
        yield from failed_folders()
        if exclude is not None:
            dirnames[:] = [d for d in dirnames if os.path.realpath(os.path.join(dirpath, d)) != str(exclude)]
        dirnames.sort()
        siblings = frozenset(filenames)
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            yield os.path.relpath(path, root), path, siblings
    yield from failed_folders()


def _is_html_type(content_type: str | None) -> bool:
    return content_type is None or "html" in content_type.lower()


_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def http_charset(content_type: str | None) -> str | None:
    """The charset an HTTP ``Content-Type`` declares (a codec Python knows), or ``None``."""
    match = _CHARSET.search(content_type or "")
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1)).name
    except LookupError:
        return None


class NotAWarcError(ValueError):
    """A ``.warc`` file that holds no WARC records."""


class TruncatedRecordError(EOFError):
    """A WARC record (or the file's tail) shorter than its headers say: the file was cut."""


def _warc_sources(
    rel: str,
    path: str,
    is_done: Callable[[Source], bool] | None,
    max_bytes: int,
    urls: Mapping[str, str],
) -> Iterator[Source | PageResult]:
    """One :class:`Source` per HTML response record of a WARC file (lazily). warcio's
    warnings are kept off standard error: a broken file is one failure, and a record
    or tail cut short is a failure (so a rerun retries it)."""
    from warcio.archiveiterator import ArchiveIterator

    quiet = io.StringIO()  # warcio writes its warnings to sys.stderr
    seen: set[str] = set()
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            records = ArchiveIterator(fh)
            while True:
                with redirect_stderr(quiet):
                    record = next(records, None)
                offset = records.offset  # the current record's: warcio moves it on when the next is read
                if record is None:
                    break
                if record.format != "warc":
                    raise NotAWarcError(f"not a WARC file (no WARC record header at byte {offset})")
                if record.rec_type != "response":
                    continue
                rid = record.rec_headers.get_header("WARC-Record-ID") or f"offset-{offset}"
                if rid in seen:  # a repeated id: the record's offset tells the two apart
                    rid = f"{rid}@{offset}"
                seen.add(rid)
                source_id = f"{rel}#{rid}"
                uri = urls.get(source_id) or record.rec_headers.get_header("WARC-Target-URI")
                http = record.http_headers
                ctype = http.get_header("Content-Type") if http else None
                source = Source(source_id, path, uri, rid, encoding=http_charset(ctype))
                code = http.get_statuscode() if http else None
                if not _is_html_type(ctype):
                    yield PageResult(source, "skipped", note=f"not an HTML record ({ctype})")
                elif code is not None and code != "200":
                    yield PageResult(source, "skipped", note=f"{NON_200} (HTTP {code})")
                elif is_done is not None and is_done(source):
                    yield PageResult(source, "done")
                else:
                    with redirect_stderr(quiet):
                        body = record.content_stream().read(max_bytes + 1)
                        while record.raw_stream.read(1 << 16):
                            pass
                    missing = getattr(record.raw_stream, "limit", 0) or 0
                    if missing > 0:
                        err = TruncatedRecordError(f"WARC record cut short: {missing} bytes missing (truncated file?)")
                        yield PageResult.failed(source, err)
                    else:
                        yield Source(source.id, path, uri, rid, body, source.encoding)
            end = records.offset
            if end < size:  # a gzip member cut short ends the iteration without a word
                tail = f"offset-{end}"
                err = TruncatedRecordError(f"{size - end} bytes at byte {end} are not a whole WARC record (truncated?)")
                yield PageResult.failed(Source(f"{rel}#{tail}", path, record=tail), err)
    except Exception as err:  # a broken or non-WARC file: one failure, the batch goes on
        yield PageResult.failed(Source(rel, path), err)


def read_sidecar(path: str) -> str | None:
    """The URL in a ``.url`` sidecar: its first non-blank line (a Windows Internet
    Shortcut's ``URL=`` line), or ``None`` when it holds none."""
    with open(path, "rb") as fh:
        return sidecar_url(fh.read(65536))


def sidecar_url(data: bytes) -> str | None:
    """The URL in the bytes of a ``.url`` sidecar (see :func:`read_sidecar`)."""
    text = data[:65536].decode("utf-8", "replace")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines and lines[0].lower() == "[internetshortcut]":
        lines = [line[4:].strip() for line in lines if line[:4].lower() == "url="]
    return lines[0] if lines and " " not in lines[0] else None


def load_urls(path: PathLike) -> dict[str, str]:
    """The ``--urls`` mapping: ``relative/path<TAB>url`` lines, or JSON lines
    ``{"path": ..., "url": ...}`` (mixed as you like; blank and ``#`` lines pass).
    A WARC record's path is ``crawl.warc.gz#<WARC-Record-ID>``. Raises
    :class:`~cleaner.errors.BatchError` naming the line that is neither."""
    urls: dict[str, str] = {}
    try:
        with open(path, encoding="utf-8", errors="surrogateescape") as fh:
            for number, line in enumerate(fh, 1):
                line = line.strip("\r\n")
                if not line.strip() or line.startswith("#"):
                    continue
                key, url = _url_line(line)
                if not key or not url:
                    raise BatchError(f"{path}:{number}: expected 'path<TAB>url' or a JSON object with path and url")
                urls[_norm(key)] = url
    except OSError as err:
        raise BatchError(f"{path}: cannot read the URL mapping: {err.strerror or err}") from None
    return urls


def _url_line(line: str) -> tuple[str, str]:
    if line.lstrip().startswith("{"):
        try:
            data: Any = json.loads(line)
        except ValueError:
            return "", ""
        path, url = data.get("path"), data.get("url")
        return (path, url) if isinstance(path, str) and isinstance(url, str) else ("", "")
    key, tab, url = line.partition("\t")
    return (key, url.strip()) if tab else ("", "")


def _norm(rel: str) -> str:
    """A relative path as the walk spells it (``./a//b`` → ``a/b``; ``#record`` kept)."""
    path, hash_, record = rel.partition("#")
    return os.path.normpath(path) + hash_ + record


def discover(
    src: PathLike,
    glob: str | None = None,
    exclude: PathLike | None = None,
    is_done: Callable[[Source], bool] | None = None,
    max_bytes: int = MAX_BYTES,
    urls: Mapping[str, str] | None = None,
) -> Iterator[Source | PageResult]:
    """Walk ``src`` lazily: a :class:`Source` per page to clean, and a
    :class:`PageResult` for what needs no cleaning (skipped files, pages already done)
    or cannot be (unreadable folders and WARC files). ``glob`` (fnmatch, ``*`` also
    matches ``/``) filters the paths relative to ``src``. A WARC record's body is read
    here, up to ``max_bytes + 1`` (one byte more, so that the cleaner can tell it is too
    large). ``urls`` maps relative paths (and ``path#record-id``) to page URLs."""
    root = Path(src)
    urls = urls or {}
    excluded = Path(os.path.realpath(exclude)) if exclude is not None else None
    for entry in _walk(root, excluded):
        if isinstance(entry, WalkError):
            yield PageResult.failed(Source(entry.rel, entry.path), entry.error)
            continue
        rel, path, siblings = entry
        if glob and not fnmatch(rel, glob):
            continue
        kind = _page_kind(rel)
        if kind == "warc":
            yield from _warc_sources(rel, path, is_done, max_bytes, urls)
            continue
        if kind == "sidecar":
            if os.path.basename(rel)[: -len(SIDECAR_SUFFIX)] not in siblings:  # no page beside it
                yield PageResult(Source(rel, path), "skipped", note="not a page file")
            continue
        source = Source(rel, path, urls.get(rel))
        if kind is None:
            yield PageResult(source, "skipped", note="not a page file")
        elif is_done is not None and is_done(source):
            yield PageResult(source, "done")
        elif kind == "unknown" and not sniff_page(path):
            yield PageResult(source, "skipped", note="not a page (binary or empty)")
        else:
            yield _with_sidecar(source, siblings)


def _with_sidecar(source: Source, siblings: frozenset[str]) -> Source | PageResult:
    """``source`` with the URL of its ``.url`` sidecar, when it has one and no URL yet."""
    name = os.path.basename(source.path) + SIDECAR_SUFFIX
    if source.url or name not in siblings:
        return source
    try:
        url = read_sidecar(source.path + SIDECAR_SUFFIX)
    except OSError as err:
        return PageResult.failed(source, err)
    return Source(source.id, source.path, url) if url else source


def discover_all(
    src: PathLike | Iterable[PathLike],
    glob: str | None,
    max_bytes: int = MAX_BYTES,
    urls: Mapping[str, str] | None = None,
) -> Iterator[Source | PageResult]:
    """:func:`discover` over a path or several (as :func:`~cleaner.batch.iter_clean`
    takes them); a file named on its own keeps its path as given as its id."""
    if isinstance(src, (str, os.PathLike)):
        yield from discover(src, glob, max_bytes=max_bytes, urls=urls)
        return
    for path in src:
        if Path(path).is_dir():
            yield from discover(path, glob, max_bytes=max_bytes, urls=urls)
        else:
            for item in discover(path, glob, max_bytes=max_bytes, urls=urls):
                yield _with_id(item, str(path))


def _with_id(item: Source | PageResult, path: str) -> Source | PageResult:
    """Give an explicitly named file its path as given (not just its name) as id."""

    def fix(source: Source) -> Source:
        suffix = "#" + source.record if source.record else ""
        return Source(path + suffix, source.path, source.url, source.record, source.data, source.encoding)

    if isinstance(item, PageResult):
        return PageResult(fix(item.source), item.status, item.article, item.failure, item.note)
    return fix(item)


def count_pages(src: Path, glob: str | None, exclude: Path | None) -> int:
    """Files under ``src`` but WARC files and URL sidecars: the progress bar's first total
    (the skipped and done come off it as they are found, WARC records on top)."""
    return sum(
        1
        for entry in _walk(src, exclude)
        if not isinstance(entry, WalkError)
        and _page_kind(entry[0]) not in ("warc", "sidecar")
        and (not glob or fnmatch(entry[0], glob))
    )


def any_match(src: Path, glob: str, exclude: Path | None) -> bool:
    """Whether some file under ``src`` matches ``glob`` (walks until the first one)."""
    return any(not isinstance(e, WalkError) and fnmatch(e[0], glob) for e in _walk(src, exclude))


def read_page(source: Source, max_bytes: int = MAX_BYTES) -> bytes:
    """The page's bytes, up to ``max_bytes + 1``, gunzipped (as it streams: a gzip bomb
    is never inflated past that) when the name ends in ``.gz`` or the bytes are gzip;
    a FIFO, socket or device is not read."""
    if source.data is not None:
        return source.data
    mode = os.stat(source.path).st_mode
    if not stat.S_ISREG(mode):
        raise IsADirectoryError(21, "not a regular file") if stat.S_ISDIR(mode) else OSError(0, "not a regular file")
    with open(source.path, "rb") as raw:
        if source.path.lower().endswith(".gz") or raw.read(2) == _GZIP_MAGIC:
            raw.seek(0)
            with gzip.GzipFile(fileobj=raw, mode="rb") as fh:
                return fh.read(max_bytes + 1)
        raw.seek(0)
        return raw.read(max_bytes + 1)


def record_name(record: str) -> str:
    """A WARC record id as a file-name part, unique for each id: ``<urn:uuid:X>`` →
    ``urn_uuid_X``; any other id → its characters outside ``[A-Za-z0-9._-]`` made ``_``
    (at most 100), a dot and 12 hex digits of the id's hash (``a/b`` and ``a:b`` differ)."""
    match = _UUID_ID.fullmatch(record)
    if match:
        return "urn_uuid_" + match.group(1)
    safe = _UNSAFE.sub("_", record).strip("._")[:100] or "record"
    digest = hashlib.blake2b(record.encode("utf-8", "surrogateescape"), digest_size=6).hexdigest()
    return f"{safe}.{digest}"


_UUID_ID = re.compile(r"<urn:uuid:([0-9A-Za-z-]{1,100})>")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
