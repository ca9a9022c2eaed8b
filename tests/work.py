"""Work counted, not timed: how many characters a module's regexes are asked to scan.

The tests that guard against quadratic work (a growing paragraph rescanned at every line, a
class value split once per token) count what the code does instead of timing it, so they
neither flake on a loaded machine nor pass on a fast one: :func:`count_scans` swaps every
compiled regex of a module for a :class:`ScanCounter` that adds up the length of each
string it is handed.
"""

from __future__ import annotations

import re
from types import ModuleType
from typing import Any

#: methods whose subject string is their second argument (the first is the replacement)
_SUBJECT_SECOND = frozenset({"sub", "subn"})


class ScanCounter:
    """A compiled regex that also adds up the characters of the strings it scans."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.chars = 0

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.pattern, name)
        if not callable(method):
            return method
        at = 1 if name in _SUBJECT_SECOND else 0

        def counted(*args: Any, **kwargs: Any) -> Any:
            subject = args[at] if len(args) > at else kwargs.get("string", "")
            self.chars += len(subject)
            return method(*args, **kwargs)

        return counted


def count_scans(monkeypatch: Any, module: ModuleType) -> list[ScanCounter]:
    """Replace every compiled regex at ``module``'s top level by a counter (undone by
    ``monkeypatch`` after the test); return the counters."""
    counters = []
    for name, value in list(vars(module).items()):
        if isinstance(value, re.Pattern):
            counter = ScanCounter(value)
            monkeypatch.setattr(module, name, counter)
            counters.append(counter)
    return counters


def scanned(counters: list[ScanCounter]) -> int:
    """The characters all ``counters`` were asked to scan."""
    return sum(c.chars for c in counters)
