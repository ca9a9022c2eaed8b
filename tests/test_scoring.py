"""The shared block scorer: features, scores, weights and the page's stopword list."""

from __future__ import annotations

from dataclasses import replace

from cleaner.model import Block
from cleaner.scoring import (
    DEFAULT_WEIGHTS,
    ScoreWeights,
    _stoplist,
    block_features,
    block_score,
    language_stopwords,
    score_blocks,
)

ENGLISH = _stoplist("English")
PROSE = Block(
    "The council voted on Tuesday night to build a new bridge across the river, and the work is due to start "
    "next spring after years of debate about the cost of the crossing."
)
MENU = Block("Home News Sport Business Culture Travel Weather", kind="paragraph")


def test_features_measure_the_block():
    f = block_features(Block("By Jane Doe, 12 March 2024: £30 at 5 shops", link_density=0.4), ENGLISH)
    assert f.words == 10  # \w+ tokens: "£" is not one
    assert f.link_density == 0.4
    assert f.currency and not f.terminal_punct
    assert f.digit_share == 4 / 10
    assert block_features(Block("   "), ENGLISH).words == 0


def test_prose_scores_high_and_furniture_low():
    assert block_score(block_features(PROSE, ENGLISH)) > 0.5
    assert block_score(block_features(MENU, ENGLISH)) < -0.35
    linked = replace(PROSE, link_density=0.9)
    assert block_score(block_features(linked, ENGLISH)) < block_score(block_features(PROSE, ENGLISH))
    assert block_score(block_features(Block(""), ENGLISH)) == -1.0


def test_scores_stay_within_minus_one_and_one():
    for block in (PROSE, MENU, Block("Buy now for $9.99 at 12 stores 2024 2025", link_density=1.0)):
        assert -1.0 <= block_score(block_features(block, ENGLISH)) <= 1.0


def test_a_heading_is_not_pushed_below_the_heading_floor():
    heading = Block("Zurich Geneva Basel Bern Lugano", kind="heading")
    f = block_features(heading, ENGLISH)
    assert block_score(f, "paragraph") < DEFAULT_WEIGHTS.heading_floor
    assert block_score(f, "heading") == DEFAULT_WEIGHTS.heading_floor


def test_weights_are_parameters_with_the_named_defaults():
    f = block_features(MENU, ENGLISH)
    harsher = ScoreWeights(capitals_penalty=0.9)
    assert block_score(f, weights=harsher) < block_score(f)
    assert block_score(f, weights=ScoreWeights()) == block_score(f)


def test_score_blocks_scores_each_in_order():
    assert score_blocks([PROSE, MENU], ENGLISH) == [
        block_score(block_features(PROSE, ENGLISH)),
        block_score(block_features(MENU, ENGLISH)),
    ]


def test_the_page_language_picks_its_stopword_list():
    menu = "Startseite Politik Wirtschaft Sport"
    german = "Der Stadtrat hat am Dienstag beschlossen, dass die neue Brücke über den Fluss gebaut wird. "
    assert language_stopwords(["The cat sat on the mat and it was not happy about that. " * 20]) == ENGLISH
    assert language_stopwords([menu, german * 30]) == _stoplist("German")
    assert language_stopwords([]) == ENGLISH
