"""A small subset of XPath 1.0 evaluated in Python, to the same result as lxml.

trafilatura picks the containers it drops with XPaths that test each element's class and
id with EXSLT regular expressions (``re:test(@class, '...')``). libxml2 calls back into
Python for every such test on every element, which makes those XPaths the largest single
cost of an extraction. The same tests written as one Python loop over the elements run
two to three times faster. :func:`compile_subset` turns an XPath of that shape into such a
function, or returns ``None`` when the expression holds anything outside the subset (the
caller then keeps the XPath)::

    path      := step | "(" step ")[1]"            (the first match in document order)
    step      := ".//*" pred* ["[1]"]              (``[1]``: each parent's first match)
    pred      := "[" or-expr "]"
    or-expr   := and-expr ("or" and-expr)*
    and-expr  := atom ("and" atom)*
    atom      := "self::" NAME | "@" NAME | "@" NAME "=" LIT | "not(" or-expr ")"
               | "not(.//" NAME ")" | "contains(" value "," LIT ")"
               | "starts-with(" value "," LIT ")" | "re:test(" value "," LIT ["," LIT] ")"
    value     := attrs | "translate(" attrs "," LIT "," LIT ")"
    attrs     := "@" NAME ("|@" NAME)*             (the first present in document order)

The result is the list of matching elements in document order, as the XPath gives it:
only elements (``*``), descendants of the context element, not the element itself.
``re:test`` behaves as lxml's EXSLT extension does: Python's ``re`` search, ``i`` in the
flags for a caseless test. The expression is compiled to the source of one Python
function (:func:`source_of` shows it), so that a test costs a comparison, not a call.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from lxml import etree

#: what a compiled expression is: the context element in, the selected elements out
Matcher = Callable[[etree._Element], list]

_TOKEN = re.compile(
    r"""\s*(?:(?P<lit>'[^']*'|"[^"]*")|(?P<op>\.//\*|\.//|self::|re:test\(|[()\[\]|@=,])"""
    r"""|(?P<num>\d+)|(?P<name>[A-Za-z_][\w.-]*))"""
)


class _Unsupported(Exception):
    """The expression holds something outside the subset."""


def _tokens(path: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos, end = 0, len(path.rstrip())
    while pos < end:
        m = _TOKEN.match(path, pos)
        if not m:
            raise _Unsupported(path[pos : pos + 20])
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


class _Compiler:
    """Recursive descent over the tokens, writing Python expressions of ``el`` (the
    element), ``g`` (its ``get``) and the names it adds to :attr:`names`. Each method
    returns ``(code, needs_attribute)``: the second is True when the test is false on an
    element without attributes."""

    def __init__(self, path: str) -> None:
        self.toks = _tokens(path)
        self.i = 0
        self.names: dict[str, Any] = {}

    def peek(self, value: str | None = None) -> bool:
        return self.i < len(self.toks) and (value is None or self.toks[self.i][1] == value)

    def take(self, value: str | None = None, kind: str | None = None) -> str:
        if self.i >= len(self.toks):
            raise _Unsupported("end of expression")
        k, v = self.toks[self.i]
        if (value is not None and v != value) or (kind is not None and k != kind):
            raise _Unsupported(v)
        self.i += 1
        return v

    def literal(self) -> str:
        return self.take(kind="lit")[1:-1]

    def bind(self, value: Any) -> str:
        name = f"_v{len(self.names)}"
        self.names[name] = value
        return name

    def attrs(self) -> str:
        names = []
        while True:
            self.take("@")
            names.append(self.take(kind="name"))
            if not (self.peek("|") and self.toks[self.i + 1 : self.i + 2] == [("op", "@")]):
                break
            self.take("|")
        if len(names) == 1:
            return f"(g({names[0]!r}) or '')"
        return f"_first(el, {self.bind(frozenset(names))})"

    def value(self) -> str:
        if not self.peek("translate"):
            return self.attrs()
        self.take("translate")
        self.take("(")
        inner = self.attrs()
        self.take(",")
        src = self.literal()
        self.take(",")
        dst = self.literal()
        self.take(")")
        table: dict[int, str | None] = {}
        for i, char in enumerate(src):  # XPath: the first occurrence of a character counts
            table.setdefault(ord(char), dst[i] if i < len(dst) else None)
        return f"{inner}.translate({self.bind(table)})"

    def atom(self) -> tuple[str, bool]:
        if self.peek("self::"):
            self.take("self::")
            return f"el.tag == {self.take(kind='name')!r}", False
        if self.peek("@"):
            self.take("@")
            name = self.take(kind="name")
            if self.peek("|"):
                raise _Unsupported("a node-set union outside a function")
            if self.peek("="):
                self.take("=")
                return f"g({name!r}) == {self.literal()!r}", True
            return f"g({name!r}) is not None", True
        if self.peek("re:test("):
            self.take("re:test(")
            value = self.value()
            self.take(",")
            pattern = self.literal()
            flags = ""
            if self.peek(","):
                self.take(",")
                flags = self.literal()
            self.take(")")
            search = re.compile(pattern, re.UNICODE | (re.IGNORECASE if "i" in flags else 0)).search
            return f"{self.bind(search)}({value}) is not None", search("") is None
        function = self.take(kind="name")
        self.take("(")
        if function == "not":
            if self.peek(".//"):
                self.take(".//")
                tag = self.take(kind="name")
                self.take(")")
                return f"next(el.iterdescendants({tag!r}), None) is None", False
            code, _ = self.or_expr()
            self.take(")")
            return f"not ({code})", False
        if function not in ("contains", "starts-with"):
            raise _Unsupported(function)
        value = self.value()
        self.take(",")
        lit = self.literal()
        self.take(")")
        if function == "contains":
            return f"{lit!r} in {value}", lit != ""
        return f"{value}.startswith({lit!r})", lit != ""

    def joined(self, word: str, operand: Callable[[], tuple[str, bool]]) -> tuple[str, bool]:
        """``operand (word operand)*`` for ``word`` "and" or "or", in Python; an "and"
        needs an attribute when one operand does, an "or" when all do."""
        parts = [operand()]
        while self.peek(word):
            self.take(word)
            parts.append(operand())
        needs = (any if word == "and" else all)(n for _, n in parts)
        return f" {word} ".join(f"({c})" for c, _ in parts), needs

    def or_expr(self) -> tuple[str, bool]:
        return self.joined("or", lambda: self.joined("and", self.atom))

    def tag_union(self) -> tuple[str, ...] | None:
        """The names of ``self::a or self::b ...`` filling a predicate, else None (nothing read)."""
        start, names = self.i, []
        while self.peek("self::"):
            self.take("self::")
            names.append(self.take(kind="name"))
            if self.peek("]"):
                return tuple(names)
            if not self.peek("or"):
                break
            self.take("or")
        self.i = start
        return None

    def function(self) -> str:
        """The source of the whole expression's function, named ``select``."""
        whole_first = self.peek("(")
        if whole_first:
            self.take("(")
        self.take(".//*")
        tags: tuple[str, ...] | None = None
        tests: list[tuple[str, bool]] = []
        each_first = False
        while self.peek("["):
            self.take("[")
            if self.peek("1"):  # "[1]": each parent's first match, closing the step
                self.take("1")
                self.take("]")
                each_first = True
                break
            names = self.tag_union() if tags is None and not tests else None
            if names is not None:
                tags = names
            else:
                tests.append(self.or_expr())
            self.take("]")
        if whole_first:
            for token in (")", "[", "1", "]"):
                self.take(token)
        if self.peek():
            raise _Unsupported(self.toks[self.i][1])
        return _function_source(tags, tests, whole_first, each_first, self.bind(tags))


def _function_source(
    tags: tuple[str, ...] | None, tests: list[tuple[str, bool]], whole_first: bool, each_first: bool, tags_name: str
) -> str:
    walk = f"context.iterdescendants({tags_name})" if tags else "context.iterdescendants(_Element)"
    condition = " and ".join(f"({code})" for code, _ in tests) or "True"
    lines = ["def select(context):", "    found = []"]
    if each_first:
        lines.append("    parents = set()")
    lines += [f"    for el in {walk}:", "        g = el.get"]
    if any(needs for _, needs in tests):
        lines.append("        if not el.keys(): continue")
    lines.append(f"        if {condition}:")
    if whole_first:
        lines.append("            return [el]")
    elif each_first:
        lines += [
            "            parent = el.getparent()",
            "            if parent in parents: continue",
            "            parents.add(parent)",
            "            found.append(el)",
        ]
    else:
        lines.append("            found.append(el)")
    lines.append("    return found")
    return "\n".join(lines)


def _first(el: Any, wanted: frozenset[str]) -> str:
    """The string value of ``@a|@b``: the first of these attributes in document order."""
    for key in el.keys():
        if key in wanted:
            return el.get(key) or ""
    return ""


def source_of(path: str) -> str | None:
    """The Python source :func:`compile_subset` makes of ``path`` (None: outside the subset)."""
    try:
        return _Compiler(path).function()
    except (_Unsupported, re.error):
        return None


def compile_subset(path: str) -> Matcher | None:
    """A function giving what the XPath ``path`` selects from an element, evaluated in
    Python (see the module's docstring), or ``None`` when ``path`` is outside the subset."""
    try:
        compiler = _Compiler(path)
        source = compiler.function()
    except (_Unsupported, re.error):
        return None
    namespace: dict[str, Any] = {**compiler.names, "_first": _first, "_Element": etree.Element}
    exec(compile(source, f"<xpath {path.strip()[:60]}>", "exec"), namespace)  # the source is ours (source_of shows it)
    select: Matcher = namespace["select"]
    return select
