"""Site templates: blocks that recur across a host's pages in a batch."""

from __future__ import annotations

from cleaner.model import Article, Block, Removed
from cleaner.passes import Context
from cleaner.rules import load_rules
from cleaner.templates import TemplateLearner, article_keys, block_key, drop_template_blocks, page_host

SIGNUP = "Sign up to the Riverside Gazette's morning briefing"


def test_block_keys_ignore_case_spacing_and_punctuation():
    assert block_key("Hello,  World!") == block_key("hello world")
    assert block_key("hello world") != block_key("hello there")
    assert block_key("— · —") == ""


def test_template_blocks_are_dropped_but_never_all_of_a_page():
    blocks = [Block("The story itself, told at length."), Block(SIGNUP)]
    ctx = Context(load_rules(), template={block_key(SIGNUP)})
    kept, removed = drop_template_blocks(blocks, ctx)
    assert [b.text for b in kept] == ["The story itself, told at length."]
    assert removed[0].heuristic == "site-template" and removed[0].reason == "heuristic:site-template"
    only = [Block(SIGNUP)]
    assert drop_template_blocks(only, ctx) == (only, [])
    assert drop_template_blocks(blocks, Context(load_rules())) == (blocks, [])


def test_a_block_is_template_on_enough_of_a_hosts_distinct_pages():
    learner = TemplateLearner(min_pages=3, share=0.5)
    for i in range(4):
        learner.add("example.com", {block_key(SIGNUP), block_key(f"story {i}")})
    learner.add("example.com", {block_key(SIGNUP), block_key("story 0")})  # a duplicate page counts once
    learner.add("other.org", {block_key(SIGNUP)})
    assert learner.threshold(4) == 3
    assert learner.templates() == {"example.com": frozenset({block_key(SIGNUP)})}


def test_article_keys_leave_out_rule_cuts_long_and_repeated_blocks():
    article = Article(
        blocks=[Block("Pros"), Block("Cons"), Block("Pros"), Block("word " * 100), Block("A kept line")],
        removed=[Removed("Cut by a rule", rule_id="ads"), Removed("Cut by a heuristic", heuristic="edge")],
    )
    keys = article_keys(article)
    assert keys == {block_key("Cons"), block_key("A kept line"), block_key("Cut by a heuristic")}


def test_page_host_from_url_canonical_link_or_fallback():
    assert page_host("https://www.example.com/a") == "example.com"
    canonical = b"<html><head><link rel='canonical' href='https://news.example.org/x'></head></html>"
    assert page_host(None, canonical) == "news.example.org"
    assert page_host(None, b"<html></html>", fallback="dir") == "dir"
