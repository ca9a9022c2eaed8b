"""Reading a page from a file or a stream, never more than the size limit.

``cleaner clean x.html.gz`` used to decompress the whole file before the size check (a 12 MB
gzip bomb grew to 4.2 GB in memory). :func:`read_page` reads at most ``max_bytes`` (plus one,
to tell), decompressing gzip as a stream, and raises
:class:`~cleaner.errors.InputTooLargeError` past the limit.
"""

from __future__ import annotations

import gzip
import io
import sys
import zlib
from pathlib import Path
from typing import IO

from .decode import MAX_BYTES
from .errors import InputError, InputTooLargeError

#: the bytes every gzip stream starts with
GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 20


def _read_limited(stream: IO[bytes] | gzip.GzipFile, max_bytes: int, what: str) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = stream.read(min(_CHUNK, max_bytes + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise InputTooLargeError(f"{what} is over the {max_bytes:,}-byte limit")


def read_stream(stream: IO[bytes], max_bytes: int = MAX_BYTES, name: str = "input") -> bytes:
    """At most ``max_bytes`` of ``stream`` (standard input, a socket), decompressed when it is
    gzip; :class:`InputTooLargeError` past the limit, :class:`InputError` on a broken gzip stream."""
    head = stream.read(2)
    if head != GZIP_MAGIC:
        return head + _read_limited(stream, max(0, max_bytes - len(head)), name)
    rest = _read_limited(stream, max_bytes, name)  # a gzip larger than the limit inflates larger still

    return read_gzip(io.BytesIO(head + rest), max_bytes, name)


def read_gzip(stream: IO[bytes], max_bytes: int = MAX_BYTES, name: str = "input") -> bytes:
    """The decompressed content of the gzip ``stream``, at most ``max_bytes`` of it."""
    try:
        with gzip.GzipFile(fileobj=stream, mode="rb") as fh:
            return _read_limited(fh, max_bytes, f"{name} (decompressed)")
    except (OSError, EOFError, zlib.error) as err:
        raise InputError(f"{name}: not a readable gzip file: {err}") from None


def read_page(source: str | Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of the page at ``source`` (a path, or ``"-"`` for standard input), at most
    ``max_bytes``: a ``.gz`` file (or any file starting with the gzip magic) is decompressed
    as a stream and stopped at the limit.

    Raises :class:`InputTooLargeError` past the limit, :class:`InputError` for a broken gzip
    file, and ``OSError`` when the file cannot be opened (a usage error for the command line).
    """
    if str(source) == "-":
        return read_stream(sys.stdin.buffer, max_bytes, "standard input")
    path = Path(source)
    with path.open("rb") as fh:
        if path.suffix == ".gz" or fh.read(2) == GZIP_MAGIC:
            fh.seek(0)
            return read_gzip(fh, max_bytes, str(path))
        fh.seek(0)
        return _read_limited(fh, max_bytes, str(path))
