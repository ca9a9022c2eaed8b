"""The block passes: one signature each, run in order by run_passes."""

from __future__ import annotations

from cleaner import heuristics
from cleaner.model import Block
from cleaner.passes import Context, run_passes
from cleaner.pipeline import HTML_PASSES
from cleaner.rules import load_rules

RULES = load_rules()
STORY = [
    "The council voted on Tuesday night to build a new bridge across the river, ending years of debate.",
    "Residents on both banks said the crossing would cut their journeys to work by half an hour each way.",
    "Work is due to start next spring, and the bridge should open to walkers and cyclists in two years.",
]


def blocks(*texts: str, kind: str = "paragraph") -> list[Block]:
    return [Block(t, kind=kind, position=i) for i, t in enumerate(texts)]


def texts(bs: list[Block]) -> list[str]:
    return [b.text for b in bs]


def test_every_html_pass_has_the_one_signature():
    ctx = Context(RULES, title="A bridge for the town", author="Jane Doe")
    for step in HTML_PASSES:
        kept, removed = step(blocks(*STORY), ctx)
        assert texts(kept) == STORY and removed == [], step.__name__


def test_run_passes_keeps_the_order_of_cuts():
    ctx = Context(RULES, title="A bridge for the town", author="Jane Doe")
    page = [Block("A bridge for the town", kind="heading"), *blocks("Jane Doe", "Advertisement", *STORY)]
    kept, removed = run_passes(page, ctx, HTML_PASSES)
    assert texts(kept) == STORY
    assert [r.reason for r in removed] == ["rule:ads", "heuristic:title", "heuristic:byline"]


def test_text_rules_record_the_rule_id():
    kept, removed = heuristics.apply_text_rules(blocks(STORY[0], "Share this article"), Context(RULES))
    assert texts(kept) == [STORY[0]]
    assert removed[0].rule_id == "share-bar" and removed[0].heuristic is None


def test_duplicates_drop_a_repeated_run_but_not_a_lone_repeated_line():
    line = "Warm up: 10 minutes easy jogging"
    plan = blocks("Week one", line, STORY[0], "Week two", line, STORY[1])
    kept, removed = heuristics.drop_duplicates(plan)
    assert removed == [] and len(kept) == 6
    twice = blocks(*STORY, *STORY)
    kept, removed = heuristics.drop_duplicates(twice)
    assert texts(kept) == STORY and {r.heuristic for r in removed} == {"duplicate"}


def test_a_markdown_copy_of_the_story_is_a_duplicate():
    linked = [
        STORY[0].replace("new bridge", "[new bridge](https://example.org/bridge)"),
        STORY[1],
        "**" + STORY[2].replace("spring", "[spring](https://example.org/a_b(c))") + "**",
    ]
    kept, removed = heuristics.drop_duplicates(blocks(*STORY, *linked))
    assert texts(kept) == STORY and len(removed) == 3
    # a link's words are kept in the comparison: a different link text is a different line
    other = [STORY[0].replace("new bridge", "[tunnel](https://example.org/bridge)"), STORY[1], STORY[2]]
    kept, _ = heuristics.drop_duplicates(blocks(*STORY, *other))
    assert texts(kept)[3].startswith("The council voted")


def test_edges_are_trimmed_by_score_but_never_everything():
    page = blocks("Politics Economy Culture Travel Weather Podcasts", *STORY, "Privacy Terms Cookies Careers Advertise")
    kept, removed = heuristics.trim_edges(page, Context(RULES))
    assert texts(kept) == STORY
    assert [r.heuristic for r in removed] == ["edge", "edge"] and all(r.score is not None for r in removed)
    menu_only = [
        Block(t, link_density=1.0) for t in ("Politics Economy Culture Travel", "Privacy Terms Cookies Careers")
    ]
    assert texts(heuristics.trim_edges(menu_only, Context(RULES))[0]) == texts(menu_only)


def test_a_heading_left_last_by_the_edge_cut_goes_with_the_section_it_headed():
    heading = Block("Editors' recommendations", kind="heading")
    links = [Block(t, kind="list_item", link_density=1.0) for t in ("Ten towns to visit", "Bridges we loved")]
    kept, removed = heuristics.trim_edges([*blocks(*STORY), heading, *links], Context(RULES))
    assert texts(kept) == STORY
    assert [r.text for r in removed] == [heading.text, *texts(links)]
    # a heading that ends the text with nothing cut after it is the walk's business alone
    kept, removed = heuristics.trim_edges([*blocks(*STORY), Block("Sources", kind="heading")], Context(RULES))
    assert len(kept) + len(removed) == len(STORY) + 1 and "Editors" not in " ".join(r.text for r in removed)


def test_edges_keep_data_tables_and_plain_lines_that_are_not_far_below_the_cut():
    table = Block("Aroma | Red berries, citrus\nOrigin | Sidamo, 1900 m\nPrice | 27.90 €", kind="table")
    sign_off = Block("Euer Hans")
    kept, removed = heuristics.trim_edges([table, *blocks(*STORY), sign_off], Context(RULES))
    assert kept[0] is table and kept[-1] is sign_off and removed == []


def test_closing_section_is_cut_from_a_closing_heading_rule():
    page = blocks(*STORY, "Written by", "Jane Doe writes about towns and their rivers.")
    kept, removed = heuristics.cut_closing_section(page, Context(RULES))
    assert texts(kept) == STORY
    assert [r.heuristic for r in removed] == ["author-box", "author-box"]


def test_a_byline_with_a_numeric_date_after_the_name_is_dropped():
    page = blocks("Jane Doe15.08.2015, 14:10", *STORY)
    kept, removed = heuristics.drop_byline(page, Context(RULES, author="Jane Doe"))
    assert texts(kept) == STORY and removed[0].heuristic == "byline"
    dated_prose = blocks(*STORY, "Jane Doe said the vote on 15.08.2015 was final.")
    assert heuristics.drop_byline(dated_prose, Context(RULES, author="Jane Doe"))[1] == []


def test_author_bio_and_byline_need_the_author():
    bio = "Jane Doe is a reporter who covers local government for the paper."
    page = blocks(*STORY, bio)
    assert heuristics.drop_author_bio(page, Context(RULES))[1] == []
    kept, removed = heuristics.drop_author_bio(page, Context(RULES, author="Jane Doe"))
    assert texts(kept) == STORY and removed[0].heuristic == "author-bio"
