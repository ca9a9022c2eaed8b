"""Running: every tool on every page, timed, in worker processes.

Every page is read and decompressed once, then run by every tool in the same worker
process, one after the other, so the timings compare like with like. The scores are
those of :mod:`cleaner.metrics`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from .. import metrics
from .datasets import Page
from .tools import _WARMUP, CONVERTERS, READS_TEXT, REFERENCES, TOOLS, wrap_text


@dataclass
class PageResult:
    """One tool on one page. ``score`` (shingles and words) is None where the page has no
    whole-text truth; ``text`` is kept for cleaner only (for ``--worst`` and ``--texts``)."""

    id: str
    tool: str
    score: metrics.PageScore | None
    snippets: metrics.Snippets
    seconds: float
    error: str | None = None
    text: str = ""
    #: the tool's text has no words (a tool that raised included)
    empty: bool = False

    @property
    def page_f1(self) -> float:
        """The page's F1: by shingles where the page has a whole-text truth, else by its
        snippets (:attr:`metrics.Snippets.page_f1`)."""
        return self.score.f1 if self.score is not None else self.snippets.page_f1


@dataclass(frozen=True)
class Job:
    """What a worker needs for one page."""

    page: Page
    tools: tuple[str, ...]
    as_text: str | None
    #: the page's place in the run: the tools' order on the page turns with it
    turn: int = 0
    #: tools of :data:`REFERENCES`, run after the others on the raw page
    references: tuple[str, ...] = ()


def _sources(html: bytes, as_text: str | None) -> tuple[bytes | str, bytes | str]:
    """(what text-reading tools get, what HTML tools get) for one page's bytes."""
    if not as_text:
        return html, html
    try:
        dump = CONVERTERS[as_text](html)
    except Exception:
        dump = ""
    return dump, wrap_text(dump)


def _timed(tool: str, source: bytes | str, url: str | None) -> tuple[str, float, str | None]:
    """Run one tool of :data:`TOOLS`: (text, seconds, error). A tool that raises gives an empty text."""
    start = time.perf_counter()
    try:
        text, error = TOOLS[tool](source, url), None
    except Exception as err:
        text, error = "", f"{type(err).__name__}: {err}"
    return text, time.perf_counter() - start, error


def _result(page: Page, truth: metrics.Profile | None, tool: str, run: tuple[str, float, str | None]) -> PageResult:
    text, seconds, error = run
    return PageResult(
        page.id,
        tool,
        None if truth is None else metrics.score_page(text, truth),
        metrics.Snippets.of(text, page.with_, page.without),
        seconds,
        error,
        text if tool == "cleaner" else "",
        not metrics.has_words(text),
    )


def run_page(job: Job) -> list[PageResult]:
    """Run every tool of ``job`` on its page and score each result (returned in ``job.tools``
    order, then the references).

    The tools take turns going first: on page ``turn`` the order is rotated by ``turn``. The
    tool that runs second on a page runs a few percent faster (on the devset, cleaner against
    trafilatura: 0.99× going first on every page, 1.04× going second), so a fixed order would
    tilt the pages-per-second column. The reference tools run last, on the raw page.
    """
    page = job.page
    html = page.read_html()
    text_in, html_in = _sources(html, job.as_text)
    truth = None if page.truth is None else metrics.Profile.of(page.truth)
    shift = job.turn % max(1, len(job.tools))
    results = []
    for tool in job.tools[shift:] + job.tools[:shift]:
        results.append(_result(page, truth, tool, _timed(tool, text_in if tool in READS_TEXT else html_in, page.url)))
    results.sort(key=lambda r: job.tools.index(r.tool))
    for ref in job.references:
        results.append(_result(page, truth, ref, _timed(REFERENCES[ref], html, page.url)))
    return results


def warm_up(tools: Iterable[str], as_text: str | None = None, references: Iterable[str] = ()) -> None:
    """Import and run each tool once, so one-time set-up is not timed on the first page."""
    text_in, html_in = _sources(_WARMUP, as_text)
    for tool in tools:
        _timed(tool, text_in if tool in READS_TEXT else html_in, None)
    for ref in references:
        _timed(REFERENCES[ref], _WARMUP, None)


def run(
    pages: list[Page],
    tools: tuple[str, ...],
    jobs: int | None = None,
    as_text: str | None = None,
    references: tuple[str, ...] = (),
) -> Iterator[list[PageResult]]:
    """Run every tool on every page, in page order (``jobs`` worker processes; all cores by default).

    With ``as_text``, each page is first turned into a text dump by that converter; the
    ``references`` (names in :data:`REFERENCES`) then run on the raw page."""
    jobs = jobs or os.cpu_count() or 1
    work = [Job(p, tools, as_text, turn, references) for turn, p in enumerate(pages)]
    if jobs == 1:
        warm_up(tools, as_text, references)
        yield from map(run_page, work)
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=warm_up, initargs=(tools, as_text, references)) as pool:
        yield from pool.map(run_page, work, chunksize=4)
