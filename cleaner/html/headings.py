"""Put back the sub-headings trafilatura leaves out between two article paragraphs it kept.

trafilatura's recall mode drops an ``<h2>`` nested in an inline wrapper, as page builders
nest them; the paragraphs around it make it in, the heading does not. Costs no extraction:
one walk over the page's headings and paragraphs.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from lxml import etree

from ..units import text_units
from .prose import Paragraphs, text_of
from .recover import _LOST_TAGS, HOLE_PROBE_CHARS, HOLE_PROBE_WORDS, body_words_lower, paragraph_probe

#: headings that are put back (h1 is the title: the metadata has it)
SUBHEADINGS = ("h2", "h3", "h4", "h5", "h6")
#: ... of at most this many word units
HEADING_MAX_WORDS = 20
#: ... and at most this many between the same two paragraphs (a section head and the name
#: of the product it reviews; more in a row is a list of teaser headlines)
HEADINGS_PER_GAP = 2

_WORDS = re.compile(r"\w+")
_PARAGRAPHS = ("p", "li", "blockquote")


def _probe(text: str) -> str:
    """The first ``HOLE_PROBE_WORDS`` lower-cased words of ``text``, space-delimited."""
    return f" {' '.join(_WORDS.findall(text[:HOLE_PROBE_CHARS].lower())[:HOLE_PROBE_WORDS])} "


def _missing(tree: etree._Element, kept_text: str) -> list[tuple[etree._Element, str]]:
    """The page's short sub-headings outside navigation, footers, asides and menus that the body lacks."""
    missing = []
    for h in tree.iter(*SUBHEADINGS):
        text = " ".join(text_of(h).split())
        key = " ".join(_WORDS.findall(text.lower()))
        if not key or text_units(text) > HEADING_MAX_WORDS or f" {key} " in kept_text:
            continue
        if any(a.tag in _LOST_TAGS for a in h.iterancestors()):
            continue
        missing.append((h, text))
    return missing


def restore_headings(
    tree: etree._Element, body: etree._Element | None, paragraphs: Paragraphs, kept: list[str] | None = None
) -> int:
    """Put back the sub-headings missing from ``body`` whose nearest prose paragraphs
    before and after them in the page are both in ``body``; return how many.

    A heading of at most ``HEADING_MAX_WORDS`` units, outside navigation, footers, asides
    and menus, is inserted as a ``<head>`` right before the body element that holds the
    paragraph after it (a paragraph, a quote, or the list whose first item it is), unless
    more than ``HEADINGS_PER_GAP`` are missing between the same two paragraphs.
    ``kept`` is :func:`~.recover.body_words_lower` of ``body``, when already read.
    """
    if body is None or not paragraphs.outer or next(tree.iter(*SUBHEADINGS), None) is None:
        return 0
    kept_text = " " + " ".join(kept if kept is not None else body_words_lower(body)) + " "
    missing = _missing(tree, kept_text)
    if not missing:
        return 0
    order = {el: i for i, el in enumerate(tree.iter(*_PARAGRAPHS, *SUBHEADINGS))}
    pos = [order.get(p, -1) for p in paragraphs.outer]
    inside: dict[int, bool] = {}  # outer paragraph -> whether it made it in (looked up as needed)

    def kept_paragraph(i: int) -> bool:
        if i not in inside:
            inside[i] = f" {' '.join(paragraph_probe(paragraphs, paragraphs.outer[i]))} " in kept_text
        return inside[i]

    targets: dict[str, etree._Element] | None = None  # the body's blocks by their probe, read once needed
    gap_of = [bisect_left(pos, order.get(h, -1)) for h, _ in missing]
    restored = 0
    for (h, text), i in zip(missing, gap_of):
        if i == 0 or i >= len(pos) or gap_of.count(i) > HEADINGS_PER_GAP:
            continue
        if not (kept_paragraph(i - 1) and kept_paragraph(i)):
            continue
        if targets is None:
            targets = {}
            for el in body.iter("p", "quote", "item", "head"):
                targets.setdefault(_probe(text_of(el)), el)
        target = targets.get(f" {' '.join(paragraph_probe(paragraphs, paragraphs.outer[i]))} ")
        if target is None or target.tag == "head":
            continue
        if target.tag == "item":
            parent = target.getparent()
            if parent is None or parent.tag != "list" or parent[0] is not target:
                continue
            target = parent
        if target.getparent() is None:
            continue
        new = etree.Element("head", rend=h.tag)
        new.text = text
        target.addprevious(new)
        restored += 1
    return restored
