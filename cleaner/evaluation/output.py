"""Output: the table (one line a source and tool), the harm and wrong-region lines,
``--worst``, and the ``--csv`` / ``--json`` / ``--texts`` files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from .. import metrics
from .datasets import Page
from .figures import HARM_F1_GAP, HARM_MISSED, WRONG_REGION_BELOW, WRONG_REGION_HTML, Against, Source
from .running import PageResult
from .tools import HARM_REFERENCE

#: the table's columns: title, key of the tool's figures, format
COLUMNS = [
    ("F1", "f1", ".4f"),
    ("P", "precision", ".4f"),
    ("R", "recall", ".4f"),
    ("wordF1", "word_f1", ".4f"),
    ("snipF1", "snippet_f1", ".4f"),
    ("snipP", "snippet_precision", ".4f"),
    ("snipR", "snippet_recall", ".4f"),
    ("pages/s", "pages_per_second", ".1f"),
    ("empty", "empty", "d"),
    ("errors", "errors", "d"),
]


def _cell(value: float | int | None, fmt: str, missing: str = "-") -> str:
    return missing if value is None else format(value, fmt)


def _count_cell(pairs: list[Against] | None, tool: str) -> str:
    """A count column: on cleaner's row only ('-' when not counted)."""
    return "" if tool != "cleaner" else _cell(None if pairs is None else len(pairs), "d")


def format_table(sources: list[Source]) -> str:
    """The figures as a fixed-width table, one row a source and tool ('-' where a figure has
    no meaning: shingle and word scores on a snippet-only source, speed of a reference tool)."""
    wrong = any(s.wrong_region is not None for s in sources)
    counts = [("harm", lambda s: s.harm)] + ([("wrong", lambda s: s.wrong_region)] if wrong else [])
    src_width = max(len("source"), *(len(s.name) for s in sources)) + 2
    tool_width = max(len("tool"), *(len(t) for s in sources for t in s.figures)) + 2
    titles = [title for title, _, _ in COLUMNS] + [title for title, _ in counts]
    lines = ["source".ljust(src_width) + "tool".ljust(tool_width) + "".join(f" {t:>8}" for t in titles)]
    for s in sources:
        for tool, f in s.figures.items():
            cells = [_cell(f[key], fmt) for _, key, fmt in COLUMNS] + [_count_cell(get(s), tool) for _, get in counts]
            lines.append(s.name.ljust(src_width) + tool.ljust(tool_width) + "".join(f" {c:>8}" for c in cells))
    return "\n".join(lines)


def _count_lines(title: str, sources: list[Source], get) -> list[str]:
    lines = [title]
    for s in sources:
        pairs = get(s)
        if pairs is None:
            lines.append(f"  {s.name}: not counted")
        else:
            ids = " ".join(p.id for p in pairs)
            lines.append(f"  {s.name}: {len(pairs)} of {len(s.pages)} page(s)" + (f": {ids}" if ids else ""))
    return lines


def count_lines(sources: list[Source]) -> list[str]:
    """The harm pages of each source (and, on text dumps, the wrong-region pages), by id."""
    if all(s.harm is None for s in sources):
        lines = [f"harm: not counted (it needs {HARM_REFERENCE} on the same pages; drop --no-harm)"]
    else:
        title = (
            f"harm (pages where cleaner's shingle F1 is more than {HARM_F1_GAP} below that of {HARM_REFERENCE}, "
            f"or, on a snippet-only page, cleaner misses {HARM_MISSED} or more `with` snippets than it):"
        )
        lines = _count_lines(title, sources, lambda s: s.harm)
    if any(s.wrong_region is not None for s in sources):
        title = (
            f"wrong region (cleaner's text-path page F1 below {WRONG_REGION_BELOW} where its HTML path "
            f"scores {WRONG_REGION_HTML} or more; by snippets on snippet-only pages):"
        )
        lines += _count_lines(title, sources, lambda s: s.wrong_region)
    return lines


def _page_cells(r: PageResult) -> list[object]:
    s, n = r.score, r.snippets
    shingles = ["", "", "", ""]
    if s is not None:
        shingles = [f"{s.f1:.4f}", _cell(s.precision, ".4f", ""), _cell(s.recall, ".4f", ""), f"{s.word_f1:.4f}"]
    return [
        *shingles,
        _cell(n.f1, ".4f", ""),
        n.tp,
        n.fn,
        n.fp,
        n.tn,
        f"{r.seconds:.4f}",
    ]


CSV_HEADER = [
    "source",
    "id",
    "tool",
    "f1",
    "p",
    "r",
    "word_f1",
    "snippet_f1",
    "with_found",
    "with_missed",
    "without_found",
    "without_absent",
    "seconds",
]


def write_csv(path: str | Path, sources: list[Source]) -> None:
    """Per-page rows of every source and tool (see :data:`CSV_HEADER`); shingle and word
    scores empty on snippet-only pages, p / r empty where undefined."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(CSV_HEADER)
        for s in sources:
            for r in (r for page in s.results for r in page):
                out.writerow([s.name, r.id, r.tool, *_page_cells(r)])


def write_json(path: str | Path, sources: list[Source], mode: str) -> None:
    """``{"mode", "harm_reference", "sources": {name: Source.as_json()}}`` (``harm_reference``
    is null when harm was not counted)."""
    counted = any(s.harm is not None for s in sources)
    doc = {
        "mode": mode,
        "harm_reference": HARM_REFERENCE if counted else None,
        "sources": {s.name: s.as_json() for s in sources},
    }
    Path(path).write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")


def write_texts(path: str | Path, sources: list[Source]) -> None:
    """cleaner's text of every page as JSON lines (source, id, tool, f1, p, r, snippet_f1,
    text), to study by hand."""
    with open(path, "w", encoding="utf-8") as fh:
        for src in sources:
            for r in (r for page in src.results for r in page if r.tool == "cleaner"):
                s = r.score
                row = {
                    "source": src.name,
                    "id": r.id,
                    "tool": r.tool,
                    "f1": s.f1 if s else None,
                    "p": s.precision if s else None,
                    "r": s.recall if s else None,
                    "snippet_f1": r.snippets.f1,
                    "text": r.text,
                }
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


def _snippet_lines(label: str, snippets: list[str], shown: int) -> list[str]:
    return [f"  {label}: {len(snippets)}"] + [f"    {_clip(s)}" for s in snippets[:shown]]


def page_figures(r: PageResult) -> str:
    """A tool's figures on one page: shingle F1/P/R, or its snippets on a snippet-only page."""
    if r.score is not None:
        s = r.score
        return f"F1 {s.f1:.3f}  P {_cell(s.precision, '.3f')}  R {_cell(s.recall, '.3f')}"
    n = r.snippets
    return f"snippet F1 {n.page_f1:.3f} (with {n.tp}/{n.tp + n.fn} found, without {n.fp}/{n.fp + n.tn} kept)"


def _page_lines(page: Page, r: PageResult, other: PageResult | None, shown: int) -> list[str]:
    beside = f"  | {other.tool} {page_figures(other)}" if other else ""
    lines = [f"{'[harm] ' if other else ''}{r.id}  {page_figures(r)}{beside}  {page.url or ''}".rstrip()]
    if r.error:
        lines.append(f"  error: {r.error}")
    if page.truth is not None:
        lines += _passage_lines("kept but wrong", metrics.unmatched_passages(r.text, page.truth), shown)
        lines += _passage_lines("missed", metrics.unmatched_passages(page.truth, r.text), shown)
    else:
        lines += _snippet_lines("missed `with` snippets", metrics.split_snippets(r.text, page.with_)[1], shown)
        lines += _snippet_lines("kept `without` snippets", metrics.split_snippets(r.text, page.without)[0], shown)
    return lines


def worst_pages(source: Source, k: int, shown: int = 2) -> list[str]:
    """The ``k`` worst pages of a source: its harm pages first (beside the harm reference's
    figures on the page), then the lowest cleaner page F1; each with its longest
    kept-but-wrong and missed passages (see :func:`metrics.unmatched_passages`), or, on a
    snippet-only page, the ``with`` snippets missed and ``without`` snippets kept."""
    by_id = {p.id: p for p in source.pages}
    harm = source.harm or []
    harmed = {p.id for p in harm}
    rest = sorted(
        (r for page in source.results for r in page if r.tool == "cleaner" and r.id not in harmed),
        key=lambda r: (r.page_f1, r.id),
    )
    picked: list[tuple[PageResult, PageResult | None]] = [(p.cleaner, p.other) for p in harm]
    picked = (picked + [(r, None) for r in rest])[:k]
    first = f": the {len(harm)} harm page(s) first, then" if harm else ""
    lines = [f"worst {len(picked)} page(s) of {source.name}{first} by cleaner's page F1:"]
    for r, other in picked:
        lines += _page_lines(by_id[r.id], r, other, shown)
    return lines


def error_lines(sources: list[Source], most: int = 5) -> list[str]:
    """A few of the pages on which a tool raised (they are scored as empty)."""
    failed = [(s.name, r) for s in sources for page in s.results for r in page if r.error]
    lines = [f"{r.tool} raised on page {r.id} of {name}: {_clip(r.error or '', 200)}" for name, r in failed[:most]]
    if len(failed) > most:
        lines.append(f"... and {len(failed) - most} more tool failure(s)")
    return lines
