"""Region scores of a dump's lines: the shared block score plus what only a dump has."""

from __future__ import annotations

from .. import scoring
from ..model import Block
from ..rules import Rule, RuleSet
from .contents import contents_lines
from .measure import ends_sentence, is_unspaced, units, unspaced_score
from .patterns import long_runs, table_rows
from .title import norm, overlap

#: the score of a block a text rule names: a stop signal the region rarely crosses
RULE_SCORE = -5.0
#: the role of rules naming single furniture lines that also sit inside articles (ad labels,
#: buttons, image credits, comment "Reply" links, "Also read: …" links): their lines are
#: dropped but do not stop the region (see :data:`cleaner.rules.ROLES`)
LABEL_ROLE = "label"
#: the role of rules whose lines open what follows an article: comments, teaser lists,
#: the author box (see :data:`cleaner.rules.ROLES`)
SECTION_END_ROLE = "section-end"
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
#: the score of an item of the story's own contents list (:func:`~.contents.contents_lines`):
#: neutral, so the region runs from the standfirst above it to the sections below
CONTENTS_SCORE = 0.0
#: the score of a row of a data table printed a row a line (:func:`~.patterns.table_rows`):
#: neutral, so the region runs on over a table between two stretches of the story
TABLE_SCORE = -0.05
#: negative scores count this much: short lines inside an article do not split it
NEG_WEIGHT = 0.25


def prose_sample(blocks: list[Block], limit: int = 40) -> list[str]:
    """The longest lines of the dump: the sample the language is guessed from."""
    return [b.text for b in sorted(blocks, key=lambda b: -len(b.text))[:limit]]


def _is_short(block: Block) -> bool:
    return units(block.text) < scoring.SHORT_WORDS and not ends_sentence(block.text)


#: a line shorter than this that occurs more than once in a dump is furniture (menus, labels)
REPEATED_LINE_WORDS = 8


def repeated(blocks: list[Block]) -> list[bool]:
    """Short lines whose text occurs more than once in the page."""
    counts: dict[str, int] = {}
    keys = [norm(b.text) for b in blocks]
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    return [counts[k] > 1 and len(b.words) < REPEATED_LINE_WORDS for k, b in zip(keys, blocks)]


#: a line of any length printed at least this many times in a dump is template text: a
#: product card's tooltip or disclaimer, a caption under every teaser (an article's
#: paragraph comes once, a pull quote twice; a dump may print the whole article twice or
#: three times, for a desktop and a mobile layout)
TEMPLATE_COPIES = 4


def template_copies(blocks: list[Block]) -> list[int]:
    """Per line: how many times its text occurs in the page, when it has at least
    :data:`REPEATED_LINE_WORDS` words and at least :data:`TEMPLATE_COPIES` copies; else 1
    (the short repeated lines are :func:`repeated`'s)."""
    counts: dict[str, int] = {}
    keys = [norm(b.text) for b in blocks]
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    return [
        counts[k] if counts[k] >= TEMPLATE_COPIES and len(b.words) >= REPEATED_LINE_WORDS else 1
        for k, b in zip(keys, blocks)
    ]


def twins(blocks: list[Block]) -> list[bool]:
    """Lines most of whose words a line within :data:`TWIN_WINDOW` also has: a teaser
    headline followed by its shortened twin, a caption repeating a heading."""
    flags = [False] * len(blocks)
    for i, block in enumerate(blocks):
        for j in range(i + 1, min(i + 1 + TWIN_WINDOW, len(blocks))):
            if overlap(block.text, blocks[j].text) >= TWIN_OVERLAP:
                flags[i] = flags[j] = True
    return flags


def furniture_runs(blocks: list[Block]) -> list[bool]:
    """Lines inside a run of at least :data:`RUN_MIN` short lines (menus, link lists)."""
    return long_runs([_is_short(b) for b in blocks], RUN_MIN)


def rule_hits(blocks: list[Block], rules: RuleSet) -> dict[int, Rule]:
    """Position → the text rule that names the line, for every line a text rule names."""
    hits: dict[int, Rule] = {}
    for block in blocks:
        rule = rules.match_text(block.text)
        if rule is not None:
            hits[block.position] = rule
    return hits


def score_lines(blocks: list[Block], stopwords: frozenset[str], stops: dict[int, Rule]) -> list[float]:
    """Region scores of every line: the shared block score (for a line of an unspaced script,
    :func:`~.measure.unspaced_score`), text-only penalties (the positive score of a line
    printed again and again, :func:`template_copies`, shared among its copies: the text counts
    once), and :data:`RULE_SCORE` for the
    lines in ``stops`` (positions a text rule names, see :func:`rule_hits`) unless the rule
    is a label, :data:`CONTENTS_SCORE` for a contents list's items, at least
    :data:`TABLE_SCORE` for a data table's rows; positive scores are weighted by length
    (:func:`~.measure.units`)."""
    base = scoring.score_blocks(blocks, stopwords)
    for i, block in enumerate(blocks):
        if is_unspaced(block.text):
            base[i] = unspaced_score(block.text)
    rep, twin, run = repeated(blocks), twins(blocks), furniture_runs(blocks)
    copies = template_copies(blocks)
    contents = contents_lines(blocks)
    table = table_rows(blocks)
    scores: list[float] = []
    for i, block in enumerate(blocks):
        if block.position in stops and not stops[block.position].has_role(LABEL_ROLE):
            scores.append(RULE_SCORE)
        elif contents[i]:
            scores.append(CONTENTS_SCORE)
        else:
            s = min(base[i], SHORT_MAX) if _is_short(block) else base[i]
            s = s - REPEAT_PENALTY * rep[i] - TWIN_PENALTY * twin[i] - RUN_PENALTY * run[i]
            if s > 0:
                s *= min(WEIGHT_MAX, max(1.0, units(block.text) / WEIGHT_WORDS)) / copies[i]
            else:
                s *= NEG_WEIGHT
            scores.append(max(s, TABLE_SCORE) if table[i] else s)
    return scores
