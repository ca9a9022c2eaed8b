"""Block passes: small functions over the extracted blocks, all with one signature.

Every pass takes the blocks and the :class:`~cleaner.passes.Context` of the page and returns the blocks
it keeps and the :class:`~cleaner.model.Removed` records of those it cut (boilerpipe's
filter chains, jusText's named defaults). :data:`cleaner.pipeline.HTML_PASSES` lists the
passes of the HTML path in order, so adding a pass is one line there.

- :func:`cut_closing_section`: a closing author box or list of other articles, to the end;
- :func:`apply_text_rules`: blocks that a text rule names;
- :func:`drop_duplicates`: runs of blocks that repeat earlier ones (an article output twice);
- :func:`trim_edges`: boilerplate-looking runs at the start and end, by block score;
- :func:`drop_title`, :func:`drop_byline`: the headline and byline the Article's metadata
  already holds; :func:`drop_author_bio`: a closing bio of that author.
"""

from __future__ import annotations

import re

from .model import Block, Removed
from .passes import Context
from .scoring import LINK_DENSITY_HIGH, block_features, block_score, language_stopwords

#: a run of repeated blocks is a duplicated article part from this many blocks ...
DUPLICATE_RUN_BLOCKS = 2
#: ... and this many words
DUPLICATE_RUN_WORDS = 30

_WORD = re.compile(r"\w+", re.UNICODE)


def apply_text_rules(blocks: list[Block], ctx: Context) -> tuple[list[Block], list[Removed]]:
    """Drop blocks that a text rule matches (each rule only cuts blocks up to its ``max_words``)."""
    kept: list[Block] = []
    removed: list[Removed] = []
    for block in blocks:
        rule = ctx.rules.match_text(block.text)
        if rule is None:
            kept.append(block)
        else:
            removed.append(Removed(text=block.text, kind=block.kind, rule_id=rule.id))
    return kept, removed


#: a Markdown link's target, ``](https://...)``: a page that embeds a Markdown copy of its
#: story prints the same paragraph with its links' addresses in it (one level of
#: parentheses inside: ``(https://en.wikipedia.org/wiki/Mercury_(planet))``)
_LINK_TARGET = re.compile(r"\]\((?:[^()\s]|\([^()\s]*\))*\)")


def _norm(text: str) -> str:
    """A block's words in lower case, a Markdown link's target left out."""
    return " ".join(_WORD.findall(_LINK_TARGET.sub("]", text).lower()))


def _words(blocks: list[Block]) -> int:
    return sum(len(b.text.split()) for b in blocks)


#: a repeated run made only of lines this short ...
REPEAT_LINE_WORDS = 12
#: ... of these kinds is content that repeats (the same step in every day of a plan, the
#: same list item under every heading, a table row), not the article output twice
REPEAT_LINE_KINDS = frozenset({"list_item", "table", "paragraph"})


def _repeating_lines(run: list[Block]) -> bool:
    """True when a run of repeated blocks is short lines of lists, tables or plain
    paragraphs (:data:`REPEAT_LINE_WORDS`): lines a plan, a recipe or a table repeats.
    A duplicated article holds paragraphs longer than that; a repeated heading is not
    such a line (a headline output twice), nor is a paragraph right after its twin (a
    standfirst printed twice): :func:`drop_duplicates` still drops those."""
    return all(b.kind in REPEAT_LINE_KINDS and len(b.text.split()) <= REPEAT_LINE_WORDS for b in run)


def drop_duplicates(blocks: list[Block], ctx: Context | None = None) -> tuple[list[Block], list[Removed]]:
    """Drop runs of blocks that repeat earlier blocks: the article (or a part of it) output twice.

    A run is a maximal sequence of consecutive blocks each of which appeared earlier. It
    is dropped when it holds at least ``DUPLICATE_RUN_BLOCKS`` blocks and
    ``DUPLICATE_RUN_WORDS`` words, or when it starts right after its own twin; a lone
    repeated line inside varied text ("Warm up: 10 minutes easy jogging" in every week
    of a training plan) is content, not a copy.
    """
    seen: set[str] = set()
    repeated: list[bool] = []
    keys = [_norm(block.text) for block in blocks]
    for key in keys:
        repeated.append(bool(key) and key in seen)
        seen.add(key)
    drop = [False] * len(blocks)
    i = 0
    while i < len(blocks):
        if not repeated[i]:
            i += 1
            continue
        j = i
        while j < len(blocks) and repeated[j]:
            j += 1
        words = _words(blocks[i:j])
        echo = keys[i] == keys[i - 1]  # a block right after its twin
        if _repeating_lines(blocks[i:j]) and not (echo and blocks[i].kind == "paragraph"):
            i = j
            continue
        if (j - i >= DUPLICATE_RUN_BLOCKS and words >= DUPLICATE_RUN_WORDS) or echo:
            drop[i:j] = [True] * (j - i)
        i = j
    kept = [b for b, d in zip(blocks, drop) if not d]
    removed = [Removed(text=b.text, kind=b.kind, heuristic="duplicate") for b, d in zip(blocks, drop) if d]
    return kept, removed


#: the title is looked for among this many leading blocks
TITLE_SEARCH_BLOCKS = 3


def _same_title(text: str, title: str) -> bool:
    a, b = _norm(text), _norm(title)
    if not a or not b:
        return False
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    return longer.startswith(shorter) and len(shorter) >= 0.7 * len(longer)


def drop_title(blocks: list[Block], ctx: Context) -> tuple[list[Block], list[Removed]]:
    """Drop the headline from the body when it repeats the article's title (which
    :attr:`Article.title` already holds) or the page's displayed headline: one of the
    first ``TITLE_SEARCH_BLOCKS`` blocks."""
    given = tuple(t for t in (ctx.title, ctx.headline) if t)
    if not given:
        return blocks, []
    for i, block in enumerate(blocks[:TITLE_SEARCH_BLOCKS]):
        if block.kind in ("heading", "paragraph") and any(_same_title(block.text, t) for t in given):
            removed = Removed(text=block.text, kind=block.kind, heuristic="title")
            return blocks[:i] + blocks[i + 1 :], [removed]
    return blocks, []


#: bylines are looked for among this many blocks at each end
BYLINE_SEARCH_BLOCKS = 3
_BY = re.compile(r"^(by|written by|words by|author)\s*:?\s+", re.I)
#: a numeric date and time after the name ("Jane Doe 15.08.2015, 14:10", "By Jane Doe | 2024-03-01")
_DATED = re.compile(r"[\s|,•·–—-]*\d{1,4}[./-]\d{1,2}[./-]\d{1,4}(?:[\s,]+\d{1,2}:\d{2}(?::\d{2})?)?\s*$")


def drop_byline(blocks: list[Block], ctx: Context) -> tuple[list[Block], list[Removed]]:
    """Drop a block at either end of the body that only names the author ("By Jane Doe"):
    :attr:`Article.author` holds it."""
    author = ctx.author
    if not author or not blocks:
        return blocks, []
    names = {_norm(a) for a in re.split(r"[,;]| and ", author) if a.strip()} | {_norm(author)}
    ends = set(range(min(BYLINE_SEARCH_BLOCKS, len(blocks)))) | set(
        range(max(0, len(blocks) - BYLINE_SEARCH_BLOCKS), len(blocks))
    )
    drop = {i for i in ends if _norm(_DATED.sub("", _BY.sub("", blocks[i].text))) in names}
    if not drop or len(drop) == len(blocks):
        return blocks, []
    removed = [Removed(text=blocks[i].text, kind=blocks[i].kind, heuristic="byline") for i in sorted(drop)]
    return [b for i, b in enumerate(blocks) if i not in drop], removed


#: an author bio is looked for among this many closing blocks ...
BIO_SEARCH_BLOCKS = 3
#: ... and is at most this many words
BIO_MAX_WORDS = 150
_BIO_VERB = re.compile(
    r"^(is|was|has|had|writes|covers|joined|serves|leads|holds|brings|specializes|specialises|"
    r"loves|lives|spent|worked|works|began|started|graduated|earned|helps|oversees|reports)\b"
)


def drop_author_bio(blocks: list[Block], ctx: Context) -> tuple[list[Block], list[Removed]]:
    """Drop a closing paragraph that introduces the article's author ("Jane Doe is a
    freelance writer who…"): a bio, not the article. The block must open with the
    author's name (or "About" and the name) followed by a verb of biography."""
    author = ctx.author
    if not author or len(blocks) < 2:
        return blocks, []
    names = {_norm(a) for a in re.split(r"[,;&]| and ", author) if len(a.split()) >= 2}
    drop = set()
    for i in range(max(1, len(blocks) - BIO_SEARCH_BLOCKS), len(blocks)):
        block = blocks[i]
        if block.kind != "paragraph" or len(block.text.split()) > BIO_MAX_WORDS:
            continue
        text = _norm(block.text)
        text = text[6:] if text.startswith("about ") else text
        for name in names:
            if text.startswith(name + " ") and _BIO_VERB.match(text[len(name) + 1 :]):
                drop.add(i)
    if not drop:
        return blocks, []
    removed = [Removed(text=blocks[i].text, kind=blocks[i].kind, heuristic="author-bio") for i in sorted(drop)]
    return [b for i, b in enumerate(blocks) if i not in drop], removed


#: a closing section is looked for among this many closing blocks
CLOSING_SECTION_BLOCKS = 10
#: the role of the rules whose block opens a closing section (see :data:`cleaner.rules.ROLES`)
CLOSING_ROLE = "closing-heading"


def cut_closing_section(blocks: list[Block], ctx: Context) -> tuple[list[Block], list[Removed]]:
    """Cut a closing author box or list of other articles: from a block that a rule with
    the ``closing-heading`` role names (a bare "Written by" or "About the Reviewer"
    heading, "You may also be interested in the following articles:") among the last
    ``CLOSING_SECTION_BLOCKS`` blocks, to the end, when the text before it is the longer
    part. What follows such a heading is the bio and the box's buttons, or the teasers,
    not the article. The cut blocks are recorded under the heuristic named after the rule."""
    rules = ctx.rules
    longest = max((r.max_words for r in rules.text_rules if r.has_role(CLOSING_ROLE)), default=0)
    for i in range(max(1, len(blocks) - CLOSING_SECTION_BLOCKS), len(blocks)):
        if len(blocks[i].text.split()) > longest:
            continue  # longer than any closing heading: the common case, no pattern runs
        rule = rules.match_text(blocks[i].text)
        if rule is not None and rule.has_role(CLOSING_ROLE) and _words(blocks[:i]) > _words(blocks[i:]):
            removed = [Removed(text=b.text, kind=b.kind, heuristic=rule.id) for b in blocks[i:]]
            return blocks[:i], removed
    return blocks, []


#: an edge block scoring below this is cut by :func:`trim_edges`
EDGE_CUT = -0.35
#: block kinds the edge trimmer stops at unless link-dense: a data table (specifications,
#: prices, nutrition, rates) is the article's own, and the block scorer, made for prose,
#: puts its numbers and short cells far below zero
EDGE_KEEP_KINDS = frozenset({"table"})
#: an edge block with no link text is cut only when it scores below this: furniture at the
#: edges is mostly links ("Share", tags, "Read more") or named by a text rule, while plain
#: short lines there (an address, "390 kcal", a sign-off) are the article's own
EDGE_PLAIN_CUT = -0.75


def _edge_keeps(block: Block, score: float) -> bool:
    """True when :func:`trim_edges` stops at ``block`` although it scores below
    ``EDGE_CUT``: a data table (:data:`EDGE_KEEP_KINDS`), or a block without links
    scoring ``EDGE_PLAIN_CUT`` or more."""
    if block.kind in EDGE_KEEP_KINDS and block.link_density < LINK_DENSITY_HIGH:
        return True
    return block.link_density == 0 and score >= EDGE_PLAIN_CUT


def trim_edges(blocks: list[Block], ctx: Context | None = None) -> tuple[list[Block], list[Removed]]:
    """Cut boilerplate-looking blocks off the start and end of an extraction, by
    :func:`~cleaner.scoring.block_score` with the stopwords of the blocks' language.

    Walks in from each end and cuts blocks scoring below ``EDGE_CUT`` until the first
    block that does not (a heading stops the walk from the start); never cuts everything.
    A heading left last after the walk from the end cut blocks goes with them: it headed
    what was cut ("Additional information", "Editors' recommendations"). Only the blocks
    walked over are scored.
    """
    if not blocks:
        return blocks, []
    stopwords = language_stopwords([b.text for b in blocks])

    def score(block: Block) -> float:
        return block_score(block_features(block, stopwords), block.kind)

    removed: list[Removed] = []
    start, end = 0, len(blocks)
    while start < end and blocks[start].kind != "heading":
        s = score(blocks[start])
        if s >= EDGE_CUT or _edge_keeps(blocks[start], s):
            break
        removed.append(Removed(text=blocks[start].text, kind=blocks[start].kind, score=round(s, 3), heuristic="edge"))
        start += 1
    tail: list[Removed] = []
    while end > start:
        s = score(blocks[end - 1])
        if s >= EDGE_CUT or _edge_keeps(blocks[end - 1], s):
            break
        tail.append(Removed(text=blocks[end - 1].text, kind=blocks[end - 1].kind, score=round(s, 3), heuristic="edge"))
        end -= 1
    if start >= end:
        return blocks, []
    # a heading the walk from the end stopped at headed the section it cut: it goes too
    while tail and end > start + 1 and blocks[end - 1].kind == "heading":
        heading = blocks[end - 1]
        tail.append(Removed(text=heading.text, kind=heading.kind, score=round(score(heading), 3), heuristic="edge"))
        end -= 1
    return blocks[start:end], removed + tail[::-1]
