"""The headline of a text dump, its repeats in the body, and the sub-headings inside it."""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from functools import lru_cache

from ..model import Block, Removed
from ..passes import Context
from ..rules import Rule
from .measure import is_unspaced, units, word_tokens

_WORD = re.compile(r"\w+", re.UNICODE)


#: a headline has at least / at most this many words
TITLE_MIN_WORDS = 2
TITLE_MAX_WORDS = 30
#: the article starts within this many lines of a headline on the dump's first line
TITLE_MAX_GAP = 3
#: else the headline's echo is looked for this many lines before the article
TITLE_LOOKBACK = 12
#: share of the shorter line's words the two lines share when one echoes the other
TITLE_OVERLAP = 0.6
#: ... or this share of its content words recur in the article
TITLE_TOPICAL = 0.5
#: a headline does not end like a sentence (a question or exclamation mark is fine)
_TITLE_END = re.compile(r"""[.,;:…。，；：、．]["'”’»)\]」』）]*\s*$""")


def looks_like_title(block: Block) -> bool:
    """A headline: a paragraph line of a few words that does not end like a sentence."""
    n = len(_WORD.findall(block.text)) if not is_unspaced(block.text) else units(block.text)
    return block.kind == "paragraph" and TITLE_MIN_WORDS <= n <= TITLE_MAX_WORDS and not _TITLE_END.search(block.text)


def find_title(
    blocks: list[Block], stops: dict[int, Rule], region: tuple[int, int], stopwords: frozenset[str]
) -> str | None:
    """The headline, when the dump starts with one.

    The first line is the headline when it reads as one, no rule names it, and it belongs
    to the article: the article ``region`` starts within :data:`TITLE_MAX_GAP` lines of it,
    or most of its content words recur in the article (:data:`TITLE_TOPICAL`). When a
    headline-like line shortly before the article echoes it (a ``<title>`` at the top of the
    dump, the page's own headline above the article), that line, free of the site's name,
    is the title.
    """
    if not blocks or 0 in stops or not looks_like_title(blocks[0]):
        return None
    first, (start, end) = blocks[0], region
    for block in reversed(blocks[max(1, start - TITLE_LOOKBACK) : start + 1]):
        if block.position not in stops and looks_like_title(block) and overlap(first.text, block.text) >= TITLE_OVERLAP:
            return block.text
    if start <= TITLE_MAX_GAP:
        return first.text
    content = {w for w in norm(first.text).split() if w not in stopwords}
    article = set(norm(" ".join(b.text for b in blocks[start:end])).split())
    if len(content) >= 2 and len(content & article) >= TITLE_TOPICAL * len(content):
        return first.text
    return None


#: a headline among the slug's lines is the title when it stands at most this many lines
#: above the article's first line (or is that line) ...
HEADLINE_GAP = 3
#: ... and holds at most this many words (a standfirst that shares the slug's words holds more)
HEADLINE_MAX_WORDS = 20
#: ... and no sentence that ends before its end (a standfirst of two sentences or questions;
#: an initial's dot, "J.D. Power", ends none)
_INNER_END = re.compile(r"""(?<=[^\W\d_]{2})[.!?…。！？]+["'”’»)\]」』）]*\s+\S|[。！？]\S""")


def _headline(block: Block) -> bool:
    n = len(_WORD.findall(block.text)) if not is_unspaced(block.text) else units(block.text) // 2
    return looks_like_title(block) and n <= HEADLINE_MAX_WORDS and not _INNER_END.search(block.text)


def headline_near(blocks: list[Block], stops: dict[int, Rule], heads: list[int], start: int) -> str | None:
    """The headline of a dump whose first line is none (a dump without the page's
    ``<title>``, inscriptis's): the best of the headline lines ``heads`` (the lines matching
    the URL's slug, best first) that stands at most :data:`HEADLINE_GAP` lines above the
    article's first line ``start``, or is that line, reads as a headline (a short line of one
    sentence, :data:`HEADLINE_MAX_WORDS`) and no rule names."""
    for h in heads:
        if start - HEADLINE_GAP <= h <= start and h not in stops and _headline(blocks[h]):
            return blocks[h].text
    return None


def norm(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


@lru_cache(maxsize=8192)
def word_set(text: str) -> frozenset[str]:
    """The set of the lower-cased words of ``text``."""
    return frozenset(word_tokens(text.lower()))


def overlap(a: str, b: str) -> float:
    """Share of the shorter text's words that the other text also has (0 below two words)."""
    wa, wb = word_set(a), word_set(b)
    small = min(len(wa), len(wb))
    return len(wa & wb) / small if small >= 2 else 0.0


def drop_title_repeats(blocks: list[Block], ctx: Context) -> tuple[list[Block], list[Removed]]:
    """A block pass: drop body blocks that repeat the headline ``ctx.title`` (the title
    line itself, or the page's h1 printed again under a site-decorated ``<title>``)."""
    title = ctx.title
    if not title:
        return blocks, []
    key = norm(title)
    kept: list[Block] = []
    removed: list[Removed] = []
    for block in blocks:
        text = norm(block.text)
        if text and looks_like_title(block) and (text == key or (len(text) > 10 and text in key)):
            removed.append(Removed(text=block.text, kind=block.kind, heuristic="title"))
        else:
            kept.append(block)
    return kept, removed


#: a sub-heading has at most this many words
HEADING_MAX_WORDS = 12


def mark_headings(blocks: list[Block]) -> list[Block]:
    """The blocks with the sub-headings marked: a short headline-like line followed by a
    longer block."""
    marked = list(blocks)
    for i, (block, nxt) in enumerate(itertools.pairwise(blocks)):
        if looks_like_title(block) and len(block.words) <= HEADING_MAX_WORDS and len(nxt.words) > len(block.words):
            marked[i] = replace(block, kind="heading")
    return marked
