"""The HTML path: parse once, prune with the rules, extract with trafilatura, make blocks.

decode → :func:`parse` (lxml, once) → :func:`prune` (element rules) →
:func:`extract` (trafilatura on the pruned tree) → :func:`body_blocks`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import takewhile
from typing import NamedTuple

from lxml import etree
from lxml import html as lxml_html
from trafilatura import bare_extraction

from .errors import InputError
from .model import Block, Removed
from .rules import Rule, RuleSet

_PARSER = etree.HTMLParser(
    collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True, huge_tree=True, encoding="utf-8"
)
# every element an lxml.html HtmlElement (what trafilatura expects), looked up in C: lxml.html's
# own parser asks a Python method for each element proxy, a fifth of the time of a tree walk.
# Only form, input, select, textarea and label lose their form-field helpers, which no step uses.
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=lxml_html.HtmlElement,
        comment=lxml_html.HtmlComment,
        pi=lxml_html.HtmlProcessingInstruction,
        entity=lxml_html.HtmlEntity,
    )
)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_PAGE_END = re.compile(r"</(?:body|html)\s*>", re.I)
_WRAPPERS = re.compile(
    r"</?(?:div|span|section|font|center|article|main|aside|header|footer|b|i|em|strong)\b[^>]*>", re.I
)
_WORDS = re.compile(r"\w+")
#: never pruned by class/id tokens: the page skeleton and the article container itself
_STRUCTURAL = {"html", "body", "main", "article"}
#: an element holding more than this share of the page's prose is never pruned by a rule
LARGE_SHARE = 0.3
#: ... when it also holds at least this many words of prose
LARGE_MIN_WORDS = 60
#: a rule whose matches together hold more than this share of the prose is ignored on the page
RULE_MAX_SHARE = 0.5
#: the recall-mode extraction is checked against balanced mode below this share of the page's prose
RECALL_MIN_SHARE = 0.6
#: ... and kept when it holds this share of the balanced extraction's shingles
RECALL_COVERAGE = 0.9
#: a body extracted from the shielded tree must be this many times longer ...
SHIELD_GAIN = 1.3
#: ... and hold this share of the body it replaces
SHIELD_COVERAGE = 0.7
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
#: a paragraph counts as prose from this many words
PROSE_MIN_WORDS = 8


#: elements that never hold article text; dropped once metadata (JSON-LD) has been read
_NON_TEXT = ("script", "style", "noscript", "canvas", "iframe", "object", "embed", "svg", "head")


_PLAIN_INLINE = ("b", "strong", "i", "em", "span", "u", "font")


def strip_non_text(tree: etree._Element) -> None:
    """Remove scripts, styles and embeds (keeping their tail text): less for every later step."""
    etree.strip_elements(tree, *_NON_TEXT, with_tail=False)
    plain = [el for el in tree.iter(*_PLAIN_INLINE) if not el.attrib]
    for el in plain:
        el.tag = "cleaner-unwrap"
    etree.strip_tags(tree, "cleaner-unwrap")


def _parse(text: str) -> etree._Element:
    try:
        # libxml2 reads UTF-8 bytes faster than a str (a third of the parse time); a str with
        # lone surrogates cannot be encoded and is parsed as it is
        markup: str | bytes = text.encode("utf-8")
    except UnicodeEncodeError:
        markup = text
    try:
        tree = lxml_html.document_fromstring(markup, parser=_PARSER)
    except (etree.ParserError, ValueError) as err:
        raise InputError(f"cannot parse the page as HTML: {err}") from None
    if tree is None or not isinstance(tree.tag, str):
        raise InputError("cannot parse the page as HTML")
    return tree


def _closes_early(text: str) -> bool:
    """True when markup follows the first ``</html>`` (a plain ``find``: a case-blind regex
    scan of every page costs a third of the parse it protects)."""
    ends = [i for i in (text.find("</html"), text.find("</HTML")) if i >= 0]
    return bool(ends) and "<" in text[min(ends) + 7 :].replace("</html", "").replace("</HTML", "")


def parse(text: str) -> etree._Element:
    """Parse page text into an lxml HTML tree (the one parse of the HTML path).

    libxml2 drops what lies deeper than 2,048 nested elements. When the parser reports
    that limit, the page is parsed again with its wrapper tags (div, span, section...)
    flattened, so a pathologically nested page loses no text. libxml2 also drops what
    follows an early ``</html>`` (templates that close the page before the article), so
    the closing body and html tags are left out: the parser closes them at the end.
    """
    text = _XML_DECL.sub("", text, count=1)
    if _closes_early(text):
        text = _PAGE_END.sub("", text)
    tree = _parse(text)
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in _PARSER.error_log):
        tree = _parse(_WRAPPERS.sub(" ", text))
    return tree


#: inline and leaf tags are never boilerplate containers; skipping them halves the class/id scan
_INLINE = frozenset(
    {
        "span",
        "a",
        "i",
        "b",
        "em",
        "strong",
        "img",
        "svg",
        "path",
        "use",
        "g",
        "input",
        "button",
        "label",
        "option",
        "source",
        "picture",
        "br",
        "time",
        "small",
        "sup",
        "sub",
        "abbr",
        "code",
        "meta",
        "link",
        "script",
        "style",
        "noscript",
        "u",
        "s",
        "mark",
        "cite",
        "var",
        "kbd",
        "wbr",
        "hr",
        "circle",
        "rect",
    }
)


#: elements the class/id rules never look at
_NOT_CONTAINERS = _INLINE | _STRUCTURAL


def _prose_words(tree: etree._Element) -> dict[etree._Element, int]:
    """Words of running prose (paragraphs of at least ``PROSE_MIN_WORDS``) under each element."""
    counts: dict[etree._Element, int] = {}
    for p in tree.iter("p", "blockquote", "pre"):
        n = len(" ".join(p.itertext()).split())
        if n < PROSE_MIN_WORDS:
            continue
        for el in (p, *p.iterancestors()):
            counts[el] = counts.get(el, 0) + n
    return counts


#: characters of a pruned element's text kept as its label in Article.removed
LABEL_CHARS = 300


def _element_label(el: etree._Element) -> str:
    """The first ``LABEL_CHARS`` characters of ``el``'s text, whitespace collapsed.

    Reads text nodes only until the label is full: collapsing a prefix of the text nodes
    gives a prefix of the collapsed whole (they join with a space), and a pruned footer
    or comment thread can hold thousands of words.
    """
    parts: list[str] = []
    size, check_at = 0, LABEL_CHARS
    for piece in el.itertext():
        parts.append(piece)
        size += len(piece)
        if size >= check_at:
            label = " ".join(" ".join(parts).split())
            if len(label) >= LABEL_CHARS:
                return label[:LABEL_CHARS]
            check_at *= 2
    return " ".join(" ".join(parts).split())[:LABEL_CHARS]


#: class attributes with this many tokens of 3 letters or fewer are machine-made (CSS-in-JS,
#: minified utility classes): their short tokens ("ad", "nl", "gpt") say nothing
OBFUSCATED_SHORT_TOKENS = 4


@dataclass(frozen=True)
class _ClassIndex:
    """All class/id rules of a rule set folded into one regex: whole tokens and word-start prefixes."""

    pattern: re.Pattern[str] | None
    rule_of: dict[str, Rule]
    order: dict[Rule, int]

    def match(self, attr: str) -> Rule | None:
        """The earliest-listed rule matching a class/id value, or None."""
        if self.pattern is None:
            return None
        found = []
        for m in self.pattern.finditer(attr):
            word = m.group(1) or m.group(2)
            if len(word) <= 3 and _obfuscated(attr):
                continue
            found.append(self.rule_of[word])
        return min(found, key=self.order.__getitem__) if found else None


def _obfuscated(attr: str) -> bool:
    return sum(len(w) <= 3 for w in attr.split()) >= OBFUSCATED_SHORT_TOKENS


def _trie_pattern(words: set[str]) -> str:
    """A regex matching any of ``words``, the longest first, written as a trie.

    ``a(?:d(?:s)?|pp)`` tries "ads" before "ad", as an alternation sorted longest first
    would, but rejects a non-matching position on its first character instead of
    trying every word in turn.
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        ends = "" in node
        group = branches[0] if len(branches) == 1 and not ends else "(?:" + "|".join(branches) + ")"
        return group + "?" if ends else group

    return build(trie)


@lru_cache(maxsize=32)
def _class_index(rules: tuple[Rule, ...]) -> _ClassIndex:
    rule_of: dict[str, Rule] = {}
    for rule in rules:
        for word in (*rule.tokens, *rule.contains):
            rule_of.setdefault(word, rule)
    if not rule_of:
        return _ClassIndex(None, rule_of, {})
    tokens = {t for r in rules for t in r.tokens}
    prefixes = {p for r in rules for p in r.contains}
    # at a word start (start of the value, or after whitespace, '-' or '_'): group 1, a whole
    # token (ending at the end of the value, whitespace, '-' or '_'); else group 2, a prefix
    token = "(" + _trie_pattern(tokens) + r")(?=$|[\s_-])" if tokens else r"(?!x)x()"
    prefix = "(" + _trie_pattern(prefixes) + ")" if prefixes else r"(?!x)x()"
    pattern = re.compile(r"(?:^|(?<=[\s_-]))(?:" + token + "|" + prefix + ")")
    return _ClassIndex(pattern, rule_of, {rule: i for i, rule in enumerate(rules)})


def _find_hits(tree: etree._Element, element_rules: list[Rule]) -> list[tuple[etree._Element, Rule]]:
    """Every (element, rule) pair an element rule matches, class/id matches first."""
    index = _class_index(tuple(r for r in element_rules if r.tokens or r.contains))
    hits: list[tuple[etree._Element, Rule]] = []
    seen: dict[str, Rule | None] = {}  # pages repeat the same class values many times
    for el in tree.iter(etree.Element):
        if el.tag in _NOT_CONTAINERS:
            continue
        css_class, css_id = el.get("class"), el.get("id")
        if not css_class and not css_id:
            continue
        attr = f"{css_class or ''} {css_id or ''}".lower()
        if attr not in seen:
            seen[attr] = index.match(attr)
        rule = seen[attr]
        if rule is not None:
            hits.append((el, rule))
    for rule in element_rules:
        for expr in rule.xpath:
            try:
                found = _select(expr, tree)
            except etree.XPathEvalError:
                continue
            hits.extend((el, rule) for el in found if isinstance(el, etree._Element) and el.tag not in ("html", "body"))
    return hits


#: a selector that is one tag anywhere in the page, with or without conditions on it
_TAG_ANYWHERE = re.compile(r"^//([A-Za-z][\w-]*)(\[.*\])?$", re.S)
#: conditions on an element's position among its siblings, which a self:: test cannot keep
_POSITIONAL = re.compile(r"\[\s*[\d(]|position\(|last\(")


@lru_cache(maxsize=1024)
def _by_tag(expr: etree.XPath) -> tuple[str, etree.XPath | None] | None:
    """``("form", self::form[...])`` for a ``//form[...]`` selector, else None."""
    match = _TAG_ANYWHERE.match(expr.path.strip())
    if match is None or "|" in expr.path or _POSITIONAL.search(expr.path):
        return None
    tag, conditions = match.groups()
    return tag, etree.XPath(f"self::{tag}{conditions}") if conditions else None


def _select(expr: etree.XPath, tree: etree._Element) -> list:
    """What ``expr`` selects in ``tree``. A ``//tag[...]`` selector walks the tag's elements
    (a C iteration) and tests each, instead of libxml2 building a node-set of every element."""
    by_tag = _by_tag(expr)
    if by_tag is None:
        return expr(tree)
    tag, test = by_tag
    return [el for el in tree.iter(tag) if test is None or test(el)]


def _drop(el: etree._Element) -> None:
    """Remove ``el`` but keep its tail text in the tree."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail and tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _misfiring_rules(hits: list[tuple[etree._Element, Rule]], prose: dict[etree._Element, int], total: int) -> set[str]:
    """Ids of rules whose matches together hold most of the page's prose.

    A site that names its article sections with a class a rule looks for (an AEM ``cmp-``
    component, a "share-friendly" wrapper) would otherwise lose its article piece by piece.
    """
    by_rule: dict[str, set[etree._Element]] = {}
    for el, rule in hits:
        if rule.keep_large:
            by_rule.setdefault(rule.id, set()).add(el)
    misfiring = set()
    for rule_id, elements in by_rule.items():
        top = [el for el in elements if not any(a in elements for a in el.iterancestors())]
        words = sum(prose.get(el, 0) for el in top)
        if words >= LARGE_MIN_WORDS and words > RULE_MAX_SHARE * total:
            misfiring.add(rule_id)
    return misfiring


def prune(tree: etree._Element, rules: RuleSet) -> list[Removed]:
    """Remove the elements that element rules match; return what was cut and why.

    Class/id rules skip the page skeleton (html, body, main, article). For rules with
    ``keep_large`` (the default), an element holding a large share of the page's prose
    is kept, and a rule whose matches together hold most of the prose is ignored on this
    page: a wrapper class never takes the article with it.
    """
    element_rules = rules.element_rules
    if not element_rules:
        return []
    prose = _prose_words(tree)
    total_prose = prose.get(tree, 0)
    hits = _find_hits(tree, element_rules)
    skip = _misfiring_rules(hits, prose, total_prose)
    removed: list[Removed] = []
    gone: set[etree._Element] = set()
    for el, rule in hits:
        if rule.id in skip or el in gone or el.getparent() is None:
            continue
        if any(anc in gone for anc in el.iterancestors()):  # already cut with an ancestor
            continue
        if rule.keep_large:
            words = prose.get(el, 0)
            if words >= LARGE_MIN_WORDS and words > LARGE_SHARE * total_prose:
                continue
        label = _element_label(el)
        gone.add(el)
        _drop(el)
        if label:
            removed.append(Removed(text=label, reason=f"rule:{rule.id}", kind="element"))
    return removed


#: trafilatura's discard rules (class/id patterns) that :func:`shield_prose` guards against
_DISCARD_XPATHS = (
    "OVERALL_DISCARD_XPATH",
    "TEASER_DISCARD_XPATH",
    "RAW_TREE_PRUNE_XPATH",
    "REMOVE_COMMENTS_AND_LISTS_XPATH",
)


@lru_cache(maxsize=1)
def _discard_exprs() -> tuple:
    from trafilatura import xpaths

    return tuple(expr for name in _DISCARD_XPATHS for expr in getattr(xpaths, name, ()))


@lru_cache(maxsize=1 << 16)
def _discarded(attr: str, value: str, tag: str = "div") -> bool:
    """True when trafilatura's discard rules drop a ``tag`` element whose ``attr`` is ``value``."""
    probe = lxml_html.fromstring("<div><div></div></div>")
    probe[0].tag = tag
    probe[0].set(attr, value)
    return any(len(expr(probe)) for expr in _discard_exprs())


def shield_prose(tree: etree._Element) -> int:
    """Take the class/id tokens that trafilatura discards ("page-footer", "sidebar", "widget")
    off containers holding a large share of the page's prose; return how many were shielded.

    The same guard :func:`prune` applies to our rules, applied to trafilatura's.
    """
    prose = _prose_words(tree)
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


#: a cheap superset of :func:`_is_hidden`, evaluated in C
_MAYBE_HIDDEN = etree.XPath(
    "//*[@hidden or @aria-hidden='true' or @style[contains(., 'none') or contains(., 'hidden')]"
    " or @class[contains(., 'hid') or contains(., 'collapsed') or contains(., 'closed')]]"
)


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


def _has_prose(el: etree._Element) -> bool:
    return any(len(" ".join(p.itertext()).split()) >= PROSE_MIN_WORDS for p in el.iter("p", "blockquote", "pre"))


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
    panels = [el for el in _MAYBE_HIDDEN(tree) if _is_hidden(el) and _has_prose(el) and _collapsible(el)]
    for el in panels:
        _show(el)
    near = {a for el in panels for a in list(el.iterancestors())[:UNHIDE_ANCESTORS]}
    for el in near:
        _strip_discard_tokens(el)
    return len(panels)


_PARAGRAPHS = ("p", "li", "blockquote")
#: tags trafilatura deletes with their content that a hole may sit in (pull quotes in <figure>);
#: <aside> and <form> holes proved to be promos and sign-up boxes
_DROPPED_TAGS = frozenset({"figure"})
#: a hole inside one of these stays one whatever is opened: trafilatura deletes navigation,
#: footers and asides by tag, and a caption is not article prose
_LOST_TAGS = frozenset({"nav", "footer", "aside", "menu", "figcaption"})


def _text_of(el: etree._Element) -> str:
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
        content = _text_of(el)
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


def _word_count(elements: list[etree._Element], paragraphs: Paragraphs) -> int:
    return sum(paragraphs.text[el][1] for el in elements)


def _holes(paragraphs: Paragraphs, body: etree._Element) -> tuple[list[etree._Element], list[etree._Element]]:
    """Prose paragraphs of the page missing from ``body`` although prose before and after
    them made it in (pieces cut out of the middle of the article), and the paragraphs that
    made it in.

    A paragraph is in the body when its first ``HOLE_PROBE_WORDS`` words are.
    """
    kept = " " + " ".join(_WORDS.findall(_text_of(body).lower())) + " "
    inside = [
        f" {' '.join(_WORDS.findall(paragraphs.text[p][0][:HOLE_PROBE_CHARS].lower())[:HOLE_PROBE_WORDS])} " in kept
        for p in paragraphs.outer
    ]
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


def fill_holes(tree: etree._Element, doc, paragraphs: Paragraphs | None = None):
    """Re-extract when trafilatura cut prose out of the middle of the article because a
    wrapper was hidden or carried a class it discards ("w-embed", "callout", "slides").

    The holes' (:func:`_holes`) own wrappers, up to the first ancestor that also holds kept
    prose, are opened (:func:`_open`); when the holes so explained hold ``HOLE_MIN_WORDS``
    or more, trafilatura runs again. The new extraction replaces ``doc`` when it is longer
    and at least ``HOLE_FILL_SHARE`` of what it adds is the holes' text (not a container
    switch that brings in other furniture). Returns the document to keep. ``paragraphs``
    is :func:`read_paragraphs` of ``tree``, when already read.
    """
    paragraphs = paragraphs if paragraphs is not None else read_paragraphs(tree)
    holes, kept = _holes(paragraphs, doc.body)
    if _word_count(holes, paragraphs) < HOLE_MIN_WORDS:
        return doc
    # a wrapper that also holds kept prose is not what trafilatura dropped the hole with
    holds_kept = {a for p in kept for a in p.iterancestors()}
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
    if _word_count(explained, paragraphs) < HOLE_MIN_WORDS:
        return doc
    refilled = _trafilatura(tree, recall=True)
    if _body_words(refilled) <= _body_words(doc):
        return doc
    from .metrics import shingles

    added = shingles(" ".join(refilled.body.itertext())) - shingles(" ".join(doc.body.itertext()))
    filled = shingles(" ".join(paragraphs.text[p][0] for p in holes))
    return refilled if sum((added & filled).values()) >= HOLE_FILL_SHARE * sum(added.values()) else doc


def _trafilatura(tree: etree._Element, recall: bool):
    """trafilatura's extraction, body only.

    Links are kept (:func:`body_blocks` counts their words) but not resolved against the
    page URL: their targets are never read. The "xml" format skips the plain-text
    rendering of the body that the "python" format adds and nothing here reads.
    """
    return bare_extraction(
        tree, favor_recall=recall, include_comments=False, include_tables=True, include_links=True, output_format="xml"
    )


def _body_words(doc) -> int:
    return len(" ".join(doc.body.itertext()).split()) if doc is not None and doc.body is not None else 0


def _covers(wide, narrow, share: float) -> bool:
    """True when ``wide``'s text holds at least ``share`` of ``narrow``'s shingles."""
    from .metrics import shingles

    a = shingles(" ".join(narrow.body.itertext()))
    b = shingles(" ".join(wide.body.itertext()))
    return sum((a & b).values()) >= share * max(1, sum(a.values()))


def extract(tree: etree._Element) -> etree._Element | None:
    """Run trafilatura on the (pruned) tree and return its body, comments left out.

    Collapsed panels holding prose are opened first (:func:`unhide_collapsed`).

    trafilatura's recall mode keeps more of the article (tables, FAQ answers, sections
    after a full-width ad) but now and then settles on a small wrong container. When its
    body holds less than ``RECALL_MIN_SHARE`` of the page's prose, the balanced mode runs
    too, and the recall body is kept only if it covers the balanced one and is no shorter.
    When even then the body holds too little, the page's large prose containers are
    shielded from trafilatura's discard rules (:func:`shield_prose`) and recall mode runs
    once more; its body wins if it is ``SHIELD_GAIN`` times longer and covers
    ``SHIELD_COVERAGE`` of the body it replaces. Last, prose cut out of the middle of the
    body is put back when a hidden or discarded wrapper explains it (:func:`fill_holes`).
    """
    unhide_collapsed(tree)
    doc = _trafilatura(tree, recall=True)
    paragraphs = read_paragraphs(tree)
    prose = paragraphs.prose_words
    if _body_words(doc) < RECALL_MIN_SHARE * prose:
        balanced = _trafilatura(tree, recall=False)
        if balanced is not None and balanced.body is not None:
            keep_recall = (
                doc is not None
                and _body_words(doc) >= _body_words(balanced)
                and _covers(doc, balanced, RECALL_COVERAGE)
            )
            if not keep_recall:
                doc = balanced
        if _body_words(doc) < RECALL_MIN_SHARE * prose and shield_prose(tree):
            shielded = _trafilatura(tree, recall=True)
            if (
                shielded is not None
                and _body_words(shielded) >= SHIELD_GAIN * max(1, _body_words(doc))
                and (doc is None or _covers(shielded, doc, SHIELD_COVERAGE))
            ):
                doc = shielded
    if doc is not None and doc.body is not None:
        doc = fill_holes(tree, doc, paragraphs)
    return doc.body if doc is not None else None


def _clean_ws(text: str) -> str:
    # str.split() breaks on every Unicode space but the zero-width one
    lines = [" ".join(line.replace("\u200b", " ").split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line).strip()


def _inline_text(el: etree._Element) -> tuple[str, int]:
    """Text of ``el`` and the number of characters inside links.

    Line breaks come from <lb> and nested blocks only; a newline inside a text node is
    source formatting (a hard-wrapped HTML file) and reads as a space, except in code and
    quotes (trafilatura renders <pre> as one of the two).
    """
    if not len(el) and el.tag not in ("ref", "cell", "code", "quote"):  # plain text, the common case
        return (el.text or "").replace("\n", " "), 0
    parts: list[str] = []
    link_chars = 0

    def text_of(raw: str, in_code: bool) -> str:
        return raw if in_code else raw.replace("\n", " ")

    def walk(node: etree._Element, in_link: bool, in_code: bool) -> None:
        nonlocal link_chars
        is_link = in_link or node.tag == "ref"
        is_code = in_code or node.tag in ("code", "quote")  # trafilatura turns <pre> into either
        if node.tag == "lb":
            parts.append("\n")
        elif node.tag in ("list", "item", "p", "head", "quote", "row") and node is not el:
            parts.append("\n")
        if node.text:
            parts.append(text_of(node.text, is_code))
            if is_link:
                link_chars += len(node.text.strip())
        for child in node:
            if isinstance(child.tag, str):
                walk(child, is_link, is_code)
            if child.tail:
                parts.append(text_of(child.tail, is_code))
                if is_link:
                    link_chars += len(child.tail.strip())
        if node.tag == "cell":
            parts.append(" | ")

    walk(el, False, False)
    return "".join(parts), link_chars


def _table_text(table: etree._Element) -> tuple[str, int]:
    rows: list[str] = []
    links = 0
    for row in table.iter("row"):
        cells = []
        for cell in row.iter("cell"):
            text, n = _inline_text(cell)
            links += n
            text = " ".join(text.replace(" | ", " ").split())
            if text:
                cells.append(text)
        if cells:
            rows.append(" | ".join(cells))
    return "\n".join(rows), links


def body_blocks(body: etree._Element | None) -> list[Block]:
    """Turn trafilatura's XML body into ordered blocks."""
    if body is None:
        return []
    blocks: list[Block] = []

    def add(text: str, kind: str, links: int, tag: str) -> None:
        text = _clean_ws(text)
        if not text:
            return
        chars = len(text.replace("\n", "").replace(" ", "")) or 1
        density = min(1.0, links / chars)
        blocks.append(Block(text=text, kind=kind, link_density=density, position=len(blocks), tag=tag))

    def visit(el: etree._Element) -> None:
        tag = el.tag
        if not isinstance(tag, str):
            return
        if tag == "list":
            if el.text and el.text.strip():
                add(el.text, "paragraph", 0, "list")
            for child in el:
                if child.tag == "item":
                    text, n = _inline_text(child)
                    add(text, "list_item", n, "item")
                else:
                    visit(child)
                if child.tail and child.tail.strip():
                    add(child.tail, "paragraph", 0, "list")
            return
        if tag == "table":
            text, n = _table_text(el)
            add(text, "table", n, "table")
            return
        kind = {"head": "heading", "quote": "quote", "code": "code"}.get(tag, "paragraph")
        if tag in ("div", "body", "doc", "main") or (
            tag == "quote" and any(c.tag in ("p", "list", "head") for c in el)
        ):
            if el.text and el.text.strip():
                add(el.text, kind, 0, tag)
            for child in el:
                visit(child)
                if child.tail and child.tail.strip():
                    add(child.tail, "paragraph", 0, tag)
            return
        if tag in ("graphic",):
            return
        text, n = _inline_text(el)
        add(text, kind, n, tag)

    visit(body)
    for i, block in enumerate(blocks):
        block.position = i
    return blocks
