"""cleaner: turn a raw scraped page (HTML or a plain-text dump) into the clean article it holds.

>>> from cleaner import clean
>>> article = clean(raw_page, url="https://www.example.com/news/story")  # doctest: +SKIP
>>> article.title, article.text, article.removed                       # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import (
    BatchError,
    BinaryInputError,
    CleanerError,
    EmptyInputError,
    InputError,
    InputTooLargeError,
    NoArticleError,
    PageTimeoutError,
    PageTooComplexError,
    RuleError,
)
from .model import Article, Block, Removed
from .pipeline import clean, clean_html, clean_text, detect_kind
from .rules import RuleSet, load_rules

if TYPE_CHECKING:
    from .batch import BatchReport, PageResult, clean_dir, iter_clean

__version__ = "0.1.0"

#: names that live in :mod:`cleaner.batch`, loaded on first use: ``import cleaner``
#: does not pay for the batch code (multiprocessing, the writers) unless a batch runs
_BATCH_NAMES = frozenset({"BatchReport", "PageResult", "clean_dir", "iter_clean"})

__all__ = [
    "Article",
    "BatchError",
    "BatchReport",
    "BinaryInputError",
    "Block",
    "CleanerError",
    "EmptyInputError",
    "InputError",
    "InputTooLargeError",
    "NoArticleError",
    "PageResult",
    "PageTimeoutError",
    "PageTooComplexError",
    "Removed",
    "RuleError",
    "RuleSet",
    "__version__",
    "clean",
    "clean_dir",
    "clean_html",
    "clean_text",
    "detect_kind",
    "iter_clean",
    "load_rules",
]


def __getattr__(name: str) -> Any:
    if name in _BATCH_NAMES:
        from . import batch

        value = getattr(batch, name)
        globals()[name] = value  # the next lookup is a plain one
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
