"""No built-in text pattern backtracks catastrophically: every one runs on attack strings made
of its own pieces within a budget (cleaner.redos), and the attacks that hung main stay fast."""

import re
import time

import pytest

from cleaner import redos
from cleaner.errors import RuleError
from cleaner.rules import builtin_rule_files, parse_rule_text

BUILTIN = [(rule, pattern) for f in builtin_rule_files() for rule in f.rules for pattern in rule.text]


def _rule(rule_id):
    return next(rule for rule, _ in BUILTIN if rule.id == rule_id)


def _seconds(pattern, text):
    start = time.perf_counter()
    pattern.search(text)
    return time.perf_counter() - start


@pytest.mark.parametrize(
    "rule_id, text",
    [
        ("byline", "By X" + "andA" * 26 + "!"),  # exponential: past a minute on main
        ("related-list-heading", "More from " + "a" * 2000 + "!"),  # cubic: past a minute on main
        ("navigation", "home | a" + " /" * 104),  # (.{1,40}){1,5}: seconds on main
    ],
)
def test_the_attacks_that_hung_main_run_in_milliseconds(rule_id, text):
    assert max(_seconds(p, text) for p in _rule(rule_id).text) < 0.05


def test_fixed_patterns_still_match_what_they_matched():
    byline = _rule("byline")
    for text in ("By Jane Doe", "By: Jane Doe", "By Jane Doe and John Smith", "By Jane Doe, John Smith & Ann Lee"):
        assert byline.matches_text(text), text
    assert _rule("related-list-heading").matches_text("More from Jane Doe:")
    assert _rule("navigation").matches_text("Home > News > Politics")
    assert _rule("navigation").matches_text("Home / TV/Film")


def test_the_probe_finds_the_patterns_that_hung_main():
    old_byline = re.compile(
        r"^(?i:by|written by|posted by|words by|story by|reviewed by|medically reviewed by|fact[- ]checked by|edited by)"
        r"\s*:?\s+[A-Z][\w.'’-]*(\s+(?:[A-Z][\w.'’-]*|de|van|von|der|da|del|la|le)){0,4}"
        r"(\s*(,|and|&)\s*[A-Z][\w.'’-]*(\s+[A-Z][\w.'’-]*){0,3})*(\s*[-|·•,]\s*.{0,40})?$"
    )
    old_heading = re.compile(r"(?i)^more (from|by) ([^\s.!?:]+ ?){1,3}:?$")
    assert redos.probe(old_byline, _rule("byline").examples) is not None
    assert redos.probe(old_heading) is not None


@pytest.mark.parametrize("rule, pattern", BUILTIN, ids=[f"{r.id}:{i}" for i, (r, _) in enumerate(BUILTIN)])
def test_every_builtin_pattern_survives_its_attacks(rule, pattern):
    """Long runs of each pattern's own characters and literals, with and without a failing
    suffix, after its lead-in or one of its examples: one search stays under the budget."""
    assert redos.probe(pattern, rule.examples) is None


def test_a_user_pattern_that_backtracks_is_refused_when_its_file_loads():
    content = '[[rule]]\nid = "slow"\ndescription = "d"\ntext = [\'^(a|aa)+$\']\n'
    with pytest.raises(RuleError, match=r"rule 'slow'.*backtrack"):
        parse_rule_text(content, "mine.toml")


def test_a_user_pattern_that_is_linear_loads():
    content = '[[rule]]\nid = "fine"\ndescription = "d"\ntext = [\'(?i)^listen to our podcast\\b.{0,40}$\']\n'
    assert parse_rule_text(content, "mine.toml").rules[0].id == "fine"
