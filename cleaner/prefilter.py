"""Which text patterns a block could match, told without running them.

Text rules hold some hundred regexes and most blocks match none. Read from each parsed
pattern, what a match needs:

- a pattern anchored at the start (``^...``) can only match a block starting with one
  of a few characters (:func:`start_chars`; :data:`NON_ASCII` stands for any character
  outside ASCII that ``\\d`` or ``\\s`` match);
- any other pattern, a literal somewhere in the block (:func:`required_literals`).

:class:`PatternIndex` files the patterns under those characters and literals, so that
a block only runs the few patterns it could match. Both tests are necessary conditions,
made on the block case-folded by :func:`fold_case`: they never hide a match. A pattern
the analysis cannot read (or a Python without the regex parser) always runs.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from operator import attrgetter
from typing import Generic, TypeVar

import ahocorasick

from . import _sre

T = TypeVar("T")

#: characters that a case-insensitive pattern matches to an ASCII letter, besides that
#: letter's two cases (dotted and dotless i, long s, the Kelvin sign)
_ASCII_FOLDS = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
_ASCII_FOLD_CHARS = re.compile("[" + "".join(_ASCII_FOLDS) + "]")
#: a literal shorter than this is in nearly every block: not worth testing first
MIN_LITERAL = 3
#: ASCII characters that prose seldom holds: a literal with one of them is worth testing
#: first however short (a credit's "/" in "Mike Blake/Reuters", a "|" or "@")
RARE_CHARS = frozenset("/|@#=<>[]{}\\~^_")
#: a character class wider than this is not spelled out as start characters
MAX_CLASS_CHARS = 64
#: the start character standing for every character outside ASCII (a Unicode digit or
#: space matched by ``\\d`` or ``\\s``): a block starting with any of them runs the pattern
NON_ASCII = "non-ascii"


def fold_case(text: str) -> str:
    """``text`` lower-cased so that an ASCII character or literal a pattern needs, matched
    with or without ``(?i)``, is a plain character or substring of it."""
    if not text.isascii():
        text = _ASCII_FOLD_CHARS.sub(lambda m: _ASCII_FOLDS[m.group()], text)
    return text.lower()


def _parse(pattern: re.Pattern[str]):
    if not _sre.AVAILABLE:
        return None
    try:
        return _sre.parse(pattern.pattern, pattern.flags)
    except Exception:
        return None


def _at_start(items) -> bool:
    return len(items) > 0 and items[0] == (_sre.AT, _sre.AT_BEGINNING)


def _anchored(parsed) -> bool:
    """True when every match starts at the block's start: ``^...``, or ``^a|^b``."""
    if _at_start(parsed):
        return True
    return len(parsed) == 1 and parsed[0][0] is _sre.BRANCH and all(_at_start(b) for b in parsed[0][1][1])


def _scans_ahead(parsed) -> bool:
    """True when an anchored pattern starts by reading ahead through the block: a lookahead
    (``^(?=.*telegram)``) or a run of any characters (``^.{0,60}?``), so that it does not
    fail on the block's first character."""
    items = list(parsed)[1:] if _at_start(parsed) else []
    if not items:
        return False
    op, arg = items[0]
    if op is _sre.ASSERT:
        return True
    return op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and len(arg[2]) == 1 and arg[2][0][0] is _sre.ANY


@cache
def required_literals(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lower-case ASCII strings one of which every match of ``pattern`` contains, or None.

    Read from the parsed pattern: runs of literal characters in sequence, in groups and
    in repeats taken at least once, in lookaheads, and one literal per branch of an
    alternation. The longest such requirement is returned. None when there is none of
    ``MIN_LITERAL`` characters, or when the pattern is anchored at the start and does not
    look ahead (:func:`_scans_ahead`): such a pattern fails at once on most blocks, and
    its literals (month names, "min") are common enough to cost more to look for than it
    does. (:class:`PatternIndex` reads them only for a pattern with no :func:`start_chars`.)
    """
    parsed = _parse(pattern)
    if parsed is None or (_anchored(parsed) and not _scans_ahead(parsed)):
        return None
    best = _most_selective(_requirements(parsed))
    return best if best is not None and _selectivity(best) >= MIN_LITERAL else None


def _selectivity(alternatives: tuple[str, ...]) -> int:
    """How seldom a block holds one of ``alternatives``, as the length of the shortest (a
    literal holding one of :data:`RARE_CHARS` counts as :data:`MIN_LITERAL` long)."""
    return min(max(len(a), MIN_LITERAL) if RARE_CHARS.intersection(a) else len(a) for a in alternatives)


def _most_selective(requirements: list[tuple[str, ...]]) -> tuple[str, ...] | None:
    return max(requirements, key=_selectivity, default=None)


def _requirements(items) -> list[tuple[str, ...]]:
    """Alternatives of literals that a match of the parsed sequence ``items`` must contain."""
    found: list[tuple[str, ...]] = []
    run: list[str] = []

    def end_run() -> None:
        if run:
            found.append(("".join(run).lower(),))
            run.clear()

    for op, arg in items:
        if op is _sre.LITERAL and arg < 128:
            run.append(chr(arg))
            continue
        end_run()
        if op is _sre.SUBPATTERN:
            found.extend(_requirements(arg[-1]))
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and arg[0] >= 1:
            found.extend(_requirements(arg[2]))
        elif op is _sre.BRANCH:
            per_branch = [_most_selective(_requirements(branch)) for branch in arg[1]]
            if all(per_branch):
                found.append(tuple(literal for alts in per_branch if alts for literal in alts))
        elif op is _sre.ASSERT and arg[0] == 1:  # a lookahead: what it needs, the match needs
            found.extend(_requirements(arg[1]))
    end_run()
    return found


@cache
def start_chars(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The case-folded first characters of every block a ``^``-anchored pattern matches
    (:data:`NON_ASCII` among them when a ``\\d`` or ``\\s`` may come first).

    None when the pattern is not anchored, can match an empty block, or may start with
    a character the analysis does not follow (a negated or wide class, another category,
    a lookahead, a non-ASCII letter that has case in a ``(?i)`` pattern).
    """
    parsed = _parse(pattern)
    if parsed is None or not _anchored(parsed):
        return None
    ignore_case = bool(pattern.flags & re.IGNORECASE)
    chars, nullable = _first_chars(list(parsed), ignore_case)
    return None if chars is None or nullable else chars


def _first_chars(items, ignore_case: bool) -> tuple[frozenset[str] | None, bool]:
    """(folded characters a match of the sequence can start with, whether it can be empty)."""
    chars: set[str] = set()
    for op, arg in items:
        first, nullable = _first_of(op, arg, ignore_case)
        if first is None:
            return None, False
        chars |= first
        if not nullable:
            return frozenset(chars), False
    return frozenset(chars), True


def _literal_start(code: int, ignore_case: bool) -> frozenset[str] | None:
    """The folded first characters of the blocks the literal ``chr(code)`` starts.

    An ASCII character is its lower case. A non-ASCII one only when the fold cannot miss a
    case variant: in a case-sensitive pattern its lower case, in a ``(?i)`` pattern only a
    character without case (Arabic, CJK, a symbol such as the pound sign).
    """
    char = chr(code)
    if code < 128:
        return frozenset({char.lower()})
    lower = char.lower()
    if len(lower) != 1:
        return None
    if ignore_case and not (lower == char == char.upper()):
        return None
    return frozenset({lower})


@cache
def _category_chars(escape: str) -> frozenset[str]:
    """The ASCII characters ``escape`` (``\\d``, ``\\s``) matches, and :data:`NON_ASCII`."""
    test = re.compile(escape)
    return frozenset({chr(c) for c in range(128) if test.match(chr(c))} | {NON_ASCII})


def _first_of(op, arg, ignore_case: bool) -> tuple[frozenset[str] | None, bool]:
    if op is _sre.LITERAL:
        return _literal_start(arg, ignore_case), False
    if op is _sre.IN:
        return _class_chars(arg, ignore_case), False
    if op is _sre.AT:  # ^, \b and the like: zero-width
        return frozenset(), True
    if op is _sre.SUBPATTERN:
        return _first_chars(arg[-1], ignore_case)
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
        first, nullable = _first_chars(arg[2], ignore_case)
        return first, nullable or arg[0] == 0
    if op is _sre.BRANCH:
        chars: set[str] = set()
        any_nullable = False
        for branch in arg[1]:
            first, nullable = _first_chars(branch, ignore_case)
            if first is None:
                return None, False
            chars |= first
            any_nullable = any_nullable or nullable
        return frozenset(chars), any_nullable
    return None, False


def _class_chars(items, ignore_case: bool) -> frozenset[str] | None:
    chars: set[str] = set()
    for op, arg in items:
        if op is _sre.LITERAL:
            first = _literal_start(arg, ignore_case)
            if first is None:
                return None
            chars |= first
        elif op is _sre.RANGE and arg[1] < 128 and arg[1] - arg[0] < MAX_CLASS_CHARS:
            chars.update(chr(code).lower() for code in range(arg[0], arg[1] + 1))
        elif op is _sre.CATEGORY and arg in _sre.CATEGORIES:
            chars |= _category_chars(_sre.CATEGORIES[arg])
        else:  # a negation, another category, a non-ASCII or wide range
            return None
    return frozenset(chars)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity
class _Entry(Generic[T]):
    order: int
    owner: T
    max_words: int
    pattern: re.Pattern[str]


_ORDER = attrgetter("order")


class _Tier(Generic[T]):
    """The entries of one word-count tier, filed under what a match needs."""

    def __init__(self, filed: list[tuple[_Entry[T], frozenset[str] | None, tuple[str, ...] | None]]) -> None:
        by_start: dict[str, list[_Entry[T]]] = {}
        self._by_literal: dict[str, list[_Entry[T]]] = {}
        self._always: list[_Entry[T]] = []
        for entry, starts, literals in filed:
            if starts is not None:
                for char in starts:
                    by_start.setdefault(char, []).append(entry)
            elif literals is not None:
                for literal in literals:
                    self._by_literal.setdefault(literal, []).append(entry)
            else:
                self._always.append(entry)
        self._literals = tuple(self._by_literal)
        #: every literal found in one pass over the block (Aho-Corasick), not one search each
        self._automaton = ahocorasick.Automaton()
        for literal in self._literals:
            self._automaton.add_word(literal, literal)
        if self._literals:
            self._automaton.make_automaton()
        # what a block starting with a given character runs before any literal test, in order;
        # a block starting outside ASCII also runs the patterns filed under NON_ASCII
        other = by_start.pop(NON_ASCII, [])
        self._start_lists = {
            char: sorted({*self._always, *entries, *(() if char.isascii() else other)}, key=_ORDER)
            for char, entries in by_start.items()
        }
        self._other = sorted({*self._always, *other}, key=_ORDER)

    def candidates(self, text: str) -> list[_Entry[T]]:
        """The patterns ``text`` could match, in order."""
        folded = fold_case(text)
        first = folded[:1]
        listed = self._start_lists.get(first)
        if listed is None:
            listed = self._always if first.isascii() else self._other
        present = {literal for _, literal in self._automaton.iter(folded)} if self._literals else ()
        found = [entry for literal in present for entry in self._by_literal[literal]]
        if not found:  # the common case: no literal a pattern needs
            return listed
        # listed is in order and holds no pattern filed under a literal: put the few found in
        if len(found) > 1:
            found = sorted(set(found), key=_ORDER)
        merged = list(listed)
        for entry in found:
            insort(merged, entry, key=_ORDER)
        return merged


class PatternIndex(Generic[T]):
    """Text patterns of owners (rules) in order, filed under what a match needs.

    One filing per distinct ``max_words`` (a tier): a block of ``n`` words is only tested
    against the patterns allowed on blocks that long, so a long paragraph meets a handful
    of patterns, not all of them.
    """

    def __init__(self, owners: Iterable[tuple[T, int, Iterable[re.Pattern[str]]]]) -> None:
        """``owners``: (owner, max_words, patterns) in priority order; an owner's patterns
        only match blocks of at most ``max_words`` words."""
        filed: list[tuple[_Entry[T], frozenset[str] | None, tuple[str, ...] | None]] = []
        for owner, max_words, patterns in owners:
            for pattern in patterns:
                entry = _Entry(len(filed), owner, max_words, pattern)
                starts = start_chars(pattern)
                filed.append((entry, starts, required_literals(pattern) if starts is None else None))
        #: tier limits, ascending, and each tier's entries: those allowed on blocks up to the limit's length
        self._limits = sorted({entry.max_words for entry, _, _ in filed})
        self._tiers = [_Tier([f for f in filed if f[0].max_words >= limit]) for limit in self._limits]
        self.max_words = self._limits[-1] if self._limits else 0

    def first_match(self, text: str) -> T | None:
        """The owner of the first pattern, in order, that matches ``text`` (a block short
        enough for it), or None."""
        n_words = len(text.split())
        if n_words > self.max_words:
            return None
        tier = self._tiers[bisect_left(self._limits, n_words)]
        for entry in tier.candidates(text):
            if entry.pattern.search(text):
                return entry.owner
        return None
