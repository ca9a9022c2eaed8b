"""The article of a text dump as one region of lines: :func:`find_article`, and the
passes that run inside the region (:func:`smooth_region`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Block, Removed
from ..passes import Context
from ..rules import Rule, RuleSet
from ..scoring import language_stopwords
from .lines import prose_sample, rule_hits, score_lines
from .split import renumber
from .title import TITLE_OVERLAP, find_title, overlap


@dataclass
class Region:
    """The article :func:`find_article` found in a dump."""

    #: the headline, when the dump starts with one that belongs to the article
    title: str | None
    #: the lines of the region, rule-named lines left out
    blocks: list[Block]
    #: what was cut, in order: the lines a text rule names, then the lines outside the region
    removed: list[Removed]
    #: every line's region score, by position (what the passes inside the region read)
    scores: dict[int, float] = field(default_factory=dict)


def find_article(blocks: list[Block], rules: RuleSet) -> Region:
    """Find the article in a dump's line blocks, in named steps:

    1. the language's stopwords, from the dump's longest lines;
    2. the lines a text rule names (:func:`~.lines.rule_hits`);
    3. every line's region score (:func:`~.lines.score_lines`);
    4. the region: the maximum-sum run of scores (:func:`main_region`), ended where an
       after-article section opens (:func:`cut_at_section_end`);
    5. the headline (:func:`~.title.find_title`), and the standfirst before the region
       (:func:`extend_region`);
    6. the region's lines, the rest recorded as removed (:func:`take_region`).
    """
    blocks = renumber(blocks)
    stopwords = language_stopwords(prose_sample(blocks))
    hits = rule_hits(blocks, rules)
    scores = score_lines(blocks, stopwords, hits)
    start, end = cut_at_section_end(blocks, scores, hits, *main_region(scores))
    title = find_title(blocks, hits, (start, end), stopwords)
    start, end = extend_region(blocks, scores, start, end, title)
    kept = [b for b in blocks if b.position not in hits]
    cut = [Removed(text=b.text, kind=b.kind, rule_id=hits[b.position].id) for b in blocks if b.position in hits]
    body, outside = take_region(kept, scores, start, end)
    return Region(title, body, cut + outside, {b.position: scores[b.position] for b in blocks})


def main_region(scores: list[float]) -> tuple[int, int]:
    """The contiguous run of blocks with the largest score sum (maximum subarray); empty
    ``(0, 0)`` when no run sums above zero (a page of furniture only)."""
    best, best_span = 0.0, (0, 0)
    total, start = 0.0, 0
    for i, s in enumerate(scores):
        if total <= 0:
            total, start = s, i
        else:
            total += s
        if total > best:
            best, best_span = total, (start, i + 1)
    return best_span


#: a line just before the region joins it when it scores above this (a standfirst) ...
EXTEND_MIN_SCORE = -0.35
#: ... and has at least this many words
EXTEND_MIN_WORDS = 8


#: the role of rules whose lines open what follows an article: comments, teaser lists,
#: the author box (see :data:`cleaner.rules.ROLES`)
SECTION_END_ROLE = "section-end"
#: the region ends at such a block when the lines before it hold at least this share of
#: the region's positive score (so a teaser list above the article does not end it)
SECTION_CUT_SHARE = 0.2
#: ... but not the in-article link lines the same rules cut ("Read more: ...", "Also read:")
_INLINE_LINK = re.compile(r"(?i)^(read|see|also|keep|continue)\b|:")


def cut_at_section_end(
    blocks: list[Block], scores: list[float], stops: dict[int, Rule], start: int, end: int
) -> tuple[int, int]:
    """End the region at the first block that opens an after-article section (comments,
    "Related stories", ...) once the article before it is substantial: the reader
    comments or teasers after it can outweigh the stop signal in the maximum subarray."""
    total = sum(s for s in scores[start:end] if s > 0)
    before = 0.0
    for i in range(start, end):
        rule = stops.get(i)
        opens_section = rule is not None and rule.has_role(SECTION_END_ROLE) and not _INLINE_LINK.search(blocks[i].text)
        if opens_section and before > 0 and before >= SECTION_CUT_SHARE * total:
            return start, i
        before += max(scores[i], 0.0)
    return start, end


def extend_region(blocks: list[Block], scores: list[float], start: int, end: int, title: str | None) -> tuple[int, int]:
    """Pull in the prose-like lines just before the region (a standfirst under the headline)."""
    while start > 0 and scores[start - 1] > EXTEND_MIN_SCORE and len(blocks[start - 1].words) >= EXTEND_MIN_WORDS:
        if title and overlap(blocks[start - 1].text, title) >= TITLE_OVERLAP:
            break  # the headline (or its echo) is the title, not the body
        start -= 1
    return start, end


#: inside the region, a line scoring below this (in region units: a short line that
#: several furniture signals mark at once) is dropped unless article text is on both sides
INNER_BAD = -0.5


def smooth_region(blocks: list[Block], ctx: Context) -> tuple[list[Block], list[Removed]]:
    """A block pass: context smoothing inside the region (jusText's idea), by the lines'
    region scores (``ctx.line_scores``). Short lines stay in the article (sub-headings,
    short quotes, fact-box items) and only a line that looks like furniture on every
    count goes, unless article text is on both sides of it.

    Dropping more (every negative line, or every repeated one) cost more recall than it
    won precision on the development set: lists and tables inside articles look the same.
    """
    scores = [ctx.line_scores[b.position] for b in blocks]
    kept: list[Block] = []
    removed: list[Removed] = []
    for i, (block, s) in enumerate(zip(blocks, scores)):
        prev_good = i > 0 and scores[i - 1] > 0
        next_good = i + 1 < len(blocks) and scores[i + 1] > 0
        if s < INNER_BAD and not (prev_good and next_good):
            removed.append(Removed(text=block.text, kind=block.kind, score=round(s, 3), heuristic="inner"))
        else:
            kept.append(block)
    return kept, removed


def take_region(blocks: list[Block], scores: list[float], start: int, end: int) -> tuple[list[Block], list[Removed]]:
    """Split ``blocks`` into those whose position lies in ``[start, end)`` and the rest (removed)."""
    inside = [b for b in blocks if start <= b.position < end]
    outside = [
        Removed(text=b.text, kind=b.kind, score=round(scores[b.position], 3), heuristic="outside-main-region")
        for b in blocks
        if not start <= b.position < end
    ]
    return inside, outside
