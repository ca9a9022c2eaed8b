"""The text path: split a plain-text page dump into blocks.

A dump holds one block of the page per line (or per paragraph separated by blank lines);
hard-wrapped paragraphs are joined back together.
"""

from __future__ import annotations

import re

from .model import Block

_BULLET = re.compile(r"^\s*([*•·▪‣◦\-–—]|\d{1,2}[.)])\s+|^\s*\*(?=\S)")


def split_blocks(text: str) -> list[Block]:
    """Split a text dump into blocks: one a non-empty line; bullet lines are list items."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[Block] = []
    for line in text.split("\n"):
        line = " ".join(line.split())
        if not line:
            continue
        kind = "list_item" if _BULLET.match(line) else "paragraph"
        blocks.append(Block(text=line, kind=kind, position=len(blocks), tag="line"))
    return blocks


def main_region(scores: list[float]) -> tuple[int, int]:
    """The contiguous run of blocks with the largest score sum (maximum subarray)."""
    best, best_span = float("-inf"), (0, 0)
    total, start = 0.0, 0
    for i, s in enumerate(scores):
        if total <= 0:
            total, start = s, i
        else:
            total += s
        if total > best:
            best, best_span = total, (start, i + 1)
    return best_span
