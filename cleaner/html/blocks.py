"""trafilatura's XML body to the ordered :class:`~cleaner.model.Block` list both paths share.

Besides each block's text (what the heuristics, the scores and ``Article.text`` read), the
structure trafilatura's XML holds is kept on the block: a heading's level (``<head
rend="h3">``), a list item's list type and number (``<list rend="ol">``), a table's cells
and header row (``<cell role="head">``), code as written (indentation kept), whether a
block sits inside a blockquote, and the links (``<ref target>``, as character ranges of the
text) and images (``<graphic>``) in it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate
from urllib.parse import urljoin

from lxml import etree

from ..model import Block, Image, Link
from ..units import normalize_text, shows_nothing


def _clean_ws(text: str) -> str:
    # str.split() breaks on every Unicode space but the zero-width one
    text = normalize_text(text)
    if "\n" not in text and "\u200b" not in text:  # one line: the common case
        return " ".join(text.split())
    lines = [" ".join(line.replace("\u200b", " ").split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line).strip()


#: a run of characters that :func:`_clean_ws` keeps (``\s`` is ``str.isspace``, as ``str.split``)
_TOKEN = re.compile(r"[^\s\u200b]+")


def _clean_ws_spans(raw: str, spans: list[tuple[int, int, str]], text: str) -> list[tuple[int, int, str]]:
    """``spans`` (start, end, payload; offsets in ``raw``) moved to ``text``, which is
    :func:`_clean_ws` of ``raw``; their ends off any space. A span left with no text is dropped."""
    lead = len(raw) - len(raw.lstrip())
    if raw[lead : lead + len(text)] != text:
        return _spans_moved(raw, spans)
    # the common case: cleaning only strips the ends, so an offset only shifts
    moved = []
    for start, end, payload in spans:
        a, b = max(0, start - lead), min(len(text), end - lead)
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            moved.append((a, b, payload))
    return moved


def _spans_moved(raw: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """:func:`_clean_ws_spans` for any text: the runs of characters :func:`_clean_ws` keeps
    are joined by one space or line break each, so an offset maps by the run it is in."""
    tokens = [m.span() for m in _TOKEN.finditer(raw)]
    starts = [a for a, _ in tokens]
    ends = [b for _, b in tokens]
    out_starts = list(accumulate((b - a + 1 for a, b in tokens), initial=0))
    moved = []
    for start, end, payload in spans:
        if end <= start:
            continue
        first = bisect_right(ends, start)  # the first run ending after start
        last = bisect_left(starts, end) - 1  # the last run starting before end
        if first > last:
            continue
        a = out_starts[first] + max(0, start - starts[first])
        b = out_starts[last] + min(end, ends[last]) - starts[last]
        moved.append((a, b, payload))
    return moved


#: the text of an element with what the walk found in it: (text, characters inside
#: links, links as (start, end, address) offsets in the text, images)
_Inline = tuple[str, int, list[tuple[int, int, str]], list[Image]]
_NONE: list = []  # shared by the many blocks without links or images: never appended to


def _image(el: etree._Element) -> Image | None:
    src = (el.get("src") or el.get("data-src") or "").strip()
    if not src:
        return None
    return Image(src=src, alt=" ".join((el.get("alt") or "").split()), title=" ".join((el.get("title") or "").split()))


def _inline_text(el: etree._Element) -> _Inline:
    """Text of ``el``, the number of characters inside links, the links (raw offsets) and images.

    Line breaks come from <lb> and nested blocks only; a newline inside a text node is
    source formatting (a hard-wrapped HTML file) and reads as a space, except in code and
    quotes (trafilatura renders <pre> as one of the two).
    """
    if not len(el) and el.tag not in ("ref", "cell", "code", "quote"):  # plain text, the common case
        return (el.text or "").replace("\n", " "), 0, _NONE, _NONE
    parts: list[str] = []
    links: list[tuple[int, int, str]] = []
    images: list[Image] = []
    length = link_chars = 0

    def add(text: str) -> None:
        nonlocal length
        parts.append(text)
        length += len(text)

    def text_of(raw: str, in_code: bool) -> str:
        return raw if in_code else raw.replace("\n", " ")

    def walk(node: etree._Element, in_link: bool, in_code: bool) -> None:
        nonlocal link_chars
        tag = node.tag
        is_link = in_link or tag == "ref"
        is_code = in_code or tag in ("code", "quote")  # trafilatura turns <pre> into either
        start = length
        if tag == "lb":
            add("\n")
        elif tag in ("list", "item", "p", "head", "quote", "row") and node is not el:
            add("\n")
        elif tag == "graphic" and (image := _image(node)) is not None:
            images.append(image)
        if node.text:
            add(text_of(node.text, is_code))
            if is_link:
                link_chars += len(node.text.strip())
        for child in node:
            if isinstance(child.tag, str):
                walk(child, is_link, is_code)
            if child.tail:
                add(text_of(child.tail, is_code))
                if is_link:
                    link_chars += len(child.tail.strip())
        if tag == "ref" and not in_link and (target := node.get("target")):
            links.append((start, length, target))
        elif tag == "cell":
            add(" | ")

    walk(el, False, False)
    return "".join(parts), link_chars, links or _NONE, images or _NONE


def _cell_text(cell: etree._Element) -> tuple[str, str, int]:
    """A cell's text as the table's text has it (every `` | `` a space), as written (only
    the separator the walk adds after the cell dropped), and its link characters."""
    text, link_chars, _, _ = _inline_text(cell)
    return " ".join(text.replace(" | ", " ").split()), " ".join(text.removesuffix(" | ").split()), link_chars


def _table(table: etree._Element) -> tuple[str, int, list[list[str]], bool]:
    """The table's text (a row a line, non-empty cells joined by `` | ``), its link
    characters, its rows of cells (empty cells kept, so that columns line up) and whether
    its first row is a header row."""
    lines: list[str] = []
    rows: list[list[str]] = []
    links = 0
    header = False
    for row in table.iter("row"):
        texts, cells = [], []
        for cell in row.iter("cell"):
            text, written, n = _cell_text(cell)
            links += n
            texts.append(text)
            cells.append(written)
        if any(texts):
            if not rows:
                header = all(cell.get("role") == "head" for cell in row.iter("cell"))
            lines.append(" | ".join(t for t in texts if t))
            rows.append(cells)
    return "\n".join(lines), links, rows, header


def _code(el: etree._Element) -> str:
    """The code of a <code> element as written: its text with <lb> as line breaks,
    surrounding blank lines and trailing spaces dropped, indentation kept."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.tag == "lb":
            parts.append("\n")
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    lines = [line.rstrip() for line in "".join(parts).replace("\u200b", "").split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


_HEADING_LEVEL = re.compile(r"^h([1-6])$")
#: a <quote> holding one of these is a container of blocks, not one quote block
_QUOTE_CHILDREN = ("p", "list", "head")


#: elements of trafilatura's body whose children are the blocks
_CONTAINERS = frozenset({"div", "body", "doc", "main", "cell", "row", "table"})
#: a table with a cell holding one of these, or two paragraphs, lays out a page: its
#: cells' paragraphs and headings are the blocks, not rows of a data table
_LAYOUT_MARKS = ("head", "list", "table")


def _is_layout(table: etree._Element) -> bool:
    """True when ``table`` lays out the page (cells holding headings, lists, tables or
    several paragraphs) rather than holding data."""
    for cell in table.iter("cell"):
        if next(cell.iter(*_LAYOUT_MARKS), None) is not None or len(cell.findall(".//p")) >= 2:
            return True
    return False


def body_blocks(body: etree._Element | None, base_url: str | None = None) -> list[Block]:
    """Turn trafilatura's XML body into ordered blocks; link and image addresses are made
    absolute against ``base_url`` (the page's URL) when it is given."""
    if body is None:
        return []
    blocks: list[Block] = []
    pending_images: list[Image] = []  # <graphic> between blocks: they go with the next block

    resolved: dict[str, str] = {}

    def absolute(address: str) -> str:
        if not base_url or address.startswith(("https://", "http://")):
            return address
        if address not in resolved:
            resolved[address] = urljoin(base_url, address)
        return resolved[address]

    def add(inline: _Inline | str, kind: str, tag: str, quoted: bool) -> Block | None:
        raw, link_chars, links, images = (inline, 0, _NONE, _NONE) if isinstance(inline, str) else inline
        text = _clean_ws(raw)
        if shows_nothing(text):  # empty, or a spacer of zero-width characters
            pending_images.extend(images)
            return None
        chars = len(text.replace("\n", "").replace(" ", "")) or 1
        block = Block(text, kind, min(1.0, link_chars / chars), len(blocks), tag)
        if quoted:
            block.quoted = True
        if links:
            block.links = tuple(Link(a, b, absolute(href)) for a, b, href in _clean_ws_spans(raw, links, text))
        if images or pending_images:
            block.images = tuple(Image(absolute(i.src), i.alt, i.title) for i in (*pending_images, *images))
            pending_images.clear()
        blocks.append(block)
        return block

    def visit(el: etree._Element, quoted: bool) -> None:
        tag = el.tag
        if not isinstance(tag, str):
            return
        if tag == "list":
            if el.text and el.text.strip():
                add(el.text, "paragraph", "list", quoted)
            ordered = el.get("rend") == "ol"
            number = 0
            for child in el:
                if child.tag == "item":
                    number += 1
                    if item := add(_inline_text(child), "list_item", "item", quoted):
                        item.ordered = ordered
                        if ordered:
                            item.number = number
                else:
                    visit(child, quoted)
                if child.tail and child.tail.strip():
                    add(child.tail, "paragraph", "list", quoted)
            return
        if tag == "table" and not _is_layout(el):
            text, links, rows, header = _table(el)
            if table := add((text, links, _NONE, _NONE), "table", "table", quoted):
                table.rows, table.header = rows, header
            return
        kind = {"head": "heading", "quote": "quote", "code": "code"}.get(tag, "paragraph")
        # a cell or row met outside a table: trafilatura took a layout table's cell as the
        # article's container (its paragraphs are blocks, not one table cell)
        if tag in _CONTAINERS or (tag == "quote" and any(c.tag in _QUOTE_CHILDREN for c in el)):
            inner = quoted or tag == "quote"
            if el.text and el.text.strip():
                add(el.text, kind, tag, inner)
            for child in el:
                visit(child, inner)
                if child.tail and child.tail.strip():
                    add(child.tail, "paragraph", tag, inner)
            return
        if tag == "graphic":
            if (image := _image(el)) is not None:
                pending_images.append(image)
            return
        block = add(_inline_text(el), kind, tag, quoted or kind == "quote")
        if block is None:
            return
        if kind == "heading":
            level = _HEADING_LEVEL.match(el.get("rend") or "")
            block.level = int(level.group(1)) if level else None
        elif kind == "code":
            block.verbatim = _code(el)

    visit(body, False)
    if pending_images and blocks:  # images after the last block go with it
        blocks[-1].images += tuple(Image(absolute(i.src), i.alt, i.title) for i in pending_images)
    for i, block in enumerate(blocks):
        block.position = i
    return blocks
