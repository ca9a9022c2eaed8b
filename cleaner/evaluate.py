"""``cleaner eval``: score cleaner and other extractors on a benchmark, in one run.

A dataset is a directory in one of three layouts, told apart by what it holds
(see :data:`LAYOUTS`): the devset's (``truth.jsonl``), the ScrapingHub
article-extraction-benchmark's (``ground-truth.json``) and WCXB's
(``ground-truth/*.json``); the pages are ``html/<id>.html.gz`` in all three.

Every page is read and decompressed once, then run by every tool in the same worker
process, one after the other, so the timings compare like with like. The scores are
those of :mod:`cleaner.metrics`.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import html as html_lib
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import metrics

EXIT_OK = 0
EXIT_USAGE = 2


class DatasetError(Exception):
    """The dataset directory cannot be read: unknown layout, malformed truth, missing pages."""


# --------------------------------------------------------------------------- datasets


@dataclass
class Page:
    """One benchmark page: where its HTML is, and its ground truth."""

    id: str
    url: str | None
    html_path: Path
    truth: str
    with_: list[str] = field(default_factory=list)
    without: list[str] = field(default_factory=list)

    def read_html(self) -> bytes:
        """The page's bytes, decompressed when the file is gzipped."""
        data = self.html_path.read_bytes()
        return gzip.decompress(data) if self.html_path.suffix == ".gz" else data


def _html_path(root: Path, page_id: str) -> Path:
    """``html/<id>.html.gz``, or ``html/<id>.html`` when only that exists."""
    path = root / "html" / f"{page_id}.html.gz"
    plain = root / "html" / f"{page_id}.html"
    if not path.is_file() and plain.is_file():
        return plain
    if not path.is_file():
        raise DatasetError(f"{root}: no HTML for page {page_id!r} (looked for {path.name})")
    return path


def _snippets(value: object) -> list[str]:
    """A list of snippet strings from a truth field (absent or null: none)."""
    return [s for s in value if isinstance(s, str)] if isinstance(value, list) else []


def _load_devset(root: Path) -> list[Page]:
    """Devset layout: ``truth.jsonl``, one JSON object a line with ``id``, ``url``,
    ``main_content``, ``with``, ``without``."""
    pages = []
    with open(root / "truth.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                pid = str(row["id"])
                pages.append(
                    Page(
                        pid,
                        row.get("url"),
                        _html_path(root, pid),
                        row.get("main_content") or "",
                        _snippets(row.get("with")),
                        _snippets(row.get("without")),
                    )
                )
    return pages


def _load_scrapinghub(root: Path) -> list[Page]:
    """ScrapingHub article-extraction-benchmark layout: ``ground-truth.json``, a dict
    id -> ``{"articleBody": ..., "url": ...}`` (no snippets)."""
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    if not isinstance(truth, dict):
        raise DatasetError(f"{root}/ground-truth.json: expected an object of id -> truth")
    return [
        Page(pid, row.get("url"), _html_path(root, pid), row.get("articleBody") or "")
        for pid, row in sorted(truth.items())
    ]


def _load_wcxb(root: Path) -> list[Page]:
    """WCXB layout: ``ground-truth/<id>.json`` beside ``html/<id>.html.gz``, each with
    ``url``, ``main_content``, ``with``, ``without`` (at top level, or inside a
    ``ground_truth`` object)."""
    pages = []
    for path in sorted((root / "ground-truth").glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        inner = doc.get("ground_truth")
        truth = inner if isinstance(inner, dict) else doc
        pages.append(
            Page(
                path.stem,
                doc.get("url") or truth.get("url"),
                _html_path(root, path.stem),
                truth.get("main_content") or "",
                _snippets(truth.get("with")),
                _snippets(truth.get("without")),
            )
        )
    return pages


#: layout name -> (the file or directory that marks it, its loader); tried in this order
LAYOUTS: dict[str, tuple[str, Callable[[Path], list[Page]]]] = {
    "devset": ("truth.jsonl", _load_devset),
    "scrapinghub": ("ground-truth.json", _load_scrapinghub),
    "wcxb": ("ground-truth", _load_wcxb),
}


def detect_layout(root: str | Path) -> str:
    """The name of the layout of the dataset at ``root``; raises :class:`DatasetError`."""
    root = Path(root)
    for name, (marker, _) in LAYOUTS.items():
        if (root / marker).exists():
            return name
    markers = ", ".join(marker for marker, _ in LAYOUTS.values())
    raise DatasetError(f"{root}: not a dataset directory (none of {markers})")


def load_dataset(root: str | Path) -> list[Page]:
    """Load the pages of a dataset directory in any layout of :data:`LAYOUTS`."""
    root = Path(root)
    loader = LAYOUTS[detect_layout(root)][1]
    try:
        pages = loader(root)
    except (OSError, ValueError, KeyError, AttributeError, TypeError) as err:
        raise DatasetError(f"{root}: cannot read the ground truth: {err}") from err
    if not pages:
        raise DatasetError(f"{root}: the dataset has no pages")
    return pages


# --------------------------------------------------------------------------- tools


def run_cleaner(page: bytes | str, url: str | None) -> str:
    """cleaner: the HTML path on HTML bytes, the text path on a text dump (str)."""
    from .pipeline import clean

    return clean(page, url=url, kind="text" if isinstance(page, str) else "html").text


def run_trafilatura(page: bytes | str, url: str | None) -> str:
    """trafilatura with its defaults: ``extract(html, url=url)``."""
    import trafilatura

    return trafilatura.extract(page, url=url) or ""


def run_trafilatura_nocomments(page: bytes | str, url: str | None) -> str:
    """trafilatura without comments: ``extract(html, url=url, include_comments=False)``."""
    import trafilatura

    return trafilatura.extract(page, url=url, include_comments=False) or ""


def run_readability(page: bytes | str, url: str | None) -> str:
    """readability-lxml: ``Document(html).summary()``, turned into text by :func:`html_to_text`."""
    from readability import Document

    return html_to_text(Document(page).summary())


def run_justext(page: bytes | str, url: str | None) -> str:
    """jusText with the English stoplist: its non-boilerplate paragraphs, blank-line separated."""
    import justext

    paragraphs = justext.justext(page, justext.get_stoplist("English"))
    return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)


_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table td th tr ul".split()
)
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template"})


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment: block elements on their own paragraphs."""
    from lxml import etree, html

    if not markup.strip():
        return ""
    parts: list[str] = []
    for event, el in etree.iterwalk(html.fromstring(markup), events=("start", "end")):
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in _BLOCK_TAGS:
            parts.append("\n\n")
        if event == "start" and tag and tag not in _SKIP_TAGS and el.text:
            parts.append(el.text)
        if event == "end" and el.tail:
            parts.append(el.tail)
    return _tidy("".join(parts))


def _tidy(text: str) -> str:
    """Collapse spaces inside lines and runs of blank lines."""
    lines = [" ".join(line.split()) for line in text.split("\n")]
    out, blank = [], True
    for line in lines:
        if line or not blank:
            out.append(line)
        blank = not line
    return "\n".join(out).strip()


def wrap_text(dump: str) -> str:
    """A minimal HTML page holding a text dump, each non-empty line as an (escaped)
    ``<p>``: how HTML-only tools are run on a text dump."""
    body = "".join(f"<p>{html_lib.escape(line.strip())}</p>\n" for line in dump.splitlines() if line.strip())
    return f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title></title></head><body>\n{body}</body></html>\n'


def _html_text(html: bytes) -> str:
    import html_text

    from .decode import decode

    return html_text.extract_text(decode(html))


def _inscriptis(html: bytes) -> str:
    import inscriptis

    from .decode import decode

    return inscriptis.get_text(decode(html))


#: HTML-to-text converters for ``--as-text``: they make the text dumps the text path is scored on
CONVERTERS: dict[str, Callable[[bytes], str]] = {"html_text": _html_text, "inscriptis": _inscriptis}

Tool = Callable[[bytes | str, str | None], str]

#: every tool, as ``(page, url) -> text``; cleaner is always run, the others on ``--compare``
TOOLS: dict[str, Tool] = {
    "cleaner": run_cleaner,
    "trafilatura": run_trafilatura,
    "trafilatura-nocomments": run_trafilatura_nocomments,
    "readability": run_readability,
    "justext": run_justext,
}

#: tools that read a text dump as it is; the others get it through :func:`wrap_text`
READS_TEXT = frozenset({"cleaner"})

#: the tools ``--compare`` can name
COMPARABLE = tuple(t for t in TOOLS if t != "cleaner")

_WARMUP = b"<html><head><title>Warm up</title></head><body><p>A short paragraph to load every tool.</p></body></html>"


# --------------------------------------------------------------------------- running


@dataclass
class PageResult:
    """One tool on one page. ``text`` is kept for cleaner only (for ``--worst``)."""

    id: str
    tool: str
    score: metrics.PageScore
    snippets: tuple[int, int, int, int]
    seconds: float
    error: str | None = None
    text: str = ""


@dataclass(frozen=True)
class Job:
    """What a worker needs for one page."""

    page: Page
    tools: tuple[str, ...]
    as_text: str | None
    #: the page's place in the run: the tools' order on the page turns with it
    turn: int = 0


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
    """Run one tool: (text, seconds, error). A tool that raises gives an empty text."""
    start = time.perf_counter()
    try:
        text, error = TOOLS[tool](source, url), None
    except Exception as err:
        text, error = "", f"{type(err).__name__}: {err}"
    return text, time.perf_counter() - start, error


def run_page(job: Job) -> list[PageResult]:
    """Run every tool of ``job`` on its page and score each result (returned in ``job.tools``
    order).

    The tools take turns going first: on page ``turn`` the order is rotated by ``turn``. The
    tool that runs second on a page runs a few percent faster (on the devset, cleaner against
    trafilatura: 0.99× going first on every page, 1.04× going second), so a fixed order would
    tilt the pages-per-second column.
    """
    page = job.page
    text_in, html_in = _sources(page.read_html(), job.as_text)
    truth = metrics.Profile.of(page.truth)
    shift = job.turn % max(1, len(job.tools))
    results = []
    for tool in job.tools[shift:] + job.tools[:shift]:
        text, seconds, error = _timed(tool, text_in if tool in READS_TEXT else html_in, page.url)
        results.append(
            PageResult(
                page.id,
                tool,
                metrics.score_page(text, truth),
                metrics.snippet_rates(text, page.with_, page.without),
                seconds,
                error,
                text if tool == "cleaner" else "",
            )
        )
    return sorted(results, key=lambda r: job.tools.index(r.tool))


def warm_up(tools: Iterable[str], as_text: str | None = None) -> None:
    """Import and run each tool once, so one-time set-up is not timed on the first page."""
    text_in, html_in = _sources(_WARMUP, as_text)
    for tool in tools:
        _timed(tool, text_in if tool in READS_TEXT else html_in, None)


def run(
    pages: list[Page], tools: tuple[str, ...], jobs: int | None = None, as_text: str | None = None
) -> Iterator[list[PageResult]]:
    """Run every tool on every page, in page order (``jobs`` worker processes; all cores by default).

    With ``as_text``, each page is first turned into a text dump by that converter."""
    jobs = jobs or os.cpu_count() or 1
    work = [Job(p, tools, as_text, turn) for turn, p in enumerate(pages)]
    if jobs == 1:
        warm_up(tools, as_text)
        yield from map(run_page, work)
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=warm_up, initargs=(tools, as_text)) as pool:
        yield from pool.map(run_page, work, chunksize=4)


# --------------------------------------------------------------------------- reporting


def _rate(hits: int, total: int) -> float | None:
    return hits / total if total else None


def tool_figures(rows: list[PageResult]) -> dict[str, float | int | None]:
    """The figures of one tool over its rows (the keys of ``--json``)."""
    summary = metrics.summarize(r.score for r in rows)
    seconds = sum(r.seconds for r in rows)
    found, with_total, kept, without_total = [sum(col) for col in zip(*(r.snippets for r in rows))] or [0, 0, 0, 0]
    return {
        "f1": summary.f1,
        "precision": summary.precision,
        "recall": summary.recall,
        "word_f1": summary.word_f1,
        "pages_per_second": len(rows) / seconds if seconds else 0.0,
        "with_hit_rate": _rate(found, with_total),
        "without_kept_rate": _rate(kept, without_total),
        "pages": summary.pages,
        "errors": sum(r.error is not None for r in rows),
        "empty": sum(r.score.precision is None for r in rows),
        "seconds": seconds,
    }


def report(results: list[list[PageResult]], tools: tuple[str, ...]) -> dict[str, dict[str, float | int | None]]:
    """Figures per tool, in ``tools`` order."""
    return {name: tool_figures([r for page in results for r in page if r.tool == name]) for name in tools}


def _cell(value: float | int | None, fmt: str, missing: str = "-") -> str:
    return missing if value is None else format(value, fmt)


def format_table(figures: dict[str, dict[str, float | int | None]]) -> str:
    """The figures as a fixed-width table, one tool a row."""
    columns = [
        ("F1", "f1", ".4f"),
        ("P", "precision", ".4f"),
        ("R", "recall", ".4f"),
        ("wordF1", "word_f1", ".4f"),
        ("with", "with_hit_rate", ".3f"),
        ("without", "without_kept_rate", ".3f"),
        ("pages/s", "pages_per_second", ".1f"),
        ("empty", "empty", "d"),
        ("errors", "errors", "d"),
    ]
    width = max(len("tool"), *(len(name) for name in figures)) + 2
    lines = ["tool".ljust(width) + "".join(f"{title:>9}" for title, _, _ in columns)]
    for name, f in figures.items():
        lines.append(name.ljust(width) + "".join(f"{_cell(f[key], fmt):>9}" for _, key, fmt in columns))
    return "\n".join(lines)


def write_csv(path: str | Path, results: list[list[PageResult]]) -> None:
    """Per-page rows: id, tool, f1, p, r, word_f1, seconds (p / r empty where undefined)."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "tool", "f1", "p", "r", "word_f1", "seconds"])
        for r in (r for page in results for r in page):
            s = r.score
            out.writerow(
                [
                    r.id,
                    r.tool,
                    f"{s.f1:.4f}",
                    _cell(s.precision, ".4f", ""),
                    _cell(s.recall, ".4f", ""),
                    f"{s.word_f1:.4f}",
                    f"{r.seconds:.4f}",
                ]
            )


def write_texts(path: str | Path, results: list[list[PageResult]]) -> None:
    """cleaner's text of every page as JSON lines (id, tool, f1, p, r, text), to study by hand."""
    with open(path, "w", encoding="utf-8") as fh:
        for r in (r for page in results for r in page if r.tool == "cleaner"):
            s = r.score
            row = {"id": r.id, "tool": r.tool, "f1": s.f1, "p": s.precision, "r": s.recall, "text": r.text}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def _clip(text: str, limit: int = 160) -> str:
    """One line of at most about ``limit`` characters: head … tail."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    tail = limit // 3
    return f"{text[: limit - tail - 3]} … {text[-tail:]}"


def _passage_lines(label: str, passages: list[metrics.Passage], shown: int) -> list[str]:
    total = sum(p.tokens for p in passages)
    lines = [f"  {label}: {len(passages)} passage(s), {total} words"]
    lines += [f"    [{p.tokens} words] {_clip(p.text)}" for p in passages[:shown]]
    return lines


def worst_pages(results: list[list[PageResult]], pages: list[Page], k: int, shown: int = 2) -> list[str]:
    """The ``k`` pages with the lowest cleaner F1, each with its longest kept-but-wrong
    and missed passages (see :func:`metrics.unmatched_passages`)."""
    truth = {p.id: p for p in pages}
    rows = sorted((r for page in results for r in page if r.tool == "cleaner"), key=lambda r: (r.score.f1, r.id))
    lines = [f"worst {min(k, len(rows))} page(s) by cleaner F1:"]
    for r in rows[:k]:
        page, s = truth[r.id], r.score
        lines.append(
            f"{r.id}  F1 {s.f1:.3f}  P {_cell(s.precision, '.3f')}  R {_cell(s.recall, '.3f')}  {page.url or ''}"
        )
        if r.error:
            lines.append(f"  error: {r.error}")
        lines += _passage_lines("kept but wrong", metrics.unmatched_passages(r.text, page.truth), shown)
        lines += _passage_lines("missed", metrics.unmatched_passages(page.truth, r.text), shown)
    return lines


def error_lines(results: list[list[PageResult]], most: int = 5) -> list[str]:
    """A few of the pages on which a tool raised (they are scored as empty)."""
    failed = [r for page in results for r in page if r.error]
    lines = [f"{r.tool} raised on page {r.id}: {_clip(r.error or '', 200)}" for r in failed[:most]]
    if len(failed) > most:
        lines.append(f"... and {len(failed) - most} more tool failure(s)")
    return lines


# --------------------------------------------------------------------------- command line

_DESCRIPTION = """\
Score cleaner and other extractors on the same pages of a benchmark, in one run.

Scores (see shared/devset/README.md): shingle F1/P/R (4-token shingles; P and R are
averaged over pages, F1 comes from the two averages), word F1, and the share of `with`
snippets found and of `without` snippets wrongly kept, where the dataset has them.
Speed: every tool runs on each page in the same worker process; pages/s is the number
of pages divided by the tool's summed per-page seconds (so it is per core, and leaves
out reading, decompressing, --as-text conversion and scoring). A tool that raises on a
page scores an empty text there and is counted under `errors`; `empty` counts the
pages where the tool's text has no words (errors included)."""

_EPILOG = """\
dataset layouts (detected automatically; pages are html/<id>.html.gz or .html):
  devset       truth.jsonl: one object a line: id, url, main_content, with, without
  scrapinghub  ground-truth.json: {id: {"articleBody": ..., "url": ...}}
  wcxb         ground-truth/<id>.json: url, main_content, with, without

--as-text: each page is first turned into a text dump by the converter; cleaner runs
its text path on the dump, and the compared tools get the dump with each non-empty
line wrapped (html-escaped) as <p> in a minimal HTML page.

exit status:
  0  the scores were printed
  2  bad arguments, or the dataset cannot be read

examples:
  cleaner eval shared/devset/wcxb-articles --worst 10
  cleaner eval shared/devset/wcxb-articles --compare trafilatura,readability,justext --json figures.json
  cleaner eval shared/devset/wcxb-articles --as-text inscriptis --csv pages.csv
"""


def _tool_list(value: str) -> tuple[str, ...]:
    names = tuple(dict.fromkeys(n.strip() for n in value.split(",") if n.strip() and n.strip() != "cleaner"))
    unknown = [n for n in names if n not in TOOLS]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown tool(s) {', '.join(unknown)} (choose from {', '.join(COMPARABLE)})")
    return names


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def configure(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the evaluation's arguments to ``parser`` (shared by ``cleaner eval`` and
    ``python -m cleaner.evaluate``)."""
    parser.description, parser.epilog = _DESCRIPTION, _EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    others = ",".join(COMPARABLE)
    parser.add_argument("dataset", help="the dataset directory")
    parser.add_argument(
        "--compare",
        type=_tool_list,
        default=("trafilatura",),
        metavar="TOOLS",
        help=f"comma-separated tools to run beside cleaner, from {others}; '' for none (default: trafilatura)",
    )
    parser.add_argument(
        "--as-text",
        choices=sorted(CONVERTERS),
        metavar="CONVERTER",
        help=f"score on text dumps made by this converter ({', '.join(sorted(CONVERTERS))})",
    )
    parser.add_argument(
        "--jobs", type=_positive, default=None, metavar="N", help="worker processes (default: all cores)"
    )
    parser.add_argument("--limit", type=_positive, default=None, metavar="N", help="only the first N pages")
    parser.add_argument(
        "--worst",
        type=int,
        default=0,
        metavar="K",
        help="list the K pages with the lowest cleaner F1, with their longest wrong and missed passages",
    )
    parser.add_argument("--csv", metavar="FILE", help="write per-page rows (id, tool, f1, p, r, word_f1, seconds)")
    parser.add_argument("--json", metavar="FILE", help="write the figures per tool as JSON")
    parser.add_argument("--texts", metavar="FILE", help="write cleaner's text of every page as JSON lines")
    parser.set_defaults(func=evaluate_command)
    return parser


def evaluate_command(args: argparse.Namespace) -> int:
    """Run the evaluation the parsed ``args`` describe; print the table."""
    try:
        pages = load_dataset(args.dataset)[: args.limit]
    except DatasetError as err:
        print(f"cleaner: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    tools = ("cleaner", *args.compare)
    layout, mode = detect_layout(args.dataset), f"text dumps by {args.as_text}" if args.as_text else "HTML"
    print(f"{len(pages)} pages ({layout} layout), {mode}", file=sys.stderr)
    results = list(run(pages, tools, args.jobs, args.as_text))
    figures = report(results, tools)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    if args.csv:
        write_csv(args.csv, results)
    if args.texts:
        write_texts(args.texts, results)
    print(format_table(figures))
    for line in error_lines(results):
        print(line, file=sys.stderr)
    if args.worst > 0:
        print("\n" + "\n".join(worst_pages(results, pages, args.worst)))
    return EXIT_OK


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``cleaner eval``."""
    configure(sub.add_parser("eval", help="score cleaner against other extractors on a benchmark dataset"))


def main(argv: list[str] | None = None) -> int:
    """``python -m cleaner.evaluate``: the same arguments as ``cleaner eval``."""
    args = configure(argparse.ArgumentParser(prog="python -m cleaner.evaluate")).parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
