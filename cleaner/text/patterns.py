"""Repeating shapes of lines that are furniture wherever they stand: comment threads (a
name-and-date line, then the comment, again and again) and teaser runs (a headline and a
one- or two-sentence standfirst, again and again, often cut off by "…").

Shapes, not words: a comment header is told by a date or time on a short line whose
skeleton (what is left when names and numbers are blanked) recurs; a teaser by its line
lengths and sentence ends, in any script.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from ..model import Block
from .measure import ends_sentence, truncated, units
from .title import overlap, word_set

#: share of a line's words its twin holds (as :data:`~.lines.TWIN_OVERLAP`)
TWIN_OVERLAP = 0.8

#: a time of day (12:30, 9.45 h is left out: "9.45" is a number too, 13h04) or a full
#: numeric date (17.07.2011, 2011-07-17, 7/17/11): what a comment's header line shows,
#: and a fact box's "Date: June 8-11, 2026" or a caption's "© 2017" does not
_STAMP = re.compile(
    r"(?<![\d.,:])(\d{1,2}[:h]\d{2}(?![\d:])"
    r"|\d{1,2}([./])\d{1,2}\2(\d{4}|\d{2})(?![\d.])"
    r"|(19|20)\d{2}-\d{1,2}-\d{1,2}(?!\d))"
    # ... or a time ago, as comment threads and lists of stories print it: "3 hours ago", "vor 2 Tagen"
    r"|(?i:\b\d+\s?(s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?|mo|months?|y|yrs?|years?) ago\b"
    r"|\bvor \d+ (sekunden?|minuten?|stunden?|tag(en)?|wochen?|monat(en)?|jahr(en)?)\b"
    r"|\bil y a \d+ (secondes?|minutes?|heures?|jours?|semaines?|mois|ans?)\b"
    r"|\bhace \d+ (segundos?|minutos?|horas?|días?|semanas?|mes(es)?|años?)\b"
    r"|\b\d+ (secondi|minuti|ore|giorni|settimane|mesi|anni) fa\b"
    r"|\bhá \d+ (segundos?|minutos?|horas?|dias?|semanas?|mes(es)?|anos?)\b"
    r"|\b\d+ (seconden|minuten|uur|dagen|weken|maanden|jaar) geleden\b)"
)
#: a comment's or a forum post's attribution ("by Ann ( 42 ) writes:", "Bob schrieb:"): a
#: header too when its line also holds a number (a user's id, a post's), so that a story's
#: own "Smith writes:" over a quote is none
_ATTRIBUTION = re.compile(
    r"\b(writes|wrote|schreibt|schrieb|a écrit|escribe|escribió|scrive|ha scritto|pisze|napisał|napisała"
    r"|schrijft|schreef|escreve|escreveu)\s?:",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
#: a reply's subject line ("Re: Guaranteed jobs? (Score: 2)", "AW: Frage", "Odp: pytanie"):
#: the records of a thread of replies share this shape whatever their subjects
_REPLY = re.compile(r"^\W{0,3}(re|aw|antw|odp|sv|rif|ynt)\s?:", re.IGNORECASE)
#: a run of letters, joined across a hyphen, underscore or apostrophe ("Jean-Pierre", "blue_trane")
_LETTERS = re.compile(r"[^\W\d_]+(?:[-_'’][^\W\d_]+)*", re.UNICODE)
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")

#: a record header (the name-and-date line of a comment) is at most this long
HEADER_MAX_UNITS = 16
#: a thread has at least this many headers of one skeleton ...
THREAD_MIN_RECORDS = 3
#: ... each at most this many lines after the one before (and at least two: a text between)
THREAD_MAX_GAP = 14


@dataclass(frozen=True)
class Span:
    """Lines ``[start, end)`` that form one repeating shape; ``kind`` names it."""

    start: int
    end: int
    kind: str


def skeleton(text: str) -> str:
    """A line's shape: each run of letters becomes ``a`` (runs of words collapse to one),
    each run of digits ``0``, spaces go; punctuation stays. ``Comment by Mirko Lange —
    17.07, 2011 @ 13:04`` and ``Comment by Daniel — 17.07, 2011 @ 13:10`` share one."""
    shape = _DIGITS.sub("0", _LETTERS.sub("a", text))
    shape = _SPACE.sub("", shape)
    return re.sub(r"a+", "a", shape)


#: a fact-box line ("Termin: 21.02.2020, 19 Uhr", "Date: ..."): a label, then its value
_LABELLED = re.compile(r"^[^\W\d_]+( [^\W\d_]+)?\s?:\s")


def _is_header(block: Block) -> bool:
    text = block.text
    return (
        units(text) <= HEADER_MAX_UNITS
        and (not ends_sentence(text) or text.rstrip().endswith(":"))
        and not _LABELLED.match(text)
        and bool(_STAMP.search(text) or (_ATTRIBUTION.search(text) and _DIGIT.search(text)))
    )


#: a number cell of a table row: digits, perhaps signed, with a currency, decimal, percent
#: or fraction mark, or a unit of at most three letters set on it (``87.8``, ``+13.1%``,
#: ``$175,000``, ``1/1/2013``, ``3.1-3.9``, ``320g``, ``51.0mm``)
_NUMBER = re.compile(r"(?<!\w)[-+]?[$€£¥]?\d[\d.,/:\-]*(%|[^\W\d_]{1,3})?(?!\w)")
#: a unit word after a number cell ("2 pints", "16 cloves", "46.3 lbs"): letters, at most this many
UNIT_MAX_CHARS = 6
#: a table row is at most this long ...
TABLE_ROW_UNITS = 40
#: ... and a table has at least this many such rows, one under the other
TABLE_MIN_ROWS = 5


#: the marks of a measured value: a decimal, percent, currency, fraction or range
_MEASURED = re.compile(r"[.,%/$€£¥:\-]")


def _row_like(block: Block) -> bool:
    """A short line that ends in a number cell (a street address does not), and holds two
    numbers or a measured one ("Share 0", "Tweet 0" of a share bar do not)."""
    text = block.text
    cells = text.split()
    if len(cells) >= 3 and cells[-1].isalpha() and len(cells[-1]) <= UNIT_MAX_CHARS and _NUMBER.fullmatch(cells[-2]):
        cells = cells[:-1]  # the unit of the last number cell
    if not cells or units(text) > TABLE_ROW_UNITS or not _NUMBER.fullmatch(cells[-1]):
        return False
    return bool(_MEASURED.search(cells[-1].lstrip("+-"))) or len(_NUMBER.findall(text)) >= 2


#: an item of a measured list (an ingredient, a spec) is at most this long
QUANTITY_ROW_UNITS = 6
#: a quantity opening such an item: digits, perhaps a fraction or decimal ("350 g Zucker",
#: "1 Pck. Backpulver", "1/2 cup milk", "46.3 lbs")
_QUANTITY = re.compile(r"^[\d½¼¾⅓⅔][\d.,/½¼¾⅓⅔-]*\s*\S")


def _quantity_like(block: Block) -> bool:
    """A short line that opens with a quantity and ends no sentence (an ingredient, a spec)."""
    text = block.text
    return bool(_QUANTITY.match(text)) and units(text) <= QUANTITY_ROW_UNITS and not ends_sentence(text)


#: a line's leading whole number ("2 Dio", "10. Robert Plant"; not "1/2 cup", not "1.5 kg")
_LEADING_INT = re.compile(r"^(\d+)(?:[.)](?!\d)|(?![\d/.,]))")


#: a ranked list counts on by one for at least this many lines ("1 Pck. Backpulver",
#: "2 EL Backkakao" under one another are quantities that happen to count)
ORDINAL_RUN = 3


def _ordinals(blocks: list[Block]) -> list[bool]:
    """Per line: whether its leading whole number is one of at least :data:`ORDINAL_RUN`
    lines counting on by one (a ranked list, "1 Freddie Mercury", "2 Dio", "3 Robert Plant":
    ranks, not quantities)."""
    nums = []
    for block in blocks:
        m = _LEADING_INT.match(block.text)
        nums.append(int(m.group(1)) if m else None)
    out = [False] * len(blocks)
    start = 0
    for i in range(1, len(nums) + 1):
        prev = nums[i - 1]
        if i < len(nums) and prev is not None and nums[i] == prev + 1:
            continue
        if i - start >= ORDINAL_RUN:
            out[start:i] = [True] * (i - start)
        start = i
    return out


def table_rows(blocks: list[Block]) -> list[bool]:
    """Per line: whether it is a row of a data table printed one row a line (a ranking, a
    time series: ``1/1/2013 +13.1%``, ``New Jersey 87.8``): at least :data:`TABLE_MIN_ROWS`
    consecutive short lines, each ending in a number."""
    ranked = _ordinals(blocks)
    return long_runs([_row_like(b) or (_quantity_like(b) and not o) for b, o in zip(blocks, ranked)], TABLE_MIN_ROWS)


def long_runs(marked: list[bool], least: int) -> list[bool]:
    """Per line: whether it lies in a run of at least ``least`` consecutive ``marked`` lines."""
    out = [False] * len(marked)
    start = 0
    for i in range(len(marked) + 1):
        if i < len(marked) and marked[i]:
            continue
        if i - start >= least:
            out[start:i] = [True] * (i - start)
        start = i + 1
    return out


def threads(blocks: list[Block]) -> list[Span]:
    """Comment threads and other record lists: at least :data:`THREAD_MIN_RECORDS` short
    lines with a time or date stamp of one :func:`skeleton`, each a few lines after the one before, with text
    between them (rows of a data table are no headers, :func:`table_rows`). The span runs
    from the first header to the end of the last record (the next header's distance, at
    most :data:`THREAD_MAX_GAP` lines)."""
    by_shape: dict[str, list[int]] = {}
    table = table_rows(blocks)
    for block in blocks:
        if table[block.position] or units(block.text) > HEADER_MAX_UNITS:
            continue
        if _REPLY.match(block.text):
            by_shape.setdefault("Re:", []).append(block.position)
        elif _is_header(block):
            by_shape.setdefault(skeleton(block.text), []).append(block.position)
    spans: list[Span] = []
    for positions in by_shape.values():
        run: list[int] = []
        for pos in [*positions, None]:
            if pos is not None and run and 2 <= pos - run[-1] <= THREAD_MAX_GAP:
                run.append(pos)
                continue
            if len(run) >= THREAD_MIN_RECORDS:
                gaps = [b - a for a, b in itertools.pairwise(run)]
                end = min(len(blocks), run[-1] + max(gaps))
                spans.append(Span(run[0], end, "thread"))
            run = [pos] if pos is not None else []
    return sorted(spans, key=lambda s: s.start)


#: a teaser run has at least this many lines cut off by "…" or doubled by a shortened twin ...
TEASER_MIN_MARKS = 4
#: ... each at most this many lines after the one before
TEASER_MAX_GAP = 4
#: a teaser's standfirst after the last marked line has at most this many words
STANDFIRST_MAX_UNITS = 45


#: a teaser headline has at most this many words
HEADLINE_MAX_UNITS = 25


def _headline_like(block: Block) -> bool:
    return 2 <= units(block.text) <= HEADLINE_MAX_UNITS and not ends_sentence(block.text)


#: a shortened twin has at most this share of the other line's words
TWIN_SHORTER = 0.75


def _shortened(a: str, b: str) -> bool:
    """Whether one of two lines is a shortened form of the other: most of the shorter one's
    words in the longer (:data:`TWIN_OVERLAP`), and it is clearly shorter (a list of items
    alike, "CS50's Introduction to X", is no headline with its twin)."""
    wa, wb = _named(a), _named(b)
    small, large = sorted((wa, wb), key=len)
    return len(small) >= 2 and len(small) <= TWIN_SHORTER * len(large) and overlap(a, b) >= TWIN_OVERLAP


def _named(text: str) -> frozenset[str]:
    """The words of a line that hold a letter (the rows of a training plan differ in their
    numbers, not in being shorter)."""
    return frozenset(w for w in word_set(text) if not w.isdigit())


def _echoed(a: str, b: str) -> bool:
    """Whether two headline-like lines are one headline printed twice (a card's image link
    and its title link): the same words, at least two of them."""
    wa = word_set(a)
    return len(wa) >= 2 and wa == word_set(b)


def teaser_twins(blocks: list[Block], twin: list[bool]) -> list[bool]:
    """Per line: one of a headline and its shortened twin (both headline-like, next to or
    one line apart) or its echo (the line right after it), the mark of a teaser that prints
    its headline twice."""
    out = [False] * len(blocks)
    for i, block in enumerate(blocks):
        if not twin[i] or not _headline_like(block):
            continue
        for j in range(i + 1, min(len(blocks), i + 3)):
            if (
                twin[j]
                and _headline_like(blocks[j])
                and (_shortened(block.text, blocks[j].text) or (j == i + 1 and _echoed(block.text, blocks[j].text)))
            ):
                out[i] = out[j] = True
    return out


def teasers(blocks: list[Block], twin: list[bool]) -> list[Span]:
    """Teaser runs: lists of other articles (a headline, perhaps its shortened twin and a
    standfirst, again and again) told by their marks: at least :data:`TEASER_MIN_MARKS`
    lines that end in a truncation mark ("…", "...", "[…]") or are one of a headline and
    its twin (``twin``, see :func:`~.lines.twins`), each within :data:`TEASER_MAX_GAP`
    lines of the one before."""
    pairs = teaser_twins(blocks, twin)
    # a cut-off paragraph longer than a standfirst (a paywall's excerpt) is no teaser
    marked = [
        b.position for b in blocks if pairs[b.position] or (truncated(b.text) and units(b.text) <= STANDFIRST_MAX_UNITS)
    ]
    spans: list[Span] = []
    run: list[int] = []
    for pos in [*marked, None]:
        if pos is not None and run and pos - run[-1] <= TEASER_MAX_GAP:
            run.append(pos)
            continue
        if len(run) >= TEASER_MIN_MARKS:
            end = run[-1] + 1
            if end < len(blocks) and not twin[end] and units(blocks[end].text) <= STANDFIRST_MAX_UNITS:
                end += 1  # the last teaser's standfirst
            spans.append(Span(run[0], end, "teasers"))
        run = [pos] if pos is not None else []
    return spans


def pattern_spans(blocks: list[Block], twin: list[bool] | None = None) -> list[Span]:
    """Every repeating furniture shape in the dump (comment threads, and teaser runs when
    the lines' ``twin`` flags are given), in order of their first line."""
    spans = threads(blocks)
    if twin is not None:
        spans += teasers(blocks, twin)
    return sorted(spans, key=lambda s: s.start)


def flags(spans: list[Span], n: int) -> list[bool]:
    """Per line: whether it lies in one of ``spans``."""
    out = [False] * n
    for span in spans:
        out[span.start : span.end] = [True] * (span.end - span.start)
    return out


__all__ = [
    "Span",
    "ends_sentence",
    "flags",
    "long_runs",
    "pattern_spans",
    "skeleton",
    "table_rows",
    "teasers",
    "threads",
    "truncated",
]
