"""Bounds on the work cleaner hands to libxml2, htmldate and trafilatura.

Some shapes of page make a dependency's work grow faster than the page: libxml2 checks each
attribute of a start tag against the others, and htmldate walks them again (one element with
20,000 attributes: 27 s to parse, 50 s more for the date); trafilatura is super-linear in the
paragraphs of one container (40,000 sibling ``<p>``: 7 s, a million: past 240 s); and even
linear work is minutes on a 50 MB page. Real pages are far from these sizes, so each bound
is set well above the largest value measured on the 1,307 pages of the two development sets
(``python benchmarks/devset_limits.py ../shared/devset/wcxb-articles ../shared/devset/trafilatura-eval``):

=========================  ===========  =========  ======
what                       devset max   bound      margin
=========================  ===========  =========  ======
attributes on one element  38           256 [#]_   6.7×
elements in a page         9,748        50,000     5.1×
``<`` handed to libxml2    19,437       200,000    10×
elements to trafilatura    9,464        20,000     2.1×
one prose text node        19,641       200,000    10×
prose text in a page       196,472      2,000,000  10×
nesting depth              56           256        4.6×
=========================  ===========  =========  ======

.. [#] on a start tag of 4,096 characters or more.

("elements to trafilatura": after scripts, styles and the rules' cuts; the margin is
thinner because trafilatura's own time grows with the square of that number.)

What lies past a bound is dropped: attributes after the 256th of a tag, the markup after its
200,000th ``<``, elements after the 50,000th (20,000th once pruned), text after the 200,000th
character of a node or the 2,000,000th of the page, and the structure (not the text) below
depth 256. Finding the long start tags scans every tag (about 0.8 ms of a devset page's
26 ms); a tag shorter than 4,096 characters is not looked at (it holds at most about 2,000
attributes: a fraction of a second). The other checks cost next to nothing on a page that
cannot reach its bound: a page shorter than three characters per element cannot hold
50,000 elements, and the text bounds are only looked at on pages longer than
:data:`MAX_TEXT` characters. The depth bound is applied only when a recursive step
(trafilatura's list handling, 500 nested lists) runs out of stack.
"""

from __future__ import annotations

import re
from itertools import islice

from lxml import etree

#: attributes kept on one start tag
MAX_ATTRIBUTES = 256
#: elements kept in one page (document order)
MAX_ELEMENTS = 50_000
#: elements of the pruned page handed to trafilatura, whose extraction takes time quadratic in
#: the elements it walks (10,000: 1.6 s; 20,000: about 6 s; 50,000: 37 s)
MAX_EXTRACT_ELEMENTS = 20_000
#: characters kept in one text node outside scripts and styles
MAX_TEXT_NODE = 200_000
#: characters of text kept in one page outside scripts and styles
MAX_TEXT = 2_000_000
#: element nesting kept when a recursive step runs out of stack; deeper elements are unwrapped
MAX_DEPTH = 256

#: start tags at least this long are looked at: a shorter one holds at most about 2,000
#: attributes, which libxml2 and htmldate get through in a fraction of a second. (Finding long
#: tags scans every tag of every page: about 0.8 ms for a devset page, a few percent of its time.)
LONG_TAG_CHARS = 4096
#: ``[^>]`` rather than ``[^<>]``: the regex engine runs a one-character exclusion at memory
#: speed and a class at a quarter of it; a match holding other markup is left alone
_LONG_TAG = re.compile(rf"<[A-Za-z][^>]{{{LONG_TAG_CHARS}}}[^>]*>?")
_MARKUP = re.compile(r"<[A-Za-z/!]")
#: a start tag's name as libxml2 reads it, followed by what may follow a name
_TAG_NAME = re.compile(r"<[A-Za-z][A-Za-z0-9:_.-]*(?=[\s/>]|$)")
#: one attribute as libxml2 reads it (a name of letters, digits and :_.-, an optional value);
#: other runs of characters (the ``a<b.length;`` of a script) make no attribute
_ATTRIBUTE = re.compile(r"""(?<![^\s"'])[A-Za-z_:][A-Za-z0-9_:.-]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?""")
#: text nodes of scripts and styles are code, JSON-LD metadata: not bounded as prose
_NOT_PROSE = frozenset({"script", "style", "noscript", "template", "textarea"})


def _trim_tag(match: re.Match[str]) -> str:
    tag = match.group(0)
    if _MARKUP.search(tag, 1):  # a "<" in a script and what follows, not one start tag
        return tag
    if sum(map(tag.count, " \t\n\r\f=\"'")) <= MAX_ATTRIBUTES:
        return tag  # each attribute but the first needs one of these before it: too few
    name = _TAG_NAME.match(tag)
    if name is None:  # "<g.length;": a comparison in code, not a tag
        return tag
    attributes = _ATTRIBUTE.findall(tag, name.end())
    if len(attributes) <= MAX_ATTRIBUTES:
        return tag  # the same object: nothing to rebuild
    return f"{name.group(0)} {' '.join(attributes[:MAX_ATTRIBUTES])}{'>' if tag.endswith('>') else ''}"


#: tags (``<``) handed to the parser: four per element kept, so the tree the parser builds
#: (about 300 bytes an element) stays within a few times the page's size
MAX_TAGS = 4 * MAX_ELEMENTS
_LT = re.compile("<")


def bound_markup(text: str) -> str:
    """``text`` cut before its ``MAX_TAGS + 1``-th ``<``, and every start tag cut to its first
    :data:`MAX_ATTRIBUTES` attributes (both before parsing: libxml2's own check of the
    attributes is quadratic, and a million elements take 350 MB as a tree)."""
    if len(text) > 3 * MAX_TAGS and text.count("<") > MAX_TAGS:
        cut = next(islice(_LT.finditer(text), MAX_TAGS, None))
        text = text[: cut.start()]
    first = _LONG_TAG.search(text) if len(text) >= LONG_TAG_CHARS else None
    if first is None:
        return text
    pieces: list[str] = []
    done = 0
    for match in _LONG_TAG.finditer(text, first.start()):
        tag = _trim_tag(match)
        if tag is not match.group(0):
            pieces += (text[done : match.start()], tag)
            done = match.end()
    return "".join((*pieces, text[done:])) if pieces else text


def _drop_following(el: etree._Element) -> None:
    """Remove what follows ``el`` in document order: its following siblings, and the tails
    and following siblings of each of its ancestors (``el``'s own tail is left to the caller)."""
    node = el
    while True:
        parent = node.getparent()
        if parent is None:
            return
        del parent[parent.index(node) + 1 :]  # one slice: removing a million siblings one by one took seconds
        if node is not el:
            node.tail = None
        node = parent


def _cut_from(el: etree._Element) -> None:
    """Remove ``el`` and everything after it in document order; the text before it stays."""
    _drop_following(el)
    parent = el.getparent()
    if parent is not None:
        el.tail = None
        parent.remove(el)


_ELEMENTS = etree.XPath("count(//*)")
_NTH = etree.XPath("(//*)[$n]")
_TEXT_NODES = etree.XPath("//text()")


def bound_elements(tree: etree._Element, limit: int) -> bool:
    """Cut ``tree`` after its ``limit``-th element (document order); True when it was cut."""
    if _ELEMENTS(tree) <= limit:
        return False
    _cut_from(_NTH(tree, n=limit + 1)[0])
    return True


def bound_tree(tree: etree._Element, size: int) -> None:
    """Cut a parsed page (of ``size`` characters) to :data:`MAX_ELEMENTS` elements and its
    prose to :data:`MAX_TEXT_NODE` characters a text node and :data:`MAX_TEXT` in all."""
    if size > 3 * MAX_ELEMENTS:
        bound_elements(tree, MAX_ELEMENTS)
    if size <= MAX_TEXT:
        return  # the page cannot hold more text than it has characters
    total = 0
    for piece in _TEXT_NODES(tree):
        owner = piece.getparent()
        holder = owner if piece.is_text else owner.getparent()
        if holder is not None and holder.tag in _NOT_PROSE:
            continue
        keep = min(len(piece), MAX_TEXT_NODE, MAX_TEXT - total)
        total += keep
        if keep < len(piece):
            if piece.is_text:
                owner.text = str(piece)[:keep]
            else:
                owner.tail = str(piece)[:keep]
        if total >= MAX_TEXT:
            if piece.is_text:  # what follows the text: the owner's children, its tail, the rest
                for child in list(owner):
                    owner.remove(child)
                owner.tail = None
            _drop_following(owner)
            return


def flatten_deep(tree: etree._Element, depth: int = MAX_DEPTH) -> int:
    """Unwrap every element nested deeper than ``depth`` (its text stays, in order, in its
    ancestor at that depth); returns how many elements at that depth were flattened."""
    found = tree.xpath("/" + "/".join(["*"] * depth))
    for el in found:
        if len(el):
            etree.strip_tags(el, "*")
    return len(found)
