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
from dataclasses import dataclass, field
from urllib.parse import urljoin

from lxml import etree

from ..model import Block, Image, Link


def _clean_ws(text: str) -> str:
    # str.split() breaks on every Unicode space but the zero-width one
    lines = [" ".join(line.replace("\u200b", " ").split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line).strip()


#: a run of characters that :func:`_clean_ws` keeps (``\s`` is ``str.isspace``, as ``str.split``)
_TOKEN = re.compile(r"[^\s\u200b]+")


def _clean_ws_spans(raw: str, spans: list[tuple[int, int, str]]) -> tuple[str, list[tuple[int, int, str]]]:
    """:func:`_clean_ws` of ``raw``, and ``spans`` (start, end, payload; offsets in ``raw``)
    moved to the cleaned text. A span left with no text is dropped."""
    tokens = list(_TOKEN.finditer(raw))
    starts = [t.start() for t in tokens]
    ends = [t.end() for t in tokens]
    out_starts: list[int] = []
    pos = 0
    for i, token in enumerate(tokens):
        if i:
            pos += 1  # the one space or line break between two kept tokens
        out_starts.append(pos)
        pos += token.end() - token.start()
    text = "\n".join(" ".join(t.group() for t in line) for line in _lines(raw, tokens) if line)
    moved = []
    for start, end, payload in spans:
        if end <= start:
            continue
        first = bisect_right(ends, start)  # the first token ending after start
        last = bisect_left(starts, end) - 1  # the last token starting before end
        if first > last:
            continue
        a = out_starts[first] + max(0, start - starts[first])
        b = out_starts[last] + min(end, ends[last]) - starts[last]
        moved.append((a, b, payload))
    return text, moved


def _lines(raw: str, tokens: list[re.Match[str]]) -> list[list[re.Match[str]]]:
    """``tokens`` grouped by the line of ``raw`` they are on."""
    lines: list[list[re.Match[str]]] = [[]]
    last = 0
    for token in tokens:
        if "\n" in raw[last : token.start()]:
            lines.append([])
        lines[-1].append(token)
        last = token.end()
    return lines


@dataclass
class _Inline:
    """The text of an element as the walk builds it, with its links and images."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    link_chars: int = 0
    links: list[tuple[int, int, str]] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    @property
    def text(self) -> str:
        return "".join(self.parts)


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
    out = _Inline()
    if not len(el) and el.tag not in ("ref", "cell", "code", "quote"):  # plain text, the common case
        out.add((el.text or "").replace("\n", " "))
        return out

    def text_of(raw: str, in_code: bool) -> str:
        return raw if in_code else raw.replace("\n", " ")

    def walk(node: etree._Element, in_link: bool, in_code: bool) -> None:
        is_link = in_link or node.tag == "ref"
        is_code = in_code or node.tag in ("code", "quote")  # trafilatura turns <pre> into either
        start = out.length
        if node.tag == "lb":
            out.add("\n")
        elif node.tag in ("list", "item", "p", "head", "quote", "row") and node is not el:
            out.add("\n")
        elif node.tag == "graphic" and (image := _image(node)) is not None:
            out.images.append(image)
        if node.text:
            out.add(text_of(node.text, is_code))
            if is_link:
                out.link_chars += len(node.text.strip())
        for child in node:
            if isinstance(child.tag, str):
                walk(child, is_link, is_code)
            if child.tail:
                out.add(text_of(child.tail, is_code))
                if is_link:
                    out.link_chars += len(child.tail.strip())
        if node.tag == "ref" and not in_link and node.get("target"):
            out.links.append((start, out.length, node.get("target", "")))
        if node.tag == "cell":
            out.add(" | ")

    walk(el, False, False)
    return out


def _cell_text(cell: etree._Element) -> tuple[str, str, int]:
    """A cell's text as the table's text has it (every `` | `` a space), as written (only
    the separator the walk adds after the cell dropped), and its link characters."""
    inline = _inline_text(cell)
    raw = inline.text.removesuffix(" | ")
    return " ".join(inline.text.replace(" | ", " ").split()), " ".join(raw.split()), inline.link_chars


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


def body_blocks(body: etree._Element | None, base_url: str | None = None) -> list[Block]:
    """Turn trafilatura's XML body into ordered blocks; link and image addresses are made
    absolute against ``base_url`` (the page's URL) when it is given."""
    if body is None:
        return []
    blocks: list[Block] = []
    pending_images: list[Image] = []  # <graphic> between blocks: they go with the next block

    def absolute(address: str) -> str:
        return urljoin(base_url, address) if base_url else address

    def add(inline: _Inline | str, kind: str, tag: str, quoted: bool, **structure) -> None:
        raw = inline if isinstance(inline, str) else inline.text
        text = _clean_ws(raw)
        if not text:
            if isinstance(inline, _Inline):
                pending_images.extend(inline.images)
            return
        link_chars = 0 if isinstance(inline, str) else inline.link_chars
        chars = len(text.replace("\n", "").replace(" ", "")) or 1
        block = Block(
            text=text,
            kind=kind,
            link_density=min(1.0, link_chars / chars),
            position=len(blocks),
            tag=tag,
            quoted=quoted,
            **structure,
        )
        if isinstance(inline, _Inline):
            if inline.links:
                spans_text, spans = _clean_ws_spans(raw, inline.links)
                if spans_text == text:
                    block.links = [Link(start=a, end=b, href=absolute(href)) for a, b, href in spans]
            block.images = [*pending_images, *inline.images]
            pending_images.clear()
        elif pending_images:
            block.images = pending_images[:]
            pending_images.clear()
        for image in block.images:
            image.src = absolute(image.src)
        blocks.append(block)

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
                    add(
                        _inline_text(child),
                        "list_item",
                        "item",
                        quoted,
                        ordered=ordered,
                        number=number if ordered else None,
                    )
                else:
                    visit(child, quoted)
                if child.tail and child.tail.strip():
                    add(child.tail, "paragraph", "list", quoted)
            return
        if tag == "table":
            text, links, rows, header = _table(el)
            inline = _Inline(parts=[text], length=len(text), link_chars=links)
            add(inline, "table", "table", quoted, rows=rows, header=header)
            return
        kind = {"head": "heading", "quote": "quote", "code": "code"}.get(tag, "paragraph")
        if tag in ("div", "body", "doc", "main") or (tag == "quote" and any(c.tag in _QUOTE_CHILDREN for c in el)):
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
        structure: dict = {}
        if kind == "heading":
            level = _HEADING_LEVEL.match(el.get("rend") or "")
            structure["level"] = int(level.group(1)) if level else None
        elif kind == "code":
            structure["verbatim"] = _code(el)
        add(_inline_text(el), kind, tag, quoted or kind == "quote", **structure)

    visit(body, False)
    if pending_images and blocks:  # images after the last block go with it
        blocks[-1].images.extend(Image(absolute(i.src), i.alt, i.title) for i in pending_images)
    for i, block in enumerate(blocks):
        block.position = i
    return blocks
