"""Catastrophic backtracking: attack strings made from a pattern's own pieces, and a probe.

Python's regex engine backtracks: a pattern such as ``(\\w+ ?){1,3}$`` or ``(A\\w*|and)*``
tries exponentially (or polynomially) many ways to split a long run of its own characters
before it fails, and no thread can interrupt it. Text rules run on every short block of
every page, so one such pattern hangs a whole batch.

:func:`attacks` builds the strings that expose such a pattern: a lead-in that gets past its
anchor (its leading literals, or one of the rule's examples), then a long run of a unit
made of the pattern's own characters and literals, then nothing or a character that makes
the match fail at the very end. :func:`probe` runs a pattern on them with lengths growing
step by step (so an exponential pattern is caught before one search takes long) and names
the first attack on which one search took longer than its budget.

The test suite probes every built-in pattern; :mod:`cleaner.rules` probes the patterns of
a user's rule file when it loads (:data:`USER_BUDGET`), so a rule cannot bring the problem back.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator
from functools import lru_cache

from . import _sre
from .prefilter import _parse as _parsed  # the one reading of a parsed pattern

#: the longest attack string, in characters: longer than any short block a text rule
#: meets in practice (text rules only see blocks of at most ``max_words`` words, but a
#: word can be long: a URL, a run of minified junk)
MAX_LENGTH = 4096
#: one search on an attack of up to :data:`MAX_LENGTH` characters must take less than this (seconds)
BUDGET = 0.05
#: the budget a user's pattern is held to when its rule file loads (seconds)
USER_BUDGET = 0.1
#: what follows the run: nothing (a match may succeed) or a character that fails it at the end
SUFFIXES = ("", "!")

_C = _sre.constants


def _op(name: str):
    return getattr(_C, name, None)


_LITERAL, _NOT_LITERAL, _IN, _ANY = map(_op, ("LITERAL", "NOT_LITERAL", "IN", "ANY"))
_RANGE, _CATEGORY = map(_op, ("RANGE", "CATEGORY"))
_SUBPATTERN, _BRANCH, _MAX_REPEAT, _MIN_REPEAT = map(_op, ("SUBPATTERN", "BRANCH", "MAX_REPEAT", "MIN_REPEAT"))
_POSSESSIVE_REPEAT, _ATOMIC_GROUP, _ASSERT, _ASSERT_NOT, _AT, _NEGATE = map(
    _op, ("POSSESSIVE_REPEAT", "ATOMIC_GROUP", "ASSERT", "ASSERT_NOT", "AT", "NEGATE")
)
#: characters a class is tested for: letters of both cases, a digit, whitespace, the
#: punctuation that patterns use as separators, and a non-ASCII letter
CANDIDATES = "aA1 .,-_'’:!?&|/()é"
#: at most this many characters a repeated class matches become units
CLASS_CHARS = 4


def _category(code, ch: str) -> bool:
    name = str(code).removeprefix("CATEGORY_").removeprefix("UNI_").removeprefix("LOC_")
    negated = name.startswith("NOT_")
    name = name.removeprefix("NOT_")
    if name == "DIGIT":
        found = ch.isdecimal()
    elif name == "WORD":
        found = ch.isalnum() or ch == "_"
    elif name == "SPACE":
        found = ch.isspace()
    else:  # line breaks
        found = ch in "\n\r"
    return found != negated


def _member(items, ch: str) -> bool:
    """Whether the parsed character class ``items`` matches ``ch`` (case as written)."""
    negate = False
    found = False
    for op, arg in items:
        if op is _NEGATE:
            negate = True
        elif op is _LITERAL:
            found = found or chr(arg) == ch
        elif op is _RANGE:
            found = found or arg[0] <= ord(ch) <= arg[1]
        elif op is _CATEGORY:
            found = found or _category(arg, ch)
    return found != negate


def _one(op, arg) -> list[str]:
    """Characters one parsed item of a pattern matches, among :data:`CANDIDATES` and its own."""
    if op is _LITERAL:
        return [chr(arg)]
    if op is _NOT_LITERAL:
        return [c for c in CANDIDATES if c != chr(arg)][:CLASS_CHARS]
    if op is _IN:
        return [c for c in CANDIDATES if _member(arg, c)][:CLASS_CHARS]
    if op is _ANY:
        return ["a", " "]
    return []


def _pieces(items, chars: set[str], literals: set[str]) -> None:
    """Collect the characters and the literal runs (two characters or more) that a parsed
    sequence can match."""
    run: list[str] = []

    def end_run() -> None:
        if len(run) >= 2:
            literals.add("".join(run))
        run.clear()

    for op, arg in items:
        if op is _LITERAL:
            run.append(chr(arg))
        else:
            end_run()
        chars.update(_one(op, arg))
        for body in _bodies(op, arg):
            _pieces(body, chars, literals)
    end_run()


def _bodies(op, arg) -> list:
    """The parsed sequences nested in one item (a group's, a repeat's, each branch's)."""
    if op in (_SUBPATTERN, _ATOMIC_GROUP):
        return [arg[-1]]
    if op in (_MAX_REPEAT, _MIN_REPEAT, _POSSESSIVE_REPEAT):
        return [arg[2]]
    if op is _BRANCH:
        return list(arg[1])
    if op in (_ASSERT, _ASSERT_NOT):
        return [arg[1]]
    return []


def _repeated(items, found: list) -> None:
    """The bodies of the repeats in a parsed sequence that can run more than once."""
    for op, arg in items:
        if op in (_MAX_REPEAT, _MIN_REPEAT, _POSSESSIVE_REPEAT) and arg[1] > 1:
            found.append(arg[2])
        for body in _bodies(op, arg):
            _repeated(body, found)


def _lead(items) -> str:
    """A string that a match of the parsed pattern can start with: its leading literals,
    the first branch of an alternation, one pass of a repeat that must run, up to the
    first optional part."""
    out: list[str] = []
    for op, arg in items:
        if op is _AT:
            continue
        if op is _LITERAL:
            out.append(chr(arg))
        elif op in (_IN, _NOT_LITERAL, _ANY):
            chars = _one(op, arg)
            if not chars:
                break
            out.append(chars[0])
        elif op in (_SUBPATTERN, _ATOMIC_GROUP):
            out.append(_lead(arg[-1]))
        elif op is _BRANCH:
            out.append(_lead(arg[1][0]))
        elif op in (_MAX_REPEAT, _MIN_REPEAT, _POSSESSIVE_REPEAT) and arg[0] >= 1:
            out.append(_lead(arg[2]) * arg[0])
            break
        else:
            break
    return "".join(out)


def attacks(pattern: re.Pattern[str], examples: Iterable[str] = ()) -> list[tuple[str, str, str]]:
    """(lead-in, unit, suffix) triples that expose catastrophic backtracking in ``pattern``.

    Backtracking explodes where a repeat's body can match a long run in many ways, so the
    units come from the bodies of the pattern's repeats: each character they match (among
    :data:`CANDIDATES` and the pattern's own), each literal run they hold, and each such
    literal followed by one of the characters (the ``andA`` of ``(and|A\\w*)*``), and each
    character followed by a space (a run of short words).
    The lead-ins: none, the pattern's own leading literals (to get past ``^by`` or
    ``^more from``), and the given ``examples`` (text a rule is meant to match). A pattern
    without a repeat that can run twice has no attacks: its search is linear.
    """
    parsed = _parsed(pattern)
    if parsed is None:  # no parser: the runs of the candidate characters alone
        return [("", c, suffix) for c in CANDIDATES for suffix in SUFFIXES]
    bodies: list = []
    _repeated(list(parsed), bodies)
    if not bodies:
        return []
    chars: set[str] = set()
    literals: set[str] = set()
    for body in bodies:
        _pieces(body, chars, literals)
    units = chars | literals
    units.update(literal + c for literal in literals for c in chars)
    units.update(c + " " for c in chars)
    leads = {"", _lead(list(parsed))}
    leads.update(e for e in examples if not e.lstrip().startswith("<"))
    return [(lead, unit, suffix) for lead in sorted(leads) for unit in sorted(units) for suffix in SUFFIXES]


def _lengths() -> Iterator[int]:
    """Attack lengths: in small steps while an exponential pattern is still cheap, then by a quarter."""
    n = 16
    while n < MAX_LENGTH:
        yield n
        n = n + 8 if n < 96 else int(n * 1.5)
    yield MAX_LENGTH


#: blocks reach text rules with their whitespace collapsed: so are the attacks
_SPACES = re.compile(r"\s{2,}")


def _timed_search(pattern: re.Pattern[str], text: str) -> float:
    start = time.perf_counter()
    pattern.search(text)
    return time.perf_counter() - start


def probe(pattern: re.Pattern[str], examples: Iterable[str] = (), budget: float = BUDGET) -> str | None:
    """The first attack (as a short description) on which one search of ``pattern`` took
    longer than ``budget`` seconds, or None when every attack up to :data:`MAX_LENGTH`
    characters ran within it.

    Each attack grows step by step and stops at the first slow search, so even an
    exponential pattern costs about ``2 * budget`` to catch.
    """
    for lead, unit, suffix in attacks(pattern, examples):
        for length in _lengths():
            reps = max(1, (length - len(lead)) // len(unit))
            text = _SPACES.sub(" ", lead + unit * reps + suffix)
            if _timed_search(pattern, text) > budget and _timed_search(pattern, text) > budget:
                return f"{lead!r} + {unit!r} x {reps} + {suffix!r} ({len(text):,} characters)"
    return None


@lru_cache(maxsize=1024)
def probe_cached(pattern: re.Pattern[str], examples: tuple[str, ...], budget: float) -> str | None:
    """:func:`probe`, remembered per pattern (a rule file's patterns are probed once per process)."""
    return probe(pattern, examples, budget)
