"""Recovery passes around trafilatura: put back article text that its own discard rules drop.

- :func:`unhide_collapsed` opens collapsed accordion, tab and "read more" panels holding prose;
- :func:`shield_prose` takes trafilatura's discard tokens ("sidebar", "page-footer") off the
  containers holding a large share of the page's prose;
- :func:`fill_holes` re-extracts when prose was cut out of the middle of the article by a
  hidden or discarded wrapper.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import takewhile

from lxml import etree
from lxml import html as lxml_html

from .. import _trafilatura
from .._trafilatura import discard_expressions
from ..metrics import shingles
from .prose import (
    LARGE_MIN_WORDS,
    LARGE_SHARE,
    Paragraphs,
    body_words,
    has_prose,
    prose_words,
    read_paragraphs,
    text_of,
    word_count,
)

_WORDS = re.compile(r"\w+")

#: a hidden panel is a collapsible one when it or one of this many ancestors says so
UNHIDE_ANCESTORS = 4
#: prose cut out of the middle of the extraction triggers a re-extraction from this many words
HOLE_MIN_WORDS = 30
#: ... and the re-extraction is kept when this share of what it adds is the holes' text
HOLE_FILL_SHARE = 0.5
#: a paragraph is found in the extraction by its first this many words ...
HOLE_PROBE_WORDS = 5
#: ... read from this many leading characters
HOLE_PROBE_CHARS = 120


@lru_cache(maxsize=1 << 16)
def _discarded(attr: str, value: str, tag: str = "div") -> bool:
    """True when trafilatura's discard rules drop a ``tag`` element whose ``attr`` is ``value``."""
    probe = lxml_html.fromstring("<div><div></div></div>")
    probe[0].tag = tag
    probe[0].set(attr, value)
    return any(len(expr(probe)) for expr in discard_expressions())


def shield_prose(tree: etree._Element) -> int:
    """Take the class/id tokens that trafilatura discards ("page-footer", "sidebar", "widget")
    off containers holding a large share of the page's prose; return how many were shielded.

    The same guard :func:`prune` applies to our rules, applied to trafilatura's.
    """
    prose = prose_words(tree)
    total = prose.get(tree, 0)
    shielded = 0
    for el, words in prose.items():
        if words < LARGE_MIN_WORDS or words <= LARGE_SHARE * total or not isinstance(el.tag, str):
            continue
        # what trafilatura's discard XPaths would pick: its class or id, as it stands, on its tag
        if any(_discarded(attr, el.get(attr), el.tag) for attr in ("class", "id", "style") if el.get(attr)):
            _strip_discard_tokens(el)
            shielded += 1
    return shielded


def _strip_discard_tokens(el: etree._Element) -> bool:
    """Take the class/id tokens trafilatura discards off ``el``; True when there were some."""
    stripped = False
    for attr in ("class", "id"):
        value = el.get(attr)
        if value:
            tokens = value.split()
            kept = [t for t in tokens if not _discarded(attr, t)]
            if len(kept) < len(tokens):
                el.set(attr, " ".join(kept))
                stripped = True
    return stripped


#: class tokens that hide an element ("hidden", "is-collapsed", "panel-hidden"), not the
#: layout utilities that merely clip it ("overflow-hidden") or hide a label ("field-label-hidden")
_HIDDEN_CLASS = re.compile(
    r"(?:^|\s)(?!overflow|label|field-label)([\w-]*-)?(hidden|hide|collapsed|closed)(?=$|\s)", re.I
)
_COLLAPSIBLE = re.compile(
    r"accordion|collaps|toggle|tab-?pane|tabpanel|faq|expand|disclosure|panel|dropdown-content|read-?more|show-?more",
    re.I,
)
_DISPLAY_NONE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def _maybe_hidden(tree: etree._Element) -> list[etree._Element]:
    """A cheap superset of :func:`_is_hidden`, tested on each element's attributes (plain
    substring tests; a walk in Python beats the same test as one XPath)."""
    found = []
    for el in tree.iter(etree.Element):
        names = el.keys()
        if not names:
            continue
        style, css = el.get("style"), el.get("class")
        if (
            "hidden" in names
            or el.get("aria-hidden") == "true"
            or (style and ("none" in style or "hidden" in style))
            or (css and ("hid" in css or "collapsed" in css or "closed" in css))
        ):
            found.append(el)
    return found


def _is_hidden(el: etree._Element) -> bool:
    return (
        "hidden" in el.attrib
        or el.get("aria-hidden") == "true"
        or bool(_DISPLAY_NONE.search(el.get("style", "")))
        or bool(_HIDDEN_CLASS.search(el.get("class", "")))
    )


def _show(el: etree._Element) -> None:
    """Take the marks that hide ``el`` off it."""
    el.attrib.pop("hidden", None)
    el.attrib.pop("aria-hidden", None)
    if _DISPLAY_NONE.search(el.get("style", "")):
        el.attrib.pop("style")
    if el.get("class"):
        el.set("class", _HIDDEN_CLASS.sub(" ", el.get("class")).strip())


def _collapsible(el: etree._Element) -> bool:
    for node in (el, *list(el.iterancestors())[:UNHIDE_ANCESTORS]):
        attrs = " ".join(v for k, v in node.attrib.items() if k in ("class", "id", "role") or k.startswith("data-"))
        if _COLLAPSIBLE.search(attrs):
            return True
    return False


def unhide_collapsed(tree: etree._Element) -> int:
    """Open collapsed accordion, tab and "read more" panels holding prose; return how many.

    trafilatura drops hidden elements (``hidden``, ``aria-hidden``, ``display:none``, a
    "hidden" class), and with them FAQ answers and folded sections that are part of the
    article. A hidden element with prose is opened when it or one of its
    ``UNHIDE_ANCESTORS`` nearest ancestors names a collapsible widget; those ancestors also
    lose the class/id tokens trafilatura discards (an accordion wrapper classed "embed").
    Hidden menus, dialogs and screen-reader text name no such widget, or hold no prose.
    """
    panels = [el for el in _maybe_hidden(tree) if _is_hidden(el) and has_prose(el) and _collapsible(el)]
    for el in panels:
        _show(el)
    near = {a for el in panels for a in list(el.iterancestors())[:UNHIDE_ANCESTORS]}
    for el in near:
        _strip_discard_tokens(el)
    return len(panels)


#: tags trafilatura deletes with their content that a hole may sit in (pull quotes in <figure>);
#: <aside> and <form> holes proved to be promos and sign-up boxes
_DROPPED_TAGS = frozenset({"figure"})
#: a hole inside one of these stays one whatever is opened: trafilatura deletes navigation,
#: footers and asides by tag, and a caption is not article prose
_LOST_TAGS = frozenset({"nav", "footer", "aside", "menu", "figcaption"})


#: up to this many probe-characters searched (probes x joined words), a substring search
#: in C is the faster test; past it, the runs are hashed (linear in the page)
SUBSTRING_SEARCH_MAX = 20_000_000


def _runs_in(probes: list[tuple[str, ...]], words: list[str]) -> list[bool]:
    """For each probe (a few words), whether it is a run of consecutive ``words``.

    On a page of common size each probe is searched in the joined words (fast, in C); on a
    long page the runs of ``words`` of each length a probe has are hashed once, since the
    substring search grows with probes x words (10,000 paragraphs: 9 s). Same answers.
    """
    joined = " " + " ".join(words) + " "
    if len(probes) * len(joined) <= SUBSTRING_SEARCH_MAX:
        return [f" {' '.join(probe)} " in joined for probe in probes]
    runs: dict[int, set[int]] = {}  # hashes of the runs: a tenth of the memory of the runs
    for n in {len(probe) for probe in probes}:
        runs[n] = {hash(tuple(words[i : i + n])) for i in range(len(words) - n + 1)} if n else {hash(())}
    return [hash(probe) in runs[len(probe)] and (bool(probe) or not words) for probe in probes]


def body_words_lower(body: etree._Element) -> list[str]:
    """The words of an extracted body, lower-cased: what a paragraph's probe is looked for in."""
    return _WORDS.findall(text_of(body).lower())


def paragraph_probe(paragraphs: Paragraphs, el: etree._Element) -> tuple[str, ...]:
    """The first ``HOLE_PROBE_WORDS`` lower-cased words of an outer paragraph, read from its
    first ``HOLE_PROBE_CHARS`` characters: how it is found in an extraction (read once)."""
    probe = paragraphs.probes.get(el)
    if probe is None:
        words = _WORDS.findall(paragraphs.text[el][0][:HOLE_PROBE_CHARS].lower())
        probe = paragraphs.probes[el] = tuple(words[:HOLE_PROBE_WORDS])
    return probe


def _holes(
    paragraphs: Paragraphs, body: etree._Element, kept: list[str] | None = None
) -> tuple[list[etree._Element], list[etree._Element]]:
    """Prose paragraphs of the page missing from ``body`` although prose before and after
    them made it in (pieces cut out of the middle of the article), and the paragraphs that
    made it in. ``kept`` is :func:`body_words_lower` of the body, when already read.

    A paragraph is in the body when its first ``HOLE_PROBE_WORDS`` words are.
    """
    kept = kept if kept is not None else body_words_lower(body)
    probes = [paragraph_probe(paragraphs, p) for p in paragraphs.outer]
    inside = _runs_in(probes, kept)
    if True not in inside:
        return [], []
    first, last = inside.index(True), len(inside) - 1 - inside[::-1].index(True)
    holes = [p for i, p in enumerate(paragraphs.outer) if first < i < last and not inside[i]]
    return holes, [p for p, k in zip(paragraphs.outer, inside) if k]


def _open(el: etree._Element) -> bool:
    """Undo what makes trafilatura drop ``el``: hiding, a deleted tag, discarded class/id
    tokens. True when there was something to undo."""
    changed = False
    if _is_hidden(el):
        _show(el)
        changed = True
    if el.tag in _DROPPED_TAGS:
        el.tag = "div"
        changed = True
    return _strip_discard_tokens(el) or changed


def fill_holes(
    tree: etree._Element,
    doc,
    paragraphs: Paragraphs | None = None,
    images: bool = False,
    kept: list[str] | None = None,
):
    """Re-extract when trafilatura cut prose out of the middle of the article because a
    wrapper was hidden or carried a class it discards ("w-embed", "callout", "slides").

    The holes' (:func:`_holes`) own wrappers, up to the first ancestor that also holds kept
    prose, are opened (:func:`_open`); when the holes so explained hold ``HOLE_MIN_WORDS``
    or more, trafilatura runs again. The new extraction replaces ``doc`` when it is longer
    and at least ``HOLE_FILL_SHARE`` of what it adds is the holes' text (not a container
    switch that brings in other furniture). Returns the document to keep. ``paragraphs``
    is :func:`read_paragraphs` of ``tree``, when already read, ``kept``
    :func:`body_words_lower` of ``doc``'s body.
    """
    paragraphs = paragraphs if paragraphs is not None else read_paragraphs(tree)
    holes, kept_paragraphs = _holes(paragraphs, doc.body, kept)
    if word_count(holes, paragraphs) < HOLE_MIN_WORDS:
        return doc
    # a wrapper that also holds kept prose is not what trafilatura dropped the hole with
    holds_kept = {a for p in kept_paragraphs for a in p.iterancestors()}
    opened: dict[etree._Element, bool] = {}  # wrapper -> whether opening it changed anything
    explained = []
    for p in holes:
        wrappers = list(takewhile(lambda a: a not in holds_kept, (p, *p.iterancestors())))
        if any(el.tag in _LOST_TAGS for el in wrappers):
            continue  # trafilatura deletes the tag itself, or it is a caption: nothing to open
        for el in wrappers:
            if el not in opened:
                opened[el] = _open(el)
        if any(opened[el] for el in wrappers):
            explained.append(p)
    if word_count(explained, paragraphs) < HOLE_MIN_WORDS:
        return doc
    refilled = _trafilatura.extract_body(tree, recall=True, images=images)
    if body_words(refilled) <= body_words(doc):
        return doc
    added = shingles(" ".join(refilled.body.itertext())) - shingles(" ".join(doc.body.itertext()))
    filled = shingles(" ".join(paragraphs.text[p][0] for p in holes))
    return refilled if sum((added & filled).values()) >= HOLE_FILL_SHARE * sum(added.values()) else doc
