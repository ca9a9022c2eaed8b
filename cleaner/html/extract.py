"""trafilatura on the pruned tree, with the checks that cover its known weak spots.

:func:`extract` runs recall mode, compares it with balanced mode when its body holds little
of the page's prose, re-extracts with the prose containers shielded from trafilatura's
discard rules, fills holes cut out of the middle of the article (:mod:`.recover`), and
puts back sub-headings (:mod:`.headings`) and loose text runs (:mod:`.runs`) it dropped.
"""

from __future__ import annotations

from lxml import etree

from .. import _trafilatura
from ..metrics import shingles
from .headings import restore_headings
from .prose import attached, body_words, loose_prose, read_paragraphs
from .recover import body_words_lower, fill_holes, shield_prose, unhide_collapsed
from .runs import restore_runs

#: the recall-mode extraction is checked against balanced mode below this share of the page's prose
RECALL_MIN_SHARE = 0.6
#: ... and kept when it holds this share of the balanced extraction's shingles
RECALL_COVERAGE = 0.9
#: a body extracted from the shielded tree must be this many times longer ...
SHIELD_GAIN = 1.3
#: ... and hold this share of the body it replaces
SHIELD_COVERAGE = 0.7


def _covers(wide, narrow, share: float) -> bool:
    """True when ``wide``'s text holds at least ``share`` of ``narrow``'s shingles."""
    a = shingles(" ".join(narrow.body.itertext()))
    b = shingles(" ".join(wide.body.itertext()))
    return sum((a & b).values()) >= share * max(1, sum(a.values()))


def extract(
    tree: etree._Element,
    images: bool = False,
    loose: dict[etree._Element, int] | None = None,
    measured: dict[str, int] | None = None,
    known: dict[etree._Element, tuple[str, int]] | None = None,
) -> etree._Element | None:
    """Run trafilatura on the (pruned) tree and return its body, comments left out; with
    ``images``, the body keeps the article's images (trafilatura's ``include_images``).

    ``loose`` is the page's :func:`~.prose.loose_prose` as read before pruning (the holders
    pruning detached are left out), to save reading it again, and ``known`` the text of
    its paragraphs as read then (:attr:`~.prose.Prose.texts`); ``measured``, when given,
    gets the pruned tree's prose in word units under ``"prose"`` (the safety net reads it).

    Collapsed panels holding prose are opened first (:func:`unhide_collapsed`).

    trafilatura's recall mode keeps more of the article (tables, FAQ answers, sections
    after a full-width ad) but now and then settles on a small wrong container. When its
    body holds less than ``RECALL_MIN_SHARE`` of the page's prose, the balanced mode runs
    too, and the recall body is kept only if it covers the balanced one and is no shorter.
    When even then the body holds too little, the page's large prose containers are
    shielded from trafilatura's discard rules (:func:`shield_prose`) and recall mode runs
    once more; its body wins if it is ``SHIELD_GAIN`` times longer and covers
    ``SHIELD_COVERAGE`` of the body it replaces. Last, prose cut out of the middle of the
    body is put back when a hidden or discarded wrapper explains it (:func:`fill_holes`),
    and so are sub-headings trafilatura left out between kept paragraphs
    (:func:`~.headings.restore_headings`) and the loose text runs (a container's own text,
    a child's tail, ``<br>`` lines) it dropped from a container whose other runs it kept
    (:func:`~.runs.restore_runs`).
    """
    unhide_collapsed(tree)
    doc = _trafilatura.extract_body(tree, recall=True, images=images)
    holders = attached(loose, tree) if loose is not None else loose_prose(tree)
    paragraphs = read_paragraphs(tree, holders, known)
    prose = paragraphs.prose_words
    if measured is not None:
        measured["prose"] = prose
    if body_words(doc) < RECALL_MIN_SHARE * prose:
        balanced = _trafilatura.extract_body(tree, recall=False, images=images)
        if balanced is not None and balanced.body is not None:
            keep_recall = (
                doc is not None and body_words(doc) >= body_words(balanced) and _covers(doc, balanced, RECALL_COVERAGE)
            )
            if not keep_recall:
                doc = balanced
        if body_words(doc) < RECALL_MIN_SHARE * prose and shield_prose(tree):
            shielded = _trafilatura.extract_body(tree, recall=True, images=images)
            if (
                shielded is not None
                and body_words(shielded) >= SHIELD_GAIN * max(1, body_words(doc))
                and (doc is None or _covers(shielded, doc, SHIELD_COVERAGE))
            ):
                doc = shielded
    if doc is not None and doc.body is not None:
        kept: list[str] | None = body_words_lower(doc.body)
        filled = fill_holes(tree, doc, paragraphs, images=images, kept=kept)
        if filled is not doc:  # re-extracted: another body
            doc, kept = filled, None
        restore_headings(tree, doc.body, paragraphs, kept)
        restore_runs(tree, doc.body, holders, kept)
    return doc.body if doc is not None else None


def extract_unpruned(tree: etree._Element, images: bool = False) -> etree._Element | None:
    """The safety net's second opinion: one trafilatura run, in its default (balanced)
    mode, on the page as parsed, unpruned: what trafilatura alone would return."""
    unhide_collapsed(tree)
    doc = _trafilatura.extract_body(tree, recall=False, images=images)
    return doc.body if doc is not None else None


def extract_as_trafilatura(tree: etree._Element, images: bool = False) -> etree._Element | None:
    """trafilatura's own extraction of the page as it came (``tree`` parsed with its
    scripts kept: trafilatura's fallbacks read an article body held in JSON-LD), balanced
    mode, no pruning: the last resort of the safety net for a body that came out empty."""
    doc = _trafilatura.extract_body(tree, recall=False, images=images)
    return doc.body if doc is not None else None
