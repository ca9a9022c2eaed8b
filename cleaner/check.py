"""``cleaner check DIR``: clean every golden page in DIR and compare it with its goldens.

The layout and the comparison live in :mod:`cleaner.goldens`; this module is the
command line over them: the report, ``--update``/``--init``, and JUnit XML.
"""

from __future__ import annotations

import argparse
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TextIO

from . import goldens
from .exitcodes import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from .rules import validate_rule_files

_EPILOG = """\
layout (one folder a page):
  DIR/<case>/source.html | source.txt   the raw page (HTML or a text dump; .gz read too)
  DIR/<case>/source.url                 optional: the page's URL, one line
  DIR/<case>/expected.txt               golden article text
  DIR/<case>/expected.json              golden title, author, date and removed blocks
                                        (compared as JSON data: layout and key order
                                        do not count)

exit status:
  0  every page matches its goldens (or is within --min-similarity); with --update,
     the goldens were written
  1  some page differs from its goldens, has none yet, or cannot be cleaned
  2  the command could not run: DIR missing, no cases in it, a malformed rule file,
     bad arguments

examples:
  cleaner check fixtures                      # diff every page against its goldens
  cleaner check fixtures --init               # make goldens for new pages only
  cleaner check fixtures --update             # accept the current output as golden
  cleaner check fixtures --min-similarity 0.98 --junit check.xml
"""


def _similarity_line(cmp: goldens.Comparison) -> str:
    return f"text similarity {cmp.text_similarity:.4f} (shingle F1), metadata similarity {cmp.metadata_similarity:.4f}"


def _capped(diff: str, max_lines: int) -> str:
    lines = diff.splitlines(keepends=True)
    if max_lines <= 0 or len(lines) <= max_lines:
        return diff
    return "".join(lines[:max_lines]) + f"... ({len(lines) - max_lines} more diff lines; --diff-lines 0 shows all)\n"


class _Report:
    """Counts outcomes and prints one block per page that is not a plain match."""

    def __init__(self, out: TextIO, diff_lines: int) -> None:
        self.out = out
        self.diff_lines = diff_lines
        self.counts = {"match": 0, "changed": 0, "tolerated": 0, "missing": 0, "error": 0, "written": 0}

    def say(self, line: str) -> None:
        print(line, file=self.out)

    def page(self, status: str, cmp: goldens.Comparison, note: str = "", diff: bool = False) -> None:
        self.counts[status] += 1
        if status == "match":
            return
        self.say(f"{status.upper():<9} {cmp.case.name}: {note}")
        if diff:
            self.out.write(_capped(cmp.diff(), self.diff_lines))


def _junit(results: list[tuple[goldens.Comparison, str, float]], path: str, suite: str) -> None:
    """One testcase a page; a failure (with the diff) for each page that does not pass."""
    root = ET.Element("testsuites")
    failures = sum(status in ("changed", "missing") for _, status, _ in results)
    errors = sum(status == "error" for _, status, _ in results)
    ts = ET.SubElement(
        root,
        "testsuite",
        name="cleaner check",
        tests=str(len(results)),
        failures=str(failures),
        errors=str(errors),
        skipped="0",
        time=f"{sum(s for _, _, s in results):.3f}",
    )
    for cmp, status, seconds in results:
        tc = ET.SubElement(
            ts, "testcase", classname=f"cleaner.check.{suite}", name=cmp.case.name, time=f"{seconds:.3f}"
        )
        if status == "changed":
            ET.SubElement(tc, "failure", type="GoldenMismatch", message=_similarity_line(cmp)).text = cmp.diff()
        elif status == "missing":
            ET.SubElement(tc, "failure", type="GoldenMissing", message="no golden yet (cleaner check --init makes it)")
        elif status == "error":
            ET.SubElement(tc, "error", type="CleanError", message=cmp.error or "")
    ET.indent(root)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


def _junit_target(path: str) -> str | None:
    """Make the JUnit report's parent folders; the one-line reason it cannot be written, or None."""
    target = Path(path)
    if target.is_dir():
        return f"--junit {path}: is a directory"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        return f"--junit {path}: cannot create {target.parent}: {err.strerror or err}"
    return None


def _classify(cmp: goldens.Comparison, args: argparse.Namespace, report: _Report) -> str:
    """Write goldens as --update/--init ask, report the page, return its outcome."""
    if cmp.error:
        report.page("error", cmp, f"cannot clean {cmp.case.source.name}: {cmp.error}")
        return "error"
    if args.update or (args.init and cmp.missing):
        was_missing, similarity = cmp.missing, _similarity_line(cmp)
        written = cmp.write(only_missing=not args.update)
        if written:
            files = ", ".join(p.name for p in written)
            report.page(
                "written",
                cmp,
                f"golden created ({files})" if was_missing else f"golden updated ({files}); was {similarity}",
            )
        else:
            report.page("match", cmp)
        return "match"
    if cmp.matches:
        report.page("match", cmp)
        return "match"
    if cmp.missing:
        report.page("missing", cmp, "no golden yet (run with --init to create it)")
        return "missing"
    if cmp.within(args.min_similarity):
        report.page("tolerated", cmp, f"{_similarity_line(cmp)} >= {args.min_similarity}")
        return "match"
    report.page("changed", cmp, _similarity_line(cmp), diff=True)
    return "changed"


def run_check(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """The ``check`` command on parsed arguments; returns the exit status."""
    out = out or sys.stdout
    rules = args.rules or ()
    try:
        cases = goldens.find_cases(args.dir)
    except goldens.GoldenLayoutError as err:
        print(f"cleaner check: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    if not cases:
        print(
            f"cleaner check: error: {args.dir}: no cases (folders holding source.html or source.txt)", file=sys.stderr
        )
        return EXIT_USAGE
    validate_rule_files(rules)  # a malformed file raises RuleError: exit 2 from cli.main
    from .batch.watchdog import page_deadline  # --timeout: a watchdog thread, no SIGALRM

    problem = _junit_target(args.junit) if args.junit else None
    if problem:  # before the run, not after minutes of cleaning
        print(f"cleaner check: error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    report = _Report(out, args.diff_lines)
    results = []
    for case in cases:
        start = time.perf_counter()
        with page_deadline(args.timeout):  # past it, the page is an error and the check goes on
            cmp = goldens.compare(case, rules)
        status = _classify(cmp, args, report)
        results.append((cmp, status, time.perf_counter() - start))
    if args.junit:
        try:
            _junit(results, args.junit, Path(args.dir).resolve().name)
        except OSError as err:
            print(f"cleaner check: error: cannot write --junit {args.junit}: {err.strerror or err}", file=sys.stderr)
            return EXIT_USAGE
    c = report.counts
    failed = c["changed"] + c["missing"] + c["error"]
    summary = (
        f"{len(cases)} page(s): {c['match']} match, {c['changed']} changed, {c['tolerated']} tolerated, "
        f"{c['missing']} without golden, {c['error']} error(s), {c['written']} golden(s) written"
    )
    report.say(f"cleaner check: {'FAILED' if failed else 'OK'}: {summary}")
    return EXIT_FAILED if failed else EXIT_OK


def _seconds(value: str) -> float:
    x = float(value)
    if not x >= 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, not {value}")
    return x


def _similarity(value: str) -> float:
    x = float(value)
    if not 0.0 <= x <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, not {value}")
    return x


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "check",
        help="clean a folder of golden pages and diff each against its expected article",
        description="Clean every page in DIR and compare it with its goldens (expected.txt, expected.json).",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("dir", metavar="DIR", help="the folder of cases (or a single case folder)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument(
        "--update", action="store_true", help="write the current output as the new goldens, saying which changed"
    )
    mode.add_argument(
        "--init", action="store_true", help="create goldens for pages that have none; check the others as usual"
    )
    p.add_argument(
        "--min-similarity",
        type=_similarity,
        default=1.0,
        metavar="X",
        help="let a page pass when its text (shingle F1) and metadata (line ratio) similarity are both >= X "
        "(default: 1, exact)",
    )
    p.add_argument(
        "--junit",
        metavar="FILE",
        help="also write the results as JUnit XML (one testcase a page); missing parent folders are created",
    )
    p.add_argument("--rules", action="append", metavar="FILE", help="extra rule file (TOML); repeat for more")
    p.add_argument(
        "--diff-lines",
        type=int,
        default=200,
        metavar="N",
        help="show at most N diff lines a page (0: all; default 200)",
    )
    p.add_argument(
        "--timeout",
        type=_seconds,
        default=0.0,
        metavar="S",
        help="a page taking longer than S seconds is an error, and the check goes on (default: 0, no limit)",
    )
    p.set_defaults(func=run_check)
