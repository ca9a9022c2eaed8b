"""Every use of trafilatura beyond its documented API, in one small module.

cleaner relies on a few of trafilatura's internals: its metadata helpers (read on the
parsed tree, without a second parse; ``line_processing`` normalises metadata strings as
trafilatura's ``Document.clean_and_trim`` does), its JSON-LD reader, and the discard XPaths its
extraction applies (so that cleaner can tell which containers trafilatura will drop).
It also puts a Python matcher beside each of trafilatura's class/id XPaths, used only
inside cleaner's own extraction calls (:func:`fast_xpaths`, :mod:`cleaner.fastxpath`):
the same elements, two to three times sooner. Nothing else in cleaner imports from
``trafilatura.*``; ``tests/test_internals.py`` fails loudly, naming the missing piece,
when an upgrade moves one. The tested range is pinned in ``pyproject.toml``.
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import lru_cache
from typing import Any

from lxml import etree
from trafilatura import bare_extraction
from trafilatura import xpaths as _xpaths
from trafilatura.json_metadata import JSON_UNICODE_REPLACE, extract_json, extract_json_parse_error
from trafilatura.metadata import JSON_MINIFY, examine_meta, extract_sitename, extract_title, normalize_authors
from trafilatura.utils import HTML_STRIP_TAGS, line_processing, trim

from .fastxpath import Matcher, compile_subset

__all__ = [
    "DISCARD_XPATH_NAMES",
    "FAST_XPATH_NAMES",
    "HTML_STRIP_TAGS",
    "JSON_MINIFY",
    "JSON_UNICODE_REPLACE",
    "discard_expressions",
    "examine_meta",
    "extract_body",
    "extract_json",
    "extract_json_parse_error",
    "extract_sitename",
    "extract_title",
    "fast_xpaths",
    "line_processing",
    "normalize_authors",
    "trim",
]

#: trafilatura's discard rules (class/id patterns) that cleaner guards prose containers against
DISCARD_XPATH_NAMES = (
    "OVERALL_DISCARD_XPATH",
    "TEASER_DISCARD_XPATH",
    "RAW_TREE_PRUNE_XPATH",
    "REMOVE_COMMENTS_AND_LISTS_XPATH",
)


#: the lists of trafilatura's XPaths whose expressions cleaner's own calls evaluate in
#: Python (:mod:`cleaner.fastxpath`): the class/id tests of its extraction, which call
#: back into Python for each EXSLT regular expression on each element
FAST_XPATH_NAMES = (
    "BODY_XPATH",
    "OVERALL_DISCARD_XPATH",
    "TEASER_DISCARD_XPATH",
    "PRECISION_DISCARD_XPATH",
    "DISCARD_IMAGE_ELEMENTS",
    "RAW_TREE_PRUNE_XPATH",
    "REMOVE_COMMENTS_XPATH",
    "REMOVE_COMMENTS_AND_LISTS_XPATH",
    "COMMENTS_XPATH",
    "COMMENTS_DISCARD_XPATH",
)
#: True inside cleaner's calls of trafilatura (per thread and task): only there do the
#: expressions of :data:`FAST_XPATH_NAMES` run as Python
_IN_CLEANER: ContextVar[bool] = ContextVar("cleaner_fast_xpaths", default=False)
#: False evaluates trafilatura's XPaths as XPaths in cleaner's calls too (the outputs are
#: the same; tests compare the two)
FAST_XPATHS = True


class _FastXPath:
    """One of trafilatura's XPaths, in its list, as trafilatura calls it: evaluated by the
    equivalent Python matcher inside cleaner's calls, by the XPath everywhere else (a
    program calling trafilatura itself gets what it always got)."""

    __slots__ = ("fast", "path", "xpath")

    def __init__(self, xpath: etree.XPath, fast: Matcher) -> None:
        self.xpath, self.fast, self.path = xpath, fast, xpath.path

    def __call__(self, context: Any, **variables: Any) -> Any:
        if variables or not _IN_CLEANER.get() or not isinstance(context, etree._Element):
            return self.xpath(context, **variables)
        return self.fast(context)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.path.strip()[:60]!r}>"


def fast_xpaths() -> dict[str, list[int]]:
    """Put a :class:`_FastXPath` in place of each expression of :data:`FAST_XPATH_NAMES`
    that :func:`~cleaner.fastxpath.compile_subset` can read (once: the lists are
    trafilatura's own, read by its modules at each call). Returns, by list, the positions
    left as plain XPaths (outside the subset); ``tests/test_internals.py`` names them."""
    left: dict[str, list[int]] = {}
    for name in FAST_XPATH_NAMES:
        expressions = getattr(_xpaths, name)
        for i, expr in enumerate(expressions):
            if isinstance(expr, _FastXPath):
                continue
            fast = compile_subset(expr.path) if isinstance(expr, etree.XPath) else None
            if fast is None:
                left.setdefault(name, []).append(i)
            else:
                expressions[i] = _FastXPath(expr, fast)
    return left


fast_xpaths()


@lru_cache(maxsize=1)
def discard_expressions() -> tuple[Any, ...]:
    """The compiled XPaths of :data:`DISCARD_XPATH_NAMES`, as trafilatura applies them
    (callables: an ``etree.XPath`` or its :class:`_FastXPath`)."""
    return tuple(expr for name in DISCARD_XPATH_NAMES for expr in getattr(_xpaths, name, ()))


def extract_body(tree: etree._Element, recall: bool, images: bool = False) -> Any:
    """trafilatura's extraction of ``tree``: the document, whose ``.body`` is its XML body.

    Comments are left out, tables kept, links kept (cleaner counts their words) but not
    resolved against the page URL: their targets are never read. The "xml" format skips
    the plain-text rendering of the body that the "python" format adds and nothing here
    reads. ``recall`` picks trafilatura's recall mode over its balanced one; ``images``
    keeps the images (as ``<graphic>``; trafilatura then also keeps some captions and
    figure text it otherwise drops).
    """
    token = _IN_CLEANER.set(FAST_XPATHS)
    try:
        return bare_extraction(
            tree,
            favor_recall=recall,
            include_comments=False,
            include_tables=True,
            include_links=True,
            include_images=images,
            output_format="xml",
        )
    finally:
        _IN_CLEANER.reset(token)
