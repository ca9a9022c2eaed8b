"""trafilatura's XML body to the ordered :class:`~cleaner.model.Block` list both paths share."""

from __future__ import annotations

from lxml import etree

from ..model import Block
from ..units import normalize_text


def _clean_ws(text: str) -> str:
    # str.split() breaks on every Unicode space but the zero-width one
    lines = [" ".join(line.replace("\u200b", " ").split()) for line in normalize_text(text).split("\n")]
    return "\n".join(line for line in lines if line).strip()


def _inline_text(el: etree._Element) -> tuple[str, int]:
    """Text of ``el`` and the number of characters inside links.

    Line breaks come from <lb> and nested blocks only; a newline inside a text node is
    source formatting (a hard-wrapped HTML file) and reads as a space, except in code and
    quotes (trafilatura renders <pre> as one of the two).
    """
    if not len(el) and el.tag not in ("ref", "cell", "code", "quote"):  # plain text, the common case
        return (el.text or "").replace("\n", " "), 0
    parts: list[str] = []
    link_chars = 0

    def text_of(raw: str, in_code: bool) -> str:
        return raw if in_code else raw.replace("\n", " ")

    def walk(node: etree._Element, in_link: bool, in_code: bool) -> None:
        nonlocal link_chars
        is_link = in_link or node.tag == "ref"
        is_code = in_code or node.tag in ("code", "quote")  # trafilatura turns <pre> into either
        if node.tag == "lb":
            parts.append("\n")
        elif node.tag in ("list", "item", "p", "head", "quote", "row") and node is not el:
            parts.append("\n")
        if node.text:
            parts.append(text_of(node.text, is_code))
            if is_link:
                link_chars += len(node.text.strip())
        for child in node:
            if isinstance(child.tag, str):
                walk(child, is_link, is_code)
            if child.tail:
                parts.append(text_of(child.tail, is_code))
                if is_link:
                    link_chars += len(child.tail.strip())
        if node.tag == "cell":
            parts.append(" | ")

    walk(el, False, False)
    return "".join(parts), link_chars


def _table_text(table: etree._Element) -> tuple[str, int]:
    rows: list[str] = []
    links = 0
    for row in table.iter("row"):
        cells = []
        for cell in row.iter("cell"):
            text, n = _inline_text(cell)
            links += n
            text = " ".join(text.replace(" | ", " ").split())
            if text:
                cells.append(text)
        if cells:
            rows.append(" | ".join(cells))
    return "\n".join(rows), links


def body_blocks(body: etree._Element | None) -> list[Block]:
    """Turn trafilatura's XML body into ordered blocks."""
    if body is None:
        return []
    blocks: list[Block] = []

    def add(text: str, kind: str, links: int, tag: str) -> None:
        text = _clean_ws(text)
        if not text:
            return
        chars = len(text.replace("\n", "").replace(" ", "")) or 1
        density = min(1.0, links / chars)
        blocks.append(Block(text=text, kind=kind, link_density=density, position=len(blocks), tag=tag))

    def visit(el: etree._Element) -> None:
        tag = el.tag
        if not isinstance(tag, str):
            return
        if tag == "list":
            if el.text and el.text.strip():
                add(el.text, "paragraph", 0, "list")
            for child in el:
                if child.tag == "item":
                    text, n = _inline_text(child)
                    add(text, "list_item", n, "item")
                else:
                    visit(child)
                if child.tail and child.tail.strip():
                    add(child.tail, "paragraph", 0, "list")
            return
        if tag == "table":
            text, n = _table_text(el)
            add(text, "table", n, "table")
            return
        kind = {"head": "heading", "quote": "quote", "code": "code"}.get(tag, "paragraph")
        if tag in ("div", "body", "doc", "main") or (
            tag == "quote" and any(c.tag in ("p", "list", "head") for c in el)
        ):
            if el.text and el.text.strip():
                add(el.text, kind, 0, tag)
            for child in el:
                visit(child)
                if child.tail and child.tail.strip():
                    add(child.tail, "paragraph", 0, tag)
            return
        if tag in ("graphic",):
            return
        text, n = _inline_text(el)
        add(text, kind, n, tag)

    visit(body)
    for i, block in enumerate(blocks):
        block.position = i
    return blocks
