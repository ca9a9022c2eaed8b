"""Split a text dump into line blocks: line endings unified, hard-wrapped paragraphs rejoined."""

from __future__ import annotations

import itertools
import re

from ..model import Block
from ..units import normalize_text, shows_nothing
from .columns import unweave_columns

#: a bullet marker at the start of a line: ``* item``, ``*item``, ``- item``, ``• item``, ``1. item``,
#: and the markers renderers print for nested lists (inscriptis and lynx: ``+ item``, then
#: ``o Item``; see :func:`bullet`)
_BULLET = re.compile(r"^\s*(?:[*•·▪‣◦]|[-–—+](?=\s)|o(?=\s)|\d{1,2}[.)](?=\s))\s*(?=\S)")
#: a line that ends a sentence (or a quoted sentence)
SENTENCE_END = re.compile(r"""[.!?…:;]["'”’»)\]]*\s*$""")
#: lines at least this long count when looking for a wrap width
#: the widths a hard-wrapping tool is looked for at
WRAP_WIDTHS = range(50, 121)
#: a wrapped line ends within this many columns of the wrap width
WRAP_SLACK = 20
#: a dump is hard-wrapped when at least this many lines end near one width ...
WRAP_MIN_LINES = 6
#: ... and at least this share of those lines are continued by the next line in lower case
WRAP_CONTINUED_SHARE = 0.35
_WORD = re.compile(r"\w+", re.UNICODE)


def bullet(line: str) -> re.Match[str] | None:
    """The bullet marker opening ``line`` (:data:`_BULLET`), or None. The letter ``o`` is a
    marker only before a word that does not start in lower case: "o The new rules" is a
    nested list's item, "o sea, ..." and "o nas" are words."""
    m = _BULLET.match(line)
    if m and m.group(0).strip() == "o" and line[m.end()].islower():
        return None
    return m


def _lines(text: str) -> list[str]:
    """The dump's lines with line endings unified and whitespace collapsed ('' for a blank
    line, and for a line of zero-width characters only), the text read as a reader sees it
    (:func:`~cleaner.units.normalize_text`, as the HTML path's blocks: soft hyphens dropped,
    Unicode composed), so a dump's line and the page's paragraph are the same text. A layout
    table's cells are read one after another (:func:`~.columns.unweave_columns`)."""
    raw = unweave_columns(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    lines = [" ".join(line.split()) for line in normalize_text("\n".join(raw)).split("\n")]
    return [line if line.isascii() or not shows_nothing(line) else "" for line in lines]


def _first_word(line: str) -> str:
    return line.split(" ", 1)[0] if line else ""


def _starts_lower(line: str) -> bool:
    return bool(line) and line[0].islower()


def wrap_width(lines: list[str]) -> int | None:
    """The column a dump's paragraphs were hard-wrapped at, or None when they were not.

    A wrapped paragraph has many lines ending just short of one width whose next line
    carries on the sentence (often in lower case); an unwrapped dump has no such width.

    A line of length ``L`` whose next line's first word has ``f`` characters is a wrap point
    for every width ``w`` with ``w - WRAP_SLACK < L <= w < L + 1 + f``: a run of widths, so
    each line is read once and its run added to per-width counts (reading every line again
    for each of the 71 widths took seconds on a long dump).
    """
    low, high = WRAP_WIDTHS.start, WRAP_WIDTHS.stop - 1
    near = [0] * (high + 2)
    continued = [0] * (high + 2)
    for line, nxt in itertools.pairwise(lines):
        if not line or not nxt or bullet(nxt):
            continue
        size = len(line)
        first = max(low, size)
        last = min(high, size + WRAP_SLACK - 1, size + len(_first_word(nxt)))
        if first > last:
            continue
        near[first] += 1
        near[last + 1] -= 1
        if _starts_lower(nxt):
            continued[first] += 1
            continued[last + 1] -= 1
    best: tuple[int, int] = (0, 0)
    n_near = n_continued = 0
    for width in range(low, high + 1):
        n_near += near[width]
        n_continued += continued[width]
        if n_near >= WRAP_MIN_LINES and n_continued >= WRAP_CONTINUED_SHARE * n_near and n_near > best[1]:
            best = (width, n_near)
    return best[0] or None


#: the end of a line broken inside a word at its hyphen ("co-" then "operation")
_BROKEN_WORD = re.compile(r"\w-")


def _join(end: str, nxt: str) -> str:
    """What goes between a paragraph ending in ``end`` (its last two characters) and its next line."""
    return "" if _BROKEN_WORD.fullmatch(end) and nxt[:1].isalpha() else " "


def _continues(last: str, line: str, width: int) -> bool:
    """Whether ``line`` carries on the paragraph whose last physical line is ``last``:
    the first word of ``line`` would not have fitted on ``last`` (a wrap point, not a
    line break the author made) and ``line`` is not a bullet."""
    if not last or not line or bullet(line):
        return False
    return len(last) <= width < len(last) + 1 + len(_first_word(line))


def unwrap(lines: list[str], width: int) -> list[str]:
    """Rejoin the lines of paragraphs hard-wrapped at ``width`` (see :func:`_continues`).

    A paragraph's pieces are joined once at its end, and only its last two characters are
    looked at for a broken word: rebuilding the growing paragraph at every line took time
    quadratic in its length (a 910 KB one-paragraph dump: minutes).
    """
    paragraphs: list[list[str]] = []  # each paragraph's lines and separators
    end = ""  # the last two characters of paragraphs[-1]
    last = ""  # the last physical line of paragraphs[-1]
    for line in lines:
        if paragraphs and _continues(last, line, width):
            sep = _join(end, line)
            paragraphs[-1] += (sep, line)
            end = (end + sep + line)[-2:]
        else:
            paragraphs.append([line])
            end = line[-2:]
        last = line
    return ["".join(pieces) for pieces in paragraphs]


def renumber(blocks: list[Block]) -> list[Block]:
    """Set each block's ``position`` to its index (the region functions index by it)."""
    for i, block in enumerate(blocks):
        block.position = i
    return blocks


def _item_text(line: str, marker: re.Match[str]) -> str:
    """A list item's text: a bullet left out, a number kept ("1. Preheat the oven": the
    number is the author's, and ranked lists read by it)."""
    if marker.group(0).strip()[:1].isdigit():
        return line.strip()
    return line[marker.end() :]


def split_blocks(text: str) -> list[Block]:
    """Split a text dump into blocks: one a non-empty line, hard-wrapped paragraphs rejoined.

    Bullet lines become list items with the bullet stripped (a number is kept). ``position`` is the block's
    index in the returned list.
    """
    lines = _lines(text)
    width = wrap_width(lines)
    if width:
        lines = unwrap(lines, width)
    blocks: list[Block] = []
    for line in lines:
        if not line:
            continue
        marker = bullet(line)
        kind, body = ("list_item", _item_text(line, marker)) if marker else ("paragraph", line)
        if not _WORD.search(body):
            continue  # a bare marker or a rule of dashes
        blocks.append(Block(text=body, kind=kind, position=len(blocks), tag="line"))
    return blocks
