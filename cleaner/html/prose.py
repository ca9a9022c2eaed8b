"""How much running prose a parsed page holds, and where: what the guards of the HTML path read.

The rules' guards (:mod:`.prune`: an element holding a large share of the page's prose is
never pruned) and the recovery passes (:mod:`.recover`, :mod:`.extract`) measure the page
through these functions.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from lxml import etree

#: a paragraph counts as prose from this many words
PROSE_MIN_WORDS = 8

#: an element holding more than this share of the page's prose is never pruned by a rule
LARGE_SHARE = 0.3
#: ... when it also holds at least this many words of prose
LARGE_MIN_WORDS = 60


def prose_words(tree: etree._Element) -> dict[etree._Element, int]:
    """Words of running prose (paragraphs of at least ``PROSE_MIN_WORDS``) under each element."""
    counts: dict[etree._Element, int] = {}
    for p in tree.iter("p", "blockquote", "pre"):
        n = len(" ".join(p.itertext()).split())
        if n < PROSE_MIN_WORDS:
            continue
        for el in (p, *p.iterancestors()):
            counts[el] = counts.get(el, 0) + n
    return counts


def has_prose(el: etree._Element) -> bool:
    return any(len(" ".join(p.itertext()).split()) >= PROSE_MIN_WORDS for p in el.iter("p", "blockquote", "pre"))


_PARAGRAPHS = ("p", "li", "blockquote")


def text_of(el: etree._Element) -> str:
    return " ".join(el.itertext())


class Paragraphs(NamedTuple):
    """The page's prose, read in one pass (:func:`read_paragraphs`)."""

    #: words in prose paragraphs (<p>, <blockquote>, <pre> of ``PROSE_MIN_WORDS`` or more)
    prose_words: int
    #: prose <p>, <li> and <blockquote> not inside another of them, in page order
    outer: list[etree._Element]
    #: text and word count of each outer paragraph
    text: dict[etree._Element, tuple[str, int]]


def read_paragraphs(tree: etree._Element) -> Paragraphs:
    """One pass over the page's paragraphs: what :func:`extract` and :func:`fill_holes` read."""
    prose = 0
    outer: list[etree._Element] = []
    text: dict[etree._Element, tuple[str, int]] = {}
    inner: set[etree._Element] = set()  # paragraphs nested in an outer one
    for el in tree.iter("p", "li", "blockquote", "pre"):
        content = text_of(el)
        n = len(content.split())
        if n >= PROSE_MIN_WORDS and el.tag != "li":
            prose += n
        if el.tag == "pre" or el in inner:
            continue
        if len(el):
            inner.update(el.iterdescendants(*_PARAGRAPHS))
        if n >= PROSE_MIN_WORDS:
            outer.append(el)
            text[el] = (content, n)
    return Paragraphs(prose, outer, text)


def word_count(elements: list[etree._Element], paragraphs: Paragraphs) -> int:
    return sum(paragraphs.text[el][1] for el in elements)


def body_words(doc: Any) -> int:
    """Words in the body of a trafilatura document (0 when there is none)."""
    return len(" ".join(doc.body.itertext()).split()) if doc is not None and doc.body is not None else 0
