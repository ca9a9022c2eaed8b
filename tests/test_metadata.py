"""Title, author and date from the parsed page (cleaner.metadata)."""

from __future__ import annotations

from cleaner.html.parse import parse
from cleaner.metadata import extract_metadata, find_byline, strip_site_name


def page(head: str = "", body: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


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
