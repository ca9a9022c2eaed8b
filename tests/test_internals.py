"""Every private piece of a dependency cleaner uses, checked by name: an upgrade that moves
one fails here, naming it, instead of somewhere deep in an extraction."""

from __future__ import annotations

import importlib
import re

import pytest
from lxml import etree

from cleaner import _sre, _trafilatura

#: (module, name) of every trafilatura internal that cleaner/_trafilatura.py imports
TRAFILATURA_INTERNALS = [
    ("trafilatura.json_metadata", "JSON_UNICODE_REPLACE"),
    ("trafilatura.json_metadata", "extract_json"),
    ("trafilatura.json_metadata", "extract_json_parse_error"),
    ("trafilatura.metadata", "JSON_MINIFY"),
    ("trafilatura.metadata", "examine_meta"),
    ("trafilatura.metadata", "extract_sitename"),
    ("trafilatura.metadata", "extract_title"),
    ("trafilatura.metadata", "normalize_authors"),
    ("trafilatura.utils", "HTML_STRIP_TAGS"),
    ("trafilatura.utils", "line_processing"),
    ("trafilatura.utils", "trim"),
    *[("trafilatura.xpaths", name) for name in _trafilatura.DISCARD_XPATH_NAMES],
    *[("trafilatura.xpaths", name) for name in _trafilatura.FAST_XPATH_NAMES],
]


@pytest.mark.parametrize("module, name", TRAFILATURA_INTERNALS, ids=lambda x: x)
def test_trafilatura_internal_is_where_cleaner_expects_it(module, name):
    assert hasattr(importlib.import_module(module), name), f"{module}.{name} moved: update cleaner/_trafilatura.py"


def test_every_exported_internal_is_listed_above():
    listed = {name for _, name in TRAFILATURA_INTERNALS}
    exported = set(_trafilatura.__all__) - {
        "DISCARD_XPATH_NAMES",
        "FAST_XPATH_NAMES",
        "discard_expressions",
        "extract_body",
        "fast_xpaths",
    }
    assert exported <= listed


def test_trafilatura_internals_behave_as_cleaner_uses_them():
    from cleaner.html.parse import parse

    tree = parse(
        "<html><head><title>A title</title><meta name='author' content='Jane Doe'></head>"
        "<body><p>Text.</p></body></html>"
    )
    meta = _trafilatura.examine_meta(tree)
    assert meta.author == "Jane Doe"  # meta tags only: the <title> is extract_title's
    assert _trafilatura.extract_title(tree) == "A title"
    assert _trafilatura.trim("  a \n b  ") == "a b"
    assert all(callable(expr) and expr.path for expr in _trafilatura.discard_expressions())
    assert len(_trafilatura.discard_expressions()) >= len(_trafilatura.DISCARD_XPATH_NAMES)


def test_extract_body_gives_an_xml_body():
    from lxml import html

    prose = " ".join(["The council voted to build a new bridge across the river on Tuesday night."] * 6)
    doc = _trafilatura.extract_body(
        html.fromstring(f"<html><body><article><p>{prose}</p></article></body></html>"), True
    )
    assert doc.body is not None and "bridge" in " ".join(doc.body.itertext())


def test_the_regex_parser_is_available_and_reads_patterns():
    assert _sre.AVAILABLE, "re._parser / re._constants moved: update cleaner/_sre.py"
    parsed = list(_sre.parse("^ab", re.I))
    assert parsed[0] == (_sre.AT, _sre.AT_BEGINNING)
    assert parsed[1][0] is _sre.LITERAL
    names = ("LITERAL", "IN", "AT", "AT_BEGINNING", "SUBPATTERN", "MAX_REPEAT", "MIN_REPEAT", "BRANCH", "RANGE")
    for name in (*names, "CATEGORY", "ASSERT", "ANY"):
        assert getattr(_sre, name) is not None, name
    assert None not in _sre.CATEGORIES, "re._constants lost CATEGORY_DIGIT or CATEGORY_SPACE"
    digit, space = (_sre.parse(p, 0)[0] for p in (r"\d", r"\s"))
    assert digit == (_sre.IN, [(_sre.CATEGORY, next(k for k, v in _sre.CATEGORIES.items() if v == r"\d"))])
    assert space == (_sre.IN, [(_sre.CATEGORY, next(k for k, v in _sre.CATEGORIES.items() if v == r"\s"))])
    lookahead = _sre.parse("(?=ab)", 0)[0]
    assert lookahead[0] is _sre.ASSERT and lookahead[1][0] == 1
    assert _sre.parse(".{0,3}", 0)[0][1][2][0][0] is _sre.ANY


def test_every_regular_expression_xpath_of_trafilatura_runs_as_python_in_cleaner():
    """An upgrade that writes one of these XPaths outside cleaner.fastxpath's subset still
    works (lxml evaluates it) but costs the speed back: this names it."""
    from trafilatura import xpaths

    for name in _trafilatura.FAST_XPATH_NAMES:
        for expr in getattr(xpaths, name):
            assert isinstance(expr, (_trafilatura._FastXPath, etree.XPath)), name
            if "re:test" in expr.path:
                assert isinstance(expr, _trafilatura._FastXPath), f"{name}: {expr.path.strip()[:80]}"


def test_cleaner_runs_trafilatura_with_the_python_matchers(monkeypatch):
    from trafilatura import xpaths

    import cleaner

    wrapped = xpaths.OVERALL_DISCARD_XPATH[0]
    calls = []
    fast = wrapped.fast
    monkeypatch.setattr(wrapped, "fast", lambda context: calls.append(1) or fast(context))
    prose = " ".join(["The council voted to build a new bridge across the river on Tuesday night."] * 6)
    article = cleaner.clean(f"<html><body><article><p>{prose}</p></article></body></html>")
    assert "bridge" in article.text and calls
