"""How much running prose a parsed page holds, and where: what the guards of the HTML path read.

The rules' guards (:mod:`.prune`: an element holding a large share of the page's prose is
never pruned) and the recovery passes (:mod:`.recover`, :mod:`.extract`) measure the page
through these functions. Prose is measured in word units (:func:`cleaner.units.text_units`:
Chinese, Japanese and Thai count by their characters) and found wherever running text
sits: paragraphs, and the text directly inside ``<div>``, ``<td>``, ``<dd>``... containers
(the lines of ``<div>text<br>text</div>``, forum posts: :func:`loose_prose`).
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from lxml import etree

from ..units import text_units

#: a paragraph counts as prose from this many words
PROSE_MIN_WORDS = 8

#: an element holding more than this share of the page's prose is never pruned by a rule
LARGE_SHARE = 0.3
#: ... when it also holds at least this many words of prose
LARGE_MIN_WORDS = 60


def paragraph_prose(
    tree: etree._Element, texts: dict[etree._Element, tuple[str, int]] | None = None
) -> dict[etree._Element, int]:
    """Word units of the prose paragraphs (``<p>``, ``<blockquote>``, ``<pre>`` of at least
    ``PROSE_MIN_WORDS``) under each element. ``texts``, when given, gets the text and word
    units of every such element read (what :func:`read_paragraphs` reuses)."""
    counts: dict[etree._Element, int] = {}
    for p in tree.iter("p", "blockquote", "pre"):
        content = " ".join(p.itertext())
        n = text_units(content)
        if texts is not None:
            texts[p] = (content, n)
        if n < PROSE_MIN_WORDS:
            continue
        for el in (p, *p.iterancestors()):
            counts[el] = counts.get(el, 0) + n
    return counts


#: containers whose own text (not inside a child element) is read as running text
_LOOSE_HOLDERS = ("div", "td", "th", "dd", "section", "article", "main", "center", "body")
#: a text node counts as running text when, whitespace collapsed as XPath's
#: ``normalize-space()`` collapses it (space, tab, CR, LF), it holds more characters than this
LOOSE_MIN_CHARS = 15
_XML_SPACE = re.compile(r"[ \t\r\n]+")


def _loose_piece(text: str | None) -> bool:
    """True when a text node is long enough to be running text (:data:`LOOSE_MIN_CHARS`)."""
    if not text or len(text) <= LOOSE_MIN_CHARS:
        return False
    return len(_XML_SPACE.sub(" ", text).strip(" ")) > LOOSE_MIN_CHARS


#: a loose text counts as prose only with sentence punctuation in it (of any script)
_SENTENCE_MARK = re.compile(r"[.!?;。！？｡；।؟۔]")


def loose_prose(tree: etree._Element) -> dict[etree._Element, int]:
    """Running text outside paragraphs: word units of the text that sits directly in a
    container (``<div>``, ``<td>``, ``<dd>``..., the lines of ``<div>text<br>text</div>``,
    the posts of a forum), per container, where the container's own text holds at least
    ``PROSE_MIN_WORDS`` units and sentence punctuation. Link text is a child's, so a menu
    of links holds none."""
    own: dict[etree._Element, list[str]] = {}
    for holder in tree.iter(*_LOOSE_HOLDERS):  # the holder's text, then its children's tails
        parts = [holder.text] if _loose_piece(holder.text) else []
        parts += [child.tail for child in holder if _loose_piece(child.tail)]
        if parts:
            own[holder] = parts
    found: dict[etree._Element, int] = {}
    for holder, parts in own.items():
        text = " ".join(parts)
        n = text_units(text)
        if n >= PROSE_MIN_WORDS and _SENTENCE_MARK.search(text):
            found[holder] = n
    return found


def _add_up(counts: dict[etree._Element, int], holders: dict[etree._Element, int]) -> dict[etree._Element, int]:
    counts = dict(counts)
    for holder, n in holders.items():
        for el in (holder, *holder.iterancestors()):
            counts[el] = counts.get(el, 0) + n
    return counts


def prose_words(tree: etree._Element) -> dict[etree._Element, int]:
    """Word units of running prose under each element: prose paragraphs and the running
    text outside them (:func:`loose_prose`)."""
    return _add_up(paragraph_prose(tree), loose_prose(tree))


class Prose(NamedTuple):
    """The page's prose per element, in word units, read once before pruning
    (:func:`prose_map`): all running text, paragraphs only, and the loose-text holders."""

    all: dict[etree._Element, int]
    paragraphs: dict[etree._Element, int]
    loose: dict[etree._Element, int]
    #: the text and word units of each ``<p>``, ``<blockquote>`` and ``<pre>`` as read, kept
    #: true while the tree is cut (:meth:`forget`): :func:`read_paragraphs` reuses them
    texts: dict[etree._Element, tuple[str, int]]

    def total(self) -> int:
        """All the page's running prose (under its root)."""
        return max(self.all.values(), default=0)

    def forget(self, removed: etree._Element) -> None:
        """Drop the texts that removing ``removed`` from the tree changes: its ancestors'.
        Call before removing it."""
        for el in removed.iterancestors():
            self.texts.pop(el, None)


def prose_map(tree: etree._Element) -> Prose:
    """:class:`Prose` of ``tree``."""
    texts: dict[etree._Element, tuple[str, int]] = {}
    paragraphs = paragraph_prose(tree, texts)
    loose = loose_prose(tree)
    return Prose(_add_up(paragraphs, loose), paragraphs, loose, texts)


def attached(holders: dict[etree._Element, int], root: etree._Element) -> dict[etree._Element, int]:
    """The ``holders`` still in the tree of ``root`` (pruning detaches elements)."""
    return {el: n for el, n in holders.items() if el.getroottree().getroot() is root}


def has_prose(el: etree._Element) -> bool:
    return any(text_units(" ".join(p.itertext())) >= PROSE_MIN_WORDS for p in el.iter("p", "blockquote", "pre"))


_PARAGRAPHS = ("p", "li", "blockquote")


def text_of(el: etree._Element) -> str:
    return " ".join(el.itertext())


class Paragraphs(NamedTuple):
    """The page's prose, read in one pass (:func:`read_paragraphs`)."""

    #: word units of prose: paragraphs (<p>, <blockquote>, <pre> of ``PROSE_MIN_WORDS`` or
    #: more), and running text outside them (:func:`loose_prose`) on a page that holds more
    #: of it than paragraphs (a forum, an article of ``<div>`` text and ``<br>`` lines): on
    #: other pages it is mostly furniture, and counting it sent the extraction checks after
    #: prose that was never the article
    prose_words: int
    #: prose <p>, <li> and <blockquote> not inside another of them, in page order
    outer: list[etree._Element]
    #: text and word count of each outer paragraph
    text: dict[etree._Element, tuple[str, int]]
    #: the first words of outer paragraphs, as :func:`~.recover.paragraph_probe` reads them
    probes: dict[etree._Element, tuple[str, ...]]


def read_paragraphs(
    tree: etree._Element,
    loose: dict[etree._Element, int] | None = None,
    known: dict[etree._Element, tuple[str, int]] | None = None,
) -> Paragraphs:
    """One pass over the page's paragraphs: what :func:`extract` and :func:`fill_holes` read.
    ``loose`` is :func:`loose_prose` of the tree, when already known; ``known`` the text
    and word units of elements already read (:attr:`Prose.texts`)."""
    prose = 0
    outer: list[etree._Element] = []
    text: dict[etree._Element, tuple[str, int]] = {}
    inner: set[etree._Element] = set()  # paragraphs nested in an outer one
    known = known if known is not None else {}
    for el in tree.iter("p", "li", "blockquote", "pre"):
        if (read := known.get(el)) is not None:
            content, n = read
        else:
            content = text_of(el)
            n = text_units(content)
        if n >= PROSE_MIN_WORDS and el.tag != "li":
            prose += n
        if el.tag == "pre" or el in inner:
            continue
        if len(el):
            inner.update(el.iterdescendants(*_PARAGRAPHS))
        if n >= PROSE_MIN_WORDS:
            outer.append(el)
            text[el] = (content, n)
    outside = sum((loose if loose is not None else loose_prose(tree)).values())
    if outside > prose:  # the page's running text sits mostly outside paragraphs (div text, <br> lines)
        prose += outside
    return Paragraphs(prose, outer, text, {})


def word_count(elements: list[etree._Element], paragraphs: Paragraphs) -> int:
    return sum(paragraphs.text[el][1] for el in elements)


def body_words(doc: Any) -> int:
    """Word units in the body of a trafilatura document (0 when there is none)."""
    return text_units(" ".join(doc.body.itertext())) if doc is not None and doc.body is not None else 0
