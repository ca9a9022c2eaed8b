"""An :class:`~cleaner.model.Article` as Markdown that a CommonMark renderer reads as meant.

- ``# title``, then the byline in italics;
- headings at their level (``<h3>`` gives ``###``; a heading of unknown level, as in a text
  dump, ``##``);
- list items as numbered (``3.``) or bulleted (``-``) items, consecutive items one list; a
  numbered list that starts again at a lower number is a new list;
- tables as GFM pipe tables (the first row the header row, as GFM needs one; ``|`` in a
  cell escaped);
- code fenced with backticks (a longer fence when the code holds three), as written;
- blockquotes (``>``) around every run of quoted blocks;
- links as ``[text](address)`` and images as ``![alt](address)`` (an image on its own line
  before its block; in a list item, after its text); both can be turned off;
- a line break inside a block as a hard break (``\\`` at the line's end);
- text that would read as markup escaped with a backslash: ``*``, `````, ``[``, ``]``,
  ``<``, ``~``, ``\\``, ``_`` outside a word, ``&`` before an entity, and at a line's start
  ``#``, ``>``, ``-``, ``+``, ``=`` and the ``.``/``)`` after a number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Article, Block, Image, Link

_ALWAYS = frozenset("\\`*[]<~")
_LINE_START = frozenset("#>-+=")
_NUMBER_DOT = re.compile(r"[0-9]+[.)]")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
#: characters of an address that would end or break a Markdown link destination
_DESTINATION = str.maketrans({" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E", "\\": "%5C"})


def _escaped(text: str, line_start: bool = True, extra: str = "") -> str:
    """``text`` (one line) with what would read as markup escaped; ``line_start`` when it
    begins a line; ``extra``: more characters to escape wherever they are."""
    out: list[str] = []
    number = _NUMBER_DOT.match(text) if line_start else None
    for i, ch in enumerate(text):
        if (
            ch in _ALWAYS
            or ch in extra
            or (i == 0 and line_start and ch in _LINE_START)
            or (number is not None and i == number.end() - 1)
            or (ch == "_" and not (0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()))
            or (ch == "&" and _ENTITY.match(text, i))
        ):
            out.append("\\")
        out.append(ch)
    return "".join(out)


def destination(address: str) -> str:
    """An address as a link destination: the characters that would end it percent-encoded."""
    return address.strip().translate(_DESTINATION)


def _image(image: Image) -> str:
    return f"![{_escaped(image.alt, False)}]({destination(image.src)})"


def _inline(text: str, links: Iterable[Link], heading: bool = False) -> list[str]:
    """The lines of a block's text, escaped, with its links as ``[text](address)``; in a
    ``heading`` every ``#`` is escaped (a trailing one would close it) and none starts a line."""
    spans = sorted((link.start, link.end, link.href) for link in links if 0 <= link.start < link.end <= len(text))
    lines: list[str] = []
    current: list[str] = []
    at_line_start = True

    def plain(chunk: str) -> None:
        nonlocal at_line_start
        for k, line in enumerate(chunk.split("\n")):
            if k:
                lines.append("".join(current))
                current.clear()
                at_line_start = True
            if line:
                current.append(_escaped(line, at_line_start and not heading, "#" if heading else ""))
                at_line_start = False

    pos = 0
    for start, end, href in spans:
        if start < pos:
            continue  # overlaps the link before
        plain(text[pos:start])
        label = " ".join(text[start:end].split())
        current.append(f"[{_escaped(label, False, '#' if heading else '')}]({destination(href)})")
        at_line_start = False
        pos = end
    plain(text[pos:])
    lines.append("".join(current))
    return [line for line in lines if line]


def _hard_breaks(lines: list[str], indent: str = "") -> str:
    return ("\\\n" + indent).join(lines)


def _fence(code: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}\n{code}\n{fence}"


def _cell(text: str) -> str:
    return _escaped(" ".join(text.split()), False).replace("|", "\\|")


def _table(block: Block) -> str:
    rows = [row for row in (block.rows or []) if any(row)]
    if not rows:
        return _hard_breaks(_inline(block.text, ()))
    width = max(len(row) for row in rows)
    lines = ["| " + " | ".join(_cell(c) for c in row + [""] * (width - len(row))) + " |" for row in rows]
    lines.insert(1, "|" + " --- |" * width)
    return "\n".join(lines)


def _block(block: Block, links: bool, images: bool) -> list[str]:
    """The Markdown chunks (paragraph-level pieces) of one block outside a list."""
    chunks = [_image(i) for i in block.images] if images else []
    if block.kind == "heading":
        text = " ".join(_inline(block.text, block.links if links else (), heading=True))
        chunks.append("#" * (block.level or 2) + " " + text)
    elif block.kind == "code":
        chunks.append(_fence(block.verbatim if block.verbatim is not None else block.text))
    elif block.kind == "table":
        chunks.append(_table(block))
    else:
        chunks.append(_hard_breaks(_inline(block.text, block.links if links else ())))
    return chunks


def _item(block: Block, links: bool, images: bool) -> str:
    marker = f"{block.number or 1}." if block.ordered else "-"
    lines = _inline(block.text, block.links if links else ())
    if images and block.images:
        lines[-1] += " " + " ".join(_image(i) for i in block.images)
    return f"{marker} " + _hard_breaks(lines, " " * (len(marker) + 1))


def _same_list_type(block: Block, previous: Block | None) -> bool:
    return previous is not None and previous.kind == "list_item" and bool(previous.ordered) == bool(block.ordered)


def _new_list(block: Block, previous: Block | None) -> bool:
    """True when the list item ``block`` starts a list: after a block that is no item of
    the same type, or in a numbered list when its number does not follow on."""
    if not _same_list_type(block, previous):
        return True
    return bool(block.ordered) and (block.number or 0) <= (previous.number or 0)  # type: ignore[union-attr]


def _chunks(blocks: list[Block], links: bool, images: bool) -> list[str]:
    chunks: list[str] = []
    previous: Block | None = None
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.quoted:
            j = i
            while j < len(blocks) and blocks[j].quoted:
                j += 1
            inner = "\n\n".join(_chunks([_unquoted(b) for b in blocks[i:j]], links, images))
            chunks.append("\n".join(f"> {line}" if line else ">" for line in inner.split("\n")))
            previous, i = None, j
            continue
        if block.kind == "list_item":
            if _new_list(block, previous):
                if (
                    previous is not None
                    and previous.kind == "list_item"
                    and bool(previous.ordered) == bool(block.ordered)
                ):
                    chunks.append("<!-- -->")  # two lists in a row: without it, one list
                chunks.append(_item(block, links, images))
            else:
                chunks[-1] += "\n" + _item(block, links, images)
        else:
            chunks.extend(_block(block, links, images))
        previous = block
        i += 1
    return chunks


def _unquoted(block: Block) -> Block:
    from dataclasses import replace

    return replace(block, quoted=False)


def render(article: Article, links: bool = True, images: bool = True) -> str:
    """:meth:`Article.to_markdown`: the article as Markdown, ending in a newline."""
    parts: list[str] = []
    if article.title:
        parts.append("# " + _escaped(" ".join(article.title.split()), False, "#"))
    byline = " · ".join(x for x in (article.author, article.date) if x)
    if byline:
        parts.append(f"*{_escaped(byline, False)}*")
    parts.extend(_chunks(article.blocks, links, images))
    return "\n\n".join(parts) + "\n"
