"""A story's own table of contents in a dump: a run of short lines, each of which comes
back further down as the heading of a section of prose.

A contents list scores as furniture line by line (short, no sentence, repeated), so the
maximum-sum region used to start under it and lose the standfirst above it. Its lines are
told by what follows them, in any language: the same text again later, as a line with
running prose just under it. They score neutral (the region crosses them) and are left
out of the article (the headings they repeat stay).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable

from ..model import Block
from .measure import ends_sentence, units
from .title import norm

#: a contents list has at least this many items ...
CONTENTS_MIN_ITEMS = 3
#: ... each at most this long (in :func:`~.measure.units`) and not a sentence
CONTENTS_MAX_UNITS = 12
#: an item's heading has a line of prose at most this many lines under it ...
HEADING_PROSE_GAP = 3
#: ... of at least this many units, ending like a sentence
PROSE_MIN_UNITS = 10
#: the headings come back in the contents' order, at least this many lines apart on
#: average (a menu printed again in the footer comes back on consecutive lines)
HEADING_MIN_SPACING = 2.0
#: recurrences of an item looked at for its heading
HEADING_TRIES = 4


#: a list marker opening an item or its heading, left out when the two are compared: a
#: number ("1.", "2)", "1.2", "10 ") or a bullet some converters print ("o", "+", "*", "•")
_MARKER = re.compile(r"^(\d{1,3}(\.\d{1,3})*[.)]?|[o+*•·▪◦‣►–—-])\s+")


def _key(text: str) -> str:
    """The text an item and its heading share: normalised, its list marker left out."""
    return norm(_MARKER.sub("", text.strip(), count=1))


#: an item may end in a question mark: a section of questions and answers ("Is it safe?")
_QUESTION = ("?", "？")


def _item_like(block: Block) -> bool:
    text = block.text.rstrip()
    return 0 < units(text) <= CONTENTS_MAX_UNITS and (text.endswith(_QUESTION) or not ends_sentence(text))


def _prose(block: Block) -> bool:
    return units(block.text) >= PROSE_MIN_UNITS and ends_sentence(block.text)


def contents_lines(blocks: list[Block]) -> list[bool]:
    """Per line: whether it is an item of a contents list (:func:`contents_map`)."""
    found = contents_map(blocks)
    return [i in found for i in range(len(blocks))]


def contents_map(blocks: list[Block]) -> dict[int, int]:
    """The items of the dump's contents lists (see the module's doc), each with the position
    of the heading it names (``{item: heading}``). A list is a run
    of at least :data:`CONTENTS_MIN_ITEMS` short lines whose texts recur, in order and
    :data:`HEADING_MIN_SPACING` lines apart on average, below the run, each recurrence
    with prose under it within :data:`HEADING_PROSE_GAP` lines."""
    keys = [_key(b.text) for b in blocks]
    where: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        if key:
            where.setdefault(key, []).append(i)
    n = len(blocks)

    def heading_after(i: int, floor: int) -> int | None:
        """The first recurrence of line ``i`` past ``floor`` with prose under it, among the
        next :data:`HEADING_TRIES` recurrences (a line repeated thousands of times, a
        hostile dump, costs no more than a few)."""
        found = where.get(keys[i], [])
        start = bisect_right(found, floor)
        for j in found[start : start + HEADING_TRIES]:
            if any(_prose(blocks[k]) for k in range(j + 1, min(n, j + 1 + HEADING_PROSE_GAP))):
                return j
        return None

    def recurs_after(i: int, floor: int) -> int | None:
        """The first recurrence of line ``i`` past ``floor``."""
        found = where.get(keys[i], [])
        start = bisect_right(found, floor)
        return found[start] if start < len(found) else None

    out: dict[int, int] = {}
    i = 0
    while i < n:
        run_end = i
        while run_end < n and _item_like(blocks[run_end]):
            run_end += 1
        if run_end - i >= CONTENTS_MIN_ITEMS:
            _mark(out, i, run_end, heading_after, recurs_after)
        i = run_end + 1
    return out


def _mark(
    out: dict[int, int],
    start: int,
    end: int,
    heading_after: Callable[[int, int], int | None],
    recurs_after: Callable[[int, int], int | None],
) -> None:
    """Mark the longest stretch of items in ``[start, end)`` whose headings recur in order,
    and the items after it whose texts recur, in order, past the last of those headings
    (:func:`_tail`)."""
    best: list[int] = []
    best_heads: list[int] = []
    items: list[int] = []
    heads: list[int] = []
    for i in range(start, end + 1):
        j = heading_after(i, heads[-1] if heads else i) if i < end else None
        if j is not None:
            items.append(i)
            heads.append(j)
            continue
        if len(items) > len(best) and _spaced(heads):
            best, best_heads = items, heads
        items, heads = [], []
    if len(best) >= CONTENTS_MIN_ITEMS:
        tail, tail_heads = _tail(best[-1] + 1, end, best_heads[-1], recurs_after)
        out.update(zip(best + tail, best_heads + tail_heads))


def _tail(
    start: int, end: int, floor: int, recurs_after: Callable[[int, int], int | None]
) -> tuple[list[int], list[int]]:
    """The items of the run from ``start`` on (before ``end``) that go on the contents list
    though their sections hold no prose in the dump (a gallery, a video, sections a page
    loads later): each one's text comes back below the heading of the item before it, in
    order, :data:`HEADING_MIN_SPACING` lines apart on average."""
    tail: list[int] = []
    heads = [floor]
    for i in range(start, end):
        j = recurs_after(i, heads[-1])
        if j is None:
            break
        tail.append(i)
        heads.append(j)
    return (tail, heads[1:]) if _spaced(heads) else ([], [])


def _spaced(heads: list[int]) -> bool:
    return len(heads) >= 2 and (heads[-1] - heads[0]) / (len(heads) - 1) >= HEADING_MIN_SPACING
