"""The standard library's regex parser (``re._parser``, ``re._constants``): private API.

:mod:`cleaner.prefilter` reads parsed patterns to learn what a match needs. Nothing else
in cleaner touches these modules; ``tests/test_internals.py`` fails, naming what moved,
when a Python release renames them. Without them every pattern simply runs on every
block (:data:`AVAILABLE` is False), which is slower, never wrong.
"""

from __future__ import annotations

from typing import Any

try:
    from re import _constants as constants  # type: ignore[attr-defined]
    from re import _parser as parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - a Python that moved them: no prefilter
    constants = parser = None

#: whether the parser could be imported
AVAILABLE = parser is not None

#: the opcodes the prefilter reads (None when the parser is missing)
LITERAL: Any = getattr(constants, "LITERAL", None)
IN: Any = getattr(constants, "IN", None)
AT: Any = getattr(constants, "AT", None)
AT_BEGINNING: Any = getattr(constants, "AT_BEGINNING", None)
SUBPATTERN: Any = getattr(constants, "SUBPATTERN", None)
MAX_REPEAT: Any = getattr(constants, "MAX_REPEAT", None)
MIN_REPEAT: Any = getattr(constants, "MIN_REPEAT", None)
BRANCH: Any = getattr(constants, "BRANCH", None)
RANGE: Any = getattr(constants, "RANGE", None)
CATEGORY: Any = getattr(constants, "CATEGORY", None)
ASSERT: Any = getattr(constants, "ASSERT", None)
ANY: Any = getattr(constants, "ANY", None)
#: the categories the prefilter spells out (``\\d``, ``\\s``), by the escape that matches them
CATEGORIES: dict[Any, str] = {
    getattr(constants, "CATEGORY_DIGIT", None): r"\d",
    getattr(constants, "CATEGORY_SPACE", None): r"\s",
}


def parse(pattern: str, flags: int) -> Any:
    """The parsed form of ``pattern`` (a list of ``(opcode, argument)`` pairs)."""
    if parser is None:
        raise RuntimeError("the regex parser is not available")
    return parser.parse(pattern, flags)
