"""Block heuristics shared by the HTML and text paths.

A small pipeline of pure functions over the :class:`~cleaner.model.Block` list, in the
spirit of jusText's ``core.py``: every threshold is a named module constant.

- :func:`language_stopwords` picks the stopword list that fits the page best;
- :func:`block_features` measures one block; :func:`block_score` turns that into a
  score (positive: article-like, negative: boilerplate-like);
- :func:`apply_text_rules` drops blocks that a text rule names;
- :func:`drop_duplicates` drops runs of blocks that repeat earlier ones (an article output twice);
- :func:`drop_title` and :func:`drop_byline` drop the headline and byline the Article's
  metadata already holds, :func:`drop_author_bio` a closing bio of that author;
- :func:`trim_edges` cuts boilerplate-looking runs at the start and end of an extraction.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from .model import Block, Removed
from .rules import RuleSet

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
#: a block with at least this share of stopwords reads like prose
STOPWORD_PROSE = 0.30
#: ... and below this share like a list of names, a headline or furniture
STOPWORD_LOW = 0.15
#: a block with more than this share of its characters inside links is link furniture
LINK_DENSITY_HIGH = 0.5
#: words that make a block "long" (scored on its own, without context)
LONG_WORDS = 25
#: words that make a block "short" (judged by its neighbours)
SHORT_WORDS = 8
#: a run of repeated blocks is a duplicated article part from this many blocks ...
DUPLICATE_RUN_BLOCKS = 2
#: ... and this many words
DUPLICATE_RUN_WORDS = 30

_WORD = re.compile(r"\w+", re.UNICODE)
_TERMINAL = re.compile(r"""[.!?…:;"'”’»)\]]\s*$""")
_HAS_DIGIT = re.compile(r"\b\w*\d\w*\b", re.UNICODE)
_NUMBER = re.compile(r"\b\d+\b")
_CURRENCY = re.compile(r"[£$€¥₹]|\b(usd|eur|gbp)\b", re.I)


@cache
def _stoplist(language: str) -> frozenset[str]:
    import justext  # shipped as a dependency of trafilatura

    try:
        return frozenset(w.lower() for w in justext.get_stoplist(language))
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


def language_stopwords(texts: list[str], sample_words: int = 2000, quick_words: int = 400) -> frozenset[str]:
    """The stopword list (of :data:`LANGUAGES`) that covers the most words of ``texts``.

    The common case is settled on the first ``quick_words`` words: English when at least
    ``ENGLISH_SHARE`` of them are English stopwords. Otherwise ``sample_words`` words are
    read and every list is tried.
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
    best, best_share = english, -1.0
    for language in LANGUAGES:
        stop = _stoplist(language)
        share = _share(stop, words)
        if share > best_share:
            best, best_share = stop, share
    return best


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
    """Measure one block."""
    tokens = _WORD.findall(block.text)
    n = len(tokens)
    if n == 0:
        return Features(0, 0.0, block.link_density, False, 0.0, 0.0, False)
    stop = sum(map(stopwords.__contains__, _WORD.findall(block.text.lower())))
    digits = len(_HAS_DIGIT.findall(block.text))
    pure_numbers = len(_NUMBER.findall(block.text))
    alpha = n - pure_numbers
    capitals = sum(map(str.isupper, [t[0] for t in tokens]))
    return Features(
        words=n,
        stopword_share=stop / n,
        link_density=block.link_density,
        terminal_punct=bool(_TERMINAL.search(block.text)),
        capital_share=capitals / alpha if alpha else 0.0,
        digit_share=digits / n,
        currency=bool(_CURRENCY.search(block.text)),
    )


def block_score(f: Features, kind: str = "paragraph") -> float:
    """Score a block on its own: about +1 for prose, about -1 for furniture, 0 when unsure."""
    if f.words == 0:
        return -1.0
    score = 0.0
    # prose has stopwords; furniture (names, headlines, menus) has few
    score += min(f.stopword_share, 0.5) * 2 - 0.5  # -0.5 .. +0.5
    score += min(f.words, 60) / 60 * 0.6  #  0 .. +0.6
    score += 0.25 if f.terminal_punct else -0.2
    score -= f.link_density * 1.2
    if f.capital_share > 0.6 and f.words > 3:
        score -= 0.3
    if f.digit_share > 0.3:
        score -= 0.2
    if f.currency and f.words < 20:
        score -= 0.2
    if kind == "heading":
        score = max(score, -0.1) if f.link_density < LINK_DENSITY_HIGH else score
    return max(-1.0, min(1.0, score))


def apply_text_rules(blocks: list[Block], rules: RuleSet) -> tuple[list[Block], list[Removed]]:
    """Drop blocks that a text rule matches (each rule only cuts blocks up to its ``max_words``)."""
    kept: list[Block] = []
    removed: list[Removed] = []
    for block in blocks:
        rule = rules.match_text(block.text)
        if rule is None:
            kept.append(block)
        else:
            removed.append(Removed(text=block.text, reason=f"rule:{rule.id}", kind=block.kind))
    return kept, removed


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _words(blocks: list[Block]) -> int:
    return sum(len(b.text.split()) for b in blocks)


def drop_duplicates(blocks: list[Block]) -> tuple[list[Block], list[Removed]]:
    """Drop runs of blocks that repeat earlier blocks: the article (or a part of it) output twice.

    A run is a maximal sequence of consecutive blocks each of which appeared earlier. It
    is dropped when it holds at least ``DUPLICATE_RUN_BLOCKS`` blocks and
    ``DUPLICATE_RUN_WORDS`` words, or when it starts right after its own twin; a lone
    repeated line inside varied text ("Warm up: 10 minutes easy jogging" in every week
    of a training plan) is content, not a copy.
    """
    seen: set[str] = set()
    repeated: list[bool] = []
    for block in blocks:
        key = _norm(block.text)
        repeated.append(bool(key) and key in seen)
        seen.add(key)
    drop = [False] * len(blocks)
    i = 0
    while i < len(blocks):
        if not repeated[i]:
            i += 1
            continue
        j = i
        while j < len(blocks) and repeated[j]:
            j += 1
        words = _words(blocks[i:j])
        echo = _norm(blocks[i].text) == _norm(blocks[i - 1].text)  # a block right after its twin
        if (j - i >= DUPLICATE_RUN_BLOCKS and words >= DUPLICATE_RUN_WORDS) or echo:
            drop[i:j] = [True] * (j - i)
        i = j
    kept = [b for b, d in zip(blocks, drop) if not d]
    removed = [Removed(text=b.text, reason="heuristic:duplicate", kind=b.kind) for b, d in zip(blocks, drop) if d]
    return kept, removed


#: the title is looked for among this many leading blocks
TITLE_SEARCH_BLOCKS = 3


def _same_title(text: str, title: str) -> bool:
    a, b = _norm(text), _norm(title)
    if not a or not b:
        return False
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    return longer.startswith(shorter) and len(shorter) >= 0.7 * len(longer)


def drop_title(blocks: list[Block], *titles: str | None) -> tuple[list[Block], list[Removed]]:
    """Drop the headline from the body when it repeats the article's title (which
    :attr:`Article.title` already holds) or the page's displayed headline: one of the
    first ``TITLE_SEARCH_BLOCKS`` blocks."""
    given = tuple(t for t in titles if t)
    if not given:
        return blocks, []
    for i, block in enumerate(blocks[:TITLE_SEARCH_BLOCKS]):
        if block.kind in ("heading", "paragraph") and any(_same_title(block.text, t) for t in given):
            removed = Removed(text=block.text, reason="heuristic:title", kind=block.kind)
            return blocks[:i] + blocks[i + 1 :], [removed]
    return blocks, []


#: bylines are looked for among this many blocks at each end
BYLINE_SEARCH_BLOCKS = 3
_BY = re.compile(r"^(by|written by|words by|author)\s*:?\s+", re.I)


def drop_byline(blocks: list[Block], author: str | None) -> tuple[list[Block], list[Removed]]:
    """Drop a block at either end of the body that only names the author ("By Jane Doe"):
    :attr:`Article.author` holds it."""
    if not author or not blocks:
        return blocks, []
    names = {_norm(a) for a in re.split(r"[,;]| and ", author) if a.strip()} | {_norm(author)}
    ends = set(range(min(BYLINE_SEARCH_BLOCKS, len(blocks)))) | set(
        range(max(0, len(blocks) - BYLINE_SEARCH_BLOCKS), len(blocks))
    )
    drop = {i for i in ends if _norm(_BY.sub("", blocks[i].text)) in names}
    if not drop or len(drop) == len(blocks):
        return blocks, []
    removed = [Removed(text=blocks[i].text, reason="heuristic:byline", kind=blocks[i].kind) for i in sorted(drop)]
    return [b for i, b in enumerate(blocks) if i not in drop], removed


#: an author bio is looked for among this many closing blocks ...
BIO_SEARCH_BLOCKS = 3
#: ... and is at most this many words
BIO_MAX_WORDS = 150
_BIO_VERB = re.compile(
    r"^(is|was|has|had|writes|covers|joined|serves|leads|holds|brings|specializes|specialises|"
    r"loves|lives|spent|worked|works|began|started|graduated|earned|helps|oversees|reports)\b"
)


def drop_author_bio(blocks: list[Block], author: str | None) -> tuple[list[Block], list[Removed]]:
    """Drop a closing paragraph that introduces the article's author ("Jane Doe is a
    freelance writer who…"): a bio, not the article. The block must open with the
    author's name (or "About" and the name) followed by a verb of biography."""
    if not author or len(blocks) < 2:
        return blocks, []
    names = {_norm(a) for a in re.split(r"[,;&]| and ", author) if len(a.split()) >= 2}
    drop = set()
    for i in range(max(1, len(blocks) - BIO_SEARCH_BLOCKS), len(blocks)):
        block = blocks[i]
        if block.kind != "paragraph" or len(block.text.split()) > BIO_MAX_WORDS:
            continue
        text = _norm(block.text)
        text = text[6:] if text.startswith("about ") else text
        for name in names:
            if text.startswith(name + " ") and _BIO_VERB.match(text[len(name) + 1 :]):
                drop.add(i)
    if not drop:
        return blocks, []
    removed = [Removed(text=blocks[i].text, reason="heuristic:author-bio", kind=blocks[i].kind) for i in sorted(drop)]
    return [b for i, b in enumerate(blocks) if i not in drop], removed


#: a closing section is looked for among this many closing blocks
CLOSING_SECTION_BLOCKS = 10
#: rules whose block, among the closing blocks, opens a section that runs to the end: an
#: author box, a list of other articles
CLOSING_SECTION_RULES = frozenset({"author-box", "related-list-heading"})


def cut_closing_section(blocks: list[Block], rules: RuleSet) -> tuple[list[Block], list[Removed]]:
    """Cut a closing author box or list of other articles: from a block that a
    :data:`CLOSING_SECTION_RULES` rule names (a bare "Written by" or "About the Reviewer"
    heading, "You may also be interested in the following articles:") among the last
    ``CLOSING_SECTION_BLOCKS`` blocks, to the end, when the text before it is the longer
    part. What follows such a heading is the bio and the box's buttons, or the teasers,
    not the article."""
    longest = max((r.max_words for r in rules.text_rules if r.id in CLOSING_SECTION_RULES), default=0)
    for i in range(max(1, len(blocks) - CLOSING_SECTION_BLOCKS), len(blocks)):
        if len(blocks[i].text.split()) > longest:
            continue  # longer than any closing heading: the common case, no pattern runs
        rule = rules.match_text(blocks[i].text)
        if rule is not None and rule.id in CLOSING_SECTION_RULES and _words(blocks[:i]) > _words(blocks[i:]):
            removed = [Removed(text=b.text, reason=f"heuristic:{rule.id}", kind=b.kind) for b in blocks[i:]]
            return blocks[:i], removed
    return blocks, []


def score_blocks(blocks: list[Block], stopwords: frozenset[str]) -> list[float]:
    """Scores of every block, in order."""
    return [block_score(block_features(b, stopwords), b.kind) for b in blocks]


#: an edge block scoring below this is cut by :func:`trim_edges`
EDGE_CUT = -0.35


def trim_edges(blocks: list[Block], score: Callable[[Block], float]) -> tuple[list[Block], list[Removed]]:
    """Cut boilerplate-looking blocks off the start and end of an extraction.

    Walks in from each end and cuts blocks that ``score`` puts below ``EDGE_CUT`` until
    the first block that it does not (a heading stops the walk from the start); never
    cuts everything. Only the blocks walked over are scored.
    """
    removed: list[Removed] = []
    start, end = 0, len(blocks)
    while start < end and blocks[start].kind != "heading":
        s = score(blocks[start])
        if s >= EDGE_CUT:
            break
        removed.append(
            Removed(text=blocks[start].text, reason="heuristic:edge", kind=blocks[start].kind, score=round(s, 3))
        )
        start += 1
    tail: list[Removed] = []
    while end > start:
        s = score(blocks[end - 1])
        if s >= EDGE_CUT:
            break
        tail.append(
            Removed(text=blocks[end - 1].text, reason="heuristic:edge", kind=blocks[end - 1].kind, score=round(s, 3))
        )
        end -= 1
    if start >= end:
        return blocks, []
    return blocks[start:end], removed + tail[::-1]
