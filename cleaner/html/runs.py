"""Put back the loose text runs trafilatura drops from a holder whose other text it keeps.

A *loose run* is text that sits directly in a container (``<div>``, ``<td>``...) outside
any paragraph: the container's own text or a child's tail, with the inline elements
(links, emphasis) inside it, up to the next ``<br>`` or block child
(:func:`~.prose.loose_prose` measures the same text). trafilatura now and then keeps some
of a holder's text and drops the rest: the line after an image box while the lines after
it are kept, the sentence before the first ``<br>``, the words before a link whose text
and tail it keeps. :func:`restore_runs` puts such text back into trafilatura's body.
Costs no extraction: one walk over the children of the page's loose-text holders, and
a look-up of the first 4-gram of each run long enough to count in the body's text.

Nothing in the block model records why a block is there (``Article.removed`` records
only what was cut), so a restored run is a ``<p>`` of the body like any other; the
block passes read it as they read the rest (the text rules cut one that is furniture).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from lxml import etree

from ..units import text_units, token_starts, unspaced_chars, word_tokens
from .prose import _SENTENCE_MARK, PROSE_MIN_WORDS, text_of
from .recover import _LOST_TAGS

#: a missing run (or the missing start of a run) is put back from this many word units,
#: when the run has sentence punctuation
RUN_MIN_WORDS = PROSE_MIN_WORDS
#: runs are told apart by their token 4-grams (:func:`~cleaner.units.word_tokens`)
GRAM = 4
#: a run is missing from the body when less than this share of its 4-grams are in it
#: (a few may sit elsewhere in the body: a product name it repeats)
RUN_KEPT_SHARE = 0.5
#: a page's holders are read up to this many runs in all (a page of 100,000 ``<br>`` lines
#: costs no more than this)
MAX_RUNS = 20_000

#: 4-grams are looked for by substring search in the body's text up to this many
#: characters searched in all, in a set of its 4-grams after (see :class:`_Body`)
SUBSTRING_SEARCH_MAX = 5_000_000
#: a body block's first tokens are read from this many of its leading characters
START_CHARS = 200

#: children whose text belongs to the run they sit in; any other child (``<br>``, a block) ends a run
_INLINE = frozenset(
    {
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "cite",
        "code",
        "data",
        "del",
        "em",
        "font",
        "i",
        "img",
        "ins",
        "kbd",
        "label",
        "mark",
        "q",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "time",
        "u",
        "var",
        "wbr",
    }
)
#: body elements a restored run goes before (a list: its first item)
_BLOCKS = ("p", "quote", "item", "head")


#: a piece of a run: its text, and the address of the link it is the text of (None outside links)
Piece = tuple[str, str | None]
_SPACE = re.compile(r"\s+")


class Run(NamedTuple):
    """A loose run: its pieces, and the children between it and the run before it (the
    ``<br>`` and block children that ended that run)."""

    pieces: list[Piece]
    after: list[etree._Element]


def loose_runs(holder: etree._Element) -> list[Run]:
    """The loose runs of ``holder``, in order: its text and each child's tail, with the
    text of the inline children between them (a link's with its address); a ``<br>`` or a
    block child ends a run. Runs of white space only are left out."""
    runs: list[Run] = []
    current: list[Piece] = [(holder.text or "", None)]
    between: list[etree._Element] = []
    for child in holder:
        if isinstance(child.tag, str) and child.tag in _INLINE:
            href = child.get("href") if child.tag == "a" else None
            current.append((text_of(child), href.strip() if href and href.strip() else None))
        else:  # a <br>, a block, a comment: the run ends
            if _has_text(current):
                runs.append(Run(current, between))
                between = []
            current = []
            between.append(child)
        current.append((child.tail or "", None))
    if _has_text(current):
        runs.append(Run(current, between))
    return runs


def _has_text(pieces: list[Piece]) -> bool:
    return any(text and not text.isspace() for text, _ in pieces)


def _join(run: list[Piece]) -> str:
    return "".join(text for text, _ in run)


def _cut(run: list[Piece], end: int) -> list[Piece]:
    """The pieces of ``run`` up to character ``end`` of its text."""
    kept: list[Piece] = []
    at = 0
    for text, href in run:
        if at >= end:
            break
        kept.append((text[: end - at], href))
        at += len(text)
    return kept


def _put(el: etree._Element, run: list[Piece]) -> None:
    """Put the text of ``run`` at the start of ``el`` (of trafilatura's XML), its links as
    ``<ref target>``, white space collapsed."""
    pieces = [(_SPACE.sub(" ", text), href) for text, href in run if text]
    if not pieces:
        return
    pieces[0] = (pieces[0][0].lstrip(), pieces[0][1])
    pieces[-1] = (pieces[-1][0].rstrip(), pieces[-1][1])
    if el.text or len(el):  # the block's own text follows
        pieces.append((" ", None))
    head, last = "", None  # text before the first link, the last link made
    refs: list[etree._Element] = []
    for text, href in pieces:
        if href is None:
            if last is None:
                head += text
            else:
                last.tail = (last.tail or "") + text
            continue
        last = etree.Element("ref", target=href)
        last.text = text
        refs.append(last)
    if last is not None:
        last.tail = (last.tail or "") + (el.text or "")
        el.text = head or None
        for i, ref in enumerate(refs):
            el.insert(i, ref)
    else:
        el.text = head + (el.text or "")


def _grams(tokens: list[str]) -> list[tuple[str, ...]]:
    return list(zip(*(tokens[i:] for i in range(GRAM))))


class _Body:
    """What the body holds, read once needed: its tokens, and its blocks by their first 4 tokens.

    Whether a 4-gram is in the body is a substring search of its tokens (in C) while the
    searches add up to at most ``SUBSTRING_SEARCH_MAX`` characters, a set of its 4-grams after.
    """

    def __init__(self, body: etree._Element, kept: list[str] | None) -> None:
        self.body = body
        self._kept = kept
        self._text: str | None = None
        self._searched = 0
        self._grams: set[tuple[str, ...]] | None = None
        self._starts: dict[tuple[str, ...], etree._Element] | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            joined = " ".join(self._kept) if self._kept is not None else ""
            if self._kept is None or unspaced_chars(joined):  # the lower-cased \w+ words are not its tokens
                joined = " ".join(word_tokens(text_of(self.body).lower()))
            self._text = f" {joined} "
        return self._text

    def has(self, gram: tuple[str, ...]) -> bool:
        if self._grams is None:
            self._searched += len(self.text)
            if self._searched <= SUBSTRING_SEARCH_MAX:
                return f" {' '.join(gram)} " in self.text
            return gram in self._hashed()
        return gram in self._grams

    def _hashed(self) -> set[tuple[str, ...]]:
        if self._grams is None:
            tokens = self.text.split()
            self._grams = set(zip(*(tokens[i:] for i in range(GRAM))))
        return self._grams

    def share(self, grams: list[tuple[str, ...]]) -> float:
        """The share of ``grams`` found in the body."""
        return sum(self.has(g) for g in grams) / len(grams) if grams else 1.0

    def add(self, words: list[str]) -> None:
        """Count ``words`` (a run put back) as the body's (from then on in the set of 4-grams)."""
        self._hashed().update(_grams(words))

    @property
    def starts(self) -> dict[tuple[str, ...], etree._Element]:
        if self._starts is None:
            self._starts = {}
            for el in self.body.iter(*_BLOCKS):
                start = tuple(word_tokens(text_of(el)[:START_CHARS].lower())[:GRAM])
                if len(start) == GRAM:
                    self._starts.setdefault(start, el)
        return self._starts


def _before(target: etree._Element) -> etree._Element | None:
    """Where a block put back before ``target`` goes: before it, or before its list when
    it is a list's first item; None when neither (an item inside a list, a table cell)."""
    if any(a.tag in ("table", "cell") for a in target.iterancestors()):
        return None
    if target.tag == "item":
        parent = target.getparent()
        if parent is None or parent.tag != "list" or parent[0] is not target:
            return None
        target = parent
    return target if target.getparent() is not None else None


def restore_runs(
    tree: etree._Element,
    body: etree._Element | None,
    holders: dict[etree._Element, int] | None = None,
    kept: list[str] | None = None,
) -> int:
    """Put back the loose runs of ``holders`` (the page's loose-text holders, as
    :func:`~.prose.loose_prose` finds them) that ``body`` lacks while it keeps more text
    of the same holder; return how many runs (or starts of runs) were put back. ``kept``
    is :func:`~.recover.body_words_lower` of ``body``, when already read.

    Only a run of at least ``RUN_MIN_WORDS`` word units with sentence punctuation whose
    first 4-gram the body lacks is looked at. When a body block starts inside it, the rest
    of the run (``RUN_MIN_WORDS`` tokens or more) is mostly in the body and its start mostly
    not, the start (again ``RUN_MIN_WORDS`` units or more) goes back at the head of that
    block, links kept.
    When less than ``RUN_KEPT_SHARE`` of its 4-grams are in the body, the run goes back
    as a paragraph right before the body block that starts with the holder's next run the
    body holds, unless a child of the holder with kept text sits between the two (the run
    would land after it). A run with no kept run after it stays out. Holders inside
    navigation, footers, asides, menus and captions are left alone (trafilatura drops
    them on purpose). The block passes run after: a restored run that is furniture (a
    donation appeal) is still cut there by the text rules.
    """
    if body is None or not holders:
        return 0
    seen = restored = 0
    known = _Body(body, kept)
    for holder in holders:
        if holder.getroottree().getroot() is not tree:
            continue  # pruned away
        found = loose_runs(holder)
        seen += len(found)
        if seen > MAX_RUNS:
            break
        runs = [_join(run.pieces) for run in found]
        lost: bool | None = None  # whether the holder sits where trafilatura drops text on purpose
        places: list[etree._Element | None] | None = None  # per run, where it goes when missing
        for i, run in enumerate(runs):
            if text_units(run) < RUN_MIN_WORDS or not _SENTENCE_MARK.search(run):
                continue
            words = word_tokens(run.lower())
            if len(words) < GRAM or known.has(tuple(words[:GRAM])):
                continue  # kept from its start (or too short to tell)
            if lost is None:
                lost = any(a.tag in _LOST_TAGS for a in (holder, *holder.iterancestors()))
            if lost:
                break
            grams = _grams(words)
            if known.has(grams[-1]) and _restore_start(found[i].pieces, run, words, known):
                restored += 1
                continue
            if known.share(grams) >= RUN_KEPT_SHARE:
                continue  # mostly in the body already
            if places is None:
                places = _places(found, runs, known)
            place = places[i]
            if place is None:
                continue
            new = etree.Element("p")
            _put(new, found[i].pieces)
            place.addprevious(new)
            known.add(words)
            restored += 1
    return restored


def _first_gram(text: str) -> tuple[str, ...]:
    return tuple(word_tokens(text[:START_CHARS].lower())[:GRAM])


def _places(found: list[Run], runs: list[str], known: _Body) -> list[etree._Element | None]:
    """For each of a holder's runs (``found``, their texts ``runs``), where it goes when
    missing: before the body block that starts with the next run the body holds, when no
    kept text sits between them (a paragraph child of the holder); None when there is no
    such block."""
    places: list[etree._Element | None] = [None] * len(runs)
    place = None
    for i in range(len(runs) - 1, -1, -1):
        places[i] = place
        start = _first_gram(runs[i])
        if len(start) == GRAM and known.has(start):
            target = known.starts.get(start)
            place = _before(target) if target is not None else None
        if any(_holds_kept(el, known) for el in found[i].after):
            place = None  # the runs before this one are not next to it in the body
    return places


def _holds_kept(el: etree._Element, known: _Body) -> bool:
    """Whether the child ``el`` between two runs holds text the body may have: a few
    tokens (too few to tell), or text that starts as some of the body does."""
    if not isinstance(el.tag, str) or el.tag == "br":
        return False
    text = text_of(el)
    if not text or text.isspace():
        return False
    start = _first_gram(text)
    return len(start) < GRAM or known.has(start)


def _restore_start(run: list[Piece], text: str, words: list[str], kept: _Body) -> bool:
    """Put back the start of ``run`` (``text``, its ``words``) when a body block starts
    inside it, the rest of the run (of ``RUN_MIN_WORDS`` tokens or more: a bare link the
    body kept is no ground) being mostly in the body and its start (of ``RUN_MIN_WORDS``
    units or more) mostly not (see :func:`restore_runs`); True when it did."""
    for k in range(1, len(words) - RUN_MIN_WORDS + 1):  # the kept rest: RUN_MIN_WORDS tokens or more
        target = kept.starts.get(tuple(words[k : k + GRAM]))
        if target is None:
            continue
        starts = token_starts(text)
        if len(starts) != len(words):
            return False  # lower-casing changed the tokens (a rare letter): no offsets to trust
        start = _cut(run, starts[k])
        if (
            text_units(_join(start)) < RUN_MIN_WORDS
            or kept.share(_grams(words[: k + GRAM - 1])) >= RUN_KEPT_SHARE
            or kept.share(_grams(words[k:])) < RUN_KEPT_SHARE
        ):
            return False
        _put(target, start)
        kept.add(words[: k + GRAM - 1])
        return True
    return False
