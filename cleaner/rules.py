"""Rules as data: load, validate and match the rule files in ``cleaner/rules/``.

A rule file is TOML with an optional ``domains`` list (a per-site file applies only to
pages of those hosts and their subdomains) and a list of ``[[rule]]`` tables::

    domains = ["independent.co.uk"]          # omit for a generic file

    [[rule]]
    id = "newsletter"                        # shown in Article.removed as "rule:newsletter"
    description = "Newsletter and sign-up prompts"
    tokens = ["newsletter", "signup"]        # class/id tokens (split on space, - and _)
    contains = ["newsletter"]                # class/id prefixes: match where a word starts
                                             # ("ad-slot" matches "top-ad-slot"; "mpu" not "computing")
    xpath = ["//form[.//input[@type='email']]"]
    text = ['(?i)^sign up for (our|the) .* newsletter']   # block text patterns
    max_words = 40                           # text patterns only cut blocks this short
    roles = ["label"]                        # how a matched block acts beyond being dropped
    examples = ["Sign up for our newsletter", "<div class='newsletter-box'>...</div>"]
    counterexamples = ["The newsletter's editor resigned on Monday."]

Element rules (``tokens``, ``contains``, ``xpath``) prune the parsed HTML tree before
extraction; ``text`` rules drop extracted blocks (HTML and text dumps alike).

``roles`` (see :data:`ROLES`) say what a block a text rule names does besides going:
by default, in a text dump, it is a stop signal the article region rarely crosses.

``examples`` and ``counterexamples`` prove the rule: a string starting with ``<`` is an
HTML snippet an element rule must (or must not) select an element of, any other string a
block a text rule must (or must not) match. :func:`cleaner.rulecheck.check_examples`
checks them; the test suite runs it on every built-in rule.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from lxml import etree

from . import redos
from .errors import RuleError
from .prefilter import PatternIndex

_RULE_KEYS = {
    "id",
    "description",
    "tokens",
    "contains",
    "xpath",
    "text",
    "max_words",
    "keep_large",
    "roles",
    "examples",
    "counterexamples",
}
#: what a block that a text rule names does besides being dropped (a rule's ``roles``)
ROLES: dict[str, str] = {
    "label": "in a text dump, the line is dropped but does not stop the article region "
    "(single furniture lines that also sit inside articles: ad labels, buttons, credits)",
    "section-end": "in a text dump, the article region ends at the line once the article before it "
    "is substantial (what opens comments, teaser lists, the author box)",
    "inline-box": "in a text dump, the line (a section-end heading) is crossed when the article's prose "
    'resumes right after the few lines under it (a "See also" box set inside an article)',
    "closing-heading": "among the last blocks of an extraction, the section from the block to the end "
    "is cut, when the text before it is the longer part (an author box, a list of other articles)",
    "closing-line": "in a text dump, the article region ends before the line when it is among the region's "
    "closing lines (a paragraph about the author): only its place makes it furniture, so the rule drops no "
    "block anywhere else, and the HTML path, which reads the author from the page's metadata, does not use it",
    "back-matter": "in a text dump, the article region ends at the line (the heading of the references, "
    "sources or footnotes listed after a story) once the article before it holds most of the region's "
    "score; like closing-line, the rule drops no block anywhere else and the HTML path does not use it",
}
#: the roles of rules whose lines are furniture only where they stand: :meth:`RuleSet.match_text`
#: leaves them out, :meth:`RuleSet.match_closing` matches them
PLACED_ROLES = frozenset({"closing-line", "back-matter"})
_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
DEFAULT_MAX_WORDS = 40


@dataclass(frozen=True)
class Rule:
    """One named rule. ``source`` is the file it came from."""

    id: str
    description: str
    tokens: frozenset[str] = frozenset()
    contains: tuple[str, ...] = ()
    xpath: tuple[etree.XPath, ...] = ()
    text: tuple[re.Pattern[str], ...] = ()
    max_words: int = DEFAULT_MAX_WORDS
    keep_large: bool = True
    roles: frozenset[str] = frozenset()
    examples: tuple[str, ...] = ()
    counterexamples: tuple[str, ...] = ()
    source: str = ""

    @property
    def prunes_elements(self) -> bool:
        return bool(self.tokens or self.contains or self.xpath)

    def has_role(self, role: str) -> bool:
        """Whether the rule carries ``role`` (one of :data:`ROLES`)."""
        return role in self.roles

    def matches_text(self, text: str) -> bool:
        """Whether one of the rule's text patterns matches the block ``text`` (of at most ``max_words`` words)."""
        return len(text.split()) <= self.max_words and any(p.search(text) for p in self.text)

    def __hash__(self) -> int:
        # equal rules share id and file; hashing every field (patterns, XPaths) would cost
        # a microsecond on each of the page's many rule lookups
        return hash((self.id, self.source))


@dataclass
class RuleSet:
    """Rules that apply to one page: the generic ones plus the page's site rules."""

    rules: list[Rule] = field(default_factory=list)

    def __iter__(self):
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    @property
    def element_rules(self) -> list[Rule]:
        return [r for r in self.rules if r.prunes_elements]

    @property
    def text_rules(self) -> list[Rule]:
        return [r for r in self.rules if r.text]

    def __post_init__(self) -> None:
        placed = tuple(r for r in self.rules if r.roles & PLACED_ROLES)
        self._text_index = _text_index(tuple(r for r in self.rules if not r.roles & PLACED_ROLES))
        self._placed_index = _text_index(placed)

    def match_text(self, text: str) -> Rule | None:
        """The first text rule whose pattern matches ``text`` (a block short enough for it),
        rules of a :data:`PLACED_ROLES` role left out.

        Only the patterns the block could match run (see :class:`~cleaner.prefilter.PatternIndex`):
        most blocks hold none of the literals or first characters the patterns need.
        """
        return self._text_index.first_match(bare(text))

    def match_closing(self, text: str) -> Rule | None:
        """The first rule of a :data:`PLACED_ROLES` role (``closing-line``, ``back-matter``)
        whose pattern matches ``text``: a line that is furniture where it closes an article
        (an author's bio, the heading of its references), and only there."""
        return self._placed_index.first_match(bare(text))


#: signs that stay at the head of a block when it is matched: they are what some patterns
#: look for (a copyright notice's "©", a trademark's "®", the sound-recording sign)
_KEPT_SIGNS = frozenset("©®™℗")


def bare(text: str) -> str:
    """``text`` without the pictographs and bullets that open it ("🔥 Recommended Posts",
    "👉 Subscribe to our newsletter", "➤ Read more"): what the text patterns match (Unicode
    "other symbols", their variation selectors and joiners, and the space after them; the
    signs of :data:`_KEPT_SIGNS` stay)."""
    i = 0
    while i < len(text) and (
        (unicodedata.category(text[i]) == "So" and text[i] not in _KEPT_SIGNS)
        or text[i] in "\ufe0f\u200d•▪▸►▶➤➜→✓✔"
        or (i and text[i].isspace())
    ):
        i += 1
    return text[i:] if i and i < len(text) else text


@lru_cache(maxsize=32)
def _text_index(rules: tuple[Rule, ...]) -> PatternIndex[Rule]:
    """The text patterns of ``rules`` indexed (once per rule combination, not per page)."""
    return PatternIndex((rule, rule.max_words, rule.text) for rule in rules if rule.text)


@dataclass(frozen=True)
class RuleFile:
    path: str
    domains: tuple[str, ...]
    rules: tuple[Rule, ...]


def _fail(path: str, rule_id: str | None, message: str) -> RuleError:
    where = f"{path}: rule {rule_id!r}" if rule_id else path
    return RuleError(f"{where}: {message}")


def _str_list(value: Any, key: str, path: str, rule_id: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _fail(path, rule_id, f"'{key}' must be a string or a list of non-empty strings")
    return value


#: a page an XPath is tried on when its rule file loads: what it returns tells whether it selects nodes
_PROBE_PAGE = etree.fromstring("<html><body><div class='a' id='b'><p>text</p></div></body></html>", etree.HTMLParser())
#: the last step of an XPath that selects attributes, text or comments rather than elements
_NOT_ELEMENTS = re.compile(
    r"(@[\w*:.-]+|attribute::[\w*:.-]+|text\(\s*\)|comment\(\s*\)|processing-instruction\([^)]*\))\s*$"
)


def _xpath(expr: str, path: str, rule_id: str) -> etree.XPath:
    """``expr`` compiled, once it is known to select elements: an expression returning a
    number, a string or a boolean (``count(//p)``), selecting attributes or text, or calling
    an unknown function or prefix is refused here rather than failing on every page."""
    try:
        compiled = etree.XPath(expr)
    except etree.XPathSyntaxError as err:
        raise _fail(path, rule_id, f"bad xpath {expr!r}: {err}") from None
    try:
        result = compiled(_PROBE_PAGE)
    except etree.XPathError as err:
        raise _fail(path, rule_id, f"bad xpath {expr!r}: {err}") from None
    if not isinstance(result, list):
        kind = type(result).__name__.replace("_ElementUnicodeResult", "str").replace("float", "number")
        raise _fail(
            path, rule_id, f"xpath {expr!r} returns a {kind}, not elements: an element rule must select elements"
        )
    if any(_NOT_ELEMENTS.search(part) for part in expr.split("|")):
        raise _fail(path, rule_id, f"xpath {expr!r} selects attributes or text, not elements")
    return compiled


def _parse_rule(raw: Any, path: str, index: int, probe: bool = False) -> Rule:
    if not isinstance(raw, dict):
        raise _fail(path, None, f"rule #{index + 1} is not a table")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not _ID.match(rule_id):
        raise _fail(path, None, f"rule #{index + 1} needs an 'id' of lower-case letters, digits, '.', '-' or '_'")
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise _fail(path, rule_id, f"unknown key(s) {', '.join(sorted(unknown))}")
    description = raw.get("description")
    if not isinstance(description, str) or not description.strip():
        raise _fail(path, rule_id, "needs a one-line 'description'")
    tokens = [t.lower() for t in _str_list(raw.get("tokens", []), "tokens", path, rule_id)]
    contains = [t.lower() for t in _str_list(raw.get("contains", []), "contains", path, rule_id)]
    xpaths = [_xpath(expr, path, rule_id) for expr in _str_list(raw.get("xpath", []), "xpath", path, rule_id)]
    patterns = []
    for expr in _str_list(raw.get("text", []), "text", path, rule_id):
        try:
            patterns.append(re.compile(expr))
        except re.error as err:
            raise _fail(path, rule_id, f"bad text pattern {expr!r}: {err}") from None
    examples = _str_list(raw.get("examples", []), "examples", path, rule_id)
    if probe:
        for pattern in patterns:
            attack = redos.probe_cached(pattern, tuple(examples), redos.USER_BUDGET)
            if attack is not None:
                raise _fail(
                    path,
                    rule_id,
                    f"text pattern {pattern.pattern!r} backtracks catastrophically: one search on {attack} "
                    f"took over {redos.USER_BUDGET:g} s (nested or overlapping repeats such as (a|aa)+ or "
                    "(\\w+ ?){1,3}; make each piece of text matchable one way only)",
                )
    if not (tokens or contains or xpaths or patterns):
        raise _fail(path, rule_id, "matches nothing: give tokens, contains, xpath or text")
    max_words = raw.get("max_words", DEFAULT_MAX_WORDS)
    if not isinstance(max_words, int) or isinstance(max_words, bool) or max_words < 1:
        raise _fail(path, rule_id, "'max_words' must be a positive integer")
    keep_large = raw.get("keep_large", True)
    if not isinstance(keep_large, bool):
        raise _fail(path, rule_id, "'keep_large' must be true or false")
    roles = _str_list(raw.get("roles", []), "roles", path, rule_id)
    unknown_roles = sorted(set(roles) - set(ROLES))
    if unknown_roles:
        raise _fail(path, rule_id, f"unknown role(s) {', '.join(unknown_roles)} (choose from {', '.join(ROLES)})")
    if roles and not patterns:
        raise _fail(path, rule_id, "'roles' act on the blocks a text pattern names: give 'text' patterns")
    if set(roles) & PLACED_ROLES and (tokens or contains or xpaths):
        raise _fail(path, rule_id, "a rule of a placed role names lines by where they stand: give no element matchers")
    counterexamples = _str_list(raw.get("counterexamples", []), "counterexamples", path, rule_id)
    for example in (*examples, *counterexamples):
        if is_snippet(example) and not (tokens or contains or xpaths):
            raise _fail(path, rule_id, f"example {example[:40]!r} is HTML, but the rule has no element matchers")
        if not is_snippet(example) and not patterns:
            raise _fail(path, rule_id, f"example {example[:40]!r} is text, but the rule has no 'text' patterns")
    return Rule(
        id=rule_id,
        description=" ".join(description.split()),
        tokens=frozenset(tokens),
        contains=tuple(contains),
        xpath=tuple(xpaths),
        text=tuple(patterns),
        max_words=max_words,
        keep_large=keep_large,
        roles=frozenset(roles),
        examples=tuple(examples),
        counterexamples=tuple(counterexamples),
        source=path,
    )


def is_snippet(example: str) -> bool:
    """An example starting with ``<`` is an HTML snippet (for element rules), else a block of text."""
    return example.lstrip().startswith("<")


def parse_rule_text(content: str, path: str = "<rules>", probe: bool = True) -> RuleFile:
    """Parse and validate the TOML text of one rule file (a leading byte-order mark is allowed).

    With ``probe`` (the default), each text pattern is run on attack strings
    (:func:`cleaner.redos.probe`) and one that backtracks catastrophically is refused; the
    built-in files are not probed here (the test suite probes them)."""
    content = content.removeprefix("\ufeff")
    try:
        data = tomllib.loads(content)
    except tomllib.TOMLDecodeError as err:
        raise _fail(path, None, f"not valid TOML: {err}") from None
    unknown = set(data) - {"domains", "rule"}
    if unknown:
        raise _fail(path, None, f"unknown top-level key(s) {', '.join(sorted(unknown))}")
    domains = data.get("domains", [])
    if isinstance(domains, str):
        domains = [domains]
    if not isinstance(domains, list) or not all(isinstance(d, str) and d for d in domains):
        raise _fail(path, None, "'domains' must be a list of host names")
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list):
        raise _fail(path, None, "'rule' must be an array of tables ([[rule]])")
    rules = tuple(_parse_rule(raw, path, i, probe) for i, raw in enumerate(raw_rules))
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise _fail(path, rule.id, "duplicate rule id")
        seen.add(rule.id)
    return RuleFile(path=path, domains=tuple(d.lower().lstrip(".") for d in domains), rules=rules)


@lru_cache(maxsize=64)
def load_rule_file(path: str) -> RuleFile:
    """Load one user rule file (cached by path)."""
    try:
        content = Path(path).read_text(encoding="utf-8-sig")
    except OSError as err:
        raise RuleError(f"{path}: cannot read rule file: {err.strerror or err}") from None
    except UnicodeDecodeError:
        raise RuleError(f"{path}: rule file is not UTF-8 text") from None
    return parse_rule_text(content, path)


@lru_cache(maxsize=1)
def builtin_rule_files() -> tuple[RuleFile, ...]:
    """The rule files shipped in ``cleaner/rules/`` (generic first, then per-site)."""
    root = resources.files("cleaner") / "rules"
    files: list[RuleFile] = []
    names = sorted(p.name for p in root.iterdir() if p.name.endswith(".toml"))
    for name in names:
        files.append(parse_rule_text((root / name).read_text(encoding="utf-8"), f"cleaner/rules/{name}", probe=False))
    sites = root / "sites"
    if sites.is_dir():
        for name in sorted(p.name for p in sites.iterdir() if p.name.endswith(".toml")):
            files.append(
                parse_rule_text((sites / name).read_text(encoding="utf-8"), f"cleaner/rules/sites/{name}", probe=False)
            )
    return tuple(files)


def host_of(url: str | None) -> str:
    if not url:
        return ""
    match = re.match(r"^[a-z][a-z0-9+.-]*://([^/?#:]+)", url.strip(), re.I)
    host = match.group(1) if match else ""
    return host.lower().removeprefix("www.")


def _applies(rule_file: RuleFile, host: str) -> bool:
    if not rule_file.domains:
        return True
    return any(host == d or host.endswith("." + d) for d in rule_file.domains)


def load_rules(url: str | None = None, extra: Iterable[str | Path] = (), builtin: bool = True) -> RuleSet:
    """The rules for a page at ``url``: built-in generic and matching site rules, then the
    user's rule files ``extra`` (paths). Raises :class:`RuleError` on a malformed file."""
    host = host_of(url)
    files = list(builtin_rule_files()) if builtin else []
    files += [load_rule_file(str(p)) for p in extra]
    rules = [rule for f in files if _applies(f, host) for rule in f.rules]
    return RuleSet(rules)


def validate_rule_files(paths: Iterable[str | Path]) -> None:
    """Load every file in ``paths`` once so that a malformed one fails early."""
    for p in paths:
        load_rule_file(str(p))
