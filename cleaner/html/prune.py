"""Prune the parsed page with the element rules (class/id tokens and prefixes, XPaths).

:func:`prune` removes what the rules match and records each cut with its rule id. Two
guards keep a rule from taking the article: an element holding a large share of the
page's prose is never pruned, and a rule whose matches together hold most of the prose
is ignored on that page (:data:`LARGE_SHARE`, :data:`RULE_MAX_SHARE`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from ..model import Removed
from ..rules import Rule, RuleSet
from .prose import LARGE_MIN_WORDS, LARGE_SHARE, Prose, prose_map

#: never pruned by class/id tokens: the page skeleton and the article container itself
_STRUCTURAL = {"html", "body", "main", "article"}

#: a rule whose matches together hold more than this share of the prose is ignored on the page
RULE_MAX_SHARE = 0.5

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
        obfuscated: bool | None = None  # told once per value: a value can hold 20,000 tokens
        for m in self.pattern.finditer(attr):
            word = m.group(1) or m.group(2)
            if len(word) <= 3:
                if obfuscated is None:
                    obfuscated = _obfuscated(attr)
                if obfuscated:
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


#: print-visibility utility classes ("no-print", "hidden-print", "d-print-none"): they say
#: how a block prints, not what it is (photos, captions, share bars and article parts alike)
_PRINT_UTILITY = re.compile(
    r"(?<![\w-])(?:no-?print|not-?print(?:able)?|hidden-print|print-hidden|d-print-none|screen-only)(?![\w-])"
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: an id holding this many words of its heading's own text is the heading's anchor slug
SLUG_WORDS = 2
_SLUG_SPLIT = re.compile(r"[\W_]+")


def _is_slug(css_id: str, heading: etree._Element) -> bool:
    """True when a heading's id is an anchor made from its own text ("nav_nur_die_folie__1"
    on "Nur die Folie bleibt zurück", "menu-planning-tips" on "Menu planning tips"): a
    table of contents links to it, and its words ("nav", "menu") say nothing about a role."""
    words = set(_SLUG_SPLIT.split(" ".join(heading.itertext()).lower()))
    return sum(1 for t in set(_SLUG_SPLIT.split(css_id.lower())) if len(t) > 1 and t in words) >= SLUG_WORDS


def _find_hits(tree: etree._Element, element_rules: list[Rule]) -> list[tuple[etree._Element, Rule]]:
    """Every (element, rule) pair an element rule matches, class/id matches first."""
    index = _class_index(tuple(r for r in element_rules if r.tokens or r.contains))
    hits: list[tuple[etree._Element, Rule]] = []
    seen: dict[str, Rule | None] = {}  # pages repeat the same class values many times
    for el in tree.iter(etree.Element):
        if el.tag in _NOT_CONTAINERS:
            continue
        css_class, css_id = el.get("class"), el.get("id")
        if css_id and el.tag in _HEADINGS and _is_slug(css_id, el):
            css_id = None
        if not css_class and not css_id:
            continue
        attr = f"{css_class or ''} {css_id or ''}".lower()
        if "print" in attr:
            attr = _PRINT_UTILITY.sub(" ", attr)
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


def _large(el: etree._Element, prose: Prose, root: etree._Element, share: float) -> bool:
    """True when ``el`` holds ``LARGE_MIN_WORDS`` and more than ``share`` of the page's
    prose, counted either way: with the running text outside paragraphs, or in paragraphs
    only (reading prose in more places must never weaken a guard)."""
    for counts in (prose.all, prose.paragraphs):
        words = counts.get(el, 0)
        if words >= LARGE_MIN_WORDS and words > share * counts.get(root, 0):
            return True
    return False


def prune(
    tree: etree._Element,
    rules: RuleSet,
    prose: Prose | None = None,
    dropped: list[tuple[etree._Element, Removed]] | None = None,
) -> list[Removed]:
    """Remove the elements that element rules match; return what was cut and why.

    Class/id rules skip the page skeleton (html, body, main, article). For rules with
    ``keep_large`` (the default), an element holding a large share of the page's prose
    (by either count of :class:`~.prose.Prose`) is kept, and a rule whose matches together
    hold most of the prose is ignored on this page: a wrapper class never takes the
    article with it. ``prose`` is :func:`~.prose.prose_map` of the tree, when already
    read; ``dropped``, when given, collects each removed element with its record (the
    safety net reads them).
    """
    element_rules = rules.element_rules
    if not element_rules:
        return []
    prose = prose if prose is not None else prose_map(tree)
    hits = _find_hits(tree, element_rules)
    skip = _misfiring_rules(hits, prose.all, prose.all.get(tree, 0))
    skip |= _misfiring_rules(hits, prose.paragraphs, prose.paragraphs.get(tree, 0))
    removed: list[Removed] = []
    gone: set[etree._Element] = set()
    for el, rule in hits:
        if rule.id in skip or el in gone or el.getparent() is None:
            continue
        if any(anc in gone for anc in el.iterancestors()):  # already cut with an ancestor
            continue
        if rule.keep_large and _large(el, prose, tree, LARGE_SHARE):
            continue
        label = _element_label(el)
        gone.add(el)
        prose.forget(el)
        _drop(el)
        if label:
            removed.append(Removed(text=label, kind="element", rule_id=rule.id))
            if dropped is not None:
                dropped.append((el, removed[-1]))
    return removed


def selects(rule: Rule, snippet: str) -> bool:
    """Whether ``rule``'s element matchers select an element of the HTML ``snippet`` (how a
    rule's HTML ``examples`` are checked: the page-level prose guards are not applied)."""
    from .parse import parse

    return bool(_find_hits(parse(f"<html><body>{snippet}</body></html>"), [rule]))
