"""The pattern prefilter: which patterns a block could match, never hiding a match."""

from __future__ import annotations

import functools
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.prefilter import NON_ASCII, PatternIndex, fold_case, required_literals, start_chars
from cleaner.rules import load_rules


def test_start_characters_of_anchored_patterns():
    assert start_chars(re.compile("(?i)^(share|tweet)")) == frozenset("st")
    assert start_chars(re.compile("^[A-C]x")) == frozenset("abc")
    assert start_chars(re.compile("share")) is None  # not anchored
    assert start_chars(re.compile("^\\s*x")) == frozenset({*" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f", "x", NON_ASCII})
    assert start_chars(re.compile("^\\w")) is None  # a category too wide to spell out
    assert start_chars(re.compile("^(a)?")) is None  # can match an empty block


def test_required_literals_of_unanchored_patterns():
    assert required_literals(re.compile("(?i)\\bas an amazon associate\\b")) == ("as an amazon associate",)
    assert set(required_literals(re.compile("(?i)\\b(newsletter|inbox)\\b")) or ()) == {"newsletter", "inbox"}
    assert required_literals(re.compile("\\d+")) is None


def test_fold_case_maps_the_characters_that_fold_to_ascii():
    assert fold_case("İSTANBUL") == "istanbul"
    assert fold_case("KELVIN \u212a") == "kelvin k"


def test_the_index_finds_what_running_every_pattern_finds():
    """On every block of a varied sample, the index's first match is the brute-force first match."""
    rules = [r for r in load_rules() if r.text]
    index = PatternIndex((r, r.max_words, r.text) for r in rules)
    samples = [e for r in rules for e in (*r.examples, *r.counterexamples) if not e.startswith("<")]
    samples += ["İSTANBUL'A HOŞ GELDİNİZ", "ſhare this", "Advertisement - scroll to continue", "x" * 300, ""]
    # digits and spaces outside ASCII start what \\d and \\s match: Arabic-Indic, full-width, a no-break space
    samples += ["\u0663 comments", "\uff13 comments", "\u00a0Comments", "\u3000Related articles", "٢٠ min read"]
    for text in samples:
        brute = next((r for r in rules if r.matches_text(text)), None)
        assert index.first_match(text) is brute, text


def test_a_block_starting_outside_ascii_runs_the_digit_and_space_patterns():
    """\\d and \\s match digits and spaces of every script: such a pattern is filed under
    NON_ASCII, which every block starting with a non-ASCII character runs."""
    digits = re.compile("(?i)^\\d+ comments$")
    space = re.compile("(?i)^\\s*related$")
    arabic = re.compile("^(الآراء|التعليقات) ")
    index = PatternIndex([("digits", 5, [digits]), ("space", 5, [space]), ("arabic", 9, [arabic])])
    assert NON_ASCII in start_chars(digits) and NON_ASCII in start_chars(space)
    assert index.first_match("\u0663\u0662 comments") == "digits"  # Arabic-Indic digits
    assert index.first_match("\uff11 comments") == "digits"  # a full-width digit
    assert index.first_match("\u00a0Related") == "space"  # a no-break space
    assert index.first_match("التعليقات الواردة أدناه") == "arabic"
    assert index.first_match("12 comments") == "digits"
    assert index.first_match("Comments 12") is None


def test_a_rare_character_is_a_literal_worth_testing_first():
    """A pattern whose only long requirement is a short alternation ("ap") is filed under
    the "/" it needs: blocks without a slash do not run it."""
    credit = re.compile("(?i)(^|\\s)\\w+ ?/ ?(ap|afp)$")
    assert required_literals(credit) == ("/",)
    assert required_literals(re.compile("(?i)(^|\\s)\\w+ ?: ?(ap|afp)$")) is None  # ":" is common
    index = PatternIndex([("credit", 10, [credit])])
    assert index.first_match("Mike Blake/AP") == "credit"
    assert index.first_match("Mike Blake AP") is None


_LITERALS = sorted({lit for r in load_rules() if r.text for p in r.text for lit in (required_literals(p) or ())})


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(_LITERALS), st.text("abcé /:.©İ", max_size=5), st.sampled_from(["Share", "Foto:", "AFP"])
        ),
        max_size=12,
    ).map(" ".join)
)
def test_the_index_agrees_with_running_every_pattern_on_drawn_blocks(text):
    rules = [r for r in load_rules() if r.text]
    index = _index(tuple(rules))
    brute = next((r for r in rules if r.matches_text(text)), None)
    assert index.first_match(text) is brute, text


@functools.cache
def _index(rules):
    return PatternIndex((r, r.max_words, r.text) for r in rules)
