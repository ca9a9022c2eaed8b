"""Rules prove themselves: check a rule's ``examples`` and ``counterexamples``.

Kept apart from :mod:`cleaner.rules` (which only loads and matches) because checking an
HTML example needs the HTML path's selector (:func:`cleaner.html.prune.selects`).
"""

from __future__ import annotations

from .html.prune import selects
from .rules import Rule, is_snippet


def check_examples(rule: Rule) -> list[str]:
    """What is wrong with ``rule``'s ``examples`` and ``counterexamples``: one line per
    example the rule does not match and per counterexample it does (empty when all hold).

    A text example must be matched by one of the rule's text patterns (within
    ``max_words``); an HTML example must hold an element that the rule's tokens, prefixes
    or XPaths select (the page-level guards that keep a large share of the prose are not
    applied to snippets).
    """
    problems = []
    for expected, examples in ((True, rule.examples), (False, rule.counterexamples)):
        for example in examples:
            hit = selects(rule, example) if is_snippet(example) else rule.matches_text(example)
            if hit != expected:
                what = "example is not matched" if expected else "counterexample is matched"
                problems.append(f"{rule.source}: rule {rule.id!r}: {what}: {example[:80]!r}")
    return problems
