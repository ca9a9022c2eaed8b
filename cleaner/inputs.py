"""What :func:`cleaner.clean` accepts as a page, and as rule files, turned into what the
pipeline reads.

A page is one of:

- ``bytes`` (any encoding; also ``bytearray`` / ``memoryview``): gzip-compressed bytes are
  decompressed first, never to more than ``max_bytes``;
- ``str``: the page's markup or text, as trafilatura takes a ``str``. A short one-line
  ``str`` that names an existing file, or looks like a file name (``page.html``), is
  refused with :class:`~cleaner.errors.InputError`: it is almost certainly a path passed
  by mistake, and cleaning the name as a one-line text dump helps nobody. Pass a
  :class:`pathlib.Path` to read a file;
- an :class:`os.PathLike` (a :class:`pathlib.Path`): the file is read (``.gz`` or gzip
  bytes decompressed), refused without reading it when larger than ``max_bytes``;
- a parsed lxml tree (an element or an element tree), as trafilatura takes one: it goes
  down the HTML path without a second parse, and is copied first, so the caller's tree is
  left as it was.

Anything else raises :class:`TypeError`. Rule files are a path (``str`` or ``Path``) or an
iterable of paths.
"""

from __future__ import annotations

import copy
import os
import re
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Union

from lxml import etree
from lxml import html as lxml_html

from .errors import BinaryInputError, InputError, InputTooLargeError

#: what the pipeline's entrances take as a page
Page = Union[bytes, bytearray, memoryview, str, "os.PathLike[str]", etree._Element, etree._ElementTree]
#: one rule file's path, or several
RulePaths = Union[str, "os.PathLike[str]", Iterable[Union[str, "os.PathLike[str]"]]]

_GZIP_MAGIC = b"\x1f\x8b"
#: a str longer than this, or holding a line break or markup, is never taken for a path
_PATH_MAX_CHARS = 1024
_FILE_NAME = re.compile(r"^[^\s<>]+\.(?:html?|xhtml|txt|gz|warc)$", re.I)


def is_tree(page: object) -> bool:
    """True when ``page`` is a parsed lxml tree (an element or an element tree)."""
    return isinstance(page, (etree._Element, etree._ElementTree))


def gunzip(data: bytes, max_bytes: int) -> bytes:
    """Decompress gzip ``data`` (every member), never to more than ``max_bytes``.

    Raises :class:`InputTooLargeError` past the limit, :class:`BinaryInputError` when the
    data is not valid gzip."""
    out: list[bytes] = []
    size = 0
    rest = data
    try:
        while rest[:2] == _GZIP_MAGIC:
            inflater = zlib.decompressobj(wbits=31)
            chunk = inflater.decompress(rest, max_bytes - size + 1)
            size += len(chunk)
            out.append(chunk)
            if size > max_bytes or inflater.unconsumed_tail:
                raise InputTooLargeError(f"gzip input inflates to over the {max_bytes:,}-byte limit")
            if not inflater.eof:
                raise BinaryInputError("gzip input is truncated")
            rest = inflater.unused_data.lstrip(b"\0")
    except zlib.error as err:
        raise BinaryInputError(f"gzip input cannot be decompressed: {err}") from None
    return b"".join(out)


def _read_file(path: os.PathLike[str], max_bytes: int) -> bytes:
    size = os.stat(path).st_size
    if size > max_bytes:  # a gzip file that large all but never inflates to less
        raise InputTooLargeError(f"{os.fspath(path)} is {size:,} bytes, over the {max_bytes:,}-byte limit")
    with open(path, "rb") as fh:
        return fh.read()


def _refuse_path_str(page: str) -> None:
    if len(page) > _PATH_MAX_CHARS or "\n" in page or "<" in page:
        return
    name = page.strip()
    if _FILE_NAME.match(name) or (name and os.path.isfile(name)):
        raise InputError(
            f"the page {name!r} looks like a file name, not a page's text: pass a pathlib.Path to read a file"
        )


def page_input(page: object, max_bytes: int) -> bytes | str | etree._Element:
    """``page`` as the pipeline reads it: bytes (decompressed), str, or a copy of a parsed tree.

    Raises :class:`TypeError` for a type cleaner cannot read, and the
    :class:`~cleaner.errors.InputError` family for a str that is a file name or gzip that is
    corrupt or inflates past ``max_bytes``. Reading a path may raise :class:`OSError`."""
    if isinstance(page, str):
        _refuse_path_str(page)
        return page
    if isinstance(page, (bytearray, memoryview)):
        page = bytes(page)
    elif isinstance(page, os.PathLike):
        page = _read_file(page, max_bytes)
    elif is_tree(page):
        return tree_copy(page)
    if isinstance(page, bytes):
        return gunzip(page, max_bytes) if page[:2] == _GZIP_MAGIC else page
    raise TypeError("a page is bytes, str, a pathlib.Path or a parsed lxml tree, not " + type(page).__name__)


def tree_copy(tree: etree._Element | etree._ElementTree) -> etree._Element:
    """A copy of a parsed tree's root for the pipeline to prune. A tree whose elements are
    not lxml.html elements (parsed as XML) is serialised and parsed as HTML, since
    trafilatura reads HTML elements."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    if isinstance(root, lxml_html.HtmlElement):
        return copy.deepcopy(root)
    from .html.parse import parse

    return parse(etree.tostring(root, encoding="unicode"))


def rule_paths(rules: RulePaths) -> tuple[str | Path, ...]:
    """A single rule file path (``str`` or ``Path``) as a one-path tuple; an iterable of paths as a tuple."""
    if isinstance(rules, (str, os.PathLike)):
        rules = (rules,)
    elif isinstance(rules, (bytes, bytearray)):
        raise TypeError("rules are paths (str or pathlib.Path) of rule files, not bytes")
    return tuple(p if isinstance(p, str) else Path(os.fspath(p)) for p in rules)


__all__ = ["Page", "RulePaths", "gunzip", "is_tree", "page_input", "rule_paths", "tree_copy"]
