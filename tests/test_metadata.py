"""Title, author and date from the parsed page (cleaner.metadata)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cleaner.byline import find_byline
from cleaner.html.parse import parse
from cleaner.metadata import extract_metadata, strip_site_name


def page(head: str = "", body: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def test_a_chinese_title_loses_an_unspaced_site_name_suffix():
    assert (
        strip_site_name("武汉的声音：有英勇的你，才有英雄的城！-新华网", set())
        == "武汉的声音：有英勇的你，才有英雄的城！"
    )
    assert strip_site_name("两会观察_人民网", set()) == "两会观察"
    assert strip_site_name("网", set()) == "网"
    assert strip_site_name("走进互联网", set()) == "走进互联网"  # a headline ending in 网, no separator


def test_title_loses_the_site_name_suffix():
    tree = parse(
        page(
            "<title>Bridge vote splits the town | The Riverside Gazette</title>"
            "<meta property='og:site_name' content='The Riverside Gazette'>"
        )
    )
    assert extract_metadata(tree, None).title == "Bridge vote splits the town"
    assert strip_site_name("A story - Example", {"example.com", "example"}) == "A story"
    assert strip_site_name("Cats - a history", {"example"}) == "Cats - a history"


def test_author_and_date_from_meta_and_json_ld():
    ld = '{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Bridge vote", "author": {"@type": "Person", "name": "Jane Doe"}}'
    tree = parse(
        page(
            f"<title>Bridge vote</title><meta property='article:published_time' content='2024-03-05T10:00:00Z'>"
            f"<script type='application/ld+json'>{ld}</script>"
        )
    )
    meta = extract_metadata(tree, "https://www.example.com/news/bridge-vote")
    assert meta.author == "Jane Doe"
    assert meta.date == "2024-03-05"


def test_a_one_word_meta_author_is_not_a_person():
    tree = parse(page("<title>T</title><meta name='author' content='admin'>"))
    assert extract_metadata(tree, None).author is None


def test_headline_is_the_first_h1():
    tree = parse(page("<title>Site</title>", "<h1>The  bridge\nvote</h1><h1>Other</h1>"))
    assert extract_metadata(tree, None).headline == "The bridge vote"


def test_byline_found_in_the_page_without_the_comments():
    tree = parse(
        page(
            body="<div class='comments'><span class='author'>Troll 99</span></div>"
            "<p class='byline'>By <a class='author'>Jane Doe</a></p><p>Story text.</p>"
        )
    )
    assert find_byline(tree) == "Jane Doe"
    assert find_byline(parse(page(body="<p>No byline here.</p>"))) is None


def test_byline_falls_back_to_a_link_to_the_authors_page():
    linked = "<p><a href='/gazeta/authors/polina_zyabreva.shtml'>Полина Зябрева</a> 15.08.2015</p><p>Story.</p>"
    assert find_byline(parse(page(body=linked))) == "Полина Зябрева"
    assert find_byline(parse(page(body="<a href='/author/jane/'>Articles by Jane Doe</a>"))) == "Jane Doe"
    # a link whose text is not a name (an archive count) is no author
    assert find_byline(parse(page(body="<a href='/author/jane/'>All 245 posts</a>"))) is None


_FULL = page(
    "<title>Bridge vote splits the town | gazette.example.com</title>"
    "<meta property='og:title' content='Bridge vote splits the town'>"
    "<meta property='og:description' content='The council voted  on a new bridge.'>"
    "<meta property='og:image' content='/img/bridge.jpg'>"
    "<meta property='og:type' content='article'>"
    "<meta name='keywords' content='bridge, council,vote'>"
    "<link rel='canonical' href='https://news.gazette.example.com/2024/bridge'>",
    "<div class='entry-meta'><a href='/category/local/'>Local</a> <a href='/category/politics/'>Politics</a></div>"
    "<p>Story text.</p>",
)


def test_page_fields_from_meta_tags_links_and_url():
    meta = extract_metadata(parse(_FULL), "https://www.gazette.example.com/bridge")
    assert meta.description == "The council voted on a new bridge."
    assert meta.image == "https://www.gazette.example.com/img/bridge.jpg"  # made absolute
    assert meta.pagetype == "article"
    assert meta.tags == ("bridge", "council", "vote")  # one tag an item
    assert meta.categories == ("Local", "Politics")
    assert meta.canonical_url == "https://news.gazette.example.com/2024/bridge"
    assert meta.hostname == "example.com"  # the domain as trafilatura reads it
    assert meta.sitename == "gazette.example.com"  # the <title> part holding a dot
    assert meta.language is None


def test_page_fields_agree_with_trafilaturas_extract_metadata():
    from trafilatura.metadata import extract_metadata as trafilatura_metadata

    url = "https://www.gazette.example.com/bridge"
    ours = extract_metadata(parse(_FULL), url)
    theirs = trafilatura_metadata(parse(_FULL), url)
    assert ours.description == theirs.description and ours.pagetype == theirs.pagetype
    assert ours.sitename == theirs.sitename and list(ours.categories) == theirs.categories
    assert ", ".join(ours.tags) == ", ".join(theirs.tags).replace(",vote", ", vote")
    assert theirs.image == "/img/bridge.jpg"  # trafilatura leaves it relative


def test_tag_links_and_the_section_meta():
    tree = parse(
        page(
            "<title>T</title><meta property='article:section' content='Science &amp; Health'>",
            "<span class='tags-links'><a href='/tag/rivers/'>rivers</a><a href='/tag/rivers/'>rivers</a></span>",
        )
    )
    meta = extract_metadata(tree, None)
    assert meta.tags == ("rivers",)
    assert meta.categories == ("Science & Health",)


def test_language_declared_by_the_page():
    from cleaner.metadata import page_language

    assert page_language(parse("<html lang='en-GB'><body><p>x</p></body></html>")) == "en"
    assert page_language(parse(page("<meta http-equiv='content-language' content='de'>"))) == "de"
    assert page_language(parse(page("<meta property='og:locale' content='fr_FR'>"))) == "fr"
    assert page_language(parse(page())) is None


def test_sitename_from_the_url_and_a_handle():
    tree = parse(page("<title>Plain title</title>"))
    assert extract_metadata(tree, "https://www.example.org/a").sitename == "example.org"
    tree = parse(page("<title>T</title><meta name='twitter:site' content='@gazette'>"))
    assert extract_metadata(tree, None).sitename == "Gazette"


def test_article_carries_the_page_fields_in_its_json():
    import json

    from cleaner import clean

    body = "<p>The council voted to build a new bridge across the river on Tuesday night.</p>" * 6
    article = clean(_FULL.replace("<p>Story text.</p>", body), url="https://www.gazette.example.com/bridge")
    data = json.loads(article.to_json())
    for name in ("sitename", "hostname", "description", "image", "categories", "tags", "language", "pagetype"):
        assert data[name] == getattr(article, name), name
    assert data["url_source"] == "caller" and data["canonical_url"].startswith("https://news.")
    assert "source" not in data  # the batch's "source" is a file path: never a field of an Article


def test_hostname_where_trafilaturas_quick_reading_fails():
    from cleaner.metadata import hostname

    assert hostname("https://dos.ny.gov/x") == "dos.ny.gov"
    assert hostname("https://www.bbc.com:8080/news") == "bbc.com"
    assert hostname("https://news.bbc.co.uk/x") == "news.bbc.co.uk"
    assert hostname(None) is None and hostname("/relative") is None


_JSON_PIECES = st.sampled_from(['"', "\\", '\\"', " ", "\n", "\t", "\u00a0", "\u3000", "a", "{", ":", ",", "é", "}"])


@given(st.lists(_JSON_PIECES, max_size=40).map("".join))
def test_json_is_minified_as_trafilatura_minifies_it(text):
    """The split-based minifier drops what trafilatura's JSON_MINIFY drops, strings or not
    (unterminated strings, escaped quotes, Unicode spaces included)."""
    from cleaner._trafilatura import JSON_MINIFY
    from cleaner.metadata import _minify_json

    assert _minify_json(text) == JSON_MINIFY.sub(lambda m: m[1] or "", text)
