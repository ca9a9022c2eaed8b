"""``cleaner eval``: score cleaner and other extractors on a benchmark, each source on its own.

This module is the command line and the entrance: the parts live in
:mod:`cleaner.evaluation` (datasets, tools, running, figures, output) and the names the
rest of the code and the tests use are re-exported here (``TOOLS``, ``run_cleaner``,
``load_dataset``, ``run``, ``report``, ...). The command looks ``load_dataset``, ``run`` and
``report`` up in this module, so patching them here takes effect.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .evaluation.datasets import LAYOUTS, DatasetError, Page, detect_layout, find_sources, load_dataset
from .evaluation.figures import (
    HARM_F1_GAP,
    HARM_MISSED,
    HTML_REFERENCE,
    WRONG_REGION_BELOW,
    WRONG_REGION_HTML,
    Against,
    Source,
    harm_pages,
    is_harm,
    report,
    tool_figures,
    wrong_region_pages,
)
from .evaluation.output import (
    CSV_HEADER,
    _clip,
    count_lines,
    error_lines,
    format_table,
    page_figures,
    worst_pages,
    write_csv,
    write_json,
    write_texts,
)
from .evaluation.running import Job, PageResult, run, run_page, warm_up
from .evaluation.tools import (
    COMPARABLE,
    CONVERTERS,
    HARM_REFERENCE,
    READS_TEXT,
    REFERENCES,
    REQUIRES,
    TOOLS,
    Tool,
    html_to_text,
    missing,
    run_cleaner,
    run_justext,
    run_readability,
    run_trafilatura,
    run_trafilatura_nocomments,
    wrap_text,
)
from .exitcodes import EXIT_OK, EXIT_USAGE

__all__ = [
    "COMPARABLE",
    "CONVERTERS",
    "CSV_HEADER",
    "HARM_F1_GAP",
    "HARM_MISSED",
    "HARM_REFERENCE",
    "HTML_REFERENCE",
    "LAYOUTS",
    "READS_TEXT",
    "REFERENCES",
    "REQUIRES",
    "TOOLS",
    "WRONG_REGION_BELOW",
    "WRONG_REGION_HTML",
    "Against",
    "DatasetError",
    "Job",
    "Page",
    "PageResult",
    "Source",
    "Tool",
    "_clip",
    "count_lines",
    "detect_layout",
    "error_lines",
    "find_sources",
    "format_table",
    "harm_pages",
    "html_to_text",
    "is_harm",
    "load_dataset",
    "main",
    "measure_source",
    "missing",
    "page_figures",
    "report",
    "run",
    "run_cleaner",
    "run_justext",
    "run_page",
    "run_readability",
    "run_trafilatura",
    "run_trafilatura_nocomments",
    "tool_figures",
    "warm_up",
    "worst_pages",
    "wrap_text",
    "write_csv",
    "write_json",
    "write_texts",
    "wrong_region_pages",
]


_DESCRIPTION = f"""\
Score cleaner and other extractors on the same pages of a benchmark, in one run, each
source on its own lines. DATASET is one dataset folder, or a folder of them such as
shared/devset (each sub-folder with its own truth is a source, run one after the other).

Scores (see shared/devset/README.md):
  F1/P/R   shingle scores (4-token shingles; P and R averaged over pages, F1 from the two
           averages) over the pages with whole-text truth; '-' on a snippet-only source
  wordF1   bag-of-words F1 per page, averaged (whole-text truth only)
  snipF1/P/R  snippets, micro-averaged over all snippets of the source: a `with` snippet
           found is a true positive, missed a false negative, a `without` snippet found a
           false positive (whitespace-normalised substrings, case kept)
  harm     (cleaner's row) pages where cleaner loses badly to {HARM_REFERENCE}: a page
           shingle F1 more than {HARM_F1_GAP} below it, or, on a snippet-only page, {HARM_MISSED} or more
           `with` snippets missed than it misses. {HARM_REFERENCE} is run for it even when
           --compare does not name it (and shown in the table); --no-harm skips it
  wrong    (with --as-text) pages where cleaner's text-path page F1 is below {WRONG_REGION_BELOW} while
           its HTML path on the raw page ({HTML_REFERENCE}, run for it, untimed) scores {WRONG_REGION_HTML} or
           more. Page F1 is the shingle F1, or on a snippet-only page the snippet F1
           2tp / (2tp + fp + fn) of its snippets (1.0 when it has none to score)
Speed: every tool runs on each page in the same worker process, taking turns going first;
pages/s is the number of pages divided by the tool's summed per-page seconds (so it is per
core, and leaves out reading, decompressing, --as-text conversion and scoring). A tool
that raises on a page scores an empty text there and is counted under `errors`; `empty`
counts the pages where the tool's text has no words (errors included)."""

_EPILOG = """\
dataset layouts (detected automatically; pages are html/<id>.html.gz or .html):
  devset       truth.jsonl: one object a line: id, url, main_content (null: snippets
               only), with, without
  scrapinghub  ground-truth.json: {id: {"articleBody": ..., "url": ...}}
  wcxb         ground-truth/<id>.json: url, main_content, with, without

--as-text: each page is first turned into a text dump by the converter; cleaner runs
its text path on the dump, and the compared tools get the dump with each non-empty
line wrapped (html-escaped) as <p> in a minimal HTML page (so harm there compares
cleaner's text path with trafilatura on that same wrapped dump).

--worst K lists, for each source, its harm pages first (cleaner's figures beside the
harm reference's on the page), then the pages with the lowest cleaner page F1, each
with its longest kept-but-wrong and missed passages (on a snippet-only page: the `with`
snippets missed and `without` snippets kept), K pages at most a source.

The compared tools and converters come with the eval extra: pip install 'cleaner[eval]'.
The folders of --json, --csv and --texts files are made when missing.

exit status:
  0  the scores were printed
  2  bad arguments, a tool or converter not installed, an output file that cannot be
     written, or a dataset that cannot be read (all checked before the run)

examples:
  cleaner eval shared/devset --compare trafilatura,trafilatura-nocomments --jobs 2
  cleaner eval shared/devset/wcxb-articles --worst 10
  cleaner eval shared/devset --compare trafilatura,readability,justext --json figures.json
  cleaner eval shared/devset --as-text inscriptis --csv pages.csv
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
    parser.add_argument("dataset", help="a dataset folder, or a folder of them (each a source)")
    parser.add_argument(
        "--compare",
        type=_tool_list,
        default=("trafilatura",),
        metavar="TOOLS",
        help=f"comma-separated tools to run beside cleaner, from {others}; '' for none (default: trafilatura)",
    )
    parser.add_argument(
        "--no-harm",
        action="store_true",
        help=f"do not count harm, so do not run {HARM_REFERENCE} unless --compare names it",
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
    parser.add_argument("--limit", type=_positive, default=None, metavar="N", help="only the first N pages of a source")
    parser.add_argument(
        "--worst",
        type=int,
        default=0,
        metavar="K",
        help="list a source's harm pages, then its lowest-scoring ones, K at most, with their wrong and missed text",
    )
    parser.add_argument(
        "--csv", metavar="FILE", help="write per-page rows (source, id, tool, scores, snippet counts, seconds)"
    )
    parser.add_argument("--json", metavar="FILE", help="write the figures per source and tool, and the counts, as JSON")
    parser.add_argument("--texts", metavar="FILE", help="write cleaner's text of every page as JSON lines")
    parser.set_defaults(func=evaluate_command)
    return parser


def tools_of(args: argparse.Namespace) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the timed tools, the reference tools) that ``args`` asks for."""
    tools = ("cleaner", *args.compare)
    if not args.no_harm and HARM_REFERENCE not in tools:
        tools += (HARM_REFERENCE,)
    return tools, ((HTML_REFERENCE,) if args.as_text else ())


def usage_error(args: argparse.Namespace, tools: tuple[str, ...]) -> str | None:
    """What stops the run before it starts: a tool or converter not installed, an output
    file whose folder cannot be made (missing folders are made here). None when all is well."""
    gaps = missing([*tools, *([args.as_text] if args.as_text else [])])
    if gaps:
        named = ", ".join(f"{name} (package {package})" for name, package in gaps)
        return f"not installed: {named}; install the eval extra: pip install 'cleaner[eval]'"
    for option in ("json", "csv", "texts"):
        target = getattr(args, option)
        if not target:
            continue
        path = Path(target)
        if path.is_dir():
            return f"--{option} {target}: is a folder, not a file"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            return f"--{option} {target}: cannot make its folder: {err.strerror or err}"
    return None


def load_sources(root: str | Path, limit: int | None = None) -> list[tuple[str, list[Page]]]:
    """``(name, pages)`` of every source under ``root`` (see :func:`find_sources`), each cut
    to its first ``limit`` pages; raises :class:`DatasetError`."""
    return [(name, load_dataset(folder)[:limit]) for name, folder in find_sources(root)]


def measure_source(
    name: str,
    pages: list[Page],
    tools: tuple[str, ...],
    jobs: int | None = None,
    as_text: str | None = None,
    references: tuple[str, ...] = (),
) -> Source:
    """Run ``tools`` (and ``references``) on one source's pages and add up its figures."""
    results = list(run(pages, tools, jobs, as_text, references))
    wrong = wrong_region_pages(results) if HTML_REFERENCE in references else None
    return Source(name, pages, results, report(results, tools, references), harm_pages(results), wrong)


def evaluate_command(args: argparse.Namespace) -> int:
    """Run the evaluation the parsed ``args`` describe; print the table."""
    tools, references = tools_of(args)
    try:
        problem = usage_error(args, tools)
        loaded = [] if problem else load_sources(args.dataset, args.limit)
    except DatasetError as err:
        problem = str(err)
    if problem:
        print(f"cleaner: error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    mode = f"text dumps by {args.as_text}" if args.as_text else "HTML"
    sources = []
    for name, pages in loaded:
        print(f"{name}: {len(pages)} pages, {mode}, tools {', '.join(tools + references)}", file=sys.stderr)
        sources.append(measure_source(name, pages, tools, args.jobs, args.as_text, references))
    if args.json:
        write_json(args.json, sources, mode)
    if args.csv:
        write_csv(args.csv, sources)
    if args.texts:
        write_texts(args.texts, sources)
    print(format_table(sources))
    print("\n".join(count_lines(sources)))
    for line in error_lines(sources):
        print(line, file=sys.stderr)
    if args.worst > 0:
        for source in sources:
            print("\n" + "\n".join(worst_pages(source, args.worst)))
    return EXIT_OK


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``cleaner eval``."""
    configure(sub.add_parser("eval", help="score cleaner against other extractors on benchmark datasets"))


def main(argv: list[str] | None = None) -> int:
    """``python -m cleaner.evaluate``: the same arguments as ``cleaner eval``."""
    args = configure(argparse.ArgumentParser(prog="python -m cleaner.evaluate")).parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
