"""cleaner.fastxpath evaluates trafilatura's class/id XPaths in Python: the same elements
in the same order as lxml, on every tree, or no matcher at all."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html
from trafilatura import xpaths

from cleaner import _trafilatura
from cleaner.fastxpath import compile_subset, source_of
from cleaner.html.parse import parse

REGEXP = {"re": "http://exslt.org/regular-expressions"}


def _xpath(expr):
    return expr.xpath if isinstance(expr, _trafilatura._FastXPath) else expr


#: every trafilatura expression cleaner evaluates in Python, as (label, XPath)
TRAFILATURA = [
    (f"{name}[{i}]", _xpath(expr))
    for name in _trafilatura.FAST_XPATH_NAMES
    for i, expr in enumerate(getattr(xpaths, name))
    if compile_subset(_xpath(expr).path) is not None
]

#: the tags trafilatura's trees hold (its own names among them) and attribute values
#: built from the tokens its expressions test, with their case and spacing varied
_TAGS = ["div", "section", "article", "main", "aside", "p", "span", "list", "item", "details", "ol", "ul", "h1", "a"]
_TOKENS = sorted(
    {t for expr in TRAFILATURA for t in re.findall(r"[A-Za-z][\w-]{2,}", expr[1].path) if t not in {"self", "test"}}
)
_WORDS = st.one_of(st.sampled_from(_TOKENS), st.text("abcHN- _:", max_size=6))
_VALUE = st.lists(_WORDS, max_size=3).map(" ".join) | st.sampled_from(["", " ", "display:none", "true", "post"])
_ATTRS = st.lists(
    st.tuples(st.sampled_from(["class", "id", "style", "role", "itemprop", "aria-hidden", "data-component"]), _VALUE),
    max_size=4,
    unique_by=lambda kv: kv[0],
)


@st.composite
def trees(draw, depth=3):
    def element(level):
        el = etree.Element(draw(st.sampled_from(_TAGS)))
        for key, value in draw(_ATTRS):  # the drawn order is the document order of the attributes
            el.set(key, value)
        if level < depth:
            for _ in range(draw(st.integers(0, 3))):
                el.append(element(level + 1))
        return el

    root = etree.Element("body")
    for _ in range(draw(st.integers(1, 4))):
        root.append(element(1))
    return root


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=trees())
def test_every_trafilatura_expression_selects_what_lxml_selects(tree):
    for label, expr in TRAFILATURA:
        assert compile_subset(expr.path)(tree) == expr(tree), label


def test_the_expressions_cleaner_relies_on_are_read():
    labels = {label for label, _ in TRAFILATURA}
    assert {"OVERALL_DISCARD_XPATH[0]", "OVERALL_DISCARD_XPATH[1]", "BODY_XPATH[0]"} <= labels


FEATURES = [
    ".//*[@class]",
    ".//*[@class='a b']",
    ".//*[self::div or self::p][@id]",
    ".//*[contains(@class, '')]",
    ".//*[contains(@class, 'nav')]",
    ".//*[contains(translate(@class, 'NAN', 'nb'), 'nb')]",
    ".//*[starts-with(@id|@class, 'x')]",
    ".//*[re:test(@id|@class, '^x')]",
    ".//*[re:test(@class, 'NAV', 'i')]",
    ".//*[re:test(@class, '^')]",
    ".//*[self::div][not(.//h1)]",
    ".//*[not(self::div or self::p) and @id]",
    ".//*[self::div or self::p][1]",
    ".//*[@id][1]",
    "(.//*[self::div][@class])[1]",
    ".//*[@id and @class or @role]",
]

_PAGE = """<html><body>
<div id="x1" class="nav a b"><p class="x2">One</p><p id="y" class="x3">Two</p><h1>T</h1></div>
<div class="x4 NAV" id="z"><div class="a b"><p>Three</p></div><p role="main">Four</p></div>
<p id="" class="">Five</p><section class="NaN"><span id="xs">six</span></section>
</body></html>"""


@pytest.mark.parametrize("path", FEATURES)
def test_each_construct_of_the_subset_matches_lxml(path):
    tree = parse(_PAGE)
    fast = compile_subset(path)
    assert fast is not None, path
    for context in (tree, tree.find(".//body"), tree.find(".//div")):
        assert fast(context) == etree.XPath(path, namespaces=REGEXP)(context), path


@pytest.mark.parametrize(
    "path",
    ["//div", ".//div", "(.//article)[1]", ".//*[position()=2]", ".//*[count(p) > 1]", ".//a|.//b", ".//*[@a|@b]"],
)
def test_anything_outside_the_subset_is_left_to_lxml(path):
    assert compile_subset(path) is None
    assert source_of(path) is None


def test_a_bad_regular_expression_is_left_to_lxml():
    assert compile_subset(".//*[re:test(@class, '(')]") is None


def test_the_wrapper_runs_the_xpath_outside_cleaner_and_the_matcher_inside():
    tree = lxml_html.fromstring("<div><p class='share-bar'>x</p></div>")
    xpath = etree.XPath(".//*[contains(@class, 'share')]")
    calls = []
    wrapped = _trafilatura._FastXPath(xpath, lambda context: calls.append(context) or ["fast"])
    assert wrapped(tree) == xpath(tree) and not calls  # a program calling trafilatura itself
    token = _trafilatura._IN_CLEANER.set(True)
    try:
        assert wrapped(tree) == ["fast"] and calls == [tree]
    finally:
        _trafilatura._IN_CLEANER.reset(token)
    assert wrapped(tree) == xpath(tree)


def test_trafilatura_called_directly_still_gets_its_own_xpaths():
    import trafilatura

    page = "<html><body><article><p>" + "The council met on Tuesday to vote on the bridge. " * 8 + "</p></article>"
    page += "<div class='share-bar'><p>Share this on every network you know of today.</p></div></body></html>"
    text = trafilatura.extract(page)
    assert text is not None and "bridge" in text and "Share this" not in text
    assert not _trafilatura._IN_CLEANER.get()


def _fixture_pages():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "fixtures"
    return sorted(p for p in root.iterdir() if (p / "source.html").exists())


@pytest.mark.parametrize("page", _fixture_pages()[::3], ids=lambda p: p.name)
def test_a_page_cleans_to_the_same_article_with_the_xpaths_as_xpaths(page, monkeypatch):
    import cleaner

    html = (page / "source.html").read_bytes()
    url = (page / "source.url").read_text().strip() if (page / "source.url").exists() else None
    fast = cleaner.clean(html, url=url)
    monkeypatch.setattr(_trafilatura, "FAST_XPATHS", False)
    slow = cleaner.clean(html, url=url)
    assert [b.text for b in fast.blocks] == [b.text for b in slow.blocks]
    assert [r.reason for r in fast.removed] == [r.reason for r in slow.removed]
