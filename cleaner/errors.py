"""Exceptions raised by cleaner.

Every exception carries a one-line, human-readable message; the command line
prints that line (never a traceback) and exits with a non-zero status.

Hierarchy::

    CleanerError
    ├── InputError            the input cannot be read as a page
    │   ├── EmptyInputError   nothing but whitespace
    │   ├── BinaryInputError  bytes that are not text (image, archive, NULs)
    │   └── InputTooLargeError  larger than the configured limit
    │   └── PageTooComplexError  nested too deeply for the extraction to recurse
    ├── NoArticleError        a readable page holding no article text
    ├── PageTimeoutError      cleaning took longer than the ``timeout`` asked for
    │                         (also a :class:`TimeoutError`)
    ├── RuleError             a malformed rule file (names the file and rule)
    └── BatchError            a batch cannot run at all (SRC missing, DST not writable)
"""

from __future__ import annotations

__all__ = [
    "BatchError",
    "BinaryInputError",
    "CleanerError",
    "EmptyInputError",
    "InputError",
    "InputTooLargeError",
    "NoArticleError",
    "PageTimeoutError",
    "PageTooComplexError",
    "RuleError",
]


class CleanerError(Exception):
    """Base class of every error cleaner raises on purpose."""

    def __str__(self) -> str:  # always one line
        text = super().__str__()
        return " ".join(text.split())


class InputError(CleanerError, ValueError):
    """The input cannot be read as a page at all."""


class EmptyInputError(InputError):
    """The input is empty or holds only whitespace."""


class BinaryInputError(InputError):
    """The input is binary data (an image, an archive, random bytes), not a page."""


class InputTooLargeError(InputError):
    """The input is larger than the size limit (``max_bytes``)."""


class PageTooComplexError(InputError):
    """The page nests elements too deeply to clean, even once its structure was flattened."""


class PageTimeoutError(CleanerError, TimeoutError):
    """Cleaning the page took longer than the ``timeout`` given (see :mod:`cleaner.timeout`)."""


class NoArticleError(CleanerError):
    """The page was read, but no article text could be found in it."""


class RuleError(CleanerError):
    """A rule file is malformed; the message names the file and the rule."""


class BatchError(CleanerError):
    """The batch cannot run at all: SRC missing, DST not writable, bad options."""
