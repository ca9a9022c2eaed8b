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
    "BatchReport",
    "BinaryInputError",
    "Block",
    "CleanerError",
    "EmptyInputError",
    "InputError",
    "InputTooLargeError",
    "NoArticleError",
    "PageResult",
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
