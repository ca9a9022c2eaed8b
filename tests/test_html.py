"""The HTML path on small pages built to show one kind of boilerplate (or one of
trafilatura's known weak spots) each."""

from pathlib import Path

import pytest
import trafilatura

import cleaner
from cleaner import html as html_path

PAGES = Path(__file__).resolve().parent / "pages"

STORY = [
    "The town council voted on Tuesday evening to approve the construction of a new pedestrian bridge "
    "across the river, ending a debate that has lasted for more than three years.",
    "Supporters of the project said the bridge would connect the two halves of the town and make it "
    "easier for children to walk to the school on the north bank.",
    "Opponents had argued that the cost, estimated at four million pounds, was too high for a town of "
    "its size and that the money should be spent on repairing roads.",
    "The final vote was seven to four. The mayor, who chaired the meeting, said that the council had "
    "listened carefully to residents on both sides of the argument.",
]


def page(body: str, title: str = "Council approves new bridge over the river", headline: bool = True) -> str:
    h1 = f"<h1>{title}</h1>" if headline else ""
    return (
        f"<html><head><title>{title} | Town Times</title></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<main>{h1}{body}</main>"
        "<footer><p>© 2025 Town Times. All rights reserved.</p></footer></body></html>"
    )


def paragraphs(items) -> str:
    return "".join(f"<p>{p}</p>" for p in items)


def test_article_split_by_full_width_ad_is_kept_whole():
    html = (PAGES / "split-by-ad.html").read_text(encoding="utf-8")
    article = cleaner.clean(html)
    assert "seven to four" in article.text and "colour of the railings" in article.text
    assert "Advertisement" not in article.text
    assert "Related stories" not in article.text
    # trafilatura alone stops at the first body container on this page
    assert "seven to four" not in (trafilatura.extract(html) or "")


def test_title_is_metadata_not_body():
    headline = "<h1>Council approves new bridge over the river</h1>"
    article = cleaner.clean(page(f"<article>{headline}{paragraphs(STORY)}</article>", headline=False))
    assert article.title == "Council approves new bridge over the river"
    assert article.blocks[0].text == STORY[0]
    assert [r.reason for r in article.removed if r.text == article.title] == ["heuristic:title"]


def test_comments_section_is_removed_with_rule_id():
    comments = (
        "<section id='comments' class='comments-area'><h3>3 Comments</h3>"
        "<div class='comment'><p>I think this is a terrible waste of money and the council should resign.</p></div>"
        "<form class='comment-form'><textarea></textarea><p>Leave a Reply</p></form></section>"
    )
    article = cleaner.clean(page(f"<article>{paragraphs(STORY)}</article>{comments}"))
    assert "waste of money" not in article.text
    assert any(r.reason == "rule:comments" for r in article.removed)


def test_newsletter_prompt_and_related_teasers_inside_article_are_removed():
    promo = (
        "<div class='newsletter-signup'><p>Start your day with the Town Times: sign up for our daily news emails.</p>"
        "<form><input type='email'><button>Sign up</button></form></div>"
    )
    related = (
        "<div class='related-posts'><h4>You may also like</h4><p><a href='/x'>Road repairs delayed again</a></p></div>"
    )
    body = f"<article>{paragraphs(STORY[:2])}{promo}{paragraphs(STORY[2:])}{related}</article>"
    article = cleaner.clean(page(body))
    assert article.text == "\n\n".join(STORY)
    reasons = {r.reason for r in article.removed}
    assert {"rule:newsletter", "rule:promo-lists"} <= reasons


def test_call_to_action_box_inside_article_is_removed():
    cta = (
        "<div class='post-cta cta-box'><h3>Ready to grow your business?</h3>"
        "<p>Thousands of teams plan their projects with our software every day. Book a call with our team today.</p></div>"
    )
    body = f"<article>{paragraphs(STORY[:2])}{cta}{paragraphs(STORY[2:])}</article>"
    article = cleaner.clean(page(body))
    assert article.text == "\n\n".join(STORY)
    assert "rule:marketing-cta" in {r.reason for r in article.removed}


def test_disclaimer_box_under_article_is_removed():
    box = (
        "<div class='article-disclaimer'><p>The views expressed here are the author's own. Rates and terms change often, "
        "so check with the provider before you sign anything, and speak to a professional about your situation.</p></div>"
    )
    article = cleaner.clean(page(f"<article>{paragraphs(STORY)}{box}</article>"))
    assert article.text == "\n\n".join(STORY)
    assert "rule:disclaimer" in {r.reason for r in article.removed}


def test_popup_and_modal_dialogs_are_removed():
    popup = (
        "<div class='promo-popup'><h2>Spring sale: save big</h2><p>Save up to twenty percent on everything in the shop "
        "this week only, with free delivery on all orders over fifty pounds.</p></div>"
    )
    modal = "<div class='modal fade' id='login-modal'><h2>Log in to your account</h2><p>Don't have an account yet? Sign up</p></div>"
    article = cleaner.clean(page(f"{popup}<article>{paragraphs(STORY)}</article>{modal}"))
    assert article.text == "\n\n".join(STORY)
    assert "rule:overlays" in {r.reason for r in article.removed}


def test_embedded_tweet_is_removed():
    tweet = (
        "<blockquote class='twitter-tweet'><p lang='en'>The bridge vote tonight is a disgrace and everyone on the "
        "council knows it, we will be back at the next meeting.</p>&mdash; Town Watch (@townwatch) "
        "<a href='https://twitter.com/townwatch/status/1'>March 4, 2025</a></blockquote>"
    )
    article = cleaner.clean(page(f"<article>{paragraphs(STORY[:2])}{tweet}{paragraphs(STORY[2:])}</article>"))
    assert article.text == "\n\n".join(STORY)
    assert "rule:social-embeds" in {r.reason for r in article.removed}


def test_text_rules_cut_short_furniture_but_not_prose_mentioning_it():
    body = paragraphs(
        [
            *STORY[:2],
            "Share this article",
            "Residents who want to share their views can write to the council before the end of the month, the clerk said.",
            *STORY[2:],
        ]
    )
    article = cleaner.clean(page(f"<article>{body}</article>"))
    assert "Share this article" not in article.text
    assert "share their views" in article.text


def test_article_output_twice_keeps_one_copy():
    copy = f"<div class='story'>{paragraphs(STORY)}</div>"
    article = cleaner.clean(page(f"<article>{copy}{copy}</article>"))
    for paragraph in STORY:
        assert article.text.count(paragraph) == 1


def test_non_utf8_page_decodes_by_meta_charset():
    html = page(
        f"<article>{paragraphs(STORY)}<p>Le café coûte deux euros, à côté de la mairie, dit-on ici.</p></article>"
    )
    html = html.replace("<head>", "<head><meta charset='iso-8859-1'>")
    article = cleaner.clean(html.encode("latin-1"))
    assert "Le café coûte deux euros" in article.text


def test_shield_takes_trafilatura_discard_tokens_off_the_article_container_only():
    from cleaner.html import parse, recover

    prose = paragraphs(STORY * 3)
    tree = parse(
        "<html><body>"
        f"<div class='page-sidebar story-text' id='main-sidebar'>{prose}</div>"
        f"<div class='sidebar'><p>{STORY[0]}</p></div>"
        "</body></html>"
    )
    assert recover.shield_prose(tree) >= 1
    big, small = tree.xpath("//body/div")
    assert big.get("class") == "story-text" and not big.get("id")
    assert small.get("class") == "sidebar"  # a small box keeps the class trafilatura drops it by


def test_collapsed_accordion_answers_are_kept_hidden_dialogs_are_not():
    answer = "The bridge will open to walkers and cyclists in the spring of next year, the council said."
    dialog = "Sign in to your account to save this article and read it later on any of your devices."
    html = page(
        paragraphs(STORY)
        + "<h2>Questions</h2><section class='embed' data-embed='accordion'>"
        + "<button>When will the bridge open?</button>"
        + f"<div class='faq-answer' aria-hidden='true' hidden><p>{answer}</p></div></section>"
        + f"<div class='modal' style='display:none'><p>{dialog}</p></div>"
    )
    article = cleaner.clean(html)
    assert answer in article.text
    assert dialog not in article.text
    assert answer not in (trafilatura.extract(html) or "")  # trafilatura drops the folded answer


def test_prose_cut_out_of_the_middle_by_a_discarded_wrapper_is_put_back():
    middle = [
        "Engineers expect the steel frame of the bridge to arrive by barge in the autumn, and the "
        "deck to be poured over the winter months if the weather holds.",
        "The contractor has promised to keep one lane of the riverside path open to walkers for "
        "the whole of the building work.",
    ]
    html = page(paragraphs(STORY[:2]) + f"<div class='w-embed'>{paragraphs(middle)}</div>" + paragraphs(STORY[2:]))
    text = cleaner.clean(html).text
    assert all(p in text for p in middle)
    assert text.index(STORY[1]) < text.index(middle[0]) < text.index(STORY[2])  # in its place
    assert middle[0] not in (trafilatura.extract(html) or "")  # trafilatura drops the "embed" box


def test_caption_or_footer_between_paragraphs_does_not_trigger_a_re_extraction(monkeypatch):
    from cleaner import _trafilatura

    caption = (
        "The old bridge seen from the east bank in the spring of last year, before the work began "
        "and the river path was closed to walkers and cyclists for the whole of the long and wet summer months."
    )
    runs = []
    extract = _trafilatura.extract_body
    monkeypatch.setattr(_trafilatura, "extract_body", lambda *a, **k: runs.append(1) or extract(*a, **k))
    for box in (
        f"<figure class='w-embed'><figcaption><p>{caption}</p></figcaption></figure>",
        f"<nav class='w-embed'><p>{caption}</p></nav>",
    ):
        runs.clear()
        text = cleaner.clean(page(paragraphs(STORY[:2]) + box + paragraphs(STORY[2:]))).text
        assert caption not in text
        assert len(runs) == 1  # nothing to open: no second trafilatura run


def test_pull_quote_in_a_figure_between_paragraphs_is_kept():
    quote = (
        "We have waited a very long time for this bridge, and the children of the north bank "
        "will be the first to feel the difference every single morning,",
        "said one resident.",
    )
    html = page(
        paragraphs(STORY[:2]) + f"<figure class='pull-quote'><blockquote><p>{quote[0]} {quote[1]}</p>"
        "</blockquote></figure>" + paragraphs(STORY[2:])
    )
    text = cleaner.clean(html).text
    assert quote[0] in text
    assert quote[0] not in (trafilatura.extract(html) or "")  # trafilatura deletes every <figure>


def test_article_after_an_early_closing_html_tag_is_found():
    # a template that closes the page after its header, then prints the article
    html = (
        "<html><head><title>Council approves new bridge</title></head><body>"
        "<header><nav><a href='/'>Home</a></nav></header></body></html>\n"
        f"<div class='post'><h1>Council approves new bridge</h1>{paragraphs(STORY)}</div>"
    )
    text = cleaner.clean(html).text
    assert all(p in text for p in STORY)


def test_closing_author_bio_is_cut_but_prose_naming_the_author_stays():
    bio = (
        "Jane Doe has covered local politics and the riverside neighbourhoods for the Town Times "
        "for more than ten years. She lives on the north bank with two cats."
    )
    quote = "Jane Doe, who lives by the river, said she would use the bridge every day."
    html = (
        "<html><head><title>Council approves new bridge | Town Times</title>"
        "<meta name='author' content='Jane Doe'></head><body><main><h1>Council approves new bridge</h1>"
        f"{paragraphs(STORY[:2])}<p>{quote}</p>{paragraphs(STORY[2:])}<p>{bio}</p></main></body></html>"
    )
    article = cleaner.clean(html)
    assert article.author == "Jane Doe"
    assert bio not in article.text and quote in article.text
    assert ("heuristic:author-bio", bio) in {(r.reason, r.text) for r in article.removed}


def test_closing_author_box_is_cut_from_its_heading_to_the_end():
    bio = (
        "Sam is the co-founder of a small design studio and writes about towns, rivers and the "
        "bridges between them for several local papers."
    )
    more = "Read more posts by Sam Smith"
    html = page(f"{paragraphs(STORY)}<h3>Written by</h3><p>{bio}</p><p>{more}</p>")
    article = cleaner.clean(html)
    assert all(p in article.text for p in STORY)
    assert bio not in article.text and more not in article.text
    assert ("heuristic:author-box", bio) in {(r.reason, r.text) for r in article.removed}


def test_closing_list_of_other_articles_is_cut_from_its_heading():
    teasers = [
        "The council has delayed its vote on the new car park until the spring, after residents asked "
        "for more time to study the plans and the traffic survey.",
        "The ferry will keep running on the old timetable this summer, and the operator says it is "
        "looking at later sailings on Friday and Saturday evenings.",
    ]
    html = page(
        f"{paragraphs(STORY)}<h3>You may also be interested in the following articles:</h3>{paragraphs(teasers)}"
    )
    article = cleaner.clean(html)
    assert all(p in article.text for p in STORY)
    assert not any(t in article.text for t in teasers)


def test_author_box_heading_early_in_the_text_cuts_only_itself():
    # an "Author" line at the top is a byline label, not the start of a closing box
    html = page(f"<p>Author</p>{paragraphs(STORY * 3)}")
    article = cleaner.clean(html)
    assert all(p in article.text for p in STORY) and "Author" not in article.text.split("\n\n")


def test_a_heading_whose_id_is_its_own_anchor_slug_is_not_read_as_a_role():
    html = page(
        paragraphs(STORY[:2])
        + '<h3 id="nav_council_vote__1">Council vote ends the debate</h3>'
        + paragraphs(STORY[2:])
        + '<div id="nav-main"><a href="/a">Politics</a> <a href="/b">Sport</a></div>'
    )
    article = cleaner.clean(html)
    assert "Council vote ends the debate" in article.text
    assert "Politics" not in article.text  # the same token on a container that is not its slug still prunes


def test_print_visibility_classes_are_not_read_as_a_print_button():
    html = page(
        paragraphs(STORY[:2])
        + '<div class="photo no-print"><p>The bridge as drawn by the architects, seen from the north bank of the river.</p></div>'
        + paragraphs(STORY[2:])
        + '<div class="print"><a href="#">Print</a></div>'
    )
    article = cleaner.clean(html)
    assert "seen from the north bank" in article.text
    assert not any(r.rule_id == "share-bar" and "north bank" in r.text for r in article.removed)


def test_class_id_trie_finds_the_longest_word_at_each_word_start():
    """The trie pattern behaves as an alternation of the words sorted longest first."""
    import re

    from cleaner.html.prune import _trie_pattern

    words = {"ad", "ads", "ad-slot", "app", "share", "share-bar"}
    trie = re.compile(r"(?:^|(?<=[\s_-]))(" + _trie_pattern(words) + r")(?=$|[\s_-])")
    plain = re.compile(r"(?:^|(?<=[\s_-]))(" + "|".join(sorted(words, key=len, reverse=True)) + r")(?=$|[\s_-])")
    for value in ("ads top-ad-slot", "ad-slots ad", "share-bar-x share_baz", "apps app", "adsapp ad-"):
        assert [m.span() for m in trie.finditer(value)] == [m.span() for m in plain.finditer(value)]


BYLINE_PAGES = [
    # plain byline class
    '<div class="byline">By Jane Doe</div>',
    # a date inside the byline is left out of the name
    '<div class="byline">By Jane Doe <time>May 1, 2024</time></div>',
    # a byline inside the comments is not the article's
    '<div id="comments"><span class="author">Troll</span></div><p class="author-name">Sam Roe</p>',
    # the specific expression wins over an earlier generic match
    '<div class="post-author-box">Staff</div><a rel="author">Kim Lee</a>',
    # last-resort expression on any element
    '<section class="article-writer">Ana Gil</section>',
    # inside a sidebar: discarded
    '<div class="sidebar"><span class="byline">Not Her</span></div>',
    # nothing at all
    "<p>No byline here.</p>",
]


@pytest.mark.parametrize("body", BYLINE_PAGES)
def test_byline_search_finds_what_trafilaturas_author_search_finds(body):
    from lxml import html as lxml_html
    from trafilatura.metadata import extract_author

    from cleaner.byline import clean_author, find_byline

    tree = lxml_html.fromstring(f"<html><body><article>{body}<p>Some text.</p></article></body></html>")
    assert find_byline(tree) == clean_author(extract_author(tree))


def test_paragraph_pass_counts_prose_and_finds_outer_paragraphs():
    from lxml import html as lxml_html

    from cleaner.html.prose import read_paragraphs

    eight = "one two three four five six seven eight"
    tree = lxml_html.fromstring(
        f"<html><body><p>{eight}</p><p>too short</p><blockquote><p>{eight}</p></blockquote>"
        f"<ul><li>{eight}<ul><li>{eight}</li></ul></li><li>menu</li></ul><pre>{eight}</pre></body></html>"
    )
    found = read_paragraphs(tree)
    # p, the blockquote and the p inside it, and the pre; list items are not prose
    assert found.prose_words == 4 * 8
    assert [el.tag for el in found.outer] == ["p", "blockquote", "li"]
    assert found.text[found.outer[2]][1] == 16


@pytest.mark.parametrize(
    "text",
    [
        '{"author": {"name": "Jane\\u00a0Doe"}, "headline": "A \\"quoted\\" <b>title</b>"}',
        '{"name": "emoji \\ud83d\\ude00 and a lone \\ud800 half", "x": "line\\nbreak &amp; tab\\t"}',
        '{ "@type" : "NewsArticle" ,\n  "author" : [ { "name" : "Kim  Lee" } ] }',
        "not json at all",
    ],
)
def test_json_ld_metadata_reads_as_trafilaturas(text):
    from lxml import html as lxml_html
    from trafilatura.metadata import extract_meta_json
    from trafilatura.settings import Document

    from cleaner.metadata import _meta_json

    page = f'<html><head><script type="application/ld+json">{text}</script></head><body><p>x</p></body></html>'
    tree = lxml_html.fromstring(page)
    ours, theirs = _meta_json(tree, Document()), extract_meta_json(tree, Document())
    fields = [f for f in Document.__slots__ if f not in ("body", "commentsbody")]
    assert [getattr(ours, f) for f in fields] == [getattr(theirs, f) for f in fields]


@pytest.mark.parametrize(
    "selector",
    [
        "//nav",
        "//form[.//input[@type='email']][not(.//textarea)]",
        "//footer[not(ancestor::article) and not(.//p[string-length(normalize-space()) > 20])]",
        "//li[1]",
        "//li[last()]",
        "//div[@class='a'] | //p",
        "//article//p",
    ],
)
def test_rule_selectors_pick_what_their_xpath_picks(selector):
    from lxml import etree
    from lxml import html as lxml_html

    from cleaner.html.prune import _select

    tree = lxml_html.fromstring(
        "<html><body><nav><ul><li>a</li><li>b</li></ul></nav><article><p>text</p><footer>f</footer>"
        "<form><input type='email'></form></article><form><textarea></textarea><input type='email'></form>"
        "<div class='a'><ul><li>c</li><li>d</li></ul></div><footer><p>a long footer paragraph here</p></footer>"
        "<footer>short</footer></body></html>"
    )
    expr = etree.XPath(selector)
    assert _select(expr, tree) == expr(tree)


def test_loose_text_walk_finds_what_the_text_node_selector_finds():
    """loose_prose reads each holder's own text and its children's tails in a walk; it
    agrees with the XPath of text nodes it replaced on nested holders, <br> lines, tails
    after links and text padded with newlines."""
    from lxml import etree

    from cleaner.html import prose

    holders = " or ".join(f"self::{t}" for t in prose._LOOSE_HOLDERS)
    selector = etree.XPath(f"//*[{holders}]/text()[string-length(normalize-space()) > 15]")
    html = (
        "<html><body><div>A first line of running text here.<br>A second line, and it goes on.<br>"
        "<a>a link</a> and the tail after the link runs on for a while.<div>Inner holder text, long"
        " enough to count as prose for sure.</div>  \n\n  short  \n  <span>x</span>\n   fifteen chars! \n</div>"
        "<td>Cell text that is long enough; it counts.</td><p>Not a holder, the text of a paragraph.</p>"
        "<section>\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n</section></body></html>"
    )
    tree = html_path.parse(html)
    expected: dict = {}
    for node in selector(tree):
        holder = node.getparent().getparent() if node.is_tail else node.getparent()
        expected.setdefault(holder, []).append(str(node))
    found = {}
    for holder in tree.iter(*prose._LOOSE_HOLDERS):
        parts = [holder.text] if prose._loose_piece(holder.text) else []
        parts += [c.tail for c in holder if prose._loose_piece(c.tail)]
        if parts:
            found[holder] = parts
    assert found == expected
    assert set(prose.loose_prose(tree)) <= set(found)


def test_maybe_hidden_is_a_superset_of_hidden_elements():
    from lxml import etree

    from cleaner.html import recover

    selector = etree.XPath(
        "//*[@hidden or @aria-hidden='true' or @style[contains(., 'none') or contains(., 'hidden')]"
        " or @class[contains(., 'hid') or contains(., 'collapsed') or contains(., 'closed')]]"
    )
    tree = html_path.parse(
        "<html><body><div hidden>a</div><span aria-hidden='true'>b</span><span aria-hidden='false'>c</span>"
        "<div style='display: none'>d</div><div style='color: red'>e</div><div class='is-collapsed'>f</div>"
        "<div class='overflow-hidden'>g</div><div class='closed panel'>h</div><div id='hidden'>i</div>"
        "<p class='lead'>j</p></body></html>"
    )
    found = recover._maybe_hidden(tree)
    assert found == selector(tree)
    assert all(el in found for el in tree.iter() if recover._is_hidden(el))


def test_paragraph_texts_read_before_pruning_are_reread_where_pruning_cut_inside():
    """read_paragraphs reuses the texts prose_map read, except those of the elements a
    pruned element sat in: a quote that lost the ad inside it reads without it."""
    from cleaner.html.prose import read_paragraphs
    from cleaner.rules import load_rules

    long = "one two three four five six seven eight nine ten"
    tree = html_path.parse(
        f"<html><body><article><blockquote>{long} <div class='advertisement'>BUY NOW CHEAP</div> end."
        f"</blockquote><p>{long} again.</p></article></body></html>"
    )
    html_path.strip_non_text(tree)
    prose = html_path.prose_map(tree)
    first, second = next(tree.iter("blockquote")), next(tree.iter("p"))
    assert "BUY NOW" in prose.texts[first][0]
    html_path.prune(tree, load_rules(), prose=prose)
    assert first not in prose.texts and second in prose.texts
    found = read_paragraphs(tree, known=prose.texts)
    assert "BUY NOW" not in found.text[first][0]
    assert found.text[second] == prose.texts[second]
