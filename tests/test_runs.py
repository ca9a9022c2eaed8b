"""Loose runs trafilatura drops from a holder whose other text it keeps, put back (cleaner.html.runs)."""

import random

import pytest
import trafilatura
from lxml import etree

import cleaner
from cleaner import html as html_path
from cleaner import units
from cleaner.html import runs
from cleaner.html.prose import loose_prose
from cleaner.html.runs import loose_runs, restore_runs
from tests.work import count_scans, scanned

STORY = [
    "The council voted on Tuesday to approve a new footbridge over the river, ending a decade of debate.",
    "Work is due to start in the spring and should take about eighteen months, the council said.",
    "Residents on both banks have campaigned for a crossing since the old ferry stopped running in 2014.",
    "The bridge will cost about four million pounds, most of it from a regional transport fund.",
    "Opponents had argued that the money would be better spent on repairing the existing roads.",
    "A public exhibition of the final design will open at the town library next month.",
]
LEAD = "Anchor: After heavy rain on Monday, the river rose to its highest level in a decade, and the old ferry closed."


def _tree(inner: str) -> etree._Element:
    return html_path.parse(f"<html><body>{inner}</body></html>")


def _body(*paragraphs: str) -> etree._Element:
    return etree.fromstring("<body>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</body>")


def _restore(tree: etree._Element, body: etree._Element) -> int:
    return restore_runs(tree, body, loose_prose(tree))


def _texts(body: etree._Element) -> list[str]:
    return [" ".join("".join(el.itertext()).split()) for el in body]


def test_runs_end_at_line_breaks_and_blocks_and_hold_their_inline_children():
    tree = _tree(
        "<div>First <b>bold</b> line.<br>Second <a href='/x'>link</a> line<p>A paragraph</p>Tail after it.</div>"
    )
    found = loose_runs(tree.find(".//div"))
    assert ["".join(t for t, _ in run.pieces) for run in found] == [
        "First bold line.",
        "Second link line",
        "Tail after it.",
    ]
    assert ("link", "/x") in found[1].pieces
    assert [el.tag for el in found[2].after] == ["p"]
    assert loose_runs(tree.find(".//p")) == [runs.Run([("A paragraph", None)], [])]


def test_a_missing_run_goes_back_before_the_block_of_the_next_kept_run():
    tree = _tree("<div><div class='box'><img src='a.jpg'></div>" + LEAD + "<br>" + "<br>".join(STORY) + "</div>")
    body = _body(*STORY)
    assert _restore(tree, body) == 1
    assert _texts(body) == [LEAD, *STORY]


def test_missing_runs_in_the_middle_go_back_in_page_order():
    tree = _tree("<div>" + "<br>".join(STORY) + "</div>")
    body = _body(STORY[0], STORY[3], STORY[4], STORY[5])
    assert _restore(tree, body) == 2
    assert _texts(body) == STORY


def test_the_missing_start_of_a_run_goes_back_at_the_head_of_its_block():
    tree = _tree(
        "<div><strong>A:</strong> Yes, for sure. The biggest difference between the two machines is that there are "
        "<a href='/cheap'>cheap domestic drip coffee makers</a>, and there are specialty drip coffee makers built "
        "for precise brewing temperatures.</div>"
    )
    body = etree.fromstring(
        "<body><p><ref target='/cheap'>cheap domestic drip coffee makers</ref>, and there are specialty drip coffee "
        "makers built for precise brewing temperatures.</p></body>"
    )
    assert _restore(tree, body) == 1
    p = body[0]
    assert p.text == "A: Yes, for sure. The biggest difference between the two machines is that there are "
    assert p[0].tag == "ref" and p[0].get("target") == "/cheap" and p[0].text == "cheap domestic drip coffee makers"
    assert _texts(body)[0].startswith("A: Yes, for sure.") and _texts(body)[0].endswith("brewing temperatures.")


def test_a_restored_run_keeps_its_links():
    tree = _tree("<div>" + LEAD.replace("the river", "<a href='/river'>the river</a>") + "<br>" + STORY[0] + "</div>")
    body = _body(STORY[0])
    assert _restore(tree, body) == 1
    new = body[0]
    assert new.tag == "p" and [(r.tag, r.get("target"), r.text) for r in new] == [("ref", "/river", "the river")]
    assert _texts(body)[0] == LEAD


def test_nothing_goes_back_when_the_holder_has_no_kept_run_or_the_run_is_last():
    tree = _tree("<div>" + "<br>".join(STORY) + "</div><div>" + LEAD + "<br>Another line of the same box, kept.</div>")
    body = _body("Something else entirely, in the body of the page only.")
    assert _restore(tree, body) == 0  # neither holder has text in the body
    body = _body(*STORY[:-1])
    assert _restore(tree, body) == 0  # the missing run is the last: no kept run after it
    assert _texts(body) == STORY[:-1]


def test_a_kept_paragraph_between_the_run_and_the_next_kept_run_stops_it():
    # the run sits before a paragraph child: put before the next kept run, it would land after the paragraph
    tree = _tree("<div>" + LEAD + "<p>" + STORY[0] + "</p><p>" + STORY[1] + "</p>" + STORY[2] + "</div>")
    body = _body(STORY[0], STORY[1], STORY[2])
    assert _restore(tree, body) == 0


def test_short_runs_runs_without_sentence_punctuation_and_runs_in_navigation_stay_out():
    lines = ["Share this story now", "Home News Sport Weather Culture Travel Business Opinion More"]
    tree = _tree(
        "<div>" + "<br>".join([*lines, *STORY]) + "</div><footer><div>" + LEAD + "<br>" + STORY[0] + "</div></footer>"
    )
    body = _body(*STORY)
    assert _restore(tree, body) == 0


def test_a_missing_chinese_run_goes_back():
    lines = [
        "市议会周二晚上投票批准在河上修建一座新的人行桥。",
        "工程将于明年春天开始，预计需要十八个月才能完成。",
        "两岸居民多年来一直要求修建一座过河的桥梁。",
    ]
    tree = _tree("<div>" + "<br>".join(lines) + "</div>")
    body = _body(*lines[1:])
    assert _restore(tree, body) == 1
    assert _texts(body) == lines


def test_empty_and_whitespace_holders_and_no_body_restore_nothing():
    tree = _tree("<div></div><div>   <br> <br>\n</div><td></td>")
    assert loose_runs(tree.find(".//div")) == []
    assert _restore(tree, _body("A line of text that is in the body.")) == 0
    assert restore_runs(tree, None, {tree: 1}) == 0
    assert restore_runs(tree, _body("x"), {}) == 0


def test_a_deeply_nested_holder_is_read():
    inner = "<div>" + LEAD + "<br>" + "<br>".join(STORY) + "</div>"
    tree = _tree("<div>" * 200 + inner + "</div>" * 200)
    body = _body(*STORY)
    assert _restore(tree, body) == 1
    assert _texts(body)[0] == LEAD


def _lines(n: int) -> list[str]:
    """``n`` different sentences of ten words each."""
    rng = random.Random(5)
    vocabulary = [f"w{i}" for i in range(5_000)]
    return [" ".join(rng.choice(vocabulary) for _ in range(10)) + "." for _ in range(n)]


def _work(monkeypatch, lines: list[str]) -> tuple[int, int, int]:
    """Restore on a ``<div>`` of ``lines`` whose every other line is in the body: how many
    runs went back, the characters the regexes scanned, the characters searched in the body."""
    counters = count_scans(monkeypatch, units) + count_scans(monkeypatch, runs)
    bodies: list[runs._Body] = []

    class Counted(runs._Body):
        def __init__(self, *args):
            super().__init__(*args)
            bodies.append(self)

    monkeypatch.setattr(runs, "_Body", Counted)
    tree = _tree("<div>" + "<br>".join(lines) + "</div>")
    body = _body(*lines[1::2])
    restored = restore_runs(tree, body, loose_prose(tree))
    monkeypatch.undo()
    if restored:
        assert _texts(body) == lines[: len(lines) - len(lines) % 2]  # all back, in order, but the last
    return restored, scanned(counters), sum(b._searched for b in bodies)


def test_a_huge_run_of_line_breaks_is_read_in_linear_work(monkeypatch):
    n = 1_500
    lines = _lines(runs.MAX_RUNS + 1)
    restored, once, _ = _work(monkeypatch, lines[:n])
    assert restored == n // 2
    restored, twice, searched_twice = _work(monkeypatch, lines[: 2 * n])
    assert restored == n
    assert twice <= 2.2 * once  # the regexes read each run a bounded number of times
    # substring searches of the body stop at SUBSTRING_SEARCH_MAX characters (a set of 4-grams after)
    body_chars = sum(len(line) + 1 for line in lines[: 2 * n])
    assert searched_twice <= runs.SUBSTRING_SEARCH_MAX + body_chars
    # past MAX_RUNS runs the page is left as it is
    assert len(lines) > runs.MAX_RUNS
    restored, _, _ = _work(monkeypatch, lines)
    assert restored == 0


@pytest.mark.parametrize("limit", [0, 10**12])
def test_the_body_lookups_agree_by_substring_search_and_by_set(monkeypatch, limit):
    monkeypatch.setattr(runs, "SUBSTRING_SEARCH_MAX", limit)
    tree = _tree("<div>" + "<br>".join(STORY) + "</div>")
    body = _body(STORY[0], STORY[2], STORY[4])
    assert _restore(tree, body) == 3 - 1  # the last run has no kept run after it
    assert _texts(body) == STORY[:5]


def test_clean_puts_back_the_line_trafilatura_drops_after_an_image_box():
    page = (
        "<html><head><title>Footbridge approved</title></head><body><nav><a href='/'>Home</a></nav><article>"
        "<h1>Footbridge approved</h1><div class='body_txt'><div class='img_box top'><div class='photo'>"
        "<img src='a.jpg' alt='x'></div><p class='cap'>Photo : Agency</p></div>"
        + LEAD
        + "<br>"
        + "<br><br>".join(STORY)
        + "</div></article><footer>Contact us</footer></body></html>"
    )
    assert LEAD not in trafilatura.extract(page, favor_recall=True, include_comments=False)  # the premise
    text = cleaner.clean(page).text
    assert text.index(LEAD) < text.index(STORY[0])


def test_a_restored_run_that_is_boilerplate_is_still_cut_by_the_rules():
    appeal = "Si te parece valioso nuestro trabajo, apóyanos para seguir. Únete a nuestra comunidad de lectores."
    page = (
        "<html><head><title>Footbridge approved</title></head><body><article><h1>Footbridge approved</h1>"
        "<div class='body_txt'><div class='img_box'><div class='photo'><img src='a.jpg' alt='x'></div>"
        "<p class='cap'>Photo : Agency</p></div>"
        + appeal
        + "<br>"
        + "<br><br>".join(STORY)
        + "</div></article></body></html>"
    )
    article = cleaner.clean(page)
    assert "apóyanos" not in article.text and STORY[0] in article.text
    assert [r.reason for r in article.removed if "apóyanos" in r.text] == ["rule:donation-appeal"]
