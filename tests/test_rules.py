"""Rules as data: the built-in files load, user files add rules, bad files fail clearly."""

import re

import pytest

import cleaner
from cleaner.errors import RuleError
from cleaner.prefilter import NON_ASCII
from cleaner.rulecheck import check_examples
from cleaner.rules import builtin_rule_files, load_rule_file, load_rules

REQUIRED_KINDS = {
    "ads",
    "native-ads",
    "jobs",
    "newsletter",
    "promo-lists",
    "share-bar",
    "consent",
    "comments",
    "author-bio",
    "image-credit",
}


def test_builtin_rules_cover_the_required_kinds_with_descriptions():
    rules = {r.id: r for f in builtin_rule_files() for r in f.rules}
    assert REQUIRED_KINDS <= set(rules)
    for rule in rules.values():
        assert rule.description and "\n" not in rule.description


def test_site_rules_apply_only_to_their_domain(tmp_path):
    site = tmp_path / "site.toml"
    site.write_text(
        'domains = ["example.com"]\n[[rule]]\nid = "x-promo"\ndescription = "Example promo"\ntext = ["^Buy our mug"]\n'
    )
    assert "x-promo" in {r.id for r in load_rules("https://news.example.com/a", [site])}
    assert "x-promo" not in {r.id for r in load_rules("https://other.org/a", [site])}


def test_user_rule_file_removes_blocks_with_its_id(tmp_path):
    rules = tmp_path / "mine.toml"
    rules.write_text(
        '[[rule]]\nid = "house-promo"\ndescription = "Our own podcast plug"\ntext = ["(?i)^listen to our podcast"]\n'
    )
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
        (
            '[[rule]]\nid = "f"\ndescription = "d"\ntokens = ["bio"]\ntext = ["x"]\nroles = ["closing-line"]\n',
            "rule 'f': a rule of a placed role names lines by where they stand",
        ),
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
        (
            "The information included here is designed for informational purposes only. It is not legal, "
            "tax or financial advice.",
            "disclaimer",
        ),
        ("This blog post is not intended to replace the advice of a medical professional.", "disclaimer"),
        (
            "This work is licensed under a Creative Commons Attribution-NoDerivatives 4.0 International License.",
            "license-notice",
        ),
        ("We'd like to track our stories, so if you republish our content, please use our widget.", "license-notice"),
        ("Enjoyed this piece? We need your help to keep publishing.", "donation-appeal"),
        ("The PDR is a non-profit project kept alive by reader donations, no ads, no paywalls.", "donation-appeal"),
        ("Page 3 of 8", "navigation"),
        (
            "This story about tutoring was written by Jill Barshay and produced by The Hechinger Report.",
            "production-credit",
        ),
        ("Playful Void is a production of Idle Cartulary.", "production-credit"),
        ("AIA and G702 are registered trademarks owned by The American Institute of Architects.", "disclaimer"),
        ("Feature image by Girlfriend Collective, all other images via brands mentioned.", "image-credit"),
        ("Also read: How to Find the Perfect Airbnb and Make the Most of Your Travel Experience", "related-link-line"),
        ("Related: Students aren't benefiting much from tutoring, one new study shows", "related-link-line"),
        ("[Read more: 17 Accounting Terms to Know (Even if You Have an Accountant)]", "related-link-line"),
        ("ICYMI: Learn 10 actionable strategies to optimize your content for answer engines.", "related-link-line"),
        (
            "More on the topic: The Green Dilemma: Can AI Fulfil Its Potential Without Harming the Environment?",
            "related-link-line",
        ),
        ("About the Reviewer", "author-box"),
        ("Who curated this article?", "author-box"),
        ("Written by", "author-box"),
        ("You may also be interested in the following articles:", "related-list-heading"),
        ("More from SewCanShe:", "related-list-heading"),
        ("If you liked this post you might also like:", "related-list-heading"),
        ("More from Cornell on climate change and gardening:", None),  # a lead-in to the article's own links
        ("Jun 08, 2023 • 11 Minute Read", "tags-meta"),
        ("by Jacob Trussell—10 min read", "tags-meta"),
        ("It is a long piece, about a 20 min read.", None),
        ("View this post on Instagram", "social-embeds"),
        ("A post shared by House Plant House. (@_houseplanthouse)", "social-embeds"),
        # prose that mentions the same words is not furniture
        ("The council said the new bridge will not replace the old ferry, which keeps running.", None),
        ("Readers asked how the project is funded; the answer is a mix of grants and local taxes.", None),
        (
            "Related work: earlier studies measured attendance, not learning, and found a smaller effect than this "
            "one did across the three districts that took part.",
            None,
        ),
    ],
)
def test_text_rules_name_the_boilerplate_they_cut(text, rule_id):
    rule = load_rules(None).match_text(text)
    assert (rule.id if rule else None) == rule_id


@pytest.mark.parametrize(
    ("pattern", "needed"),
    [
        (r"(?i)\bas an amazon associate\b", ("as an amazon associate",)),
        (r"(?i)\bmay (earn|receive) (a )?commission\b", ("commission",)),
        (r"\b(Support|fund) us\b", ("support", "fund")),
        (r"(?i)^subscribe now\b", None),  # anchored: fails at once, start_chars() is the test there
        (r"(?i)^.{0,60}?\b\d+ min read$", (" min read",)),  # ... unless it reads ahead through the block
        (r"(?i)^(?=.*\b(telegram|signal)\b).*channel", ("channel",)),  # the longest requirement
        (r"(?i)^(?=.*\b(telegram|whatsapp)\b)", ("telegram", "whatsapp")),  # a lookahead's
        (r"(?i)\b\d+ x\b", None),  # no literal of MIN_LITERAL characters
    ],
)
def test_required_literals_of_text_patterns(pattern, needed):
    from cleaner.prefilter import required_literals

    assert required_literals(re.compile(pattern)) == needed


def test_prefilters_never_hide_a_match():
    """Every match of a built-in text pattern holds one of its literals, or starts with
    one of its start characters, case folded as ``(?i)`` folds it (the Kelvin sign and
    the long s match k and s)."""
    from cleaner.prefilter import fold_case, required_literals, start_chars

    samples = [
        "We may earn a commission",
        "AS AN AMAZON ASSOCIATE I earn",
        "as an ama\u017fon a\u017f\u017fociate",
        "this \u212aeeps cookies",
        "This site uses cookies to work",
        "sign up for our weekly newsletter",
        "Advertisement",
        "\u017fhare this",
        "Posted on March 3, 2024",
        "By Jane Doe",
        "Tags: news, town",
        "Δ",
    ]
    for rule in (r for f in builtin_rule_files() for r in f.rules):
        for pattern in rule.text:
            needed, starts = required_literals(pattern), start_chars(pattern)
            for text in samples:
                if pattern.search(text):
                    assert needed is None or any(literal in fold_case(text) for literal in needed), (
                        pattern.pattern,
                        text,
                    )
                    assert starts is None or fold_case(text)[:1] in starts, (pattern.pattern, text)


@pytest.mark.parametrize(
    ("pattern", "starts"),
    [
        (r"(?i)^(share|tweet)\b", set("st")),
        (r"^(?:by )?[A-Z]", set("abcdefghijklmnopqrstuvwxyz")),  # optional "by ", then a capital
        (r"(?i)^((posted|updated) )?(\d+|jan)", {*"pu0123456789j", NON_ASCII}),  # \d: any digit
        (r"(?i)^\s*menu", {*" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f", "m", NON_ASCII}),  # \s: any space
        (r"(?i)^©|^copyright", {"©", "c"}),  # anchored in every branch; © has no case
        (r"^(الآراء|التعليقات) ", {"ا"}),
        (r"(?i)^(über|uns)", None),  # ü has case: its folds are not followed
        (r"^Über", {"ü"}),  # ... but a case-sensitive pattern is its lower case
        (r"(?i)^(?=.*telegram)", None),  # a lookahead first
        (r"(?i)^[^a]x", None),  # a negated class
        (r"(?i)(^|\W)menu", None),  # not anchored as a whole
        (r"^(a)?$", None),  # matches an empty block
    ],
)
def test_start_chars_of_anchored_patterns(pattern, starts):
    from cleaner.prefilter import start_chars

    assert start_chars(re.compile(pattern)) == (frozenset(starts) if starts is not None else None)


def test_rule_set_matches_text_as_a_plain_loop_would():
    """The pattern index returns the first rule, in order, with a matching pattern."""
    rules = load_rules(None)
    texts = [
        "Advertisement",
        "Share this",
        "We may earn a commission on purchases.",
        "Read more:",
        "The council voted on the bridge.",
        "Sign up for our weekly newsletter",
        "\u017fhare",
        "Tags: a, b",
    ]
    for text in texts:
        n_words = len(text.split())
        expected = next(
            (
                r
                for r in rules
                if r.text
                and not r.has_role("closing-line")
                and n_words <= r.max_words
                and any(p.search(text) for p in r.text)
            ),
            None,
        )
        assert rules.match_text(text) is expected, text


def test_closing_line_rules_match_only_through_match_closing():
    """A bio is furniture only where it closes an article: the rules of the closing-line role
    are left out of match_text (what the HTML path and the text path's stop lines read)."""
    rules = load_rules(None)
    bio = "Emma is Lead Writer at Website Builder Expert, having first joined the team in 2022."
    assert rules.match_text(bio) is None
    assert rules.match_closing(bio).id == "author-bio-line"
    assert rules.match_closing("Über den Autor").id == "author-bio-line"
    assert rules.match_closing("Advertisement") is None


def test_about_company_headings_are_closing_lines_only():
    rules = load_rules(None)
    for heading in ("About Acme Corp", "Über die Beispiel GmbH", "À propos de Acme", "About us"):
        assert rules.match_text(heading) is None, heading
        assert rules.match_closing(heading).id == "about-company", heading
    assert rules.match_closing("About 500 people came to the meeting.") is None


# --- every rule proves itself: its examples match, its counterexamples do not ---------------

BUILTIN_RULES = [rule for f in builtin_rule_files() for rule in f.rules]


@pytest.mark.parametrize("rule", BUILTIN_RULES, ids=lambda r: r.id)
def test_builtin_rule_matches_its_examples_and_not_its_counterexamples(rule):
    assert rule.examples, f"rule {rule.id!r} has no examples"
    assert rule.counterexamples, f"rule {rule.id!r} has no counterexamples"
    kinds = {"html" if e.lstrip().startswith("<") else "text" for e in rule.examples}
    if rule.text:
        assert "text" in kinds, f"rule {rule.id!r} has text patterns but no text example"
    if rule.prunes_elements:
        assert "html" in kinds, f"rule {rule.id!r} prunes elements but has no HTML example"
    assert check_examples(rule) == []


def test_check_examples_reports_a_wrong_example_and_counterexample(tmp_path):
    path = tmp_path / "wrong.toml"
    path.write_text(
        "[[rule]]\nid = 'promo'\ndescription = 'd'\ntokens = ['promo']\ntext = ['^Buy our mug$']\n"
        "examples = ['Buy our cup', \"<div class='sidebar'>x</div>\"]\n"
        "counterexamples = ['Buy our mug', \"<div class='promo'>x</div>\"]\n"
    )
    (rule,) = load_rule_file(str(path)).rules
    problems = check_examples(rule)
    assert len(problems) == 4
    assert "example is not matched: 'Buy our cup'" in problems[0]
    assert "counterexample is matched: \"<div class='promo'>x</div>\"" in problems[3]


@pytest.mark.parametrize(
    "content, message",
    [
        ("text = ['x']\nroles = ['stop']\n", "unknown role(s) stop"),
        ("tokens = ['x']\nroles = ['label']\n", "'roles' act on the blocks a text pattern names"),
        ("text = ['x']\nexamples = ['<div>x</div>']\n", "is HTML, but the rule has no element matchers"),
        ("tokens = ['x']\ncounterexamples = ['plain text']\n", "is text, but the rule has no 'text' patterns"),
    ],
)
def test_roles_and_examples_are_validated_at_load(tmp_path, content, message):
    path = tmp_path / "bad.toml"
    path.write_text("[[rule]]\nid = 'r'\ndescription = 'd'\n" + content)
    with pytest.raises(RuleError, match=re.escape(message)):
        load_rules(None, [path])


def test_roles_decide_how_a_text_rule_acts_not_its_id(tmp_path):
    """The text path reads a rule's role, never its id: a ``label`` line is dropped and the
    article region runs through it; a line of a rule without roles stops the region."""
    story = [
        "The council voted on Tuesday night to build a new bridge across the river, ending years of debate.",
        "Residents on both banks said the crossing would cut their journeys to work by half an hour.",
        "Work is due to start next spring and the bridge should open to walkers and cyclists in two years.",
    ]
    dump = "\n".join([story[0], "Sponsored by Acme Bridges", *story[1:]])
    for rule_id, roles, first_kept in (("any-name", "roles = ['label']", True), ("label", "", False)):
        path = tmp_path / f"{rule_id}.toml"
        path.write_text(f"[[rule]]\nid = '{rule_id}'\ndescription = 'd'\ntext = ['^Sponsored by']\n{roles}\n")
        article = cleaner.clean_text(dump, rules=[path])
        assert "Sponsored by Acme Bridges" not in article.text
        assert all(line in article.text for line in story[1:])
        assert (story[0] in article.text) is first_kept
        assert [r.rule_id for r in article.removed if r.rule_id] == [rule_id]


@pytest.mark.parametrize(
    "xpath, message",
    [
        ("count(//p)", "returns a number, not elements"),
        ("string(//title)", "returns a str, not elements"),
        ("boolean(//nav)", "returns a bool, not elements"),
        ("//div/@class", "selects attributes or text"),
        ("//p/text()", "selects attributes or text"),
        ("//nav | //div/@id", "selects attributes or text"),
        ("//x:div", "bad xpath"),
        ("//div[frobnicate()]", "bad xpath"),
    ],
)
def test_an_xpath_that_cannot_select_elements_is_refused_at_load(tmp_path, xpath, message):
    """count(//p) was accepted and raised TypeError on every page."""
    path = tmp_path / "mine.toml"
    path.write_text(f'[[rule]]\nid = "x"\ndescription = "d"\nxpath = ["{xpath}"]\n')
    with pytest.raises(RuleError, match=re.escape(message)):
        load_rule_file(str(path))


def test_element_xpaths_still_load(tmp_path):
    path = tmp_path / "ok.toml"
    path.write_text(
        '[[rule]]\nid = "x"\ndescription = "d"\nxpath = ["//aside[@class=\'promo\'] | //div[count(p) > 3]"]\n'
    )
    assert load_rule_file(str(path)).rules[0].xpath


def test_a_rule_file_with_a_utf8_byte_order_mark_loads(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + b'[[rule]]\nid = "bom"\ndescription = "d"\ntext = ["^Buy our mug"]\n')
    assert load_rule_file(str(path)).rules[0].id == "bom"


def test_text_rules_match_a_block_behind_its_opening_pictographs_and_bullets():
    rules = load_rules()
    for text in ("🔥 Recommended Posts", "👉 Related stories", "➤ Most read", "🇬🇧 Related stories"):
        rule = rules.match_text(text)
        assert rule is not None and rule.id == "promo-lists", text
    # the signs some patterns look for stay: a copyright notice is still one
    rule = rules.match_text("© 2024 Example Media Ltd")
    assert rule is not None and rule.id in {"consent", "copyright-notice"}
    assert rules.match_text("🔥") is None
