"""Turn raw page bytes into text, as the HTML standard's encoding sniffing does: a byte-order
mark, then the encoding the caller (the transport) gives, then the page's declared charset
(meta prescan), then detection (valid UTF-8, else :mod:`charset_normalizer`), then a lossy
fallback. Never raises on undecodable bytes; raises on binary, empty or over-size input.

The text is then made safe for the parser: characters that make libxml2 or trafilatura drop
text (C0 controls but tab and line breaks, NUL, U+FFFE/U+FFFF, lone surrogates) are removed
or replaced (:func:`scrub`)."""

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


#: WHATWG encoding labels Python's codec registry does not know, and what they decode as
_LABELS = {
    "windows-874": "cp874",
    "windows-949": "cp949",
    "windows-31j": "cp932",
    "x-sjis": "cp932",
    "x-mac-cyrillic": "mac-cyrillic",
    "x-mac-ukrainian": "mac-cyrillic",
    "iso-8859-8-i": "iso8859-8",
    "csiso88598i": "iso8859-8",
    "logical": "iso8859-8",
    "x-gbk": "gb18030",
    "unicode-1-1-utf-8": "utf-8",
    "unicode11utf8": "utf-8",
    "unicode20utf8": "utf-8",
    "x-unicode20utf8": "utf-8",
    "ks_c_5601-1989": "cp949",
    "x-cp1250": "cp1250",
    "x-cp1251": "cp1251",
    "x-cp1252": "cp1252",
    "x-cp1253": "cp1253",
    "x-cp1254": "cp1254",
    "x-cp1255": "cp1255",
    "x-cp1256": "cp1256",
    "x-cp1257": "cp1257",
    "x-cp1258": "cp1258",
    "x-user-defined": "cp1252",
}
#: the encodings of the web (the WHATWG Encoding Standard), by Python codec name, and the
#: codec each decodes as there: latin-1 and ASCII labels mean windows-1252, Shift_JIS means
#: Windows-31J, EUC-KR means windows-949, GBK and GB2312 mean GB18030, Big5 means Big5-HKSCS.
#: Any other codec Python knows (punycode, idna, rot13, utf-7, base64...) is not a page encoding.
WEB_CODECS = {
    **{name: name for name in ("utf-8", "cp866", "koi8-r", "koi8-u", "mac-roman", "mac-cyrillic", "gb18030")},
    **{f"iso8859-{n}": f"iso8859-{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)},
    **{f"cp{n}": f"cp{n}" for n in range(1250, 1259)},
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "iso8859-9": "cp1254",
    "cp874": "cp874",
    "tis-620": "cp874",
    "iso8859-11": "cp874",
    "gbk": "gb18030",
    "gb2312": "gb18030",
    "big5": "big5hkscs",
    "big5hkscs": "big5hkscs",
    "cp950": "big5hkscs",
    "euc_jp": "euc_jp",
    "iso2022_jp": "iso2022_jp",
    "shift_jis": "cp932",
    "cp932": "cp932",
    "euc_kr": "cp949",
    "cp949": "cp949",
    "utf-16": "utf-16",
    "utf-16-le": "utf-16-le",
    "utf-16-be": "utf-16-be",
}


def web_codec(label: str) -> str | None:
    """The Python codec a web encoding label decodes as (``"Shift_JIS"`` -> ``"cp932"``),
    or None for a label that names no web encoding (unknown, or a codec such as punycode)."""
    name = label.strip().lower()
    name = _LABELS.get(name, name)
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return WEB_CODECS.get(codec)


def _declared_charset(head: bytes) -> str | None:
    """The encoding a page's head declares (meta charset, http-equiv, XML declaration).

    As in the HTML standard's prescan, a meta declaring UTF-16 on a page that got this far
    (no BOM: its bytes are ASCII-compatible) means UTF-8, and a label naming no web
    encoding is ignored.
    """
    for pattern in (_META_CHARSET, _XML_DECL):
        for match in pattern.finditer(head):
            codec = web_codec(match.group(1).decode("ascii", "ignore"))
            if codec is not None:
                return "utf-8" if codec.startswith("utf-16") else codec
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


#: what :func:`scrub` removes: C0 controls but tab, line feed, vertical tab, form feed,
#: carriage return and the four separators U+001C-U+001F; NUL; the noncharacters U+FFFE
#: and U+FFFF. lxml refuses them in the elements trafilatura builds, and trafilatura then
#: returns nothing for the whole page (about one real page in 300 holds one). Lone
#: surrogates (only a ``str`` can hold them) stop libxml2 where they are; they become U+FFFD.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\ufffe\uffff]+")
#: ... and what it turns into a space: vertical tab, form feed and the separators
#: U+001C-U+001F are whitespace to Python (and so kept by trafilatura's own control-character
#: filter), but lxml refuses them too: one in a heading lost the page's metadata with a ValueError
_SPACE_CONTROLS = re.compile("[\x0b\x0c\x1c-\x1f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
#: the control characters as bytes of any ASCII-compatible encoding, looked for one by one:
#: a one-byte search runs at memory speed, a regex character class at a tenth of it (and a
#: three-byte search for U+FFFE in UTF-8 at a third: the noncharacters are looked for in the text)
_UNSAFE_BYTES = tuple(bytes([b]) for b in (*range(0, 9), 11, 12, *range(14, 32)))


def _unsafe_in(raw: bytes, text: str) -> bool:
    """Whether ``text``, decoded from ASCII-compatible ``raw``, holds a character :func:`scrub` removes."""
    return any(b in raw for b in _UNSAFE_BYTES) or "\ufffe" in text or "\uffff" in text


def scrub(text: str) -> str:
    """``text`` without the characters that make the parser or trafilatura lose text (see
    :data:`_CONTROLS`): controls and noncharacters removed (the whitespace controls of
    :data:`_SPACE_CONTROLS` made spaces), each lone surrogate replaced by
    U+FFFD (a valid surrogate pair becomes its character). Nothing else changes; a text
    holding none of them is returned as it is."""
    try:
        if not _unsafe_in(text.encode("utf-8"), text):
            return text
    except UnicodeEncodeError:  # a surrogate
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return _SPACE_CONTROLS.sub(" ", _CONTROLS.sub("", text))


def decode(data: bytes | str, max_bytes: int = MAX_BYTES, encoding: str | None = None) -> str:
    """Decode a page to ``str``, scrubbed (:func:`scrub`) and double-encoded UTF-8 repaired.

    Order, as in the HTML standard: byte-order mark; ``encoding`` (what the transport or the
    caller says, such as an HTTP ``charset``); the charset the page declares
    (``<meta charset>``, ``http-equiv`` or XML declaration; UTF-16 there means UTF-8);
    valid UTF-8; the encoding :mod:`charset_normalizer` detects; windows-1252 with
    replacement characters. A label naming no web encoding (see :func:`web_codec`) is
    ignored. ``encoding`` is ignored for ``str`` input. Raises :class:`EmptyInputError`,
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
        return repair_mojibake(scrub(text))
    if not data.strip():
        raise EmptyInputError("input is empty")
    if looks_binary(data):
        raise BinaryInputError("input is binary data, not a text or HTML page")
    text, codec = _decode_bytes(data, encoding)
    if codec in _NOT_ASCII_COMPATIBLE or _unsafe_in(data, text):
        text = scrub(text)  # in an ASCII-compatible page, an unsafe character shows in its bytes
    if codec == "utf-8" and _MOJIBAKE_UTF8.search(data) is None:
        return text  # no run starts in the bytes: skip the scan of the text
    return repair_mojibake(text)


#: codecs whose bytes can hold a control byte that decodes to no control character (or the
#: other way round): their text is scrubbed without a look at the bytes first
_NOT_ASCII_COMPATIBLE = frozenset({"utf-16-le", "utf-16-be", "utf-16", "utf-32-le", "utf-32-be", "iso2022_jp"})


def decode_head(data: bytes) -> str:
    """The start of a page, read well enough to tell markup from text: by its byte-order mark,
    else as UTF-8 with replacement characters (markup is ASCII in every web encoding). No
    detection runs, and nothing is raised: the whole page is decoded later."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    return data.decode("utf-8", errors="replace")


def _decode_as(data: bytes, codec: str) -> tuple[str, str]:
    """``data`` in ``codec``; when it is not, valid UTF-8 as UTF-8 (a page mislabelled by
    its server or template), else ``codec`` with replacement characters."""
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode(codec, errors="replace"), codec


def _decode_bytes(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """The page's text and the codec it was decoded with."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace"), codec
    given = web_codec(encoding) if encoding else None
    if given is not None:
        return _decode_as(data, given)
    declared = _declared_charset(data[:8192])
    if declared:
        return _decode_as(data, declared)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    codec = detect_encoding(data) or "cp1252"
    return data.decode(codec, errors="replace"), codec


#: the encodings detection chooses from: the web's legacy single- and multi-byte encodings
#: (UTF-8 is told before detection runs: a page that decodes as UTF-8 is UTF-8)
DETECTABLE = (
    "cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
    "iso8859_2", "iso8859_5", "iso8859_7", "iso8859_15", "koi8_r", "koi8_u", "cp866", "cp874",
    "cp932", "euc_jp", "iso2022_jp", "gb18030", "big5hkscs", "cp949",
)  # fmt: skip
#: detection reads at most this many bytes of the page, its markup stripped
DETECT_BYTES = 64 * 1024
_TAGS = re.compile(rb"<(script|style)\b.*?</\1\s*>|<[^>]*>", re.S | re.I)


def detect_encoding(data: bytes) -> str | None:
    """The legacy encoding :mod:`charset_normalizer` finds in an undeclared, non-UTF-8 page
    (its text, markup stripped), as a web codec name; None when it finds none. Where
    windows-1252 reads the sample as well as the best guess (a short French or German
    text reads the same in windows-1250), windows-1252 is taken."""
    from charset_normalizer import from_bytes

    sample = _TAGS.sub(b" ", data[: 4 * DETECT_BYTES])[:DETECT_BYTES]
    if sample.isascii():
        return None
    matches = list(from_bytes(sample, cp_isolation=list(DETECTABLE)))
    if not matches:
        return None
    best = matches[0]
    if any(_as_good(m, best) for m in matches if m.encoding == "cp1252") or "cp1252" in best.could_be_from_charset:
        return "cp1252"  # a tie on a short Latin sample: the web's most common legacy encoding
    return web_codec(best.encoding)


def _as_good(match, best) -> bool:
    return match.chaos <= best.chaos and match.coherence >= best.coherence - TIE_COHERENCE


#: a windows-1252 reading this close in language coherence to the best one is preferred
TIE_COHERENCE = 0.05
