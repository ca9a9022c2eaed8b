"""Every use of trafilatura beyond its documented API, in one small module.

cleaner relies on a few of trafilatura's internals: its metadata helpers (read on the
parsed tree, without a second parse; ``line_processing`` normalises metadata strings as
trafilatura's ``Document.clean_and_trim`` does), its JSON-LD reader, and the discard XPaths its
extraction applies (so that cleaner can tell which containers trafilatura will drop).
Nothing else in cleaner imports from ``trafilatura.*``; ``tests/test_internals.py`` fails
loudly, naming the missing piece, when an upgrade moves one. The tested range is pinned in
``pyproject.toml``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from lxml import etree
from trafilatura import bare_extraction
from trafilatura import xpaths as _xpaths
from trafilatura.json_metadata import JSON_UNICODE_REPLACE, extract_json, extract_json_parse_error
from trafilatura.metadata import JSON_MINIFY, examine_meta, extract_sitename, extract_title, normalize_authors
from trafilatura.utils import HTML_STRIP_TAGS, line_processing, trim

__all__ = [
    "DISCARD_XPATH_NAMES",
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


@lru_cache(maxsize=1)
def discard_expressions() -> tuple[etree.XPath, ...]:
    """The compiled XPaths of :data:`DISCARD_XPATH_NAMES`, as trafilatura applies them."""
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
    return bare_extraction(
        tree,
        favor_recall=recall,
        include_comments=False,
        include_tables=True,
        include_links=True,
        include_images=images,
        output_format="xml",
    )
