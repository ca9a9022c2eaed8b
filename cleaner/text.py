"""The text path: find the article in a plain-text page dump.

A dump holds one block of the page per line (or per paragraph separated by blank lines),
the article somewhere in the middle and the site's furniture around it. The steps, each a
small pure function (thresholds are named module constants, jusText style):

- :func:`split_blocks` normalises line endings and indentation, rejoins paragraphs that
  were hard-wrapped at a fixed width and turns each line into a :class:`Block`
  (bullet lines become list items);
- :func:`score_lines` scores every line with the shared block scorer
  (:func:`cleaner.scoring.block_score`) plus what only a dump has: short lines judged by
  their context, lines repeated inside the page, teaser headlines with their shortened
  twins, long runs of short furniture lines, and the blocks a text rule names
  (:func:`rule_stops`: stop signals, except for single-line labels);
- :func:`main_region` finds the article as one contiguous run of lines (maximum subarray
  over the scores, as in Body Text Extraction); :func:`cut_at_section_end` ends it where
  comments or teaser lists open; :func:`extend_region` pulls in the prose-like lines just
  before it (a standfirst under the headline);
- :func:`find_title` takes the headline when the dump starts with one that belongs to the
  article, and :func:`drop_title_repeats` keeps it out of the body;
- :func:`smooth_region` keeps the short lines inside the region (sub-headings, short
  quotes, fact-box bullets: jusText's context idea) and drops only clear furniture;
- :func:`mark_headings` marks the sub-headings.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

from . import scoring
from .model import Block, Removed

# --- splitting -------------------------------------------------------------------------

#: a bullet marker at the start of a line: ``* item``, ``*item``, ``- item``, ``• item``, ``1. item``
_BULLET = re.compile(r"^\s*(?:[*•·▪‣◦]|[-–—](?=\s)|\d{1,2}[.)](?=\s))\s*(?=\S)")
#: a line that ends a sentence (or a quoted sentence)
_SENTENCE_END = re.compile(r"""[.!?…:;]["'”’»)\]]*\s*$""")
#: lines at least this long count when looking for a wrap width
WRAP_MIN_LENGTH = 40
#: the widths a hard-wrapping tool is looked for at
WRAP_WIDTHS = range(50, 121)
#: a wrapped line ends within this many columns of the wrap width
WRAP_SLACK = 20
#: a dump is hard-wrapped when at least this many lines end near one width ...
WRAP_MIN_LINES = 6
#: ... and at least this share of those lines are continued by the next line in lower case
WRAP_CONTINUED_SHARE = 0.35
_WORD = re.compile(r"\w+", re.UNICODE)


def _lines(text: str) -> list[str]:
    """The dump's lines with line endings unified and whitespace collapsed ('' for a blank line)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [" ".join(line.split()) for line in text.split("\n")]


def _first_word(line: str) -> str:
    return line.split(" ", 1)[0] if line else ""


def _starts_lower(line: str) -> bool:
    return bool(line) and line[0].islower()


def wrap_width(lines: list[str]) -> int | None:
    """The column a dump's paragraphs were hard-wrapped at, or None when they were not.

    A wrapped paragraph has many lines ending just short of one width whose next line
    carries on the sentence (often in lower case); an unwrapped dump has no such width.
    """
    best: tuple[int, int] = (0, 0)
    for width in WRAP_WIDTHS:
        near = continued = 0
        for line, nxt in itertools.pairwise(lines):
            if not (width - WRAP_SLACK < len(line) <= width) or not nxt or _BULLET.match(nxt):
                continue
            if len(line) + 1 + len(_first_word(nxt)) <= width:
                continue  # the next word would have fitted: not a wrap point
            near += 1
            continued += _starts_lower(nxt)
        if near >= WRAP_MIN_LINES and continued >= WRAP_CONTINUED_SHARE * near and near > best[1]:
            best = (width, near)
    return best[0] or None


def _join(line: str, nxt: str) -> str:
    if re.search(r"\w-$", line) and nxt[:1].isalpha():
        return line + nxt  # a word broken at its hyphen
    return f"{line} {nxt}"


def _continues(last: str, line: str, width: int) -> bool:
    """Whether ``line`` carries on the paragraph whose last physical line is ``last``:
    the first word of ``line`` would not have fitted on ``last`` (a wrap point, not a
    line break the author made) and ``line`` is not a bullet."""
    if not last or not line or _BULLET.match(line):
        return False
    return len(last) <= width < len(last) + 1 + len(_first_word(line))


def unwrap(lines: list[str], width: int) -> list[str]:
    """Rejoin the lines of paragraphs hard-wrapped at ``width`` (see :func:`_continues`)."""
    out: list[str] = []
    last = ""  # the last physical line of out[-1]
    for line in lines:
        if out and _continues(last, line, width):
            out[-1] = _join(out[-1], line)
        else:
            out.append(line)
        last = line
    return out


def renumber(blocks: list[Block]) -> list[Block]:
    """Set each block's ``position`` to its index (the region functions index by it)."""
    for i, block in enumerate(blocks):
        block.position = i
    return blocks


def split_blocks(text: str) -> list[Block]:
    """Split a text dump into blocks: one a non-empty line, hard-wrapped paragraphs rejoined.

    Bullet lines become list items with the marker stripped. ``position`` is the block's
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
        bullet = _BULLET.match(line)
        kind, body = ("list_item", line[bullet.end() :]) if bullet else ("paragraph", line)
        if not _WORD.search(body):
            continue  # a bare marker or a rule of dashes
        blocks.append(Block(text=body, kind=kind, position=len(blocks), tag="line"))
    return blocks


# --- title -----------------------------------------------------------------------------

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
_TITLE_END = re.compile(r"""[.,;:…]["'”’»)\]]*\s*$""")


def looks_like_title(block: Block) -> bool:
    """A headline: a paragraph line of a few words that does not end like a sentence."""
    n = len(_WORD.findall(block.text))
    return block.kind == "paragraph" and TITLE_MIN_WORDS <= n <= TITLE_MAX_WORDS and not _TITLE_END.search(block.text)


def find_title(
    blocks: list[Block], stops: dict[int, str], region: tuple[int, int], stopwords: frozenset[str]
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
        if (
            block.position not in stops
            and looks_like_title(block)
            and _overlap(first.text, block.text) >= TITLE_OVERLAP
        ):
            return block.text
    if start <= TITLE_MAX_GAP:
        return first.text
    content = {w for w in _norm(first.text).split() if w not in stopwords}
    article = set(_norm(" ".join(b.text for b in blocks[start:end])).split())
    if len(content) >= 2 and len(content & article) >= TITLE_TOPICAL * len(content):
        return first.text
    return None


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _overlap(a: str, b: str) -> float:
    """Share of the shorter text's words that the other text also has (0 below two words)."""
    wa, wb = set(_norm(a).split()), set(_norm(b).split())
    small = min(len(wa), len(wb))
    return len(wa & wb) / small if small >= 2 else 0.0


def drop_title_repeats(blocks: list[Block], title: str | None) -> tuple[list[Block], list[Removed]]:
    """Drop body blocks that repeat the headline (the title line itself, or the page's h1
    printed again under a site-decorated ``<title>``)."""
    if not title:
        return blocks, []
    key = _norm(title)
    kept: list[Block] = []
    removed: list[Removed] = []
    for block in blocks:
        text = _norm(block.text)
        if text and looks_like_title(block) and (text == key or (len(text) > 10 and text in key)):
            removed.append(Removed(text=block.text, reason="heuristic:title", kind=block.kind))
        else:
            kept.append(block)
    return kept, removed


# --- scoring ---------------------------------------------------------------------------

#: the score of a block a text rule names: a stop signal the region rarely crosses
RULE_SCORE = -5.0
#: rules naming single furniture lines that also sit inside articles (ad labels, buttons,
#: image credits, comment "Reply" links, "Also read: …" links, "View this post on Instagram"),
#: or whose stop cost more recall than it won precision on the development set (related-list
#: headings): their blocks are dropped but do not stop the region
LABEL_RULES = frozenset(
    {
        "rule:ads",
        "rule:calls-to-action",
        "rule:shop-buttons",
        "rule:comments",
        "rule:image-credit",
        "rule:related-link-line",
        "rule:related-list-heading",
        "rule:social-embeds",
    }
)
#: penalty for a short line that recurs in the page (a menu printed twice, "Read more")
REPEAT_PENALTY = 0.4
#: penalty for a line most of whose words a nearby line repeats (a teaser and its twin)
TWIN_PENALTY = 0.4
#: lines within this distance are compared for twins
TWIN_WINDOW = 2
#: share of a line's words found in the other line that makes them twins
TWIN_OVERLAP = 0.8
#: a run of at least this many short lines without sentence ends is furniture (menus, lists of links)
RUN_MIN = 12
#: penalty for each line of such a run
RUN_PENALTY = 0.3
#: a short line (see :func:`_is_short`) scores at most this on its own: whether it is
#: article or furniture is for its neighbours to say (jusText's "short" class)
SHORT_MAX = -0.1
#: a positive score is weighted by the line's words over this (long paragraphs count more)
WEIGHT_WORDS = 20
#: ... capped at this weight
WEIGHT_MAX = 4.0
#: negative scores count this much: short lines inside an article do not split it
NEG_WEIGHT = 0.25


def prose_sample(blocks: list[Block], limit: int = 40) -> list[str]:
    """The longest lines of the dump: the sample the language is guessed from."""
    return [b.text for b in sorted(blocks, key=lambda b: -len(b.text))[:limit]]


def _is_short(block: Block) -> bool:
    return len(block.words) < scoring.SHORT_WORDS and not _SENTENCE_END.search(block.text)


#: a line shorter than this that occurs more than once in a dump is furniture (menus, labels)
REPEATED_LINE_WORDS = 8


def repeated(blocks: list[Block]) -> list[bool]:
    """Short lines whose text occurs more than once in the page."""
    counts: dict[str, int] = {}
    keys = [_norm(b.text) for b in blocks]
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    return [counts[k] > 1 and len(b.words) < REPEATED_LINE_WORDS for k, b in zip(keys, blocks)]


def twins(blocks: list[Block]) -> list[bool]:
    """Lines most of whose words a line within :data:`TWIN_WINDOW` also has: a teaser
    headline followed by its shortened twin, a caption repeating a heading."""
    flags = [False] * len(blocks)
    for i, block in enumerate(blocks):
        for j in range(i + 1, min(i + 1 + TWIN_WINDOW, len(blocks))):
            if _overlap(block.text, blocks[j].text) >= TWIN_OVERLAP:
                flags[i] = flags[j] = True
    return flags


def furniture_runs(blocks: list[Block]) -> list[bool]:
    """Lines inside a run of at least :data:`RUN_MIN` short lines (menus, link lists)."""
    flags = [False] * len(blocks)
    start = 0
    for i in range(len(blocks) + 1):
        if i < len(blocks) and _is_short(blocks[i]):
            continue
        if i - start >= RUN_MIN:
            flags[start:i] = [True] * (i - start)
        start = i + 1
    return flags


def rule_stops(blocks: list[Block], kept: list[Block], removed: list[Removed]) -> dict[int, str]:
    """Position → reason (``rule:<id>``) of the blocks a text rule cut: ``removed`` lists
    them in page order, as :func:`cleaner.scoring.apply_text_rules` returns them."""
    kept_at = {b.position for b in kept}
    cut = [b.position for b in blocks if b.position not in kept_at]
    return {pos: r.reason for pos, r in zip(cut, removed)}


def score_lines(blocks: list[Block], stopwords: frozenset[str], stops: dict[int, str]) -> list[float]:
    """Region scores of every line: the shared block score, text-only penalties, and
    :data:`RULE_SCORE` for the lines in ``stops`` (positions a text rule cut);
    positive scores are weighted by length."""
    base = scoring.score_blocks(blocks, stopwords)
    rep, twin, run = repeated(blocks), twins(blocks), furniture_runs(blocks)
    scores: list[float] = []
    for i, block in enumerate(blocks):
        if block.position in stops and stops[block.position] not in LABEL_RULES:
            scores.append(RULE_SCORE)
            continue
        s = min(base[i], SHORT_MAX) if _is_short(block) else base[i]
        s = s - REPEAT_PENALTY * rep[i] - TWIN_PENALTY * twin[i] - RUN_PENALTY * run[i]
        if s > 0:
            s *= min(WEIGHT_MAX, max(1.0, len(block.words) / WEIGHT_WORDS))
        else:
            s *= NEG_WEIGHT
        scores.append(s)
    return scores


# --- the region ------------------------------------------------------------------------


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


#: rules whose blocks open what follows an article: comments, teaser lists, the author box
SECTION_END_RULES = frozenset({"rule:comments", "rule:promo-lists", "rule:author-bio"})
#: the region ends at such a block when the lines before it hold at least this share of
#: the region's positive score (so a teaser list above the article does not end it)
SECTION_CUT_SHARE = 0.2
#: ... but not the in-article link lines the same rules cut ("Read more: ...", "Also read:")
_INLINE_LINK = re.compile(r"(?i)^(read|see|also|keep|continue)\b|:")


def cut_at_section_end(
    blocks: list[Block], scores: list[float], stops: dict[int, str], start: int, end: int
) -> tuple[int, int]:
    """End the region at the first block that opens an after-article section (comments,
    "Related stories", ...) once the article before it is substantial: the reader
    comments or teasers after it can outweigh the stop signal in the maximum subarray."""
    total = sum(s for s in scores[start:end] if s > 0)
    before = 0.0
    for i in range(start, end):
        opens_section = stops.get(i) in SECTION_END_RULES and not _INLINE_LINK.search(blocks[i].text)
        if opens_section and before > 0 and before >= SECTION_CUT_SHARE * total:
            return start, i
        before += max(scores[i], 0.0)
    return start, end


def extend_region(blocks: list[Block], scores: list[float], start: int, end: int, title: str | None) -> tuple[int, int]:
    """Pull in the prose-like lines just before the region (a standfirst under the headline)."""
    while start > 0 and scores[start - 1] > EXTEND_MIN_SCORE and len(blocks[start - 1].words) >= EXTEND_MIN_WORDS:
        if title and _overlap(blocks[start - 1].text, title) >= TITLE_OVERLAP:
            break  # the headline (or its echo) is the title, not the body
        start -= 1
    return start, end


#: inside the region, a line scoring below this (in region units: a short line that
#: several furniture signals mark at once) is dropped unless article text is on both sides
INNER_BAD = -0.5


def smooth_region(blocks: list[Block], scores: list[float]) -> tuple[list[Block], list[Removed]]:
    """Context smoothing inside the region (jusText's idea): short lines stay in the
    article (sub-headings, short quotes, fact-box items) and only a line that looks like
    furniture on every count goes, unless article text is on both sides of it.

    Dropping more (every negative line, or every repeated one) cost more recall than it
    won precision on the development set: lists and tables inside articles look the same.
    """
    kept: list[Block] = []
    removed: list[Removed] = []
    for i, (block, s) in enumerate(zip(blocks, scores)):
        prev_good = i > 0 and scores[i - 1] > 0
        next_good = i + 1 < len(blocks) and scores[i + 1] > 0
        if s < INNER_BAD and not (prev_good and next_good):
            removed.append(Removed(text=block.text, reason="heuristic:inner", kind=block.kind, score=round(s, 3)))
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


def take_region(blocks: list[Block], scores: list[float], start: int, end: int) -> tuple[list[Block], list[Removed]]:
    """Split ``blocks`` into those whose position lies in ``[start, end)`` and the rest (removed)."""
    inside = [b for b in blocks if start <= b.position < end]
    outside = [
        Removed(text=b.text, reason="heuristic:outside-main-region", kind=b.kind, score=round(scores[b.position], 3))
        for b in blocks
        if not start <= b.position < end
    ]
    return inside, outside
