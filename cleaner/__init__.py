"""cleaner: turn a raw scraped page (HTML or a plain-text dump) into the clean article it holds.

>>> from cleaner import clean
>>> article = clean(raw_page, url="https://www.example.com/news/story")  # doctest: +SKIP
>>> article.title, article.text, article.removed                       # doctest: +SKIP
"""

from __future__ import annotations

from .batch import BatchReport, PageResult, clean_dir, iter_clean
from .errors import (
    BinaryInputError,
    CleanerError,
    EmptyInputError,
    InputError,
    InputTooLargeError,
    NoArticleError,
    RuleError,
)
from .model import Article, Block, Removed
from .pipeline import clean, clean_html, clean_text, detect_kind
from .rules import RuleSet, load_rules

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Block",
    "Removed",
    "RuleSet",
    "clean",
    "clean_html",
    "clean_text",
    "clean_dir",
    "iter_clean",
    "BatchReport",
    "PageResult",
    "detect_kind",
    "load_rules",
    "CleanerError",
    "InputError",
    "EmptyInputError",
    "BinaryInputError",
    "InputTooLargeError",
    "NoArticleError",
    "RuleError",
    "__version__",
]
