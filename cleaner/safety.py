"""The safety net: never much worse than trafilatura alone.

cleaner prunes the page with its rules before trafilatura reads it; now and then a cut
takes the article with it (a recipe inside a "share" wrapper, a paywalled article in a
"subscribers" box), or trafilatura settles on a fragment of the pruned page. Nothing in
the main path sees that, so :func:`safety_net` compares the body with what the page held:
when it holds much less than the page's prose, the page is extracted again unpruned (what
trafilatura alone returns), and the new body wins when it adds article prose. The cuts it
undid are reported again where they cut furniture inside the new body (the rule's
reason is kept), and dropped where they took the article.

It costs nothing on most pages: the trigger reads prose counts the path has already
made, and the second extraction runs on a few pages in a hundred.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from lxml import etree

from . import html as html_path
from .model import Block, Removed
from .passes import Context, Pass, run_passes
from .units import ends_sentence, text_units

#: the body is checked against an extraction of the unpruned page when it holds less than
#: this share of the page's prose (word units), measured both before and after the rules
#: pruned it (the smaller: prose that the rules rightly removed, a comment thread, does not
#: set the net off; a body that the rules left all but empty does, by ``NEAR_EMPTY_UNITS``) ...
SAFETY_MIN_SHARE = 0.4
#: ... and the unpruned extraction replaces it when it holds this many times its word units
SAFETY_GAIN = 1.5
#: ... and at least this many more
SAFETY_MIN_GAIN = 50
#: ... and this share of the word units it adds sits in blocks that end a sentence
SAFETY_PROSE_SHARE = 0.6
#: a body of fewer word units than this is near-empty: checked whatever the page's prose
NEAR_EMPTY_UNITS = 30
#: a pruned element whose text holds this share of the replacing body stays undone (the rule
#: took the article); blocks of other pruned elements are removed again with their rule's reason
SAFETY_UNDO_SHARE = 0.5

_TOKEN = re.compile(r"\w+")


class Body(NamedTuple):
    """An extraction's outcome: kept blocks, element removals (the rules' prune), block removals."""

    blocks: list[Block]
    pruned: list[Removed]
    cut: list[Removed]


def units(blocks: list[Block]) -> int:
    """Word units of the blocks' text."""
    return sum(text_units(b.text) for b in blocks)


def _key(text: str) -> str:
    return " ".join(_TOKEN.findall(text.lower()))


def needs_check(body: Body, page_prose: int) -> bool:
    """True when the body holds less than ``SAFETY_MIN_SHARE`` of ``page_prose`` or is near-empty."""
    have = units(body.blocks)
    return have < NEAR_EMPTY_UNITS or have < SAFETY_MIN_SHARE * page_prose


def safety_net(
    fresh: Callable[[], etree._Element],
    pruned_tree: etree._Element,
    body: Body,
    dropped: list[tuple[etree._Element, Removed]],
    page_prose: int,
    ctx: Context,
    passes: tuple[Pass, ...],
    images: bool = False,
    base_url: str | None = None,
) -> Body:
    """Undo the cuts that took the article (see the module doc).

    ``fresh`` gives the page parsed anew (scripts and all), ``pruned_tree`` what pruning
    left of it, ``dropped`` the pruned elements with their records
    (:func:`cleaner.html.prune`), ``page_prose`` the smaller of the page's prose before and
    after pruning. A body the check flags (:func:`needs_check`) is compared with the
    unpruned page's extraction (one balanced trafilatura run), run through the same
    ``passes``; it replaces the body when :func:`gains_article`. A body still near-empty is
    last compared with trafilatura's extraction of the page with its scripts kept (an
    article held only in JSON-LD), on the same terms. ``images`` and ``base_url`` are as
    for the main extraction.
    """
    if not needs_check(body, page_prose):
        return body
    near_empty = units(body.blocks) < NEAR_EMPTY_UNITS
    left = _key(" ".join(pruned_tree.itertext()))
    tree = fresh()
    html_path.strip_non_text(tree)
    wide = html_path.body_blocks(html_path.extract_unpruned(tree, images), base_url=base_url)
    found = _recut(*run_passes(wide, ctx, passes), body, dropped, left)
    if near_empty and not gains_article(body.blocks, found.blocks, near_empty):
        raw = html_path.body_blocks(html_path.extract_as_trafilatura(fresh(), images), base_url=base_url)
        found = _recut(*run_passes(raw, ctx, passes), body, dropped, left)
    return found if gains_article(body.blocks, found.blocks, near_empty) else body


def gains_article(narrow: list[Block], wide: list[Block], near_empty: bool) -> bool:
    """True when ``wide`` holds ``SAFETY_GAIN`` times and ``SAFETY_MIN_GAIN`` units more
    than ``narrow`` and, unless ``narrow`` is near-empty, what it adds reads as article
    prose: ``SAFETY_PROSE_SHARE`` of the added units in blocks that end a sentence (not a
    list of names, a row of banners, teaser headlines)."""
    have, got = units(narrow), units(wide)
    if got < SAFETY_GAIN * have or got - have < SAFETY_MIN_GAIN:
        return False
    if near_empty:
        return True
    known = {_key(b.text) for b in narrow}
    added = [(text_units(b.text), b) for b in wide if _key(b.text) not in known]
    prose = sum(n for n, b in added if ends_sentence(b.text))
    return prose >= SAFETY_PROSE_SHARE * max(1, sum(n for n, _ in added))


def _recut(
    wide: list[Block], wide_cut: list[Removed], body: Body, dropped: list[tuple[etree._Element, Removed]], left: str
) -> Body:
    """The new body with the rule cuts it undid reported: blocks inside a pruned element
    (and not also in what pruning ``left``: the page may print a text twice) are removed
    again with the rule's id, unless the element's blocks hold ``SAFETY_UNDO_SHARE`` of
    the body (that cut took the article: undone, and its record goes)."""
    got = units(wide)
    texts = [(_key(" ".join(el.itertext())), entry) for el, entry in dropped]
    inside: dict[int, list[int]] = {}  # dropped element -> indexes of the new blocks it holds
    for i, block in enumerate(wide):
        key = _key(block.text)
        if not key or key in left:
            continue
        for j, (holder, _) in enumerate(texts):
            if key in holder:
                inside.setdefault(j, []).append(i)
                break
    undone = {j for j, idx in inside.items() if units([wide[i] for i in idx]) >= SAFETY_UNDO_SHARE * got}
    recut = {i: texts[j][1] for j, idx in inside.items() if j not in undone for i in idx}
    kept = [b for i, b in enumerate(wide) if i not in recut]
    again = [Removed(text=wide[i].text, kind=wide[i].kind, rule_id=entry.rule_id) for i, entry in sorted(recut.items())]
    undone_ids = {id(texts[j][1]) for j in undone}
    return Body(kept, [r for r in body.pruned if id(r) not in undone_ids], wide_cut + again)
