"""The block structure the HTML path keeps (cleaner.html.blocks) and the Markdown it renders
(cleaner.markdown), read back by a CommonMark renderer."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from lxml import html as lxml_html
from markdown_it import MarkdownIt

import cleaner
from cleaner.goldens import find_cases
from cleaner.html.blocks import _clean_ws, _clean_ws_spans, _spans_moved
from cleaner.model import Article, Block, Link

PROSE = "<p>" + " ".join(["The council voted to build a new bridge across the river on Tuesday night."] * 4) + "</p>"
PAGE = f"""<html><head><title>Bridge vote</title></head><body><article><h1>Bridge vote</h1>{PROSE}
<h3>What the vote means</h3>{PROSE}
<ol><li>first, see <a href="/one">the first plan</a></li><li>second item of the list</li><li>third one</li></ol>
<ul><li>a bullet point here</li><li>another bullet point</li></ul>
<table><tr><th>Name</th><th>Votes | cast</th></tr><tr><td>Ann Smith</td><td>3</td></tr><tr><td>Bob</td><td></td></tr></table>
<pre><code>def tally(votes):
    if votes:
        return sum(votes)
</code></pre>
<blockquote><p>We listened to both sides of the argument.</p><p>The bridge will be built.</p></blockquote>
<p>Read <a href="https://example.org/report?a=1&amp;b=(2)">the full report</a> for *all* the [details] &amp; more.</p>
<figure><img src="/img/bridge.jpg" alt="The bridge"></figure>
{PROSE}</article></body></html>"""
URL = "https://www.example.com/news/bridge-vote"


def render(markdown: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(markdown)


@pytest.fixture(scope="module")
def article() -> Article:
    return cleaner.clean(PAGE, url=URL)


def _block(article: Article, start: str) -> Block:
    return next(b for b in article.blocks if b.text.startswith(start))


def test_blocks_keep_the_structure(article):
    assert _block(article, "What the vote").level == 3
    first, second = _block(article, "first"), _block(article, "second")
    assert (first.ordered, first.number, second.number) == (True, 1, 2)
    bullet = _block(article, "a bullet")
    assert (bullet.ordered, bullet.number) == (False, None)
    table = next(b for b in article.blocks if b.kind == "table")
    assert table.rows == [["Name", "Votes | cast"], ["Ann Smith", "3"], ["Bob", ""]] and table.header
    code = next(b for b in article.blocks if b.kind == "code")
    assert code.verbatim == "def tally(votes):\n    if votes:\n        return sum(votes)"
    assert code.text == "def tally(votes):\nif votes:\nreturn sum(votes)"  # the text is as before
    quoted = [b.text for b in article.blocks if b.quoted]
    assert quoted == ["We listened to both sides of the argument.", "The bridge will be built."]
    (link,) = first.links
    assert first.text[link.start : link.end] == "the first plan"
    assert link.href == "https://www.example.com/one"  # made absolute against the page URL


def test_images_only_when_asked(article):
    assert not any(b.images for b in article.blocks)
    with_images = cleaner.clean(PAGE, url=URL, include_images=True)
    images = [i for b in with_images.blocks for i in b.images]
    assert [(i.src, i.alt) for i in images] == [("https://www.example.com/img/bridge.jpg", "The bridge")]
    assert "![The bridge](https://www.example.com/img/bridge.jpg)" in with_images.to_markdown()
    assert "![" not in with_images.to_markdown(images=False)


def test_markdown_renders_as_commonmark(article):
    out = render(article.to_markdown())
    assert "<h1>Bridge vote</h1>" in out and "<h3>What the vote means</h3>" in out
    assert '<ol>\n<li>first, see <a href="https://www.example.com/one">the first plan</a></li>' in out
    assert "<li>second item of the list</li>" in out and "<ul>\n<li>a bullet point here</li>" in out
    assert "<table>" in out and "<th>Votes | cast</th>" in out and "<td>Ann Smith</td>" in out
    assert "<pre><code>def tally(votes):\n    if votes:\n        return sum(votes)\n</code></pre>" in out
    assert "<blockquote>\n<p>We listened to both sides of the argument.</p>\n<p>The bridge will be built.</p>" in out
    assert '<a href="https://example.org/report?a=1&amp;b=%282%29">the full report</a>' in out
    assert "for *all* the [details] &amp; more." in out  # markup-like text stays text
    assert "<a" not in render(article.to_markdown(links=False))


def test_text_is_unchanged_by_the_structure(article):
    assert "\n\n".join(b.text for b in article.blocks) == article.text
    assert "def tally(votes):\nif votes:" in article.text


@pytest.mark.parametrize(
    "text",
    [
        "# not a heading",
        "1. not a list",
        "2024) not a list either",
        "- not a bullet",
        "+ nor this",
        "> not a quote",
        "=== not an underline",
        "*not emphasis* and _not_ this, snake_case stays",
        "`not code` <b>not html</b> [not](a-link) ![no](image) ~~not struck~~",
        "&amp; stays an ampersand and AT&T too",
        "a backslash \\ and a \\* stay",
    ],
)
def test_text_that_looks_like_markup_renders_as_itself(text):
    for kind in ("paragraph", "list_item", "heading", "quote"):
        block = Block(text=text, kind=kind, level=2 if kind == "heading" else None)
        out = render(Article(blocks=[block]).to_markdown())
        shown = lxml_html.fromstring(out).text_content().strip()
        assert shown == text, (kind, out)


def test_two_numbered_lists_in_a_row_stay_two():
    items = [Block(t, "list_item", ordered=True, number=n) for t, n in (("a", 1), ("b", 2), ("c", 1))]
    out = render(Article(blocks=items).to_markdown())
    assert out.count("<ol>") == 2


def test_a_numbered_list_can_start_past_one():
    items = [Block(t, "list_item", ordered=True, number=n) for t, n in (("c", 3), ("d", 4))]
    assert '<ol start="3">' in render(Article(blocks=items).to_markdown())


def test_code_holding_a_fence_gets_a_longer_one():
    block = Block("x", "code", verbatim="```\nquoted fence\n```")
    out = render(Article(blocks=[block]).to_markdown())
    assert "<pre><code>```\nquoted fence\n```\n</code></pre>" in out


def test_line_breaks_inside_a_block_are_hard_breaks():
    out = render(Article(blocks=[Block("first line\nsecond line", "paragraph")]).to_markdown())
    assert "first line<br />\nsecond line" in out


def test_a_table_without_rows_renders_its_text():
    out = Article(blocks=[Block("a | b", "table")]).to_markdown()
    assert "a \\| b" not in out and "a | b" in render(out)


def test_to_dict_adds_the_structure_fields_that_are_set(article):
    blocks = article.to_dict()["blocks"]
    heading = next(b for b in blocks if b["text"] == "What the vote means")
    assert heading == {"kind": "heading", "text": "What the vote means", "level": 3}
    item = next(b for b in blocks if b["text"].startswith("first"))
    assert item["ordered"] is True and item["number"] == 1 and item["links"][0]["href"].endswith("/one")
    plain = next(b for b in blocks if b["kind"] == "paragraph")
    assert set(plain) == {"kind", "text"}


def test_link_ranges_follow_the_whitespace_cleaning():
    rng = random.Random(7)
    alphabet = ["a", "b", " ", "  ", "\n", "\t", "\u200b", "\xa0", "é", "\n\n", "x y", "ab", "cd", "a b"]
    for _ in range(5000):
        raw = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
        a = rng.randint(0, len(raw))
        span = (a, rng.randint(a, len(raw)), "h")
        text = _clean_ws(raw)
        moved = _clean_ws_spans(raw, [span], text)
        assert _spans_moved(raw, [span]) == moved, repr(raw)  # the shortcut moves spans as the full mapping
        inside = " ".join(raw[span[0] : span[1]].replace("\u200b", " ").split())
        if not inside:
            assert moved == [], repr(raw)
            continue
        ((start, end, _),) = moved
        assert 0 <= start < end <= len(text)
        assert " ".join(text[start:end].split()) == inside, (repr(raw), span)


def test_link_offsets_on_a_page():
    article = cleaner.clean(
        "<html><body><article>"
        + PROSE
        + "<p>See  <a href='a'>one\nlink</a>,  and <a href='b'>two</a>, said the mayor of the town, who chaired the meeting.</p>"
        + PROSE
        + "</article></body></html>"
    )
    block = _block(article, "See")
    assert [block.text[link.start : link.end] for link in block.links] == ["one link", "two"]
    assert [link.href for link in block.links] == ["a", "b"]  # no page URL: as the page has them
    assert isinstance(block.links[0], Link)


def _words(text: str) -> list[str]:
    import re

    return re.findall(r"\w+", text)


@pytest.mark.parametrize("case", find_cases(Path(__file__).resolve().parent.parent / "fixtures"), ids=str)
def test_markdown_of_each_fixture_shows_exactly_its_words(case):
    """Rendered, an article's Markdown shows the words of its title, byline and text, in order:
    no word lost, none added by markup that escaped."""
    article = cleaner.clean(case.read_source(), url=case.url, kind=case.kind)
    rendered = lxml_html.fromstring(f"<div>{render(article.to_markdown())}</div>").text_content()
    code = [b for b in article.blocks if b.kind == "code"]
    expected = " ".join(filter(None, (article.title, article.author, article.date, article.text)))
    if not code:
        assert _words(rendered) == _words(expected)
    else:  # code as written may hold words the whitespace-normalised text joins differently
        assert sorted(_words(rendered)) == sorted(_words(expected))


def test_a_layout_table_cell_taken_as_the_body_gives_its_paragraphs_as_blocks():
    from lxml import etree

    from cleaner.html.blocks import body_blocks

    body = etree.fromstring(
        "<main><cell><p>第一段：话剧在张家口演出。</p><p>第二段：观众报以掌声。</p></cell>"
        "<table><row><cell>Aroma</cell><cell>Citrus</cell></row></table></main>"
    )
    blocks = body_blocks(body)
    assert [(b.kind, b.text) for b in blocks] == [
        ("paragraph", "第一段：话剧在张家口演出。"),
        ("paragraph", "第二段：观众报以掌声。"),
        ("table", "Aroma | Citrus"),
    ]


def test_a_layout_table_gives_its_headings_and_paragraphs_a_data_table_its_rows():
    from lxml import etree

    from cleaner.html.blocks import body_blocks

    layout = etree.fromstring(
        "<main><table><row><cell/><cell><head rend='h2'>Wine regions</head>"
        "<p>Bordeaux allows five red grapes.</p><p>Burgundy grows Pinot Noir.</p></cell></row></table></main>"
    )
    assert [(b.kind, b.text) for b in body_blocks(layout)] == [
        ("heading", "Wine regions"),
        ("paragraph", "Bordeaux allows five red grapes."),
        ("paragraph", "Burgundy grows Pinot Noir."),
    ]
    data = etree.fromstring("<main><table><row><cell><p>Aroma</p></cell><cell>Citrus</cell></row></table></main>")
    assert [(b.kind, b.text) for b in body_blocks(data)] == [("table", "Aroma | Citrus")]
