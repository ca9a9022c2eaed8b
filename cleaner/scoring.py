"""The block scorer shared by the HTML and text paths: measure a block, score it.

In the spirit of jusText's ``core.py``: every threshold and weight is a named module
constant, and the constants are the defaults of the parameters that use them.

- :func:`language_stopwords` picks the stopword list that fits the page best;
- :func:`block_features` measures one block; :func:`block_score` turns that into a
  score (positive: article-like, negative: boilerplate-like), weighted by
  :class:`ScoreWeights`;
- :func:`score_blocks` scores a list of blocks.

The block passes that use these scores are in :mod:`cleaner.heuristics` (HTML) and
:mod:`cleaner.text` (text dumps).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from .model import Block
from .units import ends_sentence, text_units, unspaced_chars

#: languages whose stopword lists are tried (jusText's lists)
LANGUAGES = (
    "English",
    "German",
    "French",
    "Spanish",
    "Italian",
    "Portuguese",
    "Dutch",
    "Swedish",
    "Danish",
    "Norwegian_Bokmal",
    "Finnish",
    "Polish",
    "Czech",
    "Hungarian",
    "Romanian",
    "Russian",
    "Greek",
    "Turkish",
    "Croatian",
    "Slovak",
    "Slovenian",
    "Catalan",
    "Ukrainian",
    "Bulgarian",
)
#: a page whose sampled words are at least this share English stopwords is taken as English
#: without trying the other lists
ENGLISH_SHARE = 0.25
#: a block with more than this share of its characters inside links is link furniture
LINK_DENSITY_HIGH = 0.5
#: words that make a block "short" (judged by its neighbours)
SHORT_WORDS = 8

# --- the weights of block_score (the defaults of ScoreWeights) ---------------------------
#: the stopword share counts up to this cap ...
STOPWORD_SHARE_CAP = 0.5
#: ... times this weight ...
STOPWORD_WEIGHT = 2.0
#: ... less this offset: -0.5 for a block without stopwords, +0.5 from half stopwords up
STOPWORD_OFFSET = 0.5
#: length counts up to this many words ...
LENGTH_CAP_WORDS = 60
#: ... for at most this much
LENGTH_WEIGHT = 0.6
#: a block ending like a sentence gains this ...
TERMINAL_BONUS = 0.25
#: ... and one that does not loses this
NO_TERMINAL_PENALTY = 0.2
#: each unit of link density (share of the text inside links) costs this much
LINK_WEIGHT = 1.2
#: a block of more than CAPITALS_MIN_WORDS words with more than this share of capitalised
#: words (a list of names, a headline in title case) ...
CAPITALS_SHARE = 0.6
CAPITALS_MIN_WORDS = 3
#: ... loses this
CAPITALS_PENALTY = 0.3
#: a block with more than this share of words holding digits (dates, prices, scores) ...
DIGIT_SHARE = 0.3
#: ... loses this
DIGIT_PENALTY = 0.2
#: a block of fewer than this many words naming a currency (a price tag, a deal) ...
CURRENCY_MAX_WORDS = 20
#: ... loses this
CURRENCY_PENALTY = 0.2
#: a heading that is not link furniture scores at least this (a sub-heading is no boilerplate sign)
HEADING_FLOOR = -0.1

_WORD = re.compile(r"\w+", re.UNICODE)
#: a block ends like a sentence: punctuation, or a closing quote or bracket of any language
#: (German and Czech close with “ and ‘, French and Danish quotes may end with «, CJK with
#: 」 』 ） 】); :func:`cleaner.units.ends_sentence` adds the sentence marks of other scripts
_TERMINAL = re.compile(r"""[.!?…:;"'”’»“‘«)\]」』）】]\s*$""")
_HAS_DIGIT = re.compile(r"\b\w*\d\w*\b", re.UNICODE)
_NUMBER = re.compile(r"\b\d+\b")
_CURRENCY = re.compile(r"[£$€¥₹]|\b(usd|eur|gbp)\b", re.I)


@cache
def _stoplist(language: str) -> frozenset[str]:
    import justext  # shipped as a dependency of trafilatura

    try:
        return justext.get_stoplist(language)  # a frozenset of lower-cased words
    except (ValueError, OSError):
        return frozenset()


def _sample_words(texts: list[str], size: int) -> list[str]:
    words: list[str] = []
    for text in texts:
        words.extend(_WORD.findall(text.lower()))
        if len(words) >= size:
            break
    return words


def _share(stopwords: frozenset[str], words: list[str]) -> float:
    return sum(map(stopwords.__contains__, words)) / len(words)


#: a best list of :data:`LANGUAGES` covering less than this share of the sample is not the
#: page's language: every list jusText ships (about 100) is tried
LANGUAGE_FIT_SHARE = 0.15
#: a best list covering less than this share is no list at all (a language jusText has no
#: list for): no stopwords, and the block scorer leaves the stopword signal out
STOPLIST_MIN_SHARE = 0.05
#: a sample of which this share of the characters are of unspaced scripts (Chinese,
#: Japanese, Thai) has no words to look up: no list is tried
UNSPACED_SAMPLE_SHARE = 0.3
#: the stopword share a block is given when the page has no stopword list: the neutral
#: point of :func:`block_score` (its stopword term is 0 there)
NEUTRAL_STOPWORD_SHARE = 0.25


@cache
def _all_stoplists() -> tuple[frozenset[str], ...]:
    """Every stoplist jusText ships (about 100), loaded once per process and only for a
    page none of :data:`LANGUAGES` fits."""
    import justext

    return tuple(_stoplist(name) for name in sorted(justext.get_stoplists()))


def _best_of_all(words: list[str]) -> tuple[frozenset[str], float]:
    """The jusText stoplist, of all of them, that covers most of ``words``, and its share
    (one set intersection a list, over the sample's distinct words)."""
    counts = Counter(words)
    distinct = counts.keys()
    best: frozenset[str] = frozenset()
    best_hits = 0
    for stop in _all_stoplists():
        hits = sum(counts[w] for w in stop.intersection(distinct))
        if hits > best_hits:
            best, best_hits = stop, hits
    return best, best_hits / len(words)


#: words read to settle the common case (English) ...
QUICK_WORDS = 400
#: ... and to try every language otherwise
SAMPLE_WORDS = 2000


def language_stopwords(
    texts: list[str], sample_words: int = SAMPLE_WORDS, quick_words: int = QUICK_WORDS
) -> frozenset[str]:
    """The stopword list (of :data:`LANGUAGES`) that covers the most words of ``texts``.

    The common case is settled on the first ``quick_words`` words: English when at least
    ``ENGLISH_SHARE`` of them are English stopwords. Otherwise ``sample_words`` words are
    read and every list is tried; when none covers ``LANGUAGE_FIT_SHARE``, every list
    jusText ships is tried, and when still none covers ``STOPLIST_MIN_SHARE`` the page has
    no stopword list (an empty set, also for a sample mostly in unspaced scripts:
    :func:`block_features` then scores stopwords as neutral).
    """
    english = _stoplist("English")
    words = _sample_words(texts, quick_words)
    if not words:
        return english
    if _share(english, words) >= ENGLISH_SHARE:
        return english
    words = _sample_words(texts, sample_words)
    if _share(english, words) >= ENGLISH_SHARE:
        return english
    if sum(map(unspaced_chars, words)) >= UNSPACED_SAMPLE_SHARE * sum(map(len, words)):
        return frozenset()
    best, best_share = english, -1.0
    for language in LANGUAGES:
        stop = _stoplist(language)
        share = _share(stop, words)
        if share > best_share:
            best, best_share = stop, share
    if best_share < LANGUAGE_FIT_SHARE:
        other, other_share = _best_of_all(words)
        if other_share > best_share:
            best, best_share = other, other_share
    return best if best_share >= STOPLIST_MIN_SHARE else frozenset()


@dataclass(frozen=True)
class Features:
    """What the scorer knows of one block."""

    words: int
    stopword_share: float
    link_density: float
    terminal_punct: bool
    capital_share: float
    digit_share: float
    currency: bool


def block_features(block: Block, stopwords: frozenset[str]) -> Features:
    """Measure one block, in any script.

    ``words`` are word units (:func:`~cleaner.units.text_units`: a CJK paragraph counts by
    its characters, not as one ``\\w+`` token); with no stopword list (``stopwords``
    empty) the stopword share is ``NEUTRAL_STOPWORD_SHARE``; sentence punctuation of
    every script ends a sentence."""
    tokens = _WORD.findall(block.text)
    n = len(tokens)
    if n == 0:
        return Features(0, 0.0, block.link_density, False, 0.0, 0.0, False)
    units = n if block.text.isascii() else max(n, text_units(block.text))
    if stopwords:
        stop_share = sum(map(stopwords.__contains__, _WORD.findall(block.text.lower()))) / n
    else:
        stop_share = NEUTRAL_STOPWORD_SHARE
    digits = len(_HAS_DIGIT.findall(block.text))
    pure_numbers = len(_NUMBER.findall(block.text))
    alpha = n - pure_numbers
    capitals = sum(map(str.isupper, [t[0] for t in tokens]))
    return Features(
        words=units,
        stopword_share=stop_share,
        link_density=block.link_density,
        terminal_punct=bool(_TERMINAL.search(block.text)) or ends_sentence(block.text),
        capital_share=capitals / alpha if alpha else 0.0,
        digit_share=digits / n,
        currency=bool(_CURRENCY.search(block.text)),
    )


@dataclass(frozen=True)
class ScoreWeights:
    """The weights of :func:`block_score`; the defaults are the module constants above."""

    stopword_share_cap: float = STOPWORD_SHARE_CAP
    stopword_weight: float = STOPWORD_WEIGHT
    stopword_offset: float = STOPWORD_OFFSET
    length_cap_words: int = LENGTH_CAP_WORDS
    length_weight: float = LENGTH_WEIGHT
    terminal_bonus: float = TERMINAL_BONUS
    no_terminal_penalty: float = NO_TERMINAL_PENALTY
    link_weight: float = LINK_WEIGHT
    capitals_share: float = CAPITALS_SHARE
    capitals_min_words: int = CAPITALS_MIN_WORDS
    capitals_penalty: float = CAPITALS_PENALTY
    digit_share: float = DIGIT_SHARE
    digit_penalty: float = DIGIT_PENALTY
    currency_max_words: int = CURRENCY_MAX_WORDS
    currency_penalty: float = CURRENCY_PENALTY
    heading_floor: float = HEADING_FLOOR
    link_density_high: float = LINK_DENSITY_HIGH


DEFAULT_WEIGHTS = ScoreWeights()


def block_score(f: Features, kind: str = "paragraph", weights: ScoreWeights = DEFAULT_WEIGHTS) -> float:
    """Score a block on its own: about +1 for prose, about -1 for furniture, 0 when unsure.

    Prose has stopwords (furniture, names, headlines and menus have few), length, and
    sentence ends; link density, title-case runs, digits and prices count against it.
    """
    w = weights
    if f.words == 0:
        return -1.0
    score = 0.0
    score += min(f.stopword_share, w.stopword_share_cap) * w.stopword_weight - w.stopword_offset
    score += min(f.words, w.length_cap_words) / w.length_cap_words * w.length_weight
    score += w.terminal_bonus if f.terminal_punct else -w.no_terminal_penalty
    score -= f.link_density * w.link_weight
    if f.capital_share > w.capitals_share and f.words > w.capitals_min_words:
        score -= w.capitals_penalty
    if f.digit_share > w.digit_share:
        score -= w.digit_penalty
    if f.currency and f.words < w.currency_max_words:
        score -= w.currency_penalty
    if kind == "heading":
        score = max(score, w.heading_floor) if f.link_density < w.link_density_high else score
    return max(-1.0, min(1.0, score))


def score_blocks(blocks: list[Block], stopwords: frozenset[str]) -> list[float]:
    """Scores of every block, in order."""
    return [block_score(block_features(b, stopwords), b.kind) for b in blocks]
