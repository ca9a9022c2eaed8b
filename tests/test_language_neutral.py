"""Never much worse than trafilatura, in any language. Pages where cleaner once threw away the article trafilatura alone returns whole: each
test builds one mechanism of such a loss (language-neutral measures, the safety net,
text normalisation, edge tables, dropped subheadings)."""

import importlib

from lxml import etree
from test_html import STORY, page, paragraphs

import cleaner
from cleaner import html as html_path
from cleaner import scoring
from cleaner.heuristics import trim_edges
from cleaner.html.headings import restore_headings
from cleaner.html.prose import read_paragraphs
from cleaner.model import Block
from cleaner.passes import Context
from cleaner.rules import load_rules
from cleaner.units import ends_sentence, normalize_text, text_units, token_starts, word_tokens


def test_text_units_count_unspaced_scripts_by_characters():
    assert text_units("The council voted on Tuesday.") == 5
    # 20 Han characters: about 10 words; a spaced word or number beside them counts as one
    assert text_units("市议会周二晚上投票批准在河上修建一座新的人行桥") == 12
    assert text_units("市议会周二晚上投票 2025 批准") == 1 + 6
    # Thai: letters of unspaced words, five to a unit
    thai = "สภาเมืองลงมติอนุมัติการสร้างสะพาน"
    assert text_units(thai) == round(len(thai) / 5)
    # Korean is spaced: words as they are
    assert text_units("시의회는 화요일 저녁 투표했다") == 4


def test_word_tokens_split_unspaced_scripts_into_characters():
    assert word_tokens("The council, in 2025.") == ["The", "council", "in", "2025"]
    assert word_tokens("市议会 voted 投票。") == ["市", "议", "会", "voted", "投", "票"]
    assert word_tokens("สภาเมือง") == list("สภาเมือง")  # Thai vowel signs too: one token a character
    text = "Ein Brücke 市议会 x_y"
    assert [text[i:] for i in token_starts(text)][:2] == ["Ein Brücke 市议会 x_y", "Brücke 市议会 x_y"]
    assert len(token_starts(text)) == len(word_tokens(text)) == 6


def test_sentence_end_of_every_script():
    for text in ("Done.", "完了しました。", "你好！", "क्या हुआ।", "هل هذا؟", "“Quoted.”", "「終わり。」"):
        assert ends_sentence(text), text
    assert not ends_sentence("Home News Sport")


def test_prose_in_div_text_with_line_breaks_counts_as_prose():
    lines = "<br>".join(STORY)
    tree = html_path.parse(f"<html><body><div class='post-body'>{lines}</div><nav><a>Home</a></nav></body></html>")
    prose = html_path.prose_map(tree)
    assert prose.all[tree] >= sum(len(s.split()) for s in STORY)
    # a menu of links holds no running text of its own
    menu = html_path.parse(
        "<html><body><div>" + " ".join(f"<a>Link {i}.</a>" for i in range(30)) + "</div></body></html>"
    )
    assert html_path.prose_map(menu).all.get(menu, 0) == 0


def test_share_bar_class_on_the_container_of_a_div_text_article_does_not_prune_it():
    lines = "<br><br>".join(STORY)
    html = page(f"<div class='share-bar-wrapper'>{lines}</div>")
    article = cleaner.clean(html)
    assert "seven to four" in article.text


def test_chinese_article_in_a_navigation_classed_container_is_kept():
    story = [
        "市议会周二晚上投票批准在河上修建一座新的人行桥，结束了持续三年多的争论。",
        "项目支持者表示，这座桥将连接城镇的两半，让孩子们更容易步行到北岸的学校上学。",
        "反对者认为，估计四百万英镑的费用对于这样规模的城镇来说太高，这笔钱应该用来修路。",
        "最终投票结果是七票对四票。主持会议的市长说，议会认真听取了双方居民的意见。",
    ]
    html = page(f"<div class='navigation-content'>{paragraphs(story)}</div>")
    article = cleaner.clean(html)
    assert all(s in article.text for s in story)


def test_japanese_paragraphs_are_not_trimmed_as_furniture():
    story = ["市議会は火曜日の夜、川に新しい歩道橋を建設する計画を承認し、三年以上続いた議論に終止符を打った。"] * 3
    stop = scoring.language_stopwords(story)
    assert stop == frozenset()  # no list fits: the stopword signal is left out
    blocks = [Block(text=t, position=i) for i, t in enumerate(story)]
    kept, cut = trim_edges(blocks, Context(load_rules()))
    assert len(kept) == 3 and not cut


def test_page_in_a_language_outside_the_short_list_gets_its_stoplist():
    # Indonesian: not one of scoring.LANGUAGES, but jusText ships its list
    text = [
        "Dewan kota memberikan suara pada hari Selasa malam untuk menyetujui pembangunan jembatan yang baru "
        "dan mereka akan mulai bekerja pada tahun depan karena ini sangat penting untuk kota"
    ] * 5
    stop = scoring.language_stopwords(text)
    assert "yang" in stop and "untuk" in stop


def test_data_table_at_the_edge_is_not_trimmed():
    table = Block(text="Aroma | Red berries, citrus\nOrigin | Sidamo, 1900 m\nPrice | 27.90 €", kind="table")
    prose = Block(text=STORY[0], position=1)
    kept, cut = trim_edges([table, prose], Context(load_rules()))
    assert kept[0] is table and not cut


def test_soft_hyphens_are_dropped_and_text_composed():
    html = page(paragraphs([STORY[0].replace("construction", "con\u00adstruc\u00adtion"), *STORY[1:]]))
    assert "construction" in cleaner.clean(html).text
    # Bengali YYA: the precomposed code point reads as its NFC form
    assert normalize_text("\u09df") == "\u09af\u09bc"


def test_unclosed_tag_in_noscript_does_not_take_the_page_with_it():
    html = (
        "<html><head><title>Council approves new bridge</title></head><body>"
        "<noscript><div id='nojs'></noscript><div id='main'>" + paragraphs(STORY) + "</div></body></html>"
    )
    article = cleaner.clean(html)
    assert "seven to four" in article.text
    # a plain noscript notice is still dropped
    small = page(paragraphs(STORY) + "<noscript><p>Please enable JavaScript to see the comments.</p></noscript>")
    assert "enable JavaScript" not in cleaner.clean(small).text


def test_safety_net_undoes_the_rule_cut_that_took_the_article(monkeypatch):
    # a rule that matches the article's container and escapes the prose guards (here:
    # the guards switched off) is undone when the unpruned page holds the article
    prune_module = importlib.import_module("cleaner.html.prune")  # the package's `prune` is the function
    monkeypatch.setattr(prune_module, "LARGE_SHARE", 2.0)
    monkeypatch.setattr(prune_module, "RULE_MAX_SHARE", 2.0)
    html = page(f"<div class='newsletter-wrap'>{paragraphs(STORY)}</div><div class='newsletter'>Sign up now</div>")
    article = cleaner.clean(html)
    assert "seven to four" in article.text
    reasons = [r.reason for r in article.removed]
    assert "rule:newsletter" in reasons  # the sign-up box is still removed, with its reason
    assert not any("seven to four" in r.text for r in article.removed)


def test_subheading_dropped_between_kept_paragraphs_is_put_back():
    tree = html_path.parse(
        "<html><body><div>"
        + paragraphs(STORY[:2])
        + "<h2>What happens next</h2>"
        + paragraphs(STORY[2:])
        + "</div></body></html>"
    )
    body = etree.fromstring("<body>" + "".join(f"<p>{s}</p>" for s in STORY) + "</body>")
    restored = restore_headings(tree, body, read_paragraphs(tree))
    assert restored == 1
    assert [el.tag for el in body] == ["p", "p", "head", "p", "p"]
    assert body[2].text == "What happens next"


def test_spacer_paragraphs_of_zero_width_characters_are_no_blocks():
    from cleaner.units import shows_nothing

    spacer = "<p>\u200d</p><p>\u200e\u200f</p><p>&zwj;&nbsp;&zwj;</p>"
    article = cleaner.clean(page(spacer.join(f"<p>{p}</p>" for p in STORY)))
    assert article.blocks and all(not shows_nothing(b.text) for b in article.blocks)
    assert "\u200d" not in article.text
    # a joiner inside a word stays: it spells Persian and Indic words, and emoji
    assert not shows_nothing("می\u200cخواهم") and not shows_nothing("👩\u200d💻") and shows_nothing("")
    dump = "Council approves new bridge\n\u200d\n" + "\n\u200d\n".join(STORY)
    assert all(not shows_nothing(b.text) for b in cleaner.clean_text(dump).blocks)
    from cleaner.text.split import _lines

    assert _lines("One line.\n\u200d \u200e\nAnother.") == ["One line.", "", "Another."]  # a blank line
