"""Rules as data: the built-in files load, user files add rules, bad files fail clearly."""

import re

import pytest

import cleaner
from cleaner.errors import RuleError
from cleaner.rules import builtin_rule_files, load_rules

REQUIRED_KINDS = {
    "ads", "native-ads", "jobs", "newsletter", "promo-lists", "share-bar", "consent",
    "comments", "author-bio", "image-credit",
}


def test_builtin_rules_cover_the_required_kinds_with_descriptions():
    rules = {r.id: r for f in builtin_rule_files() for r in f.rules}
    assert REQUIRED_KINDS <= set(rules)
    for rule in rules.values():
        assert rule.description and "\n" not in rule.description


def test_site_rules_apply_only_to_their_domain(tmp_path):
    site = tmp_path / "site.toml"
    site.write_text('domains = ["example.com"]\n[[rule]]\nid = "x-promo"\ndescription = "Example promo"\ntext = ["^Buy our mug"]\n')
    assert "x-promo" in {r.id for r in load_rules("https://news.example.com/a", [site])}
    assert "x-promo" not in {r.id for r in load_rules("https://other.org/a", [site])}


def test_user_rule_file_removes_blocks_with_its_id(tmp_path):
    rules = tmp_path / "mine.toml"
    rules.write_text('[[rule]]\nid = "house-promo"\ndescription = "Our own podcast plug"\ntext = ["(?i)^listen to our podcast"]\n')
    text = (
        "A long enough opening paragraph of the story that talks about the harbour and the boats in it.\n\n"
        "Listen to our podcast\n\n"
        "A second paragraph of the story in which the harbour master explains what happened next to the boats."
    )
    article = cleaner.clean_text(text, rules=[rules])
    assert "Listen to our podcast" not in article.text
    assert any(r.reason == "rule:house-promo" for r in article.removed)


@pytest.mark.parametrize(
    "content, message",
    [
        ('[[rule]]\nid = "a"\ndescription = "d"\ntext = ["(unclosed"]\n', "rule 'a': bad text pattern"),
        ('[[rule]]\nid = "b"\ndescription = "d"\n', "rule 'b': matches nothing"),
        ('[[rule]]\nid = "c"\ndescription = "d"\ncolour = "red"\ntext = ["x"]\n', "rule 'c': unknown key(s) colour"),
        ('[[rule]]\nid = "d"\ntext = ["x"]\n', "rule 'd': needs a one-line 'description'"),
        ('[[rule]]\nid = "e"\ndescription = "d"\nxpath = ["//div[@"]\n', "rule 'e': bad xpath"),
        ('[[rule]]\nid = "Bad Id"\ndescription = "d"\ntext = ["x"]\n', "rule #1 needs an 'id'"),
        ("[[rule]\n", "not valid TOML"),
    ],
)
def test_malformed_rule_file_names_file_and_rule(tmp_path, content, message):
    path = tmp_path / "broken.toml"
    path.write_text(content)
    with pytest.raises(RuleError) as info:
        load_rules(None, [path])
    text = str(info.value)
    assert str(path) in text and message in text
    assert "\n" not in text


def test_missing_rule_file_is_a_rule_error(tmp_path):
    with pytest.raises(RuleError, match=re.escape(str(tmp_path / "nope.toml"))):
        load_rules(None, [tmp_path / "nope.toml"])


@pytest.mark.parametrize(
    "text, rule_id",
    [
        ("The information included here is designed for informational purposes only. It is not legal, "
         "tax or financial advice.", "disclaimer"),
        ("This blog post is not intended to replace the advice of a medical professional.", "disclaimer"),
        ("This work is licensed under a Creative Commons Attribution-NoDerivatives 4.0 International License.",
         "license-notice"),
        ("We'd like to track our stories, so if you republish our content, please use our widget.", "license-notice"),
        ("Enjoyed this piece? We need your help to keep publishing.", "donation-appeal"),
        ("The PDR is a non-profit project kept alive by reader donations, no ads, no paywalls.", "donation-appeal"),
        ("Page 3 of 8", "navigation"),
        ("This story about tutoring was written by Jill Barshay and produced by The Hechinger Report.",
         "production-credit"),
        ("Playful Void is a production of Idle Cartulary.", "production-credit"),
        ("AIA and G702 are registered trademarks owned by The American Institute of Architects.", "disclaimer"),
        ("Feature image by Girlfriend Collective, all other images via brands mentioned.", "image-credit"),
        # prose that mentions the same words is not furniture
        ("The council said the new bridge will not replace the old ferry, which keeps running.", None),
        ("Readers asked how the project is funded; the answer is a mix of grants and local taxes.", None),
    ],
)
def test_text_rules_name_the_boilerplate_they_cut(text, rule_id):
    rule = load_rules(None).match_text(text)
    assert (rule.id if rule else None) == rule_id
