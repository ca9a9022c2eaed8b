"""The ``cleaner`` command line: thin front ends over the library's public functions.

Each sub-command lives with its code: ``clean`` here, ``batch`` in
:mod:`cleaner.batch.command`, ``check`` in :mod:`cleaner.check`, ``eval`` in
:mod:`cleaner.evaluate`. Each module offers ``add_parser(subparsers)``; the parser it
makes carries ``func(args) -> int``, which returns one of :mod:`cleaner.exitcodes`.
The output formats and ``--explain`` lines are :mod:`cleaner.render`'s.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .errors import CleanerError
from .exitcodes import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE
from .render import FORMATS, explain_lines, render

_CLEAN_EPILOG = """\
exit status:
  0  the article was written
  1  the page could not be cleaned: empty, binary or unreadable input, or no
     article text in it (the reason is printed on one line)
  2  the command could not run: bad arguments, a missing file, a malformed rule file

examples:
  cleaner clean page.html --url https://www.example.com/news/story
  curl -s https://example.com/a | cleaner clean - --format json
  cleaner clean dump.txt --explain          # what was removed, and why
"""


def _read_input(source: str) -> bytes:
    if source == "-":
        return sys.stdin.buffer.read()
    path = Path(source)
    if path.suffix == ".gz":
        import gzip

        with gzip.open(path, "rb") as fh:
            return fh.read()
    return path.read_bytes()


def _run_clean(args: argparse.Namespace) -> int:
    from .pipeline import clean

    try:
        data = _read_input(args.page)
    except OSError as err:
        print(f"cleaner: error: cannot read {args.page}: {err.strerror or err}", file=sys.stderr)
        return EXIT_USAGE
    article = clean(data, url=args.url, rules=args.rules or (), kind=args.kind, require_article=True)
    sys.stdout.write(render(article, args.format))
    if args.explain:
        print("\n".join(explain_lines(article)), file=sys.stderr)
    return EXIT_OK


def _add_clean(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "clean",
        help="clean one page (HTML or a text dump) and print its article",
        description="Clean one raw page, HTML or a plain-text dump, and print the article it holds.",
        epilog=_CLEAN_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("page", help="the page file (.html, .txt, optionally .gz), or - for standard input")
    p.add_argument("--url", help="the page's URL: selects per-site rules, helps metadata")
    p.add_argument("--format", choices=FORMATS, default="txt", help="output format (default: txt)")
    p.add_argument("--rules", action="append", metavar="FILE", help="extra rule file (TOML); repeat for more")
    p.add_argument(
        "--kind",
        choices=("auto", "html", "text"),
        default="auto",
        help="force the HTML or the text path (default: auto)",
    )
    p.add_argument("--explain", action="store_true", help="list every removed block with its reason on standard error")
    p.set_defaults(func=_run_clean)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleaner",
        description="Turn raw scraped pages (HTML or plain-text dumps) into the clean articles they hold.",
        epilog="Run 'cleaner COMMAND --help' for each command's options and exit statuses.",
    )
    parser.add_argument("--version", action="version", version=f"cleaner {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_clean(sub)
    from . import check, evaluate
    from .batch import command as batch

    for module in (batch, check, evaluate):
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return args.func(args)
    except CleanerError as err:
        from .errors import RuleError

        print(f"cleaner: error: {err}", file=sys.stderr)
        return EXIT_USAGE if isinstance(err, RuleError) else EXIT_FAILED
    except KeyboardInterrupt:
        print("cleaner: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
