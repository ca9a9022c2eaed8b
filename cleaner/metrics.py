"""Extraction scores: shingle precision/recall/F1 and word F1 (see ``shared/devset/README.md``).

Shingles (the ScrapingHub article-extraction-benchmark method): tokens are ``\\w+``
matches with case kept; shingles are 4-token windows counted as a multiset. Per page,
tp / fp / fn are matched / extra / missing shingles; precision and recall are averaged
over pages (a page with tp+fp = 0 is left out of precision, one with tp+fn = 0 out of
recall) and F1 is computed from the two averages.

Word F1 (WCXB): bag of lower-cased ``\\w+`` words, F1 per page, averaged.

Snippets (trafilatura's method, :class:`Snippets`): ``with`` snippets found are true
positives, missed ones false negatives; ``without`` snippets found are false positives;
precision, recall and F1 are micro-averaged over all snippets of a source.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+", re.UNICODE)
SHINGLE = 4


def tokens(text: str) -> list[str]:
    """The ``\\w+`` tokens of ``text``, case kept."""
    return _TOKEN.findall(text or "")


def windows(count: int, n: int = SHINGLE) -> list[tuple[int, int]]:
    """Token ranges ``[start, end)`` of the shingles of a ``count``-token text.

    As in the ScrapingHub benchmark, a text with fewer than ``n`` tokens (but at least
    one) has a single, shorter shingle; an empty text has none."""
    if count <= 0:
        return []
    return [(i, min(i + n, count)) for i in range(max(1, count - n + 1))]


def shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """The multiset of ``n``-token windows of ``text`` (one shorter window if it has fewer tokens)."""
    return _shingles_of(tokens(text), n)


def _shingles_of(toks: list[str], n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """:func:`shingles` of a token list (the same windows as :func:`windows`, built fast)."""
    if len(toks) < n:
        return Counter([tuple(toks)] if toks else [])
    return Counter(zip(*(toks[i:] for i in range(n))))


@dataclass(frozen=True)
class Profile:
    """What scoring needs of one text: its shingles and its bag of lower-cased words.

    Make the truth's once per page (:meth:`of`) when several predictions are scored on it."""

    shingles: Counter[tuple[str, ...]]
    words: Counter[str]

    @classmethod
    def of(cls, text: str) -> Profile:
        toks = tokens(text)
        return cls(_shingles_of(toks), Counter(map(str.lower, toks)))


class _Rates:
    """Precision and recall of true / false positive and false negative counts ``tp``, ``fp``, ``fn``."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float | None:
        """tp / (tp + fp); None when nothing was predicted (found)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        """tp / (tp + fn); None when there is nothing to find."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


@dataclass(frozen=True)
class PageScore(_Rates):
    """tp / fp / fn shingle counts of one page, and its word F1."""

    tp: int
    fp: int
    fn: int
    word_f1: float

    @property
    def f1(self) -> float:
        """Per-page F1 (for ranking pages; the headline F1 comes from averaged P and R).

        1.0 when both texts are empty, 0.0 when only one is."""
        if not self.tp + self.fp + self.fn:
            return 1.0
        p, r = self.precision or 0.0, self.recall or 0.0
        return 2 * p * r / (p + r) if p + r else 0.0


def word_f1(predicted: str, truth: str) -> float:
    """F1 of the bags of lower-cased words (1.0 when both are empty)."""
    return _bag_f1(Profile.of(predicted).words, Profile.of(truth).words)


def _bag_f1(pred: Counter[str], gold: Counter[str]) -> float:
    if not pred and not gold:
        return 1.0
    common = sum((pred & gold).values())
    if not common:
        return 0.0
    p, r = common / sum(pred.values()), common / sum(gold.values())
    return 2 * p * r / (p + r)


def score_page(predicted: str, truth: str | Profile) -> PageScore:
    """Score one extraction against its ground truth (its text, or its :class:`Profile`)."""
    pred = Profile.of(predicted)
    gold = truth if isinstance(truth, Profile) else Profile.of(truth)
    tp = sum((pred.shingles & gold.shingles).values())
    return PageScore(
        tp=tp,
        fp=sum(pred.shingles.values()) - tp,
        fn=sum(gold.shingles.values()) - tp,
        word_f1=_bag_f1(pred.words, gold.words),
    )


@dataclass(frozen=True)
class Summary:
    """Averages over pages, as the devset README defines them."""

    precision: float
    recall: float
    f1: float
    word_f1: float
    pages: int


def summarize(scores: Iterable[PageScore]) -> Summary:
    """Average page scores: P over pages with a prediction, R over pages with a truth,
    F1 from those two averages (not the mean of per-page F1), word F1 over all pages."""
    scores = list(scores)
    precisions = [s.precision for s in scores if s.precision is not None]
    recalls = [s.recall for s in scores if s.recall is not None]
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    wf = sum(s.word_f1 for s in scores) / len(scores) if scores else 0.0
    return Summary(precision=p, recall=r, f1=f1, word_f1=wf, pages=len(scores))


def _norm_ws(text: str) -> str:
    return " ".join(text.split())


def split_snippets(predicted: str, snippets: Iterable[str]) -> tuple[list[str], list[str]]:
    """(the snippets ``predicted`` holds, those it lacks), whitespace-normalised on both sides
    (case kept); blank snippets are left out."""
    text = _norm_ws(predicted)
    found: list[str] = []
    absent: list[str] = []
    for snippet in (_norm_ws(s) for s in snippets if s and s.strip()):
        (found if snippet in text else absent).append(snippet)
    return found, absent


def snippet_rates(predicted: str, with_: Iterable[str], without: Iterable[str]) -> tuple[int, int, int, int]:
    """(found, of with-snippets, wrongly kept, of without-snippets) for one page."""
    found, missed = split_snippets(predicted, with_)
    kept, absent = split_snippets(predicted, without)
    return len(found), len(found) + len(missed), len(kept), len(kept) + len(absent)


def has_words(text: str) -> bool:
    """Whether ``text`` holds at least one ``\\w+`` token."""
    return _TOKEN.search(text or "") is not None


@dataclass(frozen=True)
class Snippets(_Rates):
    """Snippet counts of one page or of many added up (trafilatura's method): a ``with``
    snippet found is a true positive (``tp``), missed a false negative (``fn``); a
    ``without`` snippet found is a false positive (``fp``), absent a true negative (``tn``).

    Added up over a source's pages (``sum(pages, Snippets())``) the properties are the
    micro-averaged figures the devset README defines."""

    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0

    @classmethod
    def of(cls, predicted: str, with_: Iterable[str], without: Iterable[str]) -> Snippets:
        """Score ``predicted`` against one page's snippets (see :func:`snippet_rates`)."""
        found, with_total, kept, without_total = snippet_rates(predicted, with_, without)
        return cls(found, with_total - found, kept, without_total - kept)

    def __add__(self, other: Snippets) -> Snippets:
        return Snippets(self.tp + other.tp, self.fn + other.fn, self.fp + other.fp, self.tn + other.tn)

    @property
    def total(self) -> int:
        """How many snippets there are (with and without)."""
        return self.tp + self.fn + self.fp + self.tn

    @property
    def f1(self) -> float | None:
        """2PR / (P + R), as 2tp / (2tp + fp + fn): 0.0 when nothing right was found, None
        when there is nothing to score (no ``with`` snippet and no ``without`` one found)."""
        wrong = self.fp + self.fn
        return 2 * self.tp / (2 * self.tp + wrong) if self.tp or wrong else None

    @property
    def page_f1(self) -> float:
        """:attr:`f1` as a page's score: 1.0 where there is nothing to score."""
        f1 = self.f1
        return 1.0 if f1 is None else f1


@dataclass(frozen=True)
class Passage:
    """A stretch of one text that the other text does not have: its token count and its text."""

    tokens: int
    text: str


def unmatched_passages(text: str, reference: str, n: int = SHINGLE) -> list[Passage]:
    """The passages of ``text`` that ``reference`` lacks, longest first (ties in text order).

    Shingles of ``text`` are matched in order against the multiset of ``reference``'s
    shingles; a token is covered when some matched shingle contains it, and each run of
    uncovered tokens (so, the inside of a run of consecutive unmatched shingles) is one
    passage, cut from ``text`` as written. With ``text`` the prediction and ``reference``
    the truth these are the kept-but-wrong passages; swapped, the missed ones."""
    found = list(_TOKEN.finditer(text or ""))
    available = shingles(reference, n)
    covered = [False] * len(found)
    for a, b in windows(len(found), n):
        key = tuple(m.group() for m in found[a:b])
        if available[key] > 0:
            available[key] -= 1
            covered[a:b] = [True] * (b - a)
    passages = [
        Passage(end - start, text[found[start].start() : found[end - 1].end()]) for start, end in _false_runs(covered)
    ]
    return sorted(passages, key=lambda p: -p.tokens)


def _false_runs(flags: list[bool]) -> Iterator[tuple[int, int]]:
    """The ``[start, end)`` ranges of consecutive ``False`` values in ``flags``."""
    start = None
    for i, flag in enumerate([*flags, True]):
        if not flag and start is None:
            start = i
        elif flag and start is not None:
            yield start, i
            start = None
