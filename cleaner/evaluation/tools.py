"""The tools ``cleaner eval`` runs on each page, the converters of ``--as-text``, and what
each needs installed (:func:`missing`, checked before a run starts)."""

from __future__ import annotations

import html as html_lib
import importlib.util
from collections.abc import Callable, Iterable


def run_cleaner(page: bytes | str, url: str | None) -> str:
    """cleaner: the HTML path on HTML bytes, the text path on a text dump (str)."""
    from ..pipeline import clean

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

    from ..decode import decode

    return html_text.extract_text(decode(html))


def _inscriptis(html: bytes) -> str:
    import inscriptis

    from ..decode import decode

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

#: the tool the harm count measures cleaner against (the devset README's "trafilatura alone")
HARM_REFERENCE = "trafilatura-nocomments"

#: reference tools of ``--as-text``, run after the others on the page's raw HTML and left out
#: of the speed column: name -> the entry of :data:`TOOLS` it runs
REFERENCES: dict[str, str] = {"cleaner-html": "cleaner"}

#: tool or converter -> (the module it imports, the package that brings it); all in the eval extra
REQUIRES: dict[str, tuple[str, str]] = {
    "trafilatura": ("trafilatura", "trafilatura"),
    "trafilatura-nocomments": ("trafilatura", "trafilatura"),
    "readability": ("readability", "readability-lxml"),
    "justext": ("justext", "jusText"),
    "html_text": ("html_text", "html-text"),
    "inscriptis": ("inscriptis", "inscriptis"),
}


def missing(names: Iterable[str]) -> list[tuple[str, str]]:
    """``(name, package)`` of each named tool or converter whose module is not installed."""
    gaps = []
    for name in names:
        module, package = REQUIRES.get(name, (None, ""))
        if module and importlib.util.find_spec(module) is None:
            gaps.append((name, package))
    return gaps


_WARMUP = b"<html><head><title>Warm up</title></head><body><p>A short paragraph to load every tool.</p></body></html>"
