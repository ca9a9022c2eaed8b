"""The text path's region finder: headlines and the URL's slug, repeating furniture shapes,
candidate regions scored as wholes, script-neutral measures."""

from __future__ import annotations

import cleaner
from cleaner import text as text_path
from cleaner.text import anchors, measure, patterns

PROSE = (
    "The committee met on Tuesday to discuss the proposal, which had been circulated to members "
    "some weeks before the meeting and which, according to the minutes, drew a long debate about "
    "the cost of the scheme and the time it would take to build. Several members said that they "
    "would support it only if the council could show that the money was there."
)


def test_slug_words_take_the_story_segment_without_ids():
    url = "https://battery-news.de/index.php/2022/12/06/ultium-cells-erhoeht-gigafactory-kapazitaet-in-tennessee/"
    assert anchors.slug_words(url) == ["ultium", "cells", "erhoeht", "gigafactory", "kapazitaet", "in", "tennessee"]
    assert anchors.slug_words("https://www.example.com/news/article-8772683/Chef-joins-war.html") == [
        "chef",
        "joins",
        "war",
    ]
    assert anchors.slug_words("https://example.com/") == []
    assert anchors.slug_words(None) == []


def test_slug_match_folds_accents_and_transliterations():
    slug = anchors.slug_words("https://x.de/ultium-cells-erhoeht-gigafactory-kapazitaet")
    assert anchors.slug_match("Ultium Cells erhöht Gigafactory-Kapazität in Tennessee", slug) == 1.0
    assert anchors.slug_match("Startseite", slug) == 0.0


def test_headline_lines_put_the_slug_match_first():
    blocks = text_path.split_blocks("Site name\nHome\nNews\nCouncil approves the bridge budget\n" + PROSE)
    heads = anchors.headline_lines(blocks, {}, "https://example.com/2024/council-approves-bridge-budget")
    assert heads[0] == 3


def test_the_story_under_its_headline_beats_a_longer_block_of_furniture():
    cookie = (
        "We use cookies on this website to remember your settings and to count visits, and some of them are set "
        "by the services of other companies that we use for maps, videos and the statistics of the site. "
    )
    dump = "\n".join(
        [
            "Home",
            "News",
            "Council approves the bridge budget",
            "By Jane Doe",
            PROSE,
            "Share",
            "Privacy settings",
            *(cookie * 2 for _ in range(4)),
        ]
    )
    article = cleaner.clean_text(dump, url="https://example.com/news/council-approves-bridge-budget")
    assert [b.text for b in article.blocks] == [PROSE]


def test_skeleton_blanks_names_and_numbers():
    assert patterns.skeleton("Comment by Mirko Lange — 17.07, 2011 @ 13:04") == patterns.skeleton(
        "Comment by Daniel — 18.07, 2011 @ 9:10"
    )


def test_threads_find_name_and_date_records():
    lines = ["Intro", PROSE]
    for n, name in enumerate(["Anna", "Bob Smith", "Carla", "Dieter"]):
        lines += [f"{name} 06.01.2020 um 9:1{n}", f"Ich finde das Bild sehr schön, danke {n}!", "Antworten"]
    spans = patterns.threads(text_path.split_blocks("\n".join(lines)))
    assert [(s.start, s.kind) for s in spans] == [(2, "thread")]


def test_threads_find_records_stamped_with_a_time_ago_in_several_languages():
    for ago in ("{n} hours ago", "vor {n} Stunden", "il y a {n} jours", "hace {n} días", "{n} giorni fa"):
        lines = ["Intro", PROSE]
        for n, name in enumerate(["Anna", "Bob Smith", "Carla", "Dieter"], start=2):
            lines += [f"{name} · {ago.format(n=n)}", f"Ich finde das Bild sehr schön, danke {n}!", "Antworten"]
        spans = patterns.threads(text_path.split_blocks("\n".join(lines)))
        assert [(s.start, s.kind) for s in spans] == [(2, "thread")], ago
    # a story's own "three years ago" inside its sentences stamps no record
    lines = ["Intro", *[PROSE.replace("Tuesday", f"{n} years ago") for n in range(2, 6)]]
    assert patterns.threads(text_path.split_blocks("\n".join(lines))) == []


def test_threads_leave_fact_boxes_and_numbered_sections_alone():
    lines = []
    for n in range(4):
        lines += [f"Date: June {n + 1}-11, 2026", "Location: Rio de Janeiro, Brazil", PROSE]
        lines += [f"1.{n + 1}. A numbered section", PROSE, f"9.{n}/10", "Best for speed"]
    assert patterns.threads(text_path.split_blocks("\n".join(lines))) == []


def test_comment_thread_after_the_article_is_cut_without_a_heading():
    comments = []
    for n in range(6):
        comments += [f"Reader{n} July {n + 3}, 2015 at 6:5{n} pm", PROSE.replace("committee", f"club {n}")]
    dump = "\n".join(["Home", "Council approves the budget", PROSE, PROSE.replace("Tuesday", "Monday"), *comments])
    body = [b.text for b in cleaner.clean_text(dump).blocks]
    assert body == [PROSE, PROSE.replace("Tuesday", "Monday")]


def test_a_long_comment_thread_under_a_short_story_is_cut_too():
    # twelve comments of a paragraph each outweigh the story's two; counted at their weight
    # as furniture, they leave the story the share that ends the region before them
    comments = []
    for n in range(12):
        comments += [f"Reader{n} July {n + 3}, 2015 at 6:{n + 10} pm", PROSE.replace("committee", f"club {n}")]
    dump = "\n".join(["Home", "Council approves the budget", PROSE, PROSE.replace("Tuesday", "Monday"), *comments])
    body = [b.text for b in cleaner.clean_text(dump).blocks]
    assert body == [PROSE, PROSE.replace("Tuesday", "Monday")]


def test_threads_find_forum_attributions_with_a_number_and_not_a_storys_quotes():
    lines = ["Intro", PROSE]
    for n, name in enumerate(["Ann", "bob_smith", "Carla-Marie", "Dieter"], start=2):
        lines += [
            f"Guaranteed jobs? (Score: {n})",
            f"by {name} ( {n}31177 ) writes:",
            PROSE.replace("Tuesday", str(n)),
        ]
    spans = patterns.threads(text_path.split_blocks("\n".join(lines)))
    assert [(s.start, s.kind) for s in spans] == [(3, "thread")]
    # a story quoting others ("Smith writes:" over each quote) holds no number in those lines
    lines = ["Intro", PROSE]
    for name in ("Ann Smith", "Bob Jones", "Carla Ruiz", "Dieter Kohl"):
        lines += [f"{name} writes:", PROSE]
    assert patterns.threads(text_path.split_blocks("\n".join(lines))) == []


def test_threads_find_replies_by_their_subject_line_whatever_the_subject():
    for prefix in ("Re:", "AW:", "Odp:"):
        lines = ["Intro", PROSE]
        for n, subject in enumerate(["Guaranteed jobs? (Score: 2)", "(Score: 3)", "What could go wrong?", "Hm"]):
            lines += [f"+ {prefix} {subject}", f"by someone ( {n} )", PROSE.replace("Tuesday", str(n))]
        spans = patterns.threads(text_path.split_blocks("\n".join(lines)))
        assert [(s.start, s.kind) for s in spans] == [(2, "thread")], prefix
    # a story's "Reading:" or "Region:" labels are no replies
    lines = ["Intro", PROSE]
    for label in ("Region: north", "Reading: ten minutes", "Regel: eins", "Reihe: zwei"):
        lines += [label, PROSE]
    assert patterns.threads(text_path.split_blocks("\n".join(lines))) == []


def test_units_count_unspaced_scripts_by_character():
    assert measure.units("three short words") == 3
    assert measure.units("武汉的声音有英勇的你") == 5  # ten Han characters, two to a word
    assert measure.units("Tokyo 東京都") == 1 + 1.5


def test_sentence_ends_and_truncation_marks_of_every_script():
    for line in ("It ended.", "终于结束了。", "本当に？", "هل انتهى؟", "यह खत्म हुआ।", "Il a dit « oui ! »"):
        assert measure.ends_sentence(line), line
    assert not measure.ends_sentence("A headline without an end")
    for line in ("The story goes that…", "Are you passionate about Custom...", "Er sagte, dass [...]", "Text … mehr"):
        assert measure.truncated(line), line
    assert not measure.truncated("A sentence that ends.")
    assert not measure.truncated("...")


CHINESE = """武汉的声音：有英勇的你，才有英雄的城！-新华网
客户端
搜索
频道
时政 地方 法治 高层 人事 理论 国际 军事 访谈 港澳
武汉的声音：有英勇的你，才有英雄的城！
2020-02-19 20:29:58 来源： 半月谈
关注新华网
在抗击新冠肺炎疫情的日子里，封在武汉的父母们总在想方设法，让孩子们在家里也能过得充实而快乐。
即便日常已改变了模样，但生活依然要继续，纵然已经很久没有出门，大家仍然互相鼓励，彼此守望。
2月17日，在武汉血液中心，工作人员正在进行血浆检测，他们说，只要大家齐心协力，就一定能过关。
正是有了英勇的你们，才有这座英雄的城！
【纠错】
责任编辑： 焦鹏
关注我们
新华社简介 公司官网 联系我们 我要链接 版权声明
"""


def test_chinese_dump_is_scored_by_characters():
    article = cleaner.clean_text(CHINESE)
    body = [b.text for b in article.blocks]
    assert body[0].startswith("在抗击新冠肺炎疫情的日子里")
    assert body[-1] == "正是有了英勇的你们，才有这座英雄的城！"
    assert not {"客户端", "关注新华网", "责任编辑： 焦鹏", "关注我们"} & set(body)


def test_word_tokens_split_unspaced_runs_into_bigrams():
    assert measure.word_tokens("武汉的声音 and more") == ["武汉", "汉的", "的声", "声音", "and", "more"]
    assert (
        measure.unspaced_score("客户端")
        < 0
        < measure.unspaced_score("在抗击新冠肺炎疫情的日子里，父母们总在想方设法。")
    )


def _contents_dump() -> str:
    names = ["Early years", "The first book", "Later life", "Legacy"]
    return "\n".join(
        ["Home", "News", "A life in letters", PROSE, "Contents", *names]
        + [line for name in names for line in (name, PROSE.replace("committee", name.lower()))]
        + ["Home", "News"]
    )


def test_contents_lines_are_the_items_whose_headings_recur_over_prose():
    from cleaner.text.contents import contents_lines

    blocks = text_path.split_blocks(_contents_dump())
    toc = contents_lines(blocks)
    assert [b.text for b in blocks if toc[b.position]] == ["Early years", "The first book", "Later life", "Legacy"]
    assert not toc[0] and not toc[1]  # the menu recurs, but over no prose


def test_a_bulleted_numbered_contents_list_matches_its_headings():
    from cleaner.text.contents import contents_lines

    names = ["Early years", "The first book", "Later life", "Legacy"]
    numbered = [f"  * {k}. {name}" for k, name in enumerate(names, 1)]  # how inscriptis prints an <ol>
    dump = "\n".join(
        ["Home", "A life in letters", PROSE, "Contents", *numbered]
        + [line for name in names for line in (name, PROSE.replace("committee", name.lower()))]
    )
    blocks = text_path.split_blocks(dump)
    toc = contents_lines(blocks)
    assert [b.text for b in blocks if toc[b.position]] == [f"{k}. {name}" for k, name in enumerate(names, 1)]


def test_menu_printed_twice_is_no_contents_list():
    from cleaner.text.contents import contents_lines

    menu = ["Home", "News", "Sport", "Weather"]
    blocks = text_path.split_blocks("\n".join([*menu, PROSE, PROSE.upper(), *menu]))
    assert not any(contents_lines(blocks))


def test_region_runs_from_the_intro_over_the_contents_list():
    article = cleaner.clean_text(_contents_dump())
    text = article.text
    assert "committee met" in text  # the intro above the contents list stays
    assert "legacy met" in text
    assert "Contents\nEarly years\nThe first book" not in text


DAYS = ("Tuesday", "Monday", "Friday")


def test_region_ends_at_a_related_list_heading_after_the_article():
    teasers = [f"Teaser headline number {n} about another story" for n in range(6)]
    dump = "\n".join(
        ["Home", "Council approves the budget", *(PROSE.replace("Tuesday", d) for d in DAYS), "More from Jane Doe"]
    )
    tail = (
        "The new library opened its doors to readers on Saturday, and the mayor said that the town had waited for it."
    )
    dump += "\n" + "\n".join([*teasers, tail])
    body = [b.text for b in cleaner.clean_text(dump).blocks]
    assert body == [PROSE.replace("Tuesday", d) for d in DAYS]


def test_related_list_heading_over_a_box_mid_article_does_not_end_it():
    box = ["More from Jane Doe", "Teaser headline about another story"]
    dump = "\n".join(
        [
            "Home",
            "Council approves the budget",
            PROSE,
            *box,
            *(PROSE.replace("Tuesday", d) for d in ("Monday", "Friday")),
        ]
    )
    body = [b.text for b in cleaner.clean_text(dump).blocks]
    assert PROSE.replace("Tuesday", "Friday") in body


def test_a_see_also_box_inside_the_article_is_crossed():
    box = ["See also", "Teaser headline about another story"]
    lede = "The council voted on Tuesday to approve the budget for the new bridge over the river."
    dump = "\n".join(["Home", "Council approves the budget", lede, *box, *(PROSE.replace("Tuesday", d) for d in DAYS)])
    body = [b.text for b in cleaner.clean_text(dump).blocks]
    assert body[0] == lede and "See also" not in body and body[-1] == PROSE.replace("Tuesday", "Friday")


def test_a_related_heading_over_teasers_is_not_crossed():
    teasers = ["First teaser headline", "It has a short description under it.", "Second teaser headline"]
    dump = "\n".join(
        ["Home", "Council approves the budget", *(PROSE.replace("Tuesday", d) for d in DAYS), "See also", *teasers]
    )
    body = [b.text for b in cleaner.clean_text(dump).blocks]
    assert body == [PROSE.replace("Tuesday", d) for d in DAYS]


def test_a_related_heading_over_cards_whose_standfirsts_score_as_prose_is_not_crossed():
    # each card: a category and a date, a title, a standfirst long enough to read as prose;
    # the first card's shape comes again under its standfirst, so the heading opens a list
    cards = []
    for n, (kind, title) in enumerate(
        [("COMPANIES", "Harmonic raises new funds"), ("FEATURES", "Klarna starts a programme")]
    ):
        standfirst = PROSE.replace("committee", title.split()[0]).replace("Tuesday", f"Dec {19 - n}")
        cards += [f"{kind} DEC {19 - n}, 2025", title, standfirst]
    dump = "\n".join(["Home", "Council approves the budget", *STORY, "Related Insights", *cards])
    assert [b.text for b in cleaner.clean_text(dump).blocks] == STORY


def test_many_box_headings_stay_linear():
    dump = "\n".join([PROSE, *(["See also", "x", PROSE] * 20000)])
    assert cleaner.clean_text(dump).blocks


def test_a_most_read_box_of_teaser_titles_and_authors_inside_the_article_is_crossed():
    box = [
        "Most Read",
        "Inside the White House, Doubts About the Bridge Are Beginning to Creep In",
        "Jane Doe, John Roe",
        "How the River Town Went From Building Bridges to Closing Them",
        "Mary Major",
        "Budget Talks",
    ]
    first = [PROSE.replace("Tuesday", d) for d in ("Monday", "Tuesday")]
    rest = [PROSE.replace("Tuesday", d) for d in ("Thursday", "Friday")]
    dump = "\n".join(["Home", "Council approves the budget", *first, *box, *rest])
    body = [b.text for b in cleaner.clean_text(dump).blocks]
    assert body[:2] == first and body[-2:] == rest and "Most Read" not in body


def test_table_rows_are_runs_of_lines_ending_in_measured_numbers():
    rows = ["1/1/2013 +13.1%", "2/1/2013 -1.0%", "New Jersey 87.8", "San Jose, CA 84.7", "2 Kellogg 3 38% 729"]
    address = ["Main Street 14", "26899 Springfield", "Tel.: +49 4964 95816-120", "Fax: +49 4964 95816-29"]
    share_bar = ["Share 0", "Tweet 0", "Pin it 0", "Share 0", "Email 0"]
    blocks = text_path.split_blocks("\n".join([*rows, PROSE, *address, *share_bar]))
    flags = patterns.table_rows(blocks)
    assert flags[:5] == [True] * 5 and not any(flags[5:])


def test_table_rows_may_end_in_numbers_with_units():
    rows = [
        "Celery 80g (around 3 sticks) 160g 320g",
        "Garlic 6 cloves 12 cloves 16 cloves",
        "Semi-skimmed milk 2 pints 4 pints 8 pints",
        "Measured Body Diameter 47.0 mm 51.0 mm 44.0 mm",
        "Green beans 80g 160g 320g",
    ]
    words = ["Posted 5h", "Reply", "Like 2", "Posted 9h", "Share"]  # one number with a unit is no row
    blocks = text_path.split_blocks("\n".join([*rows, PROSE, *words]))
    flags = patterns.table_rows(blocks)
    assert flags[:5] == [True] * 5 and not any(flags[5:])


def test_quantity_lists_are_table_rows_but_ranked_lists_are_not():
    ingredients = [
        "1 Pck. Vanillepuddingpulver",
        "350 g Zucker",
        "500 ml Milch",
        "4 EL Milch",
        "1/2 cup sugar",
        "2 eggs",
    ]
    ranked = [
        "1 Freddie Mercury",
        "2 Ronnie James Dio",
        "3 Robert Plant",
        "4 Bruce Dickinson",
        "5 Klaus Meine",
        "6 Axl Rose",
    ]
    blocks = text_path.split_blocks("\n".join([*ingredients, PROSE, *ranked]))
    flags = patterns.table_rows(blocks)
    assert flags[:6] == [True] * 6 and not any(flags[6:])


def test_region_runs_over_an_ingredient_list_between_the_intro_and_the_method():
    intro = PROSE.replace("Tuesday", "Monday")
    ingredients = [
        "200 g flour",
        "100 g butter",
        "2 eggs",
        "1 tsp baking powder",
        "250 ml milk",
        "50 g sugar",
        "1 pinch salt",
        "3 apples",
        "1 lemon",
        "20 g almonds",
        "100 ml cream",
        "1 tbsp honey",
        "2 tbsp jam",
        "1/2 tsp cinnamon",
        "4 cloves",
        "50 g raisins",
        "200 g quark",
        "30 g cocoa",
        "1 vanilla pod",
        "80 g oats",
    ]
    method = [PROSE.replace("Tuesday", d) for d in ("Thursday", "Friday")]
    dump = "\n".join(["Home", "Recipes", "Shop", intro, "Ingredients", *ingredients, "Method", *method, "About us"])
    body = [b.text for b in cleaner.clean_text(dump).blocks]
    assert body[0] == intro and ingredients[3] in body and body[-2:] == method and "About us" not in body


def test_region_runs_over_a_data_table_between_paragraphs_of_the_story():
    rows = [f"{m}/1/2024 +{m}.5%" for m in range(1, 13)]
    first = [PROSE.replace("Tuesday", d) for d in ("Monday", "Tuesday")]
    rest = [PROSE.replace("Tuesday", d) for d in ("Thursday", "Friday")]
    dump = "\n".join(["Home", "Council approves the budget", *first, "Date Change in price", *rows, *rest, "About us"])
    body = [b.text for b in cleaner.clean_text(dump).blocks]
    assert body[:2] == first and body[-2:] == rest and rows[5] in body and "About us" not in body


# --- a paragraph about the author closes the story ------------------------------------------

#: a bio the rule author-bio (a stop line wherever it stands) does not name: a first name alone
BIO = "Emma is Lead Writer at the Daily Post, covering transport and local politics since 2019."
BIO_DE = "Georg Kasch, Jahrgang 1979, ist Redakteur von nachtkritik.de und schreibt über Theater und Musik."
STORY = [PROSE.replace("Tuesday", d) for d in DAYS]


def _region_body(lines: list[str]) -> list[str]:
    return [b.text for b in cleaner.clean_text("\n".join(lines)).blocks]


def test_the_region_ends_before_the_authors_bio_and_its_name_line():
    body = _region_body(["Home", "Council approves the budget", *STORY, "Emma Doe", "Lead Writer", BIO])
    assert body == STORY


def test_a_german_bio_ends_the_region_too():
    assert _region_body(["Startseite", "Der Rat stimmt zu", *STORY, "Georg Kasch", BIO_DE]) == STORY


def test_a_bio_followed_by_more_story_stays():
    later = [PROSE.replace("Tuesday", d) for d in ("Monday", "Thursday")]
    body = _region_body(["Home", "Council approves the budget", *STORY, BIO, *later])
    assert BIO in body and body[-1] == later[-1]


def test_a_bio_followed_by_a_stop_line_ends_the_region_even_before_more_prose():
    body = _region_body(["Home", "Council approves the budget", *STORY, BIO, "See full bio", *STORY[:2]])
    assert body == STORY


def test_a_line_of_bio_shape_opening_the_story_stays():
    assert BIO in _region_body(["Home", "Council approves the budget", BIO, *STORY])


def test_a_bio_shape_starting_with_a_stopword_is_no_bio():
    closing = "Here is a reporter's notebook from the meeting, with the figures the council gave to the press."
    lines = [*STORY, closing]
    stopwords = frozenset({"here", "is", "a", "the"})
    rules = cleaner.load_rules(None)
    blocks = text_path.split_blocks("\n".join(lines))
    from cleaner.text import region

    cand = region.Candidate(0, len(blocks))
    assert region.closing_lines(blocks, rules, stopwords, cand) == []
    bio_blocks = text_path.split_blocks("\n".join([*STORY, BIO]))
    assert region.closing_lines(bio_blocks, rules, stopwords, region.Candidate(0, len(bio_blocks))) == [3]


def test_cut_at_closing_line_takes_the_lines_of_no_score_over_the_bio():
    from cleaner.text.region import cut_at_closing_line

    scores = [3.0, 3.0, 3.0, 3.0, -0.2, -0.1, 1.5, 0.5]
    assert cut_at_closing_line(scores, [6], set(), 0, 8) == (0, 4)
    assert cut_at_closing_line(scores, [1], set(), 0, 8) == (0, 8)  # too early: the story follows


# --- a company's "About" blurb closes the story -----------------------------------------------

BLURB = "Acme Corp is a maker of bridges and tunnels, with offices in twelve countries and 4,000 staff."


def test_the_region_ends_before_an_about_company_heading_and_its_blurb():
    body = _region_body(["Home", "Council approves the budget", *STORY, "About Acme Corp", BLURB])
    assert body == STORY


def test_an_about_heading_is_a_closing_line_though_its_first_word_is_a_stopword():
    from cleaner.text import region

    blocks = text_path.split_blocks("\n".join([*STORY, "About Acme Corp", BLURB]))
    stopwords = frozenset({"about", "is", "a", "the"})
    rules = cleaner.load_rules(None)
    assert region.closing_lines(blocks, rules, stopwords, region.Candidate(0, len(blocks))) == [len(STORY)]


def test_an_about_heading_followed_by_more_story_stays():
    later = [PROSE.replace("Tuesday", d) for d in ("Monday", "Thursday")]
    body = _region_body(["Home", "Council approves the budget", *STORY, "About Acme Corp", BLURB, *later])
    assert "About Acme Corp" in body and body[-1] == later[-1]


# --- a form's notes go, and a comment form's consent line ends the region -------------------


def test_form_notes_are_dropped_without_ending_the_region():
    note = "This field is for validation purposes and should be left unchanged."
    body = _region_body(["Home", "Council approves the budget", *STORY[:2], "Enter your email *", note, *STORY[2:]])
    assert note not in body and body[0] == STORY[0] and body[-1] == STORY[-1]


def test_a_comment_forms_consent_line_ends_the_region():
    consent = "Save my name, email, and website in this browser for the next time I comment."
    reader = "I have lived in this town for forty years and I have never seen the council agree on anything so fast."
    body = _region_body(
        ["Home", "Council approves the budget", *STORY, consent, reader, reader.replace("forty", "fifty")]
    )
    assert body == STORY


# --- a caption ending in its photo credit goes, the region goes on ----------------------------


def test_a_caption_ending_in_its_credit_is_dropped_without_ending_the_region():
    caption = "Das Hermelin ist im Winter mit seinem weißen Fell gut getarnt. (mlharing / iStock.com)"
    credit = "Puerto de Montevideo. Foto: Archivo El País."
    body = _region_body(["Home", "Council approves the budget", *STORY[:2], caption, *STORY[2:], credit, *STORY[:1]])
    assert caption not in body and credit not in body
    assert body[0] == STORY[0] and body[-1] == STORY[0] and STORY[-1] in body


def test_a_sentence_that_names_an_agency_is_no_credit():
    quote = '"I have been drawing people whose profiles I like," the artist told AFP.'
    body = _region_body(["Home", "Council approves the budget", *STORY[:2], quote, *STORY[2:]])
    assert quote in body


# --- read-also links in other languages, comment-thread headings -------------------------------


def test_read_also_link_lines_in_other_languages_are_dropped_inside_the_story():
    links = ["Lea también: Impiden ingreso a reportero y camarógrafo", "Lesen Sie hier: Spielabbruch in der Kreisliga"]
    body = _region_body(
        ["Home", "Council approves the budget", *STORY[:2], links[0], *STORY[2:3], links[1], *STORY[3:]]
    )
    assert body == STORY


def test_a_wordpress_thread_heading_ends_the_region():
    reader = "Ich wohne seit vierzig Jahren in dieser Stadt und habe den Rat noch nie so schnell einig gesehen."
    thread = "11 Antworten zu “Der Rat stimmt zu”"
    body = _region_body(
        ["Startseite", "Der Rat stimmt zu", *STORY, thread, reader, reader.replace("vierzig", "fünfzig")]
    )
    assert body == STORY


# --- the standfirst a share bar parts from the body joins the region ---------------------------

LEAD = (
    "The council has approved the budget for the new bridge over the river, and the work on it is to "
    "start in the spring, the mayor said on Thursday after a vote that ran late into the night."
)
SLUG_URL = "https://example.com/news/council-approves-the-budget"


def test_the_standfirst_over_a_share_bar_joins_the_region_and_the_bar_goes():
    lines = ["Home", "News", "Council approves the budget", "01.12.2022", LEAD, "Share", "Tweet", "Email", *STORY]
    article = cleaner.clean_text("\n".join(lines), url=SLUG_URL)
    assert [b.text for b in article.blocks] == [LEAD, *STORY]


def test_a_paragraph_over_a_share_bar_with_no_headline_above_stays_out():
    menu = "Home News Sport Weather Culture Travel Money Opinion Video Podcasts Contact Search".split()
    article = cleaner.clean_text("\n".join([*menu, LEAD, "Share", "Tweet", "Email", *STORY]), url=SLUG_URL)
    body = [b.text for b in article.blocks]
    assert LEAD not in body and body[0] == STORY[0]


STORY = [PROSE.replace("Tuesday", d) for d in DAYS]
CARD_TITLES = ("Best tents of the year", "How to pack a rucksack", "Ten trails near the city", "A stove for every trip")


def _cards(titles: tuple[str, ...] = CARD_TITLES) -> list[str]:
    """Teaser cards printing their headline twice (image link, title link), then a standfirst."""
    out = []
    for t in titles:
        out += [t, t, f"Our guide to {t.lower()} with the picks we tested on the trail this season."]
    return out


def test_a_teaser_run_of_echoed_headlines_that_closes_the_story_is_cut():
    dump = "\n".join(["Council approves the budget", *STORY, "More guides", *_cards()])
    body = [b.text for b in cleaner.clean_text(dump).blocks]
    assert body == STORY


def test_a_list_inside_the_story_with_story_after_it_is_kept():
    more = [PROSE.replace("Tuesday", d) for d in ("Sunday", "Saturday", "Thursday")]
    dump = "\n".join(["Council approves the budget", *STORY, *_cards(), *more])
    text = cleaner.clean_text(dump).text
    assert "Sunday" in text and "Thursday" in text and "Tuesday" in text


def test_an_echoed_headline_is_a_teaser_mark_only_next_to_its_echo():
    twin = text_path.twins(
        blocks := text_path.split_blocks("\n".join(["Best tents of the year", "Best tents of the year", "x y z"]))
    )
    assert patterns.teaser_twins(blocks, twin)[:2] == [True, True]
    apart = text_path.split_blocks(
        "\n".join(["From The Daily Paper", "A quoted sentence here", "From The Daily Paper"])
    )
    assert not any(patterns.teaser_twins(apart, text_path.twins(apart)))


def test_rows_that_differ_in_their_numbers_are_no_shortened_twins():
    rows = [
        "Rest 5 miles (s) 5-6 miles (s-m) Rest 9 miles (s)",
        "Rest 6 miles (s) 9 miles (m) Rest 6-7 miles (s) 16-19 (s)",
    ]
    assert not patterns._shortened(rows[0], rows[1])
    assert patterns._shortened("Council approves the budget", "Council approves the budget for the new library")


def test_a_cut_off_paragraph_longer_than_a_standfirst_is_no_teaser_mark():
    long_cut = " ".join(PROSE.split()[:60]) + " …"
    short_cut = "The mayor said the library would open in the spring …"
    teasers = [short_cut.replace("library", place) for place in ("library", "pool", "museum", "school")]
    blocks = text_path.split_blocks("\n".join([long_cut, *teasers]))
    spans = patterns.teasers(blocks, text_path.twins(blocks))
    assert measure.truncated(long_cut) and measure.truncated(short_cut)
    assert [(s.start, s.end) for s in spans] == [(1, 5)]  # the teasers, not the story's cut-off paragraph


def test_an_author_box_of_a_name_over_a_bio_opening_with_it_closes_the_story():
    bio = "Karina Cohen is the owner of a local cleaning company and has run it with her team for ten years."
    dump = "\n".join(["Council approves the budget", *STORY, "Karina Cohen", bio, "Search for:"])
    body = [b.text for b in cleaner.clean_text(dump).blocks]
    assert body == STORY
    assert text_path.region.name_echo("Karina Cohen", bio)
    assert not text_path.region.name_echo(
        "The results", "The results were clear to all of us who had followed the work."
    )
    assert not text_path.region.name_echo("Karina Cohen", "Karina Cohen said no.")


def test_a_bio_over_a_related_list_heading_closes_the_story_whatever_follows():
    bio = "James Roe is a film enthusiast and lover of all things words, and has written for the agency since 2019."
    story = [*STORY, *(p.replace("committee", "board") for p in STORY)]
    faq = [PROSE.replace("committee", "reader").replace("Tuesday", d) for d in ("May", "June", "July")]
    dump = "\n".join(
        ["Council approves the budget", *story, "James Roe", "SEO Copywriter", bio, "More from our blog:", "SEO", *faq]
    )
    assert [b.text for b in cleaner.clean_text(dump).blocks] == story


def test_a_bio_may_open_with_the_authors_name_in_the_possessive():
    bio = "Isabella Tabacchi’s lens captures the essence of the places she visits, and her work has been shown widely."
    dump = "\n".join(["Council approves the budget", *STORY, "Isabella Tabacchi", bio, "Search for:"])
    assert [b.text for b in cleaner.clean_text(dump).blocks] == STORY
    assert text_path.region.name_echo("Isabella Tabacchi", bio)


def test_an_author_box_with_the_authors_title_between_name_and_bio_closes_the_story():
    bio = "James Roe is a film enthusiast and lover of all things words, and has written for the agency since 2019."
    dump = "\n".join(["Council approves the budget", *STORY, "James Roe", "SEO Copywriter", bio, "Search for:"])
    assert [b.text for b in cleaner.clean_text(dump).blocks] == STORY
    # a sentence between the name and the paragraph is no title: the paragraph is no bio under the name
    said = "James Roe said the council had made its choice."
    dump = "\n".join(["Council approves the budget", *STORY, "James Roe", said, bio])
    assert bio in [b.text for b in cleaner.clean_text(dump).blocks]


def test_under_a_title_line_a_bio_may_open_with_the_first_name_or_a_title_or_name_the_author_further_in():
    for name, bio in (
        (
            "Emmet White",
            "Emmet is a New York transplant who has covered cars and the people who drive them since 2015.",
        ),
        (
            "Charles Patterson",
            "Dr. Charles Patterson is a physician with a long career in the army and in private practice.",
        ),
        (
            "Emmet White",
            "A New York transplant hailing from the Pacific Northwest, Emmet White has a passion for cars and trucks.",
        ),
    ):
        dump = "\n".join(["Council approves the budget", *STORY, name, "Associate Editor", bio, "Search for:"])
        assert [b.text for b in cleaner.clean_text(dump).blocks] == STORY, name
    # no title line: a heading over a paragraph opening with its first word is the story's own,
    # and so is a list item's name over a paragraph that names it further in
    item = (
        "Known locally as the Creek, the Cypress Creek trail started as a bandit trail and has grown every year since."
    )
    dump = "\n".join(["Council approves the budget", *STORY, "Cypress Creek", item])
    assert item in [b.text for b in cleaner.clean_text(dump).blocks]
    section = "Digital health tools continue to spread, and the council wants to know which of them work for its staff."
    dump = "\n".join(["Council approves the budget", *STORY, "Digital Tools", section])
    assert section in [b.text for b in cleaner.clean_text(dump).blocks]


def test_a_bio_of_a_quarter_of_the_regions_score_still_closes_it():
    bio = [
        "Karina Cohen is the owner of a local cleaning company and has run it with her team for ten years.",
        "Karina holds a degree in business from the state university and a certificate in management, "
        "and she serves on the board of two charities in the city where she was born and raised.",
    ]
    dump = "\n".join(["Council approves the budget", *STORY, "Karina Cohen", *bio, "Search for:"])
    assert [b.text for b in cleaner.clean_text(dump).blocks] == STORY


CITATIONS = [
    "Doe J, Roe R. (2016). The impacts of dietary change on land use. Journal of Food 12(3): 45-67.",
    "https://pmc.ncbi.nlm.nih.gov/articles/PMC5094759/",
    "Lee A, et al. (2021). A look at plant-based diets. Nutrients 13: 1-20.",
    "Smith P. Exercise and mood. London: Academic Press; 2019.",
]


def test_a_references_heading_over_citations_ends_the_region():
    for heading in ("References", "Literaturverzeichnis", "Références"):
        dump = "\n".join(["Council approves the budget", *STORY, heading, *CITATIONS])
        body = [b.text for b in cleaner.clean_text(dump).blocks]
        assert body == STORY, heading


def test_a_footnotes_heading_over_notes_that_link_back_ends_the_region():
    notes = [f"{n}. {PROSE.replace('Tuesday', d)} ↩" for n, d in enumerate(("Sunday", "Saturday", "Monday"), start=1)]
    dump = "\n".join(["Council approves the budget", *STORY, "Footnotes", *notes])
    assert [b.text for b in cleaner.clean_text(dump).blocks] == STORY


def test_a_references_heading_over_no_citations_does_not_end_the_region():
    advice = [PROSE.replace("Tuesday", d) for d in ("Sunday", "Saturday")]
    dump = "\n".join(["Council approves the budget", *STORY, "References", *advice])
    text = cleaner.clean_text(dump).text
    assert "Sunday" in text and "Saturday" in text


def test_a_references_heading_is_dropped_nowhere_else():
    rules = cleaner.load_rules()
    assert rules.match_text("References") is None  # the HTML path keeps the heading
    assert rules.match_closing("References").id == "references-heading"


# --- a paragraph printed again and again is template text -----------------------------------------

TOOLTIP = (
    "Note: these rules are minimum rules, and each region may set longer ageing times for its wines "
    "than the ones the national law requires for the quality levels named here."
)


def test_template_copies_count_the_copies_of_long_lines_printed_four_times_or_more():
    from cleaner.text.lines import template_copies

    dump = "\n".join([PROSE, PROSE, PROSE, *(TOOLTIP for _ in range(4)), *("Add to cart" for _ in range(4))])
    copies = template_copies(text_path.split_blocks(dump))
    # the tooltip (four copies) is template text; a paragraph printed three times (a dump of a
    # desktop and a mobile layout and more) is not, nor a short line (that is `repeated`'s)
    assert copies == [1, 1, 1, 4, 4, 4, 4, 1, 1, 1, 1]


def test_a_tooltip_in_every_product_card_does_not_outweigh_the_story_above_the_listing():
    story = [PROSE.replace("Tuesday", d) for d in ("Monday", "Tuesday")]
    cards = [
        line
        for n in range(8)
        for line in (f"201{n} Estate red wine no. {n}", "Origin:", "Rioja, Spain", TOOLTIP, "Add to cart")
    ]
    dump = "\n".join(["Home", "Wines", "Rioja, Spain", *story, "Showing wines 1 to 8", *cards, "Imprint"])
    body = [b.text for b in cleaner.clean_text(dump, url="https://shop.example/wine/spain/rioja/").blocks]
    assert body == story


# --- a run that swallowed the furniture above its headline -------------------------------------

EVENTS = [  # an events box's entries, cut short as such boxes print them
    "17/11 Book launch: a talk with the author of the new book on the (...)",
    "Bar - the old theatre, place of the (...)",
    "18/11 An evening of debate about climate justice and the strategies (...)",
    "Large hall of the community house, 50 (...)",
    "23/11 General assembly of the local group on Tuesday evening (...)",
]


def test_the_story_under_its_headline_inside_a_run_leaves_the_events_box_above_it():
    story = [PROSE, PROSE.replace("Tuesday", "Monday")]
    menu = ["News", "Press releases", "Videos", "In the media", "Podcasts", "Shop", "Home >", "In the media"]
    head = ["Privatisation serves private interests", "June 2019, by the press office"]
    dump = "\n".join(["Upcoming events", *EVENTS, *menu, *head, *story, "Legal notice"])
    url = "https://example.org/media/article/privatisation-serves-private-interests"
    body = [b.text for b in cleaner.clean_text(dump, url=url).blocks]
    assert body == story


def test_a_headline_echoed_inside_the_story_that_opens_under_it_does_not_split_it():
    story = [PROSE.replace("Tuesday", d) for d in ("Monday", "Tuesday", "Friday", "Sunday")]
    head = "Council approves the bridge budget"
    dump = "\n".join(["Home", "News", head, "By Jane Doe", story[0], head, *story[1:], "Legal notice"])
    body = [
        b.text for b in cleaner.clean_text(dump, url="https://example.com/news/council-approves-bridge-budget").blocks
    ]
    assert body[0] == story[0] and body[-1] == story[-1]


# --- a contents list whose last sections hold no prose in the dump ---------------------------------


def _ranking_dump() -> tuple[list[str], str]:
    told = ["Ada Lovelace", "Grace Hopper", "Alan Turing", "Edsger Dijkstra"]
    untold = [f"Pioneer number {n}" for n in range(5, 25)]
    intro = [PROSE.replace("committee", "jury")]
    lines = ["Home", "News", "The pioneers of computing", *intro, "Contents", *told, *untold]
    lines += [line for name in told for line in (name, name, PROSE.replace("committee", name))]
    lines += [line for name in untold for line in (name, name)]
    return intro, "\n".join([*lines, "Was this article helpful?", "Home", "News"])


def test_contents_items_whose_sections_hold_no_prose_go_on_the_list():
    from cleaner.text.contents import contents_lines

    _, dump = _ranking_dump()
    blocks = text_path.split_blocks(dump)
    toc = contents_lines(blocks)
    listed = [b.text for b in blocks if toc[b.position]]
    assert listed[:4] == ["Ada Lovelace", "Grace Hopper", "Alan Turing", "Edsger Dijkstra"]
    assert listed[-1] == "Pioneer number 24" and len(listed) == 24


def test_region_runs_from_the_intro_over_a_contents_list_with_untold_sections():
    intro, dump = _ranking_dump()
    text = cleaner.clean_text(dump).text
    assert intro[0] in text and "Edsger Dijkstra met" in text


def test_a_feedback_prompt_under_the_story_ends_it():
    thanks = "Thanks for your feedback! We read every answer and use them to make our guides better each week."
    for prompt in ("Was this article helpful?", "War dieser Artikel hilfreich?", "Discussion about this post"):
        dump = "\n".join(
            ["Council approves the budget", *STORY, prompt, "Yes No", thanks, thanks.replace("week", "month")]
        )
        assert [b.text for b in cleaner.clean_text(dump).blocks] == STORY, prompt


def test_the_authors_hello_under_the_story_closes_it():
    hello = (
        "Hi, I’m Jessica! Welcome to The Organized Mama, where organizing is made doable and totally over-the-top fun."
    )
    dump = "\n".join(["Council approves the budget", *STORY, hello, "Search for:"])
    assert [b.text for b in cleaner.clean_text(dump).blocks] == STORY


def test_a_run_opening_with_a_tagline_over_the_headline_is_also_a_candidate_under_it():
    from cleaner.text.region import Candidate, candidates

    # line 1: the site's tagline (scores a little), line 2: the headline, 3-5: the story
    scores = [-1.0, 0.2, -0.1, 3.0, 1.0, 0.8, -2.0]
    found = candidates(scores, [2])
    assert Candidate(1, 6) in found  # the run itself
    assert Candidate(3, 6, 2, topic_start=2) in found  # and the story under its headline
    assert candidates([-1.0, 0.2, 0.9, 3.0, 1.0, -2.0], [2]) == [Candidate(1, 5)]  # a "headline" scoring as prose
    assert Candidate(3, 4, 2, topic_start=2) not in candidates([-1.0, 0.2, -0.1, 3.0, -2.0], [2])  # one line under it


def test_the_pages_own_headline_inside_a_run_opens_a_candidate_under_teasers_that_score_as_prose():
    from cleaner.text.region import Candidate, candidates, inner_headline

    # lines 0-2: a sidebar's teaser standfirsts (score as prose), 3-5: menu, 6: the headline, 7-9: story
    scores = [1.5, 1.2, 1.4, -0.3, -0.2, -0.4, -0.1, 3.0, 2.5, 2.8]
    assert inner_headline(scores, [6], 0, 10) is None  # any headline: the prose above keeps the run
    assert inner_headline(scores, [6], 0, 10, frozenset({6})) == 6  # the page's own headline again
    assert Candidate(7, 10, 6, topic_start=6) in candidates(scores, [6], frozenset({6}))
    assert Candidate(7, 10, 6, topic_start=6) not in candidates(scores, [6])


def test_a_standfirst_is_bridged_over_a_share_bar_and_a_long_byline():
    # the byline names the writer's titles and employers: longer than a share button, but a
    # line a rule names as furniture whatever its length
    standfirst = (
        "Setting the right price can make or break a small bridge builder, so how do you stack up against "
        "the six thousand others in the country, and what is a fair price to pay for a crossing?"
    )
    dump = "\n".join(
        [
            "Home",
            "News",
            "Council approves the bridge budget",
            standfirst,
            "Tweet",
            "by Jane Doe , Senior Director, Content & Marketing, Example Media and Example Institute",
            *(PROSE.replace("committee", body) for body in ("committee", "board", "panel", "council")),
            "Home",
            "Privacy",
        ]
    )
    article = cleaner.clean_text(dump, url="https://example.com/news/council-approves-bridge-budget")
    assert [b.text for b in article.blocks][:2] == [standfirst, PROSE]


def test_a_dump_without_its_page_title_takes_the_slugs_headline_as_title():
    # inscriptis prints no <title>: the first line is the site's menu, and the headline the
    # URL's slug names stands over the story
    dump = "\n".join(
        ["Home", "News", "Sport", "Council approves the bridge budget", PROSE, PROSE.replace("committee", "board")]
    )
    url = "https://example.com/news/council-approves-bridge-budget"
    article = cleaner.clean_text(dump, url=url)
    assert article.title == "Council approves the bridge budget"
    assert article.blocks[0].text == PROSE
    # no slug, no headline to tell: the title stays unknown
    assert cleaner.clean_text(dump).title is None


def test_a_standfirst_sharing_the_slugs_words_is_no_title():
    standfirst = "The council approves the bridge budget. But what does that mean for the people who cross the river?"
    dump = "\n".join(["Home", "News", "Sport", standfirst, PROSE, PROSE.replace("committee", "board")])
    article = cleaner.clean_text(dump, url="https://example.com/news/council-approves-bridge-budget")
    assert article.title is None
    assert article.blocks[0].text == standfirst


def test_the_title_leaves_out_the_site_name_the_urls_host_names():
    dump = "\n".join(["Council approves the bridge budget | Example News", "Home", "News", PROSE, PROSE])
    url = "https://www.examplenews.com/news/council-approves-bridge-budget"
    article = cleaner.clean_text(dump, url=url)
    assert article.title == "Council approves the bridge budget"
    assert cleaner.clean_text(dump).title == "Council approves the bridge budget | Example News"  # no host to tell
    # a suffix that names no site stays: "Part 2" is the headline's own
    assert cleaner.clean_text(dump.replace("| Example News", "- Part 2"), url=url).title.endswith("Part 2")


def test_the_title_leaves_out_a_breadcrumb_trail_before_the_headline():
    dump = "\n".join(["Example Times » Politics » Council approves the bridge budget", "Home", "News", PROSE, PROSE])
    assert cleaner.clean_text(dump).title == "Council approves the bridge budget"
    # one separator is no trail, and a guillemet quote inside a headline stays
    dump = "\n".join(["Er sagte » nein « zur Brücke", "Home", PROSE, PROSE])
    assert cleaner.clean_text(dump).title == "Er sagte » nein « zur Brücke"
