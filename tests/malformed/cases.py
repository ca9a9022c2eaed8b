"""The malformed corpus: each kind of hostile or broken page that once hung cleaner, blew up
its memory, lost the article or ended in a traceback, with what it must give now.

Small cases are also written as files beside this module (``python -m tests.malformed.cases``
writes them; they are committed), for the command line and for reading; big ones are made by
their generator when a test or ``benchmarks/adversarial.py`` runs. Every case must give, within
its ``timeout``, either an Article whose text holds ``needle`` or the cleaner error ``error``.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cleaner import errors

HERE = Path(__file__).parent
PARAGRAPH = "The harbour master said the boats were safe after the storm passed over the town last night. " * 3
STORY = f"<p>{PARAGRAPH}</p><p>{PARAGRAPH.replace('harbour', 'lighthouse')}</p>"
NEEDLE = "lighthouse master"


def _page(body: str = "", head: str = "", title: str = "Harbour news") -> str:
    return f"<html><head>{head}<title>{title}</title></head><body><article>{STORY}{body}</article></body></html>"


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[], bytes | str]
    #: what the article's text must hold (None when an error is expected)
    needle: str | None = NEEDLE
    #: the cleaner error the page must raise instead
    error: type[errors.CleanerError] | None = None
    #: seconds the library call may take (also passed as its ``timeout``)
    timeout: float = 20.0
    #: the page is small enough to keep as a file
    small: bool = True
    #: what changed: the bug it stood for on main
    note: str = ""
    suffix: str = ".html"


def _words(n: int) -> str:
    return " ".join(f"w{i}" for i in range(n))


def _wrapped_dump() -> str:
    words = ("the harbour master said that the boats were safe after the storm passed over the town " * 11000).split()
    lines, line = [], ""
    for word in words:
        if len(line) + 1 + len(word) > 70:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "The storm\n\n" + "\n".join([*lines, line]) + "\n"


CASES = [
    Case("byline-exponential", lambda: _page("<p>By X" + "andA" * 26 + "!</p>"), note="byline pattern: past a minute"),
    Case(
        "heading-cubic",
        lambda: _page("<p>More from " + "a" * 2000 + "!</p>"),
        note="related-list-heading: past a minute",
    ),
    Case(
        "class-20k-tokens",
        lambda: _page().replace(
            "<article>", "<div class='" + " ".join(["ad", "nl", "x1"] * 7000) + "'>x</div><article>"
        ),
        small=False,
        note="class/id scan: 80 s",
    ),
    Case(
        "wrapped-dump-910k",
        _wrapped_dump,
        needle="the harbour master said that the boats",
        small=False,
        note="unwrap: 243 s",
        suffix=".txt",
    ),
    Case(
        "attributes-100k",
        lambda: _page().replace(
            "<article>", "<div " + " ".join(f'data-a{i}="{i}"' for i in range(100_000)) + ">x</div><article>"
        ),
        small=False,
        note="libxml2 and htmldate quadratic in one element's attributes: past 60 s",
    ),
    Case(
        "siblings-1m",
        lambda: "<html><body><article>" + STORY + "<p>x</p>" * 1_000_000 + "</article></body></html>",
        small=False,
        timeout=60,
        note="trafilatura on 1M sibling <p> (8 MB): past 240 s",
    ),
    Case(
        "page-50mb",
        lambda: (
            "<html><body><article>" + STORY + "".join(f"<div><p>{i} {PARAGRAPH}</p></div>" for i in range(170_000))
        )[:50_000_000],
        small=False,
        timeout=60,
        note="a 50 MB page: past 240 s",
    ),
    Case(
        "nested-lists-500", lambda: _page("<ul><li>item " * 500 + "</li></ul>" * 500), note="RecursionError traceback"
    ),
    Case("nested-divs-100k", lambda: _page("<div>" * 100_000 + "deep" + "</div>" * 100_000), small=False),
    Case("control-u0001", lambda: _page("<p>The harbour\x01 wall held.</p>").encode(), note="empty Article"),
    Case("control-u001b", lambda: _page("<p>Escape \x1b[0m here.</p>").encode(), note="empty Article"),
    Case("nonchar-ufffe", lambda: _page("<p>odd \ufffe char</p>").encode(), note="empty Article"),
    Case(
        "surrogate-body",
        lambda: _page().replace("<article>", "<article><p>odd \udcff char</p>"),
        note="parse truncated",
    ),
    Case("surrogate-title", lambda: _page(title="Harbour \ud800 news"), note="empty Article"),
    Case(
        "meta-utf16",
        lambda: _page(head="<meta charset='utf-16'>", title="Café crème").encode(),
        needle="Café crème",
        note="decoded as UTF-16 garbage",
    ),
    Case(
        "meta-punycode",
        lambda: _page(head="<meta charset='punycode'>", title="Café crème").encode(),
        needle="Café crème",
        note="UnicodeError",
    ),
    Case(
        "undeclared-cp1251",
        lambda: _page("<p>Москва. Министр иностранных дел заявил во вторник, что переговоры продолжатся.</p>").encode(
            "cp1251"
        ),
        needle="Министр иностранных дел",
        note="mojibake",
    ),
    Case(
        "undeclared-shift-jis",
        lambda: _page(title="東京都は火曜日、新しい交通計画を発表した").encode("shift_jis"),
        note="mojibake (the title)",
    ),
    Case(
        "nul-in-head", lambda: b"<html>\x00\x00\x00<body>" + STORY.encode(), needle=None, error=errors.BinaryInputError
    ),
    Case("empty", lambda: b" \n\t ", needle=None, error=errors.EmptyInputError),
    Case("png", lambda: b"\x89PNG\r\n\x1a\n" + bytes(200), needle=None, error=errors.BinaryInputError),
    Case("truncated", lambda: f"<html><body><article>{STORY}<p>The harbour wall was dam", note="keeps what arrived"),
    Case(
        "gzip-bomb",
        lambda: gzip.compress(b"<p>" + b" " * (64 << 20), compresslevel=9),
        needle=None,
        error=errors.InputTooLargeError,
        small=False,
        note="gzip bytes are inflated only to the limit, as a .gz file is read (InputTooLargeError)",
        suffix=".html.gz",
    ),
]
BY_NAME = {case.name: case for case in CASES}


def write_small_files() -> list[Path]:
    """Write the small cases as files (``NAME.html`` / ``NAME.txt``) beside this module."""
    written = []
    for case in CASES:
        if not case.small:
            continue
        data = case.make()
        path = HERE / f"{case.name}{case.suffix}"
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_small_files():
        print(path.relative_to(HERE.parent.parent))
