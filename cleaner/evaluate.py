"""``cleaner eval``: score cleaner and other extractors on a benchmark, in one run.

Datasets: the devset layout (``html/<id>.html.gz`` + ``truth.jsonl``). Tools are plain
functions ``(html: bytes, url) -> text`` in :data:`TOOLS`; each page is run by every
tool in the same worker process so the timings compare like with like.
"""

from __future__ import annotations

import gzip
import json
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from . import metrics

Tool = Callable[["bytes | str", "str | None"], str]


@dataclass
class Page:
    """One benchmark page: its HTML bytes and its ground truth."""

    id: str
    url: str | None
    html_path: Path
    truth: str
    with_: list[str] = field(default_factory=list)
    without: list[str] = field(default_factory=list)

    def read_html(self) -> bytes:
        data = self.html_path.read_bytes()
        return gzip.decompress(data) if self.html_path.suffix == ".gz" else data


def load_dataset(root: str | Path) -> list[Page]:
    """Load a benchmark directory (devset layout: ``html/`` + ``truth.jsonl``)."""
    root = Path(root)
    if (root / "truth.jsonl").is_file():
        pages = []
        with open(root / "truth.jsonl", encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                row = json.loads(line)
                path = root / "html" / f"{row['id']}.html.gz"
                if not path.exists():
                    path = root / "html" / f"{row['id']}.html"
                pages.append(
                    Page(row["id"], row.get("url"), path, row.get("main_content") or "", row.get("with") or [], row.get("without") or [])
                )
        return pages
    raise FileNotFoundError(f"{root}: not a dataset directory (no truth.jsonl)")


def run_cleaner(page: bytes | str, url: str | None) -> str:
    """cleaner: the HTML path on HTML bytes, the text path on a text dump (str)."""
    from .errors import CleanerError
    from .pipeline import clean

    try:
        return clean(page, url=url, kind="text" if isinstance(page, str) else "html").text
    except CleanerError:
        return ""


def run_trafilatura(page: bytes | str, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(page, url=url) or ""


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


TOOLS: dict[str, Tool] = {"cleaner": run_cleaner, "trafilatura": run_trafilatura}


@dataclass
class PageResult:
    id: str
    tool: str
    text: str
    seconds: float
    score: metrics.PageScore


def _run_page(args: tuple[Page, tuple[str, ...], str | None]) -> list[PageResult]:
    page, tools, as_text = args
    html: bytes | str = page.read_html()
    if as_text:
        html = CONVERTERS[as_text](html)
    results = []
    for name in tools:
        start = time.perf_counter()
        try:
            text = TOOLS[name](html, page.url)
        except Exception:  # a crashing tool scores an empty page  # noqa: BLE001
            text = ""
        seconds = time.perf_counter() - start
        results.append(PageResult(page.id, name, text, seconds, metrics.score_page(text, page.truth)))
    return results


def run(
    pages: list[Page], tools: tuple[str, ...], jobs: int | None = None, as_text: str | None = None
) -> Iterator[list[PageResult]]:
    """Run every tool on every page (``jobs`` worker processes; all cores by default).

    With ``as_text``, each page is first turned into a text dump by that converter."""
    jobs = jobs or os.cpu_count() or 1
    work = [(p, tools, as_text) for p in pages]
    if jobs == 1:
        yield from map(_run_page, work)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_run_page, work, chunksize=4)


def report(results: list[list[PageResult]], tools: tuple[str, ...]) -> dict[str, dict[str, float]]:
    """Figures per tool: f1, precision, recall, word_f1, pages_per_second."""
    figures: dict[str, dict[str, float]] = {}
    for name in tools:
        rows = [r for page in results for r in page if r.tool == name]
        summary = metrics.summarize(r.score for r in rows)
        seconds = sum(r.seconds for r in rows)
        figures[name] = {
            "f1": summary.f1,
            "precision": summary.precision,
            "recall": summary.recall,
            "word_f1": summary.word_f1,
            "pages": summary.pages,
            "pages_per_second": len(rows) / seconds if seconds else 0.0,
        }
    return figures


def format_table(figures: dict[str, dict[str, float]]) -> str:
    lines = [f"{'tool':<14}{'F1':>8}{'P':>8}{'R':>8}{'wordF1':>8}{'pages/s':>9}"]
    for name, f in figures.items():
        lines.append(
            f"{name:<14}{f['f1']:>8.4f}{f['precision']:>8.4f}{f['recall']:>8.4f}{f['word_f1']:>8.4f}{f['pages_per_second']:>9.1f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m cleaner.evaluate")
    parser.add_argument("dataset")
    parser.add_argument("--compare", default="trafilatura")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--dump", help="write per-page results as JSONL to this file")
    parser.add_argument("--as-text", choices=sorted(CONVERTERS))
    parser.add_argument("--json", help="write the figures as JSON to this file")
    args = parser.parse_args(argv)
    tools = ("cleaner",) + tuple(t for t in args.compare.split(",") if t)
    pages = load_dataset(args.dataset)[: args.limit]
    results = list(run(pages, tools, args.jobs, args.as_text))
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as fh:
            for page in results:
                for r in page:
                    fh.write(json.dumps({"id": r.id, "tool": r.tool, "f1": r.score.f1, "p": r.score.precision, "r": r.score.recall, "text": r.text}) + "\n")
    figures = report(results, tools)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(format_table(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


def add_parser(sub) -> None:
    p = sub.add_parser("eval", help="score cleaner against other extractors on a benchmark dataset")
    p.add_argument("dataset")
    p.add_argument("--compare", default="trafilatura")
    p.add_argument("--jobs", type=int, default=None)
    p.add_argument("--limit", type=int, default=None)
    p.set_defaults(func=lambda args: main([args.dataset, "--compare", args.compare] + (["--jobs", str(args.jobs)] if args.jobs else []) + (["--limit", str(args.limit)] if args.limit else [])))
