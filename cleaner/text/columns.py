"""Read a layout table's columns one after another, as the page shows them.

A converter that renders tables (inscriptis, lynx, w3m) prints a table's cells side by side:
every line of the table is padded to the table's width and a cell's text sits at the same
character offset on every line, cells apart by a gutter of blank columns. A page laid out as
a table (the story in one cell, a menu or an archive list in the next) then comes out with
the sidebar's lines glued to the story's::

    I did Advent of Code again, and had a really good time.        + January (27)
                                                                   + February (30)
    Carrying on from where I left off last post, ...               + March (33)

A data table is printed the same way, and there each line is a row that must stay one line.
A layout table is told apart by what its cells hold: one cell is prose (lines of
:data:`PROSE_CHARS` characters and more), the table has few cells, and the cells fill
different lines (a sidebar's list runs beside the story's blank lines), where a data table's
cells fill the same rows. Only such a table is unwoven: each cell's lines in turn, cell by
cell from left to right, so the story's paragraphs are lines of their own again.
"""

from __future__ import annotations

import re

#: a table is this many lines at least ...
MIN_LINES = 3
#: ... each line padded to the same width, at least this wide
MIN_WIDTH = 40
#: cells are apart by at least this many columns that are blank on every line
GUTTER = 2
#: a layout table has at most this many cells side by side
MAX_CELLS = 3
#: a prose line in a cell has at least this many characters ...
PROSE_CHARS = 100
#: ... and a layout table has a cell with at least this many of them
PROSE_LINES = 2
#: in a layout table the cell filling the fewest lines fills at most this share of the lines
#: the fullest cell fills (a data table's cells fill the same rows)
FILL_SHARE = 0.75

#: a run of text inside a cell: words with single spaces between them
_SEGMENT = re.compile(r"\S+(?: \S+)*")


def _cells(lines: list[str]) -> list[tuple[int, int]]:
    """The character spans of the cells of a block of lines of one width: the spans between
    gutters (at least :data:`GUTTER` columns blank on every line)."""
    width = len(lines[0])
    cover = [0] * (width + 1)
    for line in lines:
        for m in _SEGMENT.finditer(line):
            cover[m.start()] += 1
            cover[m.end()] -= 1
    spans: list[tuple[int, int]] = []
    depth, start, blank = 0, -1, 0
    for col in range(width):
        depth += cover[col]
        if depth:
            if start < 0:
                start = col
            elif blank >= GUTTER:
                spans.append((start, col - blank))
                start = col
            blank = 0
        elif start >= 0:
            blank += 1
    if start >= 0:
        spans.append((start, width - blank))
    return spans


def _is_layout(lines: list[str], cells: list[tuple[int, int]]) -> bool:
    """Whether a table of ``lines`` with ``cells`` lays out a page (see the module's docstring)."""
    if not 2 <= len(cells) <= MAX_CELLS:
        return False
    texts = [[line[a:b].strip() for line in lines] for a, b in cells]
    if max(sum(len(t) >= PROSE_CHARS for t in cell) for cell in texts) < PROSE_LINES:
        return False
    filled = [sum(bool(t) for t in cell) for cell in texts]
    return min(filled) <= FILL_SHARE * max(filled)


def _unweave(lines: list[str]) -> list[str]:
    """A layout table's lines cell by cell, or ``lines`` as they are for any other block."""
    cells = _cells(lines)
    if not _is_layout(lines, cells):
        return lines
    out: list[str] = []
    for a, b in cells:
        out += [line[a:b].rstrip() for line in lines]
        out.append("")
    return out


def unweave_columns(lines: list[str]) -> list[str]:
    """The dump's ``lines`` with every layout table's cells read one after another.

    A table is a run of at least :data:`MIN_LINES` lines of one width (at least
    :data:`MIN_WIDTH` characters); the lines of a data table, and all other lines, are
    returned as they are.
    """
    out: list[str] = []
    i = 0
    while i < len(lines):
        width = len(lines[i])
        j = i + 1
        while j < len(lines) and len(lines[j]) == width:
            j += 1
        block = lines[i:j]
        out += _unweave(block) if width >= MIN_WIDTH and j - i >= MIN_LINES else block
        i = j
    return out
