"""The text path: plain-text page dumps in, the same Article as the HTML path out."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

import cleaner
from cleaner import text as text_path
from cleaner.model import Block

#: the page this project started from, committed with the examples
SEED = Path(__file__).resolve().parent.parent / "examples" / "independent-miliband-moscow.txt"
FURNITURE_START = "Start your day with The Independent"


def _seed() -> str:
    return SEED.read_text(encoding="utf-8")


def _story_paragraphs(dump: str) -> list[str]:
    """The story's paragraphs in the source: every blank-line block before the furniture,
    bullet markers dropped (the text path keeps items as list items without the marker)."""
    story = dump.split(FURNITURE_START, 1)[0]
    return [re.sub(r"^\*", "", p.strip()) for p in story.split("\n\n") if p.strip()]


def _wrapped(dump: str, width: int = 80) -> str:
    story, rest = dump.split(FURNITURE_START, 1)
    paragraphs = [p.strip() for p in story.split("\n\n") if p.strip()]
    return "\n\n".join(textwrap.fill(p, width) for p in paragraphs) + "\n\n" + FURNITURE_START + rest


SHAPES = {
    "as-is": lambda s: s,
    "windows": lambda s: s.replace("\n", "\r\n"),
    "no-blank-lines": lambda s: re.sub(r"\n\s*\n", "\n", s),
    "wrapped-80": _wrapped,
    "wrapped-72": lambda s: _wrapped(s, 72),
    "wrapped-72-windows": lambda s: _wrapped(s, 72).replace("\n", "\r\n"),
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_seed_page(shape):
    source = _seed()
    title, standfirst, *story = _story_paragraphs(source)
    article = cleaner.clean(SHAPES[shape](source))
    assert article.source_kind == "text"
    assert article.title == title == "Miliband met by icy reception on debut mission to Moscow"
    body = [b.text for b in article.blocks]
    assert body[0] == standfirst
    assert article.text.startswith(
        "Strained relations evident as Russia once again refuses Foreign Secretary's request"
    )
    assert body == [standfirst, *story]  # every paragraph, the box and its items, nothing else
    assert body[-1].startswith("June 2009:") and body[-1].endswith('"needs to change course".')
    items = [b for b in article.blocks if b.kind == "list_item"]
    assert len(items) == 6 and all(re.match(r"\w+ \d{4}: ", b.text) for b in items)
    assert "Britain and Russia: Diplomatic incidents" in body
    furniture = source.split(FURNITURE_START, 1)[1]
    assert FURNITURE_START not in article.text
    for line in furniture.splitlines():
        if len(line.split()) >= 3:
            assert line.strip() not in article.text


def test_seed_page_removed_records_name_rules():
    article = cleaner.clean_text(_seed())
    reasons = {r.reason for r in article.removed}
    assert {"rule:newsletter", "rule:jobs", "rule:promo-lists"} <= reasons


# --- splitter --------------------------------------------------------------------------


def test_split_blocks_lines_bullets_and_line_endings():
    blocks = text_path.split_blocks(
        "Head line\r\n\r\n  Indented para.\r\n*First item\r\n- second item\r\n2. third\r\n***\r\n"
    )
    assert [(b.kind, b.text) for b in blocks] == [
        ("paragraph", "Head line"),
        ("paragraph", "Indented para."),
        ("list_item", "First item"),
        ("list_item", "second item"),
        ("list_item", "2. third"),  # a bullet goes, a number is the text's own,
    ]
    assert [b.position for b in blocks] == list(range(5))


def test_split_blocks_takes_the_nested_list_markers_renderers_print():
    # inscriptis and lynx mark nested lists "+ " and then "o "; the letter is a word before
    # a lower-case word (Spanish "o sea"), and "+49" is a phone number, not a bullet
    dump = "+ Law firm\n  o The new standard deduction\no 1099-NEC forms\no sea, que no\n+49 30 1234 5678\n"
    assert [(b.kind, b.text) for b in text_path.split_blocks(dump)] == [
        ("list_item", "Law firm"),
        ("list_item", "The new standard deduction"),
        ("list_item", "1099-NEC forms"),
        ("paragraph", "o sea, que no"),
        ("paragraph", "+49 30 1234 5678"),
    ]


def test_split_blocks_reads_text_as_the_html_path_does():
    # a dump keeps what the HTML path drops or composes: soft hyphens inside the words of a
    # hyphenated German paragraph, a Bengali letter written precomposed (U+09DF) where the
    # page's paragraph (and its NFC form) has the letter and its nukta (U+09AF U+09BC)
    dump = "Schon im Mit\u00adtel\u00adal\u00adter war er bekannt.\nকুষ্টি\u09dfা-১ আসনের সংসদ সদস্য\n"
    assert [b.text for b in text_path.split_blocks(dump)] == [
        "Schon im Mittelalter war er bekannt.",
        "কুষ্টি\u09af\u09bcা-১ আসনের সংসদ সদস্য",
    ]


PROSE = (
    "The committee met on Tuesday to discuss the proposal, which had been circulated to members "
    "some weeks before the meeting and which, according to the minutes, drew a long debate about "
    "the cost of the scheme and the time it would take to build. Several members said that they "
    "would support it only if the council could show that the money was there."
)


def test_split_blocks_rejoins_hard_wrapped_paragraphs():
    paragraphs = [PROSE, PROSE.replace("committee", "board"), PROSE.replace("council", "city")]
    for sep in ("\n\n", "\n"):
        dump = "Menu\nHome\n" + sep.join(textwrap.fill(p, 72) for p in paragraphs) + "\nFooter links"
        texts = [b.text for b in text_path.split_blocks(dump)]
        assert texts == ["Menu", "Home", *paragraphs, "Footer links"]


def test_split_blocks_leaves_unwrapped_dump_alone():
    lines = ["Short menu line", "Another headline about the news", "A sentence that ends here.", "and lower case"]
    assert text_path.wrap_width(lines * 3) is None
    assert [b.text for b in text_path.split_blocks("\n".join(lines))] == lines


def test_unwrap_mends_a_word_broken_at_its_hyphen():
    assert text_path.unwrap(["x" * 10 + " co-", "operation works"], 14) == ["x" * 10 + " co-operation works"]


# --- region finder ---------------------------------------------------------------------


def test_main_region_is_the_maximum_subarray():
    assert text_path.main_region([-1, -1, 2, -0.5, 3, -4, 1]) == (2, 5)
    assert text_path.main_region([-1, -2]) == (0, 0)
    assert text_path.main_region([]) == (0, 0)


def test_region_spans_short_lines_inside_the_article_but_stops_at_a_rule():
    nav = ["Home", "News", "Sport", "Weather", "Contact us", "Sign in"]
    story = [
        PROSE,
        "A short sub-heading",
        PROSE.replace("Tuesday", "Monday"),
        "“Not now,” he said.",
        PROSE.replace("cost", "price"),
    ]
    teasers = ["Most read", PROSE.replace("committee", "club"), PROSE.replace("committee", "team")]
    article = cleaner.clean_text("\n".join(nav + story + teasers))
    assert [b.text for b in article.blocks] == story
    assert any(r.reason == "rule:promo-lists" for r in article.removed)


def test_a_page_of_furniture_has_no_article():
    article = cleaner.clean_text("Home\nNews\nSport\nContact us")
    assert not article and article.text == ""


def test_teaser_twins_are_penalised():
    blocks = [
        Block(t, position=i)
        for i, t in enumerate(
            [
                "Stockholm rivals Silicon Valley with start-ups",
                "Stockholm rivals Silicon Valley",
                "Something else entirely here",
            ]
        )
    ]
    assert text_path.twins(blocks) == [True, True, False]


# --- title -----------------------------------------------------------------------------


def _title(dump: str, region: tuple[int, int], stops: dict[int, str] | None = None) -> str | None:
    return text_path.find_title(text_path.split_blocks(dump), stops or {}, region, STOP)


STOP = frozenset("a an the of to in on for from with and or at by is was".split())
MENU = "\n".join(["Home", "World", "Politics", "Business", "Sport", "Culture"])


def test_title_is_the_first_line_when_it_reads_as_a_headline():
    assert _title("Big news from the council\n" + PROSE, (1, 2)) == "Big news from the council"
    assert _title(PROSE + "\nBig news", (0, 1)) is None
    assert _title("* a bullet first\n" + PROSE, (1, 2)) is None
    assert _title("Skip to content\n" + PROSE, (1, 2), stops={0: "rule:navigation"}) is None


def test_title_far_from_the_article_must_belong_to_it():
    # a headline, the site menu, then the article: its words recur in the article
    assert (
        _title("Council approves the scheme budget\n" + MENU + "\n" + PROSE, (7, 8))
        == "Council approves the scheme budget"
    )
    # a menu line first: nothing of it in the article
    assert _title("Toggle side panel\n" + MENU + "\n" + PROSE, (7, 8)) is None


def test_title_prefers_the_pages_own_headline_echoing_the_first_line():
    dump = "Council approves scheme | The Daily Example\n" + MENU + "\nCouncil approves the scheme\n" + PROSE
    assert _title(dump, (8, 9)) == "Council approves the scheme"


def test_title_is_not_repeated_as_the_first_body_block():
    article = cleaner.clean_text(
        "Big news from the council\n\nBig news from the council\n\n" + PROSE + "\n\n" + PROSE.replace("cost", "price")
    )
    assert article.title == "Big news from the council"
    assert article.blocks[0].text == PROSE


# --- other languages -------------------------------------------------------------------

GERMAN = """Stadtrat beschließt neuen Radweg am Fluss
Startseite
Politik
Wirtschaft
Sport
Anmelden
Der Stadtrat hat am Dienstagabend nach einer langen Debatte beschlossen, einen neuen Radweg entlang des Flusses zu bauen. Die Kosten werden auf rund zwei Millionen Euro geschätzt, und die Arbeiten sollen im kommenden Frühjahr beginnen.
Kritik kam vor allem von den Anwohnern, die sich über den Verlust von Parkplätzen beschweren. Sie haben angekündigt, dass sie gegen die Pläne vorgehen wollen, wenn die Stadt nicht auf ihre Bedenken eingeht.
Wie geht es weiter?
Die Verwaltung will die Pläne nun bis zum Sommer ausarbeiten und sie dann noch einmal in einer Bürgerversammlung vorstellen, bevor der Bau ausgeschrieben wird.
Mehr zum Thema
Impressum
Datenschutz
Kontakt
Newsletter abonnieren
"""


def test_german_dump():
    article = cleaner.clean(GERMAN)
    assert article.title == "Stadtrat beschließt neuen Radweg am Fluss"
    body = [b.text for b in article.blocks]
    assert body[0].startswith("Der Stadtrat hat am Dienstagabend")
    assert "Wie geht es weiter?" in body
    assert body[-1].startswith("Die Verwaltung will")
    for furniture in ("Startseite", "Anmelden", "Impressum", "Datenschutz", "Mehr zum Thema"):
        assert furniture not in body


FRENCH = """La mairie lance un grand plan pour les pistes cyclables
Accueil
Actualités
Économie
Se connecter
La ville a présenté mardi un plan de rénovation de ses pistes cyclables, qui doit être achevé d'ici à la fin de l'année prochaine. Le budget total s'élève à près de trois millions d'euros, selon le dossier remis à la presse.
Les commerçants du centre-ville se disent inquiets pour les places de stationnement, mais la municipalité assure qu'elle les consultera avant le début des travaux.
Les travaux commenceront au printemps, dans les quartiers où la circulation est la plus dense.
À lire aussi
Mentions légales
Plan du site
"""


def test_french_dump():
    article = cleaner.clean(FRENCH)
    assert article.title == "La mairie lance un grand plan pour les pistes cyclables"
    body = [b.text for b in article.blocks]
    assert body[0].startswith("La ville a présenté mardi")
    assert body[-1].startswith("Les travaux commenceront")
    assert not {"Accueil", "Se connecter", "À lire aussi", "Mentions légales"} & set(body)


def test_comments_after_the_article_are_cut_even_when_they_outweigh_it():
    comments = []
    for n in range(8):
        comments += [f"Reader {n} says", "March 3, 2024 at 10:12 am", PROSE.replace("committee", f"group {n}"), "Reply"]
    dump = "\n".join(["Home", "News", PROSE, PROSE.replace("Tuesday", "Monday"), "12 Comments", *comments])
    body = [b.text for b in cleaner.clean_text(dump).blocks]
    assert body == [PROSE, PROSE.replace("Tuesday", "Monday")]


def test_a_label_line_inside_the_article_is_dropped_without_splitting_it():
    story = [PROSE, PROSE.replace("Tuesday", "Monday"), PROSE.replace("cost", "price")]
    dump = "\n".join(["Home", "News", story[0], "Advertisement", story[1], "Learn more", story[2], "Privacy policy"])
    article = cleaner.clean_text(dump)
    assert [b.text for b in article.blocks] == story
    assert {"rule:ads", "rule:calls-to-action"} <= {r.reason for r in article.removed}


def test_dump_quoting_code_samples_is_still_a_text_dump():
    lines = [
        "How to centre a div in 2025",
        "Centring things in CSS used to be hard, but the flexbox and grid layouts make it easy for everyone.",
        '<div class="parent"><div class="child">Hello</div></div>',
        "The parent gets display flex and the child is centred by two properties on the parent element.",
        '<div class="parent" style="display:flex"><p>Centred</p></div>',
        "With grid, a single declaration on the parent does the same job and reads even more clearly.",
        '<span class="x"></span> <br> <a href="/">home</a>',
        "Both work in every browser people still use, so pick the one that fits the rest of your layout.",
    ] * 2
    assert cleaner.detect_kind("\n".join(lines)) == "text"
    assert cleaner.detect_kind("<!doctype html><html><body><p>x</p></body></html>") == "html"
