"""Figures: what a source's run adds up to.

Per tool (:func:`report`): shingle P/R/F1 and word F1 over the pages that have a whole-text
truth (None where none has), snippet P/R/F1 micro-averaged over all snippets, pages per
second. Per source: the **harm count** (:func:`harm_pages`, cleaner against
``trafilatura-nocomments`` page by page, as ``shared/devset/README.md`` defines it) and, on
text dumps, the **wrong-region count** (:func:`wrong_region_pages`, cleaner's text path
against its own HTML path on the same page).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .. import metrics
from .datasets import Page
from .running import PageResult
from .tools import HARM_REFERENCE

#: harm on a page with whole-text truth: cleaner's page shingle F1 more than this below the reference's
HARM_F1_GAP = 0.3
#: harm on a snippet-only page: cleaner misses at least this many more ``with`` snippets
HARM_MISSED = 2
#: wrong region: the text path's page F1 below this ...
WRONG_REGION_BELOW = 0.3
#: ... on a page where cleaner's HTML path scores at least this
WRONG_REGION_HTML = 0.8
#: the reference tool of the wrong-region count (cleaner's HTML path on the raw page)
HTML_REFERENCE = "cleaner-html"

Figures = dict[str, float | int | None]


def _rate(hits: int, total: int) -> float | None:
    return hits / total if total else None


def tool_figures(rows: list[PageResult], timed: bool = True) -> Figures:
    """The figures of one tool over its rows (the keys of ``--json``); ``pages_per_second``
    is None for an untimed reference tool."""
    scored = [r.score for r in rows if r.score is not None]
    summary = metrics.summarize(scored) if scored else None
    snip = sum((r.snippets for r in rows), metrics.Snippets())
    seconds = sum(r.seconds for r in rows)
    return {
        "f1": summary.f1 if summary else None,
        "precision": summary.precision if summary else None,
        "recall": summary.recall if summary else None,
        "word_f1": summary.word_f1 if summary else None,
        "snippet_f1": snip.f1,
        "snippet_precision": snip.precision,
        "snippet_recall": snip.recall,
        "pages_per_second": (len(rows) / seconds if seconds else 0.0) if timed else None,
        "with_hit_rate": _rate(snip.tp, snip.tp + snip.fn),
        "without_kept_rate": _rate(snip.fp, snip.fp + snip.tn),
        "pages": len(rows),
        "text_pages": len(scored),
        "errors": sum(r.error is not None for r in rows),
        "empty": sum(r.empty for r in rows),
        "seconds": seconds,
    }


def report(
    results: list[list[PageResult]], tools: tuple[str, ...], references: tuple[str, ...] = ()
) -> dict[str, Figures]:
    """Figures per tool, in ``tools`` order, then the (untimed) ``references``."""

    def rows(name: str) -> list[PageResult]:
        return [r for page in results for r in page if r.tool == name]

    figures = {name: tool_figures(rows(name)) for name in tools}
    figures.update({name: tool_figures(rows(name), timed=False) for name in references})
    return figures


@dataclass(frozen=True)
class Against:
    """cleaner's result on a page beside another tool's (the harm or wrong-region reference)."""

    cleaner: PageResult
    other: PageResult

    @property
    def id(self) -> str:
        return self.cleaner.id


def _pairs(results: list[list[PageResult]], other: str) -> list[Against] | None:
    """cleaner beside ``other`` on each page; None when ``other`` was not run."""
    pairs = []
    for page in results:
        by_tool = {r.tool: r for r in page}
        if "cleaner" not in by_tool or other not in by_tool:
            return None
        pairs.append(Against(by_tool["cleaner"], by_tool[other]))
    return pairs


def is_harm(cleaner: PageResult, other: PageResult) -> bool:
    """cleaner loses badly to ``other`` on the page: a page shingle F1 more than
    :data:`HARM_F1_GAP` below it where the page has a whole-text truth, else at least
    :data:`HARM_MISSED` more ``with`` snippets missed."""
    if cleaner.score is not None and other.score is not None:
        return cleaner.score.f1 < other.score.f1 - HARM_F1_GAP
    return cleaner.snippets.fn - other.snippets.fn >= HARM_MISSED


def harm_pages(results: list[list[PageResult]], reference: str = HARM_REFERENCE) -> list[Against] | None:
    """The pages where cleaner loses badly to ``reference`` (:func:`is_harm`), worst first
    (by cleaner's page F1); None when ``reference`` was not run."""
    pairs = _pairs(results, reference)
    if pairs is None:
        return None
    return sorted((p for p in pairs if is_harm(p.cleaner, p.other)), key=lambda p: (p.cleaner.page_f1, p.id))


def wrong_region_pages(results: list[list[PageResult]], reference: str = HTML_REFERENCE) -> list[Against] | None:
    """On text dumps: the pages where cleaner's text path scores a page F1 below
    :data:`WRONG_REGION_BELOW` while its HTML path (``reference``) scores at least
    :data:`WRONG_REGION_HTML`; page F1 is by shingles, or by snippets on snippet-only pages
    (:attr:`PageResult.page_f1`). None when ``reference`` was not run."""
    pairs = _pairs(results, reference)
    if pairs is None:
        return None
    wrong = (p for p in pairs if p.cleaner.page_f1 < WRONG_REGION_BELOW and p.other.page_f1 >= WRONG_REGION_HTML)
    return sorted(wrong, key=lambda p: (p.cleaner.page_f1, p.id))


@dataclass
class Source:
    """One source's run: its pages, each page's results, and the figures made of them."""

    name: str
    pages: list[Page]
    results: list[list[PageResult]]
    #: figures per tool (see :func:`report`)
    figures: dict[str, Figures]
    #: harm pages (see :func:`harm_pages`); None when not counted
    harm: list[Against] | None
    #: wrong-region pages (see :func:`wrong_region_pages`); None when not counted
    wrong_region: list[Against] | None = None

    def as_json(self) -> dict[str, object]:
        """The source's figures and counts, as ``--json`` writes them."""
        return {
            "pages": len(self.pages),
            "harm": _count(self.harm),
            "harm_pages": _ids(self.harm),
            "wrong_region": _count(self.wrong_region),
            "wrong_region_pages": _ids(self.wrong_region),
            "tools": self.figures,
        }


def _count(pairs: list[Against] | None) -> int | None:
    return None if pairs is None else len(pairs)


def _ids(pairs: Iterable[Against] | None) -> list[str] | None:
    return None if pairs is None else [p.id for p in pairs]
