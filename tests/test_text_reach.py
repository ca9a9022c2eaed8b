"""The text path's region reaching past its best run (cleaner.text.reach): to the lines under
a page's strong headline when no run of prose stands out, up to the headline over a story
whose first lines score as furniture, and up to the story's own contents list."""

from __future__ import annotations

import cleaner
from cleaner import text as text_path
from cleaner.model import Block
from cleaner.rules import Rule
from cleaner.text import anchors, reach, region
from cleaner.text.contents import contents_lines, contents_map

PROSE = (
    "The committee met on Tuesday to discuss the proposal, which had been circulated to members "
    "some weeks before the meeting and which, according to the minutes, drew a long debate about "
    "the cost of the scheme and the time it would take to build. Several members said that they "
    "would support it only if the council could show that the money was there."
)
RESULTS_URL = "https://gazette.example/sport/marathon-results-2024"
ROWS = [f"{n}. Runner Name {n}  {10 + n}:{20 + n}:0{n}" for n in range(1, 9)]
TEASERS = ["Town wins the cup after a long wait, fans say it was worth it.", "New bakery opens on the high street."]


def _rule(rule_id: str, roles: tuple[str, ...] = ()) -> Rule:
    return Rule(id=rule_id, description="test", roles=frozenset(roles))


def _results_page(between: list[str]) -> str:
    return "\n".join(
        [
            "Marathon results 2024 | Town Gazette",
            "Home",
            "Sport",
            "Marathon results 2024",
            *ROWS,
            *between,
            *TEASERS,
            "Privacy policy",
            "Contact us",
        ]
    )


def test_strong_heads_hold_every_word_of_the_title_or_the_slug():
    blocks = text_path.split_blocks(
        "Marathon results 2024 | Town Gazette\nResults of 2024\nMarathon results 2024\nThe marathon 2024 results"
    )
    heads = [1, 2, 3]
    assert anchors.strong_heads(blocks, heads, None) == [2, 3]  # every word of "Marathon results 2024"
    assert anchors.strong_heads(blocks, [1], "https://x.example/results-of-2024") == [1]  # every slug word
    assert anchors.strong_heads(blocks, [0, 1], None) == []  # the first line is not past itself
    assert anchors.strong_heads([], [], None) == []


def test_a_title_without_words_makes_no_line_a_strong_headline():
    blocks = [Block(text=t, kind="paragraph", position=i) for i, t in enumerate(["— | —", "Town Gazette", "More"])]
    assert anchors.strong_heads(blocks, [1, 2], None) == []  # an empty word set is in every line


def test_a_results_table_under_its_headline_beats_a_sidebars_teasers():
    article = cleaner.clean_text(_results_page(["Share this article", "Related articles"]), url=RESULTS_URL)
    assert [b.text for b in article.blocks] == [row.replace("  ", " ") for row in ROWS]


def test_without_the_stretch_the_teasers_would_win(monkeypatch):
    monkeypatch.setattr(region, "WEAK_REGION_SCORE", float("-inf"))
    article = cleaner.clean_text(_results_page(["Share this article", "Related articles"]), url=RESULTS_URL)
    assert [b.text for b in article.blocks] == TEASERS


def test_a_short_story_past_a_share_bar_stays():
    # the stretch under the headline stops at the share bar; the story's own line is just past it
    story = "The marathon was won in record time, the organisers said."
    dump = "\n".join(
        [
            "Marathon results 2024 | Town Gazette",
            "Home",
            "Marathon results 2024",
            "Sport desk",
            "12 May 2024",
            "Share this article",
            story,
            "Privacy policy",
            "Contact us",
        ]
    )
    article = cleaner.clean_text(dump, url=RESULTS_URL)
    assert [b.text for b in article.blocks] == [story]


def test_headline_stretch_positions():
    stops = {10: _rule("share"), 12: _rule("related", ("section-end",))}
    assert reach.headline_stretch([], stops, 20, 14, 16) is None
    assert reach.headline_stretch([3], stops, 20, 14, 16) == (4, 10, 3)  # past a section's opening
    assert reach.headline_stretch([3], {10: _rule("share")}, 20, 14, 16) is None  # just past a share bar
    assert reach.headline_stretch([3], {10: _rule("share")}, 40, 30, 32) == (4, 10, 3)  # far past it
    assert reach.headline_stretch([8], stops, 20, 14, 16) is None  # one line under the headline
    assert reach.headline_stretch([3], {}, 9, 5, 6) is None  # the region is under the headline already


def test_pull_to_headline_starts_at_the_first_prose_line_under_it():
    scores = [0.0, -0.2, 0.1, 0.3, 0.9, -0.1, 2.0, 3.0]
    assert reach.pull_to_headline([1], scores, {}, 6, 8) == (4, 8, 1)  # the byline and date stay out
    assert reach.pull_to_headline([1], scores, {5: _rule("share")}, 6, 8) is None  # a stop between
    assert reach.pull_to_headline([1], scores, {5: _rule("ad", ("label",))}, 6, 8) == (4, 8, 1)  # a label is no stop
    assert reach.pull_to_headline([5], scores, {}, 6, 8) is None  # the headline is just above
    assert reach.pull_to_headline([1], scores, {}, 6, 6) is None  # no region
    assert reach.pull_to_headline([1], [0.0] * 8, {}, 6, 8) is None  # no prose line under the headline
    far = [0.0] * 40 + [2.0, 2.0]
    assert reach.pull_to_headline([1], far, {}, 40, 42) is None  # too far above (PULL_LINES)


def test_a_story_opening_with_a_list_is_taken_from_its_headline():
    # the facts score as furniture, so the best run starts at the prose under them
    facts = ["Length: 42 km", "Runners: 1200", "Start: Town Hall", "Finish: Riverside Park"]
    facts += ["Climb: 310 m", "Water: every 5 km", "Record: 2:09:14", "Entry: free"]
    dump = "\n".join(
        [
            "Town marathon draws record field | Gazette",
            "Home",
            "Sport",
            "Town marathon draws record field",
            "The town's marathon drew its biggest field yet this weekend.",
            *facts,
            PROSE,
            PROSE.replace("Tuesday", "Friday"),
            "Share this article",
            "Privacy policy",
        ]
    )
    text = cleaner.clean_text(dump).text
    assert text.startswith("The town's marathon drew its biggest field yet")
    assert "Entry: free" in text and "Home" not in text


def _contents(names: list[str]) -> list[str]:
    return [line for name in names for line in (name, PROSE.replace("committee", name.lower()))]


def test_contents_map_names_each_items_heading():
    names = ["Early years", "The first book", "Later life"]
    blocks = text_path.split_blocks("\n".join(["Home", "A life", PROSE, *names, *_contents(names)]))
    assert contents_map(blocks) == {3: 6, 4: 8, 5: 10}
    assert contents_lines(blocks) == [i in (3, 4, 5) for i in range(len(blocks))]


def test_contents_items_may_be_questions():
    names = ["What is it?", "Who pays for it?", "When does it open？"]
    blocks = text_path.split_blocks("\n".join(["Home", "The new bridge", PROSE, *names, *_contents(names)]))
    assert [b.text for b in blocks if contents_lines(blocks)[b.position]] == names


def test_contents_start_positions():
    contents = {4: 8, 5: 10, 6: 12}
    scores = [-1.0, 0.2, 1.5, -0.3, 0.0, 0.0, 0.0, -2.0, 0.0, 3.0, 0.0, 3.0, 0.0, 3.0]
    assert reach.contents_start(contents, scores, {}, 8, 14) == 1  # the best stretch above the list
    assert reach.contents_start(contents, scores, {1: _rule("menu")}, 8, 14) == 2  # back to a stop
    assert reach.contents_start(contents, scores, {7: _rule("share")}, 8, 14) is None  # a stop between
    assert reach.contents_start(contents, scores, {}, 3, 14) is None  # the list is inside already
    assert reach.contents_start(contents, scores, {}, 8, 10) == 1  # one heading inside is enough
    assert reach.contents_start({4: 20}, scores, {}, 8, 14) is None  # a list of another part of the page
    assert reach.contents_start(contents, [0.0, -1.0, -1.0, -1.0, *scores[4:]], {}, 8, 14) == 4


def test_a_contents_list_over_a_picture_joins_its_standfirst():
    # a picture's caption lines between the list and its sections score below the short
    # standfirst's gain, so the best run starts at the first section
    names = ["Early years", "The first book", "Later life", "Legacy"]
    picture = ["Photo: Archive", "The writer at home", "Gallery", "Enlarge", "Previous picture", "Next picture", "Zoom"]
    standfirst = "A short look at the life of the writer, who died last week."
    dump = "\n".join(["Home", "A life in letters", standfirst, *names, *picture, *_contents(names), "Home", "News"])
    text = cleaner.clean_text(dump).text
    assert text.startswith(standfirst)
    assert "legacy met" in text
    assert "Legacy\nThe early years" not in text  # the list itself is left out
    assert "Home" not in text
