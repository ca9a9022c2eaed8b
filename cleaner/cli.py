"""The ``cleaner`` command line: thin front ends over the library's public functions.

Each sub-command lives with its code: ``clean`` here, ``batch`` in
:mod:`cleaner.batch.command`, ``check`` in :mod:`cleaner.check`, ``eval`` in
:mod:`cleaner.evaluate`. Each module offers ``add_parser(subparsers)``; the parser it
makes carries ``func(args) -> int``, which returns one of :mod:`cleaner.exitcodes`.
The output formats and ``--explain`` lines are :mod:`cleaner.render`'s.

Whatever goes wrong, a command prints one line on standard error and exits with a
documented status, never a traceback (``CLEANER_DEBUG=1`` shows it for a bug).
"""

from __future__ import annotations

import argparse
import gzip
import io
import os
import sys
import zlib
from typing import IO, Any

from . import __version__
from .decode import MAX_BYTES
from .errors import CleanerError, InputTooLargeError
from .exitcodes import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE
from .render import FORMATS, explain_lines, render

_CLEAN_EPILOG = """\
output:
  the article on standard output, always UTF-8 (whatever the locale or
  PYTHONIOENCODING say).

exit status:
  0  the article was written
  1  the page could not be cleaned: empty, binary, over-size (a .gz is read only up
     to the limit), corrupt or truncated (.gz) input, no article text in it, past
     --timeout, or cleaner failed on it (an internal error); the reason is printed
     on one line
  2  the command could not run: bad arguments, a missing file, a malformed rule file

examples:
  cleaner clean page.html --url https://www.example.com/news/story
  curl -s https://example.com/a | cleaner clean - --format json
  cleaner clean dump.txt --explain          # what was removed, and why
  cleaner clean huge.html --timeout 10      # give up on a page after 10 s
"""

_GZIP_MAGIC = b"\x1f\x8b"


class CorruptInputError(CleanerError):
    """A ``.gz`` input that is truncated or not gzip (the clean command's exit 1)."""


def _read_bounded(fh: IO[bytes], name: str, max_bytes: int) -> bytes:
    """At most ``max_bytes`` of ``fh``, gunzipped as it streams when it is gzip (named
    ``.gz`` or starting with gzip's magic): a gzip bomb is never inflated past the limit."""
    reader: Any = fh if hasattr(fh, "peek") else io.BufferedReader(fh)
    if name.endswith(".gz") or reader.peek(2)[:2] == _GZIP_MAGIC:
        try:
            with gzip.GzipFile(fileobj=reader, mode="rb") as stream:
                data = stream.read(max_bytes + 1)
        except (EOFError, zlib.error, gzip.BadGzipFile) as err:
            raise CorruptInputError(f"{name}: corrupt or truncated gzip data ({err})") from None
    else:
        data = reader.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputTooLargeError(f"{name}: input is over the {max_bytes:,}-byte limit")
    return data


def _read_input(source: str, max_bytes: int = MAX_BYTES) -> bytes:
    if source == "-":
        return _read_bounded(sys.stdin.buffer, "standard input", max_bytes)
    with open(source, "rb") as fh:
        return _read_bounded(fh, source, max_bytes)


def _write_out(text: str) -> None:
    """``text`` on standard output as UTF-8, whatever its encoding is set to."""
    out = getattr(sys.stdout, "buffer", None)
    if out is None:
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    out.write(text.encode("utf-8", "surrogateescape"))
    out.flush()


def _clean_with_timeout(data: bytes, args: argparse.Namespace) -> Any:
    """``clean`` under ``--timeout``: the library's own when it takes ``timeout=``, and a
    watchdog thread (:mod:`cleaner.batch.watchdog`, no ``SIGALRM``) behind it."""
    from .batch.watchdog import page_deadline
    from .pipeline import clean

    # the library's own deadline stops a slow page between its steps; the watchdog backs it
    try:
        with page_deadline(args.timeout + 0.5 if args.timeout else None):
            return clean(
                data,
                url=args.url,
                rules=args.rules or (),
                kind=args.kind,
                require_article=True,
                timeout=args.timeout or None,
            )
    except TimeoutError:  # the watchdog's, or cleaner.errors.PageTimeoutError
        raise PageTimeout(f"page took longer than {args.timeout:g} s (--timeout)") from None


class PageTimeout(CleanerError):
    """The page took longer than ``--timeout`` (the clean command's exit 1)."""


def _run_clean(args: argparse.Namespace) -> int:
    try:
        data = _read_input(args.page)
    except OSError as err:
        print(f"cleaner: error: cannot read {args.page}: {err.strerror or err}", file=sys.stderr)
        return EXIT_USAGE
    article = _clean_with_timeout(data, args)
    _write_out(render(article, args.format))
    if args.explain:
        print("\n".join(explain_lines(article)), file=sys.stderr)
    return EXIT_OK


def _seconds(text: str) -> float:
    value = float(text)
    if not value >= 0:
        raise argparse.ArgumentTypeError("must be >= 0")
    return value


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
    p.add_argument(
        "--timeout",
        type=_seconds,
        default=0.0,
        metavar="S",
        help="give up (exit 1) when the page takes longer than S seconds (default: 0, no limit)",
    )
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
    except Exception as err:  # a bug: one line, not a traceback (CLEANER_DEBUG=1 shows it)
        if os.environ.get("CLEANER_DEBUG"):
            raise
        message = " ".join(str(err).split())[:300]
        print(f"cleaner: error: internal error: {type(err).__name__}: {message}", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    raise SystemExit(main())
