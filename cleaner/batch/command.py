"""``cleaner batch SRC DST``: the command line over :func:`~cleaner.batch.clean_dir`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Literal

from ..errors import CleanerError
from ..exitcodes import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from .options import DEFAULT_TIMEOUT, FORMATS, BatchOptions
from .run import clean_dir
from .writers import ERRORS_FILE, JSONL_FILE, LOCK_FILE, STATE_FILE, TEMP_SUFFIX, TEMPLATES_FILE

_EPILOG = f"""\
inputs:
  SRC is walked recursively. Pages: .html .htm .xhtml .txt (text dumps), each
  also gzipped (.gz); files whose name says nothing (story, article.php,
  index.html?id=3, as wget/httrack save them) when their head is HTML or text
  (binary ones are skipped); and every HTTP 200 response record with an HTML
  body in .warc and .warc.gz files (other statuses are skipped, counted as
  non-200). Known non-page kinds (images, css, js, archives...) are skipped and
  counted. A folder that cannot be listed is a failure. DST is never walked
  when it lies inside SRC.

page URLs:
  --urls FILE (lines 'relative/path<TAB>url', or JSON {{"path": ..., "url": ...}};
  a WARC record is crawl.warc.gz#<WARC-Record-ID>), else a sidecar <name>.url
  beside the page (one line: page.html.url), else a record's WARC-Target-URI.

output layout (DST):
  txt|json|markdown  one file a page, mirroring SRC: a/page.html -> a/page.html.txt
                     (.json, .md); a WARC record -> a/crawl.warc.gz--<record>.txt,
                     <record> being urn_uuid_<uuid> for a <urn:uuid:...> id, else
                     the id with everything but [A-Za-z0-9._-] made _, a dot and 12
                     hex digits of its hash (offset-<byte> for a record without id).
                     A .txt of a page with a URL starts with "URL: <url>" and a
                     blank line.
  jsonl              one stream, DST/{JSONL_FILE}: one object a page with source
                     (path, or path#record-id), record, url, title, author, date, text.
                     Lines are in completion order, not SRC order.
  {ERRORS_FILE}       pages whose last try failed: source, record, error (type),
                     message. Made at the first failure; a rerun appends, and once
                     through drops the older lines of the pages it tried again.
  {TEMPLATES_FILE}  with --site-templates: the learnt block keys per host.
  {STATE_FILE}  the settings key the outputs were made with.
  Every output is written atomically (a .<name>.*{TEMP_SUFFIX} temp file, fsync,
  rename) with the umask's mode; a killed run leaves no partial output, and a
  rerun removes its temp files. A jsonl or errors line is appended whole; a
  partial last line is cut on resume.

empty articles:
  a readable page with no article text counts as "empty", not failed. Its output
  is still written, so a rerun does not redo it: an empty .txt (or its URL line),
  a .json or jsonl object with text "", a .md with only the title (or a blank line).

resuming:
  a rerun of the same command skips pages whose output exists and retries failed
  ones; --force redoes everything. A rerun whose settings change outputs (rules
  or their content, cleaner version, --site-templates, --urls, the size limit)
  redoes every page, saying why in one line; interrupted, that redo starts over.
  Runs writing the same DST are refused ({LOCK_FILE}, removed at the end).

site templates (--site-templates):
  a first pass counts each page's blocks per host (the page URL's host, else its
  canonical/og:url link, else its directory); a block on at least
  max(3, 30%) of a host's pages (and only once on each) is template and is
  removed in the second pass (reason "site-template" in the json removed list).
  A rerun reuses DST/site-templates.json (learnt again when the rules change);
  --force learns again. Turning --site-templates on or off redoes every page.

workers and faults:
  --jobs processes each clean one page at a time; results are written in
  completion order. A page past --timeout fails (PageTimeoutError: a watchdog
  thread interrupts it, no SIGALRM); a worker stuck in C code or crashed is
  killed and replaced, and the run goes on.

exit status:
  0  every page was cleaned (empty articles and skipped files included)
  1  some pages failed, or a folder could not be read (see DST/{ERRORS_FILE})
  2  the command could not run: bad arguments, SRC missing, DST not writable,
     a malformed rule file or --urls file, a --glob matching no file
  130 interrupted

examples:
  cleaner batch crawl/ out/ --format jsonl
  cleaner batch pages/ out/ --jobs 4 --glob '*.html' --timeout 10
  cleaner batch site-dump/ out/ --site-templates --format json
"""


def _positive_float(text: str) -> float:
    value = float(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be >= 0")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be >= 1")
    return value


def _progress_mode(quiet: bool) -> Literal["bar", "lines", "none"]:
    if quiet:
        return "none"
    return "bar" if sys.stderr.isatty() else "lines"


def options_of(args: argparse.Namespace) -> BatchOptions:
    """The :class:`BatchOptions` that the command's arguments ask for."""
    return BatchOptions(
        fmt=args.format or "txt",
        jobs=args.jobs,
        rules=tuple(args.rules or ()),
        glob=args.glob,
        timeout=args.timeout or None,
        force=args.force,
        site_templates=args.site_templates,
        progress=_progress_mode(args.quiet),
        urls=args.urls,
    )


def run(args: argparse.Namespace) -> int:
    """``cleaner batch``: run :func:`clean_dir` and print its summary; the exit status."""
    if args.engine == "dask":  # the cluster engine: cleaner.dask (the dask extra)
        try:
            from ..dask import run_command
        except ImportError as err:
            print(f"cleaner: error: {err}", file=sys.stderr)
            return EXIT_USAGE
        return run_command(args)
    if args.scheduler or args.workers or args.format == "parquet":
        print("cleaner: error: --scheduler, --workers and --format parquet need --engine dask", file=sys.stderr)
        return EXIT_USAGE
    try:
        report = clean_dir(args.src, args.dst, options_of(args))
    except CleanerError as err:
        print(f"cleaner: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as err:
        print(f"cleaner: error: {err.filename or args.dst}: {err.strerror or err}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as err:  # a bug: one line, not a traceback
        print(f"cleaner: error: internal error: {type(err).__name__}: {err}", file=sys.stderr)
        return EXIT_USAGE
    if not args.quiet:
        print(f"cleaner batch: {report.summary()}", file=sys.stderr)
        if report.failed:
            print(f"cleaner batch: failures listed in {Path(args.dst) / ERRORS_FILE}", file=sys.stderr)
    return EXIT_FAILED if report.failed else EXIT_OK


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "batch",
        help="clean every page in a directory tree (HTML, text dumps, WARC) in parallel",
        description="Clean every page under SRC into DST, in parallel; resumable.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("src", metavar="SRC", help="directory of pages (walked recursively), or one file")
    p.add_argument("dst", metavar="DST", help="output directory (created if missing)")
    p.add_argument(
        "--format",
        choices=(*FORMATS, "parquet"),
        help="output format (default: txt; with --engine dask: parquet or jsonl shards, default parquet)",
    )
    p.add_argument("--jobs", type=_positive_int, metavar="N", help="worker processes (default: all cores)")
    p.add_argument("--rules", action="append", metavar="FILE", help="extra rule file (TOML); repeat for more")
    p.add_argument(
        "--glob", metavar="PATTERN", help="only paths relative to SRC matching PATTERN (fnmatch; * matches / too)"
    )
    p.add_argument(
        "--timeout",
        type=_positive_float,
        default=DEFAULT_TIMEOUT,
        metavar="S",
        help=f"seconds a page may take before it fails (default: {DEFAULT_TIMEOUT:g}; 0: no limit)",
    )
    p.add_argument(
        "--urls",
        metavar="FILE",
        help='page URLs for files: lines \'path<TAB>url\' or JSON {"path": ..., "url": ...}, paths relative to SRC',
    )
    p.add_argument("--force", action="store_true", help="redo every page, even those with an output")
    p.add_argument("--quiet", action="store_true", help="no progress and no summary")
    p.add_argument(
        "--site-templates",
        action="store_true",
        help="learn blocks recurring on a host's pages in a first pass, remove them in a second",
    )
    cluster = p.add_argument_group("cluster engine (needs article-cleaner[dask]; see README)")
    cluster.add_argument(
        "--engine", choices=("local", "dask"), default="local", help="local worker processes, or a Dask cluster"
    )
    cluster.add_argument("--scheduler", metavar="ADDR", help="with --engine dask: the scheduler (tcp://host:8786)")
    cluster.add_argument(
        "--workers", type=_positive_int, metavar="N", help="with --engine dask: start a local cluster of N workers"
    )
    p.set_defaults(func=run)
