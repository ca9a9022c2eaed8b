"""Turn raw page bytes into text: BOM, then the page's declared charset, then UTF-8,
then a lossy fallback. Never raises on undecodable bytes; raises on binary data."""

from __future__ import annotations

import codecs
import re

from .errors import BinaryInputError, EmptyInputError, InputTooLargeError

#: Default size limit for one page (bytes or characters).
MAX_BYTES = 50 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
# magic numbers of common binary formats that are never pages
_MAGIC = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"BZh", b"\x7fELF", b"RIFF")


def _declared_charset(head: bytes) -> str | None:
    for pattern in (_META_CHARSET, _XML_DECL):
        match = pattern.search(head)
        if match:
            name = match.group(1).decode("ascii", "ignore").lower()
            try:
                codec = codecs.lookup(name).name
            except LookupError:
                continue
            # pages declaring latin-1 almost always mean windows-1252
            return "cp1252" if codec in ("latin-1", "iso8859-1", "ascii") else codec
    return None


_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or 13 < b)


def looks_binary(data: bytes) -> bool:
    """True when ``data`` is clearly not text: a known binary magic number, or many
    NUL / control bytes in its first 4 KiB (UTF-16 text, which has NULs, is told by its BOM)."""
    head = data[:4096]
    if head.startswith(_MAGIC):
        return True
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    if not head:
        return False
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return b"\x00" in head or controls / len(head) > 0.05


#: UTF-8 bytes read as Latin-1 / Windows-1252: a lead byte (Â, Ã, â, ð…) then continuation bytes
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{1,3}"
)
#: repair only pages where the pattern is common (a real "Â" or "é" followed by a symbol is rare)
MOJIBAKE_MIN = 3
#: :data:`_MOJIBAKE`'s two first characters as UTF-8 bytes: a lead (U+00C2-U+00F4) and a
#: continuation (U+0080-U+00BF or a Windows-1252 symbol); a UTF-8 page without them has no run
_MOJIBAKE_UTF8 = re.compile(
    rb"\xc3[\x82-\xb4](?:\xc2[\x80-\xbf]|\xc5[\x92\x93\xa0\xa1\xb8\xbd\xbe]|\xc6\x92|\xcb[\x86\x9c]"
    rb"|\xe2\x80[\x93\x94\x98-\x9e\xa0-\xa2\xa6\xb0\xb9\xba]|\xe2\x82\xac|\xe2\x84\xa2)"
)


def _unmangle(match: re.Match[str]) -> str:
    chunk = match.group(0)
    for codec in ("cp1252", "latin-1"):
        try:
            return chunk.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return chunk


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 text that was decoded as Latin-1 or Windows-1252 somewhere upstream
    ("caf\u00c3\u00a9" back to "caf\u00e9"), when the page holds at least ``MOJIBAKE_MIN`` such runs."""
    if len(_MOJIBAKE.findall(text[:200_000])) < MOJIBAKE_MIN:
        return text
    return _MOJIBAKE.sub(_unmangle, text)


def decode(data: bytes | str, max_bytes: int = MAX_BYTES) -> str:
    """Decode a page to ``str``.

    Order: byte-order mark, the charset the page declares (``<meta charset>``,
    ``http-equiv`` or XML declaration), strict UTF-8, then windows-1252 with
    replacement characters. Raises :class:`EmptyInputError`,
    :class:`BinaryInputError` or :class:`InputTooLargeError`.
    """
    if len(data) > max_bytes:
        raise InputTooLargeError(f"input is {len(data):,} bytes, over the {max_bytes:,}-byte limit")
    if isinstance(data, str):
        text = data[1:] if data.startswith("\ufeff") else data
        if not text.strip():
            raise EmptyInputError("input is empty")
        if "\x00" in text[:4096]:
            raise BinaryInputError("input holds NUL characters: not a text or HTML page")
        return repair_mojibake(text)
    if not data.strip():
        raise EmptyInputError("input is empty")
    if looks_binary(data):
        raise BinaryInputError("input is binary data, not a text or HTML page")
    text, codec = _decode_bytes(data)
    if codec == "utf-8" and _MOJIBAKE_UTF8.search(data) is None:
        return text  # no run starts in the bytes: skip the scan of the text
    return repair_mojibake(text)


def _decode_bytes(data: bytes) -> tuple[str, str]:
    """The page's text and the codec it was decoded with."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace"), codec
    declared = _declared_charset(data[:8192])
    if declared:
        try:
            return data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        fallback = declared or "cp1252"
        return data.decode(fallback, errors="replace"), fallback
