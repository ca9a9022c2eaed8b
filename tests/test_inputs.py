"""What clean() takes as a page and as rule files (cleaner.inputs), and the page's own URL."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

import cleaner
from cleaner import errors
from cleaner.inputs import gunzip, rule_paths

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "scratchculinary-nutrition-trends.html"
ARXIV = ROOT / "fixtures" / "arxiv-llm-merging-abstract"


@pytest.fixture(scope="module")
def expected() -> cleaner.Article:
    return cleaner.clean(EXAMPLE.read_bytes())


def test_a_path_is_read(expected):
    assert cleaner.clean(EXAMPLE).text == expected.text
    assert cleaner.clean_html(EXAMPLE).text == expected.text


def test_a_gzipped_path_and_gzip_bytes_are_decompressed(expected, tmp_path):
    packed = gzip.compress(EXAMPLE.read_bytes())
    (tmp_path / "page.html.gz").write_bytes(packed)
    assert cleaner.clean(tmp_path / "page.html.gz").text == expected.text
    assert cleaner.clean(packed).text == expected.text
    assert cleaner.clean(bytearray(packed)).text == expected.text


def test_gzip_is_never_inflated_past_max_bytes():
    bomb = gzip.compress(b"<p>" + b"a" * 5_000_000 + b"</p>")
    assert len(bomb) < 10_000
    with pytest.raises(errors.InputTooLargeError):
        cleaner.clean(bomb, max_bytes=1_000_000)
    with pytest.raises(errors.InputTooLargeError):
        gunzip(gzip.compress(b"x" * 101) + gzip.compress(b"y"), 101)  # the limit counts every member
    assert gunzip(gzip.compress(b"ab") + gzip.compress(b"cd"), 4) == b"abcd"


def test_corrupt_gzip_is_binary_input():
    with pytest.raises(errors.BinaryInputError):
        cleaner.clean(gzip.compress(b"<html><body><p>text</p></body></html>")[:20])
    with pytest.raises(errors.BinaryInputError):
        cleaner.clean(b"\x1f\x8b\x08\x00garbage-garbage-garbage")


def test_a_path_over_max_bytes_is_refused_unread(tmp_path):
    big = tmp_path / "big.html"
    big.write_bytes(b"<p>x</p>" * 1000)
    with pytest.raises(errors.InputTooLargeError):
        cleaner.clean(big, max_bytes=1000)


def test_a_parsed_tree_is_cleaned_and_left_as_it_was(expected):
    tree = lxml_html.fromstring(EXAMPLE.read_bytes())
    before = etree.tostring(tree)
    assert cleaner.clean(tree).text == expected.text
    assert cleaner.clean(tree.getroottree()).text == expected.text
    assert cleaner.clean_html(tree).text == expected.text
    assert etree.tostring(tree) == before


def test_a_tree_parsed_as_xml_is_read_as_html():
    xml = etree.fromstring(
        "<html><body><article>"
        + "<p>The council voted to build a new bridge across the river.</p>" * 8
        + "</article></body></html>"
    )
    assert "bridge" in cleaner.clean(xml).text


def test_a_tree_is_never_a_text_dump():
    tree = lxml_html.fromstring("<html><body><p>x</p></body></html>")
    with pytest.raises(ValueError):
        cleaner.clean(tree, kind="text")
    with pytest.raises(ValueError):
        cleaner.clean_text(tree)


@pytest.mark.parametrize("page", [None, 42, 3.5, ["<p>a</p>"], {"html": "<p>a</p>"}, object()])
def test_other_types_are_a_clear_type_error(page):
    with pytest.raises(TypeError, match=r"bytes, str, a pathlib\.Path or a parsed lxml tree, not"):
        cleaner.clean(page)


def test_a_str_naming_a_file_is_refused_with_a_hint(tmp_path, monkeypatch):
    page = tmp_path / "story.htm"
    page.write_bytes(EXAMPLE.read_bytes())
    monkeypatch.chdir(tmp_path)
    for name in ("story.htm", str(page), "no-such-page.html", "dump.txt.gz"):
        with pytest.raises(errors.InputError, match=r"pass a pathlib\.Path"):
            cleaner.clean(name)
    (tmp_path / "README").write_text("x", encoding="utf-8")
    with pytest.raises(errors.InputError, match=r"pass a pathlib\.Path"):
        cleaner.clean("README")  # an existing file, even without a page's suffix


def test_a_str_that_is_text_or_markup_is_cleaned():
    assert cleaner.clean("The council voted to build a new bridge across the river on Tuesday night.").text
    assert cleaner.clean("<p>index.html</p>", kind="html") is not None  # markup, not a path


def test_a_single_rule_path_is_one_file(tmp_path):
    rules = tmp_path / "my.toml"
    rules.write_text("[[rule]]\nid = 'house-promo'\ndescription = 'x'\ntokens = ['house-promo']\n", encoding="utf-8")
    page = "<html><body><article>" + "<p>The council voted to build a new bridge across the river.</p>" * 8
    page += "<div class='house-promo'><p>Subscribe to our wonderful house magazine today, it is great.</p></div>"
    page += "</article></body></html>"
    for given in (str(rules), rules, [rules], (str(rules),)):
        article = cleaner.clean(page, rules=given)
        assert "rule:house-promo" in {r.reason for r in article.removed}, given
    assert rule_paths(str(rules)) == (str(rules),)
    with pytest.raises(errors.RuleError, match=r"no-such\.toml"):
        cleaner.clean(page, rules="no-such.toml")


def test_without_a_url_the_canonical_link_is_the_url_and_picks_the_site_rules():
    page = (ARXIV / "source.html").read_bytes()
    url = (ARXIV / "source.url").read_text(encoding="utf-8").strip()
    given = cleaner.clean(page, url=url)
    found = cleaner.clean(page)
    assert (given.url, given.url_source) == (url, "caller")
    assert (found.url, found.url_source) == ("https://arxiv.org/abs/2512.16245", "canonical")
    assert found.text == given.text  # the arXiv rules fired: the abstract only
    assert len(found.text.split()) < 300
    assert found.canonical_url == given.canonical_url == "https://arxiv.org/abs/2512.16245"


def _page(head: str) -> str:
    body = "<p>The council voted to build a new bridge across the river on Tuesday night.</p>" * 6
    return f"<html><head>{head}</head><body><article>{body}</article></body></html>"


@pytest.mark.parametrize(
    "head, url, source",
    [
        ("<meta property='og:url' content='https://www.example.com/a'>", "https://www.example.com/a", "og:url"),
        (
            "<meta property='og:url' content='https://www.example.com/a'>"
            "<link rel='canonical' href='https://www.example.com/b'>",
            "https://www.example.com/b",
            "canonical",
        ),
        ("<link rel='canonical' href='//example.org/c'>", "https://example.org/c", "canonical"),
        (
            "<link rel='canonical' href='/d'><meta property='og:url' content='https://example.net/x'>",
            "https://example.net/d",
            "canonical",
        ),
        ("<link rel='canonical' href='/relative-only'>", None, None),
        ("<link rel='canonical' href='javascript:void(0)'>", None, None),
        ("", None, None),
    ],
)
def test_the_page_url_and_where_it_came_from(head, url, source):
    article = cleaner.clean(_page(head))
    assert (article.url, article.url_source) == (url, source)
    assert cleaner.clean(_page(head), url="https://caller.example/x").url_source == "caller"


def test_a_text_dump_has_only_the_callers_url():
    dump = "The council voted to build a new bridge across the river on Tuesday night.\n" * 5
    assert cleaner.clean(dump).url_source is None
    assert cleaner.clean(dump, url="https://example.com/a").url_source == "caller"
