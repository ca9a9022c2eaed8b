"""Scores of cleaner.metrics on small, hand-computed cases."""

from collections import Counter

import pytest

from cleaner import metrics
from cleaner.metrics import PageScore


def test_tokens_keep_case_and_split_on_non_word():
    assert metrics.tokens("Don't stop—at 3.5 km/h!") == ["Don", "t", "stop", "at", "3", "5", "km", "h"]
    assert metrics.tokens("") == []


def test_shingles_are_four_token_windows():
    assert metrics.shingles("a b c d e f") == Counter(
        {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1, ("c", "d", "e", "f"): 1}
    )


def test_shingles_count_repeats():
    # a b a b a b a: windows abab, baba, abab, baba
    assert metrics.shingles("a b a b a b a") == Counter({("a", "b", "a", "b"): 2, ("b", "a", "b", "a"): 2})


@pytest.mark.parametrize(
    ("text", "expected"), [("", Counter()), ("one", Counter({("one",): 1})), ("x y z", Counter({("x", "y", "z"): 1}))]
)
def test_fewer_than_four_tokens_make_one_short_shingle(text, expected):
    assert metrics.shingles(text) == expected


def test_windows():
    assert metrics.windows(0) == []
    assert metrics.windows(2) == [(0, 2)]
    assert metrics.windows(5) == [(0, 4), (1, 5)]


def test_score_page_counts_a_multiset():
    # truth has abcd once, prediction twice: one match, one extra
    score = metrics.score_page("a b c d . a b c d", "a b c d")
    # prediction windows: abcd, bcda, cdab, dabc, abcd -> 5; truth: abcd -> 1
    assert (score.tp, score.fp, score.fn) == (1, 4, 0)
    assert score.precision == pytest.approx(0.2)
    assert score.recall == 1.0


def test_score_page_partial_overlap():
    score = metrics.score_page("a b c d e", "b c d e f")
    # pred: abcd, bcde; truth: bcde, cdef
    assert (score.tp, score.fp, score.fn) == (1, 1, 1)
    assert score.f1 == pytest.approx(0.5)


def test_empty_prediction_has_no_precision():
    score = metrics.score_page("", "a b c d e")
    assert score.precision is None and score.recall == 0.0 and score.f1 == 0.0


def test_both_empty_is_a_perfect_page():
    score = metrics.score_page("", "")
    assert score.precision is None and score.recall is None and score.f1 == 1.0


def test_summarize_leaves_empty_prediction_out_of_precision():
    scores = [PageScore(tp=3, fp=1, fn=0, word_f1=1.0), PageScore(tp=0, fp=0, fn=5, word_f1=0.0)]
    summary = metrics.summarize(scores)
    assert summary.precision == pytest.approx(0.75)  # only the first page
    assert summary.recall == pytest.approx(0.5)  # (1 + 0) / 2
    assert summary.pages == 2


def test_summarize_leaves_empty_truth_out_of_recall():
    scores = [PageScore(tp=1, fp=1, fn=1, word_f1=0.5), PageScore(tp=0, fp=4, fn=0, word_f1=0.0)]
    summary = metrics.summarize(scores)
    assert summary.recall == pytest.approx(0.5)  # only the first page
    assert summary.precision == pytest.approx(0.25)  # (0.5 + 0) / 2


def test_f1_comes_from_the_averages_not_from_averaged_page_f1():
    scores = [PageScore(tp=1, fp=0, fn=3, word_f1=0.0), PageScore(tp=1, fp=3, fn=0, word_f1=0.0)]
    summary = metrics.summarize(scores)
    # P = (1 + 0.25) / 2 = 0.625, R = (0.25 + 1) / 2 = 0.625 -> F1 0.625; mean page F1 would be 0.4
    assert summary.precision == summary.recall == pytest.approx(0.625)
    assert summary.f1 == pytest.approx(0.625)
    assert sum(s.f1 for s in scores) / 2 == pytest.approx(0.4)


def test_summarize_nothing():
    assert metrics.summarize([]) == metrics.Summary(0.0, 0.0, 0.0, 0.0, 0)


def test_word_f1_lowercases_and_counts_bags():
    # pred bag {the: 2, cat: 1}, truth {the: 1, cat: 1, sat: 1}: common 2, P 2/3, R 2/3
    assert metrics.word_f1("The the cat", "the Cat sat") == pytest.approx(2 / 3)
    assert metrics.word_f1("", "") == 1.0
    assert metrics.word_f1("", "words") == 0.0
    assert metrics.word_f1("dog", "cat") == 0.0


def test_word_f1_ignores_order():
    assert metrics.word_f1("sat cat the", "the cat sat") == 1.0


def test_snippet_rates_normalise_whitespace():
    text = "The  quick\nbrown fox\u00a0jumps."
    found, total, kept, total_without = metrics.snippet_rates(
        text, ["quick brown", "fox jumps", "lazy dog", "  "], ["The quick", "Share this"]
    )
    assert (found, total) == (2, 3)  # blank snippets do not count
    assert (kept, total_without) == (1, 2)


def test_snippet_rates_keep_case():
    assert metrics.snippet_rates("Quick Brown", ["quick brown"], []) == (0, 1, 0, 0)


def test_unmatched_passages_find_inserted_and_missing_text():
    truth = "one two three four five six seven eight"
    pred = "Menu Home one two three four NEWSLETTER SIGNUP five six seven eight"
    wrong = metrics.unmatched_passages(pred, truth)
    assert [p.text for p in wrong] == ["Menu Home", "NEWSLETTER SIGNUP"]  # equal length: in text order
    assert [p.tokens for p in wrong] == [2, 2]
    assert metrics.unmatched_passages(truth, pred) == []


def test_unmatched_passages_longest_first_and_as_written():
    truth = "alpha beta gamma delta. Epsilon, zeta eta theta iota! kappa lambda mu nu"
    pred = "alpha beta gamma delta kappa lambda mu nu"
    missed = metrics.unmatched_passages(truth, pred)
    assert [p.text for p in missed] == ["Epsilon, zeta eta theta iota"]
    assert metrics.unmatched_passages("", truth) == []
    assert [p.tokens for p in metrics.unmatched_passages(truth, "")] == [13]


def test_unmatched_passages_count_repeats():
    # the truth has the sentence once; the second copy in the prediction is extra
    sentence = "we keep this sentence here"
    wrong = metrics.unmatched_passages(f"{sentence} and {sentence}", sentence)
    assert [p.text for p in wrong] == ["and we keep this sentence here"]


def test_score_page_takes_a_precomputed_truth_profile():
    truth = "The Cat sat on the mat, and the cat slept."
    pred = "the cat sat on the mat"
    assert metrics.score_page(pred, metrics.Profile.of(truth)) == metrics.score_page(pred, truth)
    assert metrics.Profile.of(truth).words["cat"] == 2


def test_split_snippets_normalises_whitespace_and_skips_blank_ones():
    found, absent = metrics.split_snippets("The  quick\nbrown fox", ["quick\u00a0brown", "lazy  dog", " "])
    assert (found, absent) == (["quick brown"], ["lazy dog"])


def test_snippets_of_a_page():
    counts = metrics.Snippets.of("the quick brown fox. Share this", ["quick brown", "lazy dog"], ["Share this", "Menu"])
    assert counts == metrics.Snippets(tp=1, fn=1, fp=1, tn=1)
    assert counts.total == 4


def test_snippet_figures_are_micro_averaged():
    # page one: 3 with found, 1 without kept; page two: 1 with found, 2 missed, 0 kept
    pages = [metrics.Snippets(tp=3, fn=0, fp=1, tn=2), metrics.Snippets(tp=1, fn=2, fp=0, tn=3)]
    total = sum(pages, metrics.Snippets())
    assert total == metrics.Snippets(tp=4, fn=2, fp=1, tn=5)
    assert total.precision == pytest.approx(4 / 5)
    assert total.recall == pytest.approx(4 / 6)
    p, r = 4 / 5, 4 / 6
    assert total.f1 == pytest.approx(2 * p * r / (p + r))
    # not the mean of the pages' precisions ((0.75 + 1) / 2)
    assert total.precision != pytest.approx(0.875)


def test_snippet_figures_at_the_edges():
    nothing_found = metrics.Snippets(fn=3, tn=3)
    assert nothing_found.precision is None and nothing_found.recall == 0.0 and nothing_found.f1 == 0.0
    nothing_to_score = metrics.Snippets(tn=3)
    assert nothing_to_score.recall is None and nothing_to_score.f1 is None and nothing_to_score.page_f1 == 1.0
    only_wrong = metrics.Snippets(fp=2)
    assert only_wrong.precision == 0.0 and only_wrong.f1 == 0.0 and only_wrong.page_f1 == 0.0


def test_has_words():
    assert metrics.has_words("  a ") and not metrics.has_words(" …  ") and not metrics.has_words("")
