"""The one pipeline with two entrances: :func:`clean_html` and :func:`clean_text`.

HTML:  decode → parse → metadata → rules prune → trafilatura → blocks → HTML_PASSES → Article
text:  decode → split into blocks → rules → line scores → main region → TEXT_PASSES → Article

Both entrances end in the same block model, the same block passes
(:mod:`cleaner.heuristics`, one signature) and the same scorer (:mod:`cleaner.scoring`).
:func:`clean` tells the two kinds of page apart.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Literal

from lxml import etree

from . import heuristics
from . import html as html_path
from . import text as text_path
from .byline import find_byline
from .decode import MAX_BYTES, decode, decode_head
from .errors import NoArticleError, PageTooComplexError
from .inputs import Page, RulePaths, is_tree, page_input, rule_paths
from .limits import MAX_DEPTH, MAX_EXTRACT_ELEMENTS, bound_elements, flatten_deep
from .metadata import extract_metadata, hostname, page_url, strip_site_name
from .model import Article, Removed, UrlSource
from .passes import Context, Pass, Template, run_passes
from .rules import RuleSet, load_rules
from .safety import Body, safety_net
from .templates import drop_template_blocks
from .timeout import Deadline

Kind = Literal["auto", "html", "text"]

_HTML_SIGNS = re.compile(r"<(!doctype\s+html|html|head|body|meta|div|p|title|article|script|br|span|a\s)[\s>/]", re.I)


#: a page not starting with markup is HTML only when this share of its lines hold tags
#: (a text dump quoting a few code samples has tags on a handful of lines)
HTML_LINE_SHARE = 0.5


def detect_kind(text: str) -> Literal["html", "text"]:
    """``"html"`` when the page looks like markup, else ``"text"`` (a plain-text dump)."""
    head = text.lstrip()[:20000]
    if head[:1] == "<" and _HTML_SIGNS.search(head):
        return "html"
    lines = [line for line in head.splitlines() if line.strip()]
    tagged = sum(1 for line in lines if _HTML_SIGNS.search(line))
    return "html" if tagged >= 5 and tagged >= HTML_LINE_SHARE * len(lines) else "text"


def _finish(article: Article, require_article: bool) -> Article:
    if require_article and not article.blocks:
        raise NoArticleError("no article text found in the page")
    return article


#: the block passes of the HTML path, in order (each ``(blocks, context) -> (kept, removed)``):
#: a closing section (author box, list of other articles), text rules, the site template,
#: duplicates, edge trimming by score, then the headline, byline and author bio the
#: metadata holds
HTML_PASSES: tuple[Pass, ...] = (
    heuristics.cut_closing_section,
    heuristics.apply_text_rules,
    drop_template_blocks,
    heuristics.drop_duplicates,
    heuristics.trim_edges,
    heuristics.drop_title,
    heuristics.drop_byline,
    heuristics.drop_author_bio,
)

#: the passes of the text path before the article is looked for
TEXT_PREPASSES: tuple[Pass, ...] = (drop_template_blocks,)
#: ... and inside the article region it found: duplicates, context smoothing, headline repeats
TEXT_PASSES: tuple[Pass, ...] = (
    heuristics.drop_duplicates,
    text_path.smooth_region,
    text_path.drop_title_repeats,
)


def _with_deadline(passes: tuple[Pass, ...], deadline: Deadline) -> tuple[Pass, ...]:
    """``passes`` with the deadline checked before each (the passes themselves unchanged)."""
    if deadline.end is None:
        return passes

    def checked(step: Pass) -> Pass:
        def run(blocks, ctx):
            deadline.check(f"the block passes before {step.__name__}")
            return step(blocks, ctx)

        return run

    return tuple(checked(step) for step in passes)


def _reparser(
    page: bytes | str | etree._Element, max_bytes: int, encoding: str | None
) -> tuple[Callable[[], etree._Element], int]:
    """A function giving the page parsed anew each call, and the size of its text: the
    pipeline prunes one tree, and the safety net may want the page as it came. A tree
    given by the caller (already a copy) is kept aside and copied again; text is decoded
    once and parsed on each call."""
    if isinstance(page, etree._Element):
        return (lambda: copy.deepcopy(page)), 0
    text = decode(page, max_bytes=max_bytes, encoding=encoding)
    return (lambda: html_path.parse(text)), len(text)


def _html_article(
    fresh: Callable[[], etree._Element],
    size: int,
    url: str | None,
    rules: RulePaths,
    ruleset: RuleSet | None,
    template: Template | None,
    include_images: bool,
    deadline: Deadline,
    flat: bool,
) -> Article:
    """The HTML path on the page ``fresh`` parses (see :func:`clean_html`); ``flat``
    flattens the structure below :data:`~cleaner.limits.MAX_DEPTH` first."""
    tree = fresh()
    if flat:
        flatten_deep(tree)
    deadline.check("parsing")
    url_source: UrlSource | None = "caller" if url else None
    if not url and (found := page_url(tree)):
        url, url_source = found
    ruleset = ruleset if ruleset is not None else load_rules(url, rule_paths(rules))
    meta = extract_metadata(tree, url)
    deadline.check("reading the metadata")
    html_path.strip_non_text(tree)
    prose = html_path.prose_map(tree)
    dropped: list[tuple[etree._Element, Removed]] = []
    pruned = html_path.prune(tree, ruleset, prose=prose, dropped=dropped)
    if not meta.author:
        meta = replace(meta, author=find_byline(tree))
    if not size or size > 3 * MAX_EXTRACT_ELEMENTS:  # a shorter page cannot hold that many elements
        if bound_elements(tree, MAX_EXTRACT_ELEMENTS):
            prose.texts.clear()  # the cut changed the text of the elements around it
    deadline.check("pruning")
    measured: dict[str, int] = {}
    extracted = html_path.extract(tree, images=include_images, loose=prose.loose, measured=measured, known=prose.texts)
    blocks = html_path.body_blocks(extracted, base_url=url)
    deadline.check("the extraction")
    ctx = Context(ruleset, title=meta.title, headline=meta.headline, author=meta.author, template=template)
    passes = _with_deadline(HTML_PASSES, deadline)
    blocks, cut = run_passes(blocks, ctx, passes)
    page_prose = min(prose.total(), measured.get("prose", 0))
    checked = Body(blocks, pruned, cut)
    blocks, pruned, cut = safety_net(fresh, tree, checked, dropped, page_prose, ctx, passes, include_images, url)
    return Article(
        title=meta.title,
        author=meta.author,
        date=meta.date,
        url=url,
        url_source=url_source,
        blocks=blocks,
        removed=pruned + cut,
        source_kind="html",
        **meta.page_fields(),
    )


def clean_html(
    page: Page,
    url: str | None = None,
    rules: RulePaths = (),
    *,
    ruleset: RuleSet | None = None,
    require_article: bool = False,
    max_bytes: int = MAX_BYTES,
    template: Template | None = None,
    include_images: bool = False,
    encoding: str | None = None,
    timeout: float | None = None,
) -> Article:
    """Clean one HTML page (bytes in any encoding, str, a Path or a parsed lxml tree) into an :class:`Article`.

    decode → parse → page URL → rules → metadata → rules prune → trafilatura → blocks →
    :data:`HTML_PASSES`. Without a ``url``, the page's own canonical link (or ``og:url``)
    is its URL, found before the rules are chosen so that per-site rules apply.
    The :func:`cleaner.safety.safety_net` last checks the body against what trafilatura
    alone finds in the unpruned page. ``encoding``, ``timeout``: see :func:`clean`.
    """
    deadline = Deadline(timeout)
    page = page_input(page, max_bytes)
    fresh, size = _reparser(page, max_bytes, encoding)
    deadline.check("decoding")
    args = (fresh, size, url, rules, ruleset, template, include_images, deadline)
    try:
        article = _html_article(*args, flat=False)
    except RecursionError:
        # a recursive step (trafilatura's list handling) ran out of stack on deep nesting:
        # once more with the structure below MAX_DEPTH flattened (its text kept)
        try:
            article = _html_article(*args, flat=True)
        except RecursionError:
            raise PageTooComplexError(
                f"the page nests elements too deeply to clean (over {MAX_DEPTH} levels)"
            ) from None
    return _finish(article, require_article)


#: the separators of a breadcrumb trail ("Home » Blog » Story", "Forum > iPhone > Story")
_CRUMBS = re.compile(r"\s+[>»›▸]\s+")


def _text_title(title: str | None, url: str | None) -> str | None:
    """A dump's headline without the trailing site name its ``<title>`` line carries when the
    URL's host names that site ("Story | Appen" from appen.com), as the HTML path's title
    (:func:`~cleaner.metadata.strip_site_name`), and without a breadcrumb trail before it
    (two separators at least: "Home » Blog » Story"). The region's passes match the body
    against the headline as the dump prints it; only the Article's title is stripped."""
    if not title:
        return title
    crumbs = _CRUMBS.split(title)
    if len(crumbs) >= 3 and len(crumbs[-1].split()) >= 2:
        title = crumbs[-1]  # a breadcrumb trail printed before the headline: "Home » Blog » Story"
    host = hostname(url)
    return strip_site_name(title, {host}) if host else title


def clean_text(
    page: Page,
    url: str | None = None,
    rules: RulePaths = (),
    *,
    ruleset: RuleSet | None = None,
    require_article: bool = False,
    max_bytes: int = MAX_BYTES,
    template: Template | None = None,
    encoding: str | None = None,
    timeout: float | None = None,
) -> Article:
    """Clean one plain-text page dump into an :class:`Article`.

    decode → split into line blocks → :data:`TEXT_PREPASSES` → the article region
    (:func:`cleaner.text.find_article`: every line scored by the shared block scorer plus
    the dump's own signals, the article one contiguous region, a headline on the first
    line the title) → :data:`TEXT_PASSES` inside the region → sub-headings marked.
    ``encoding``, ``timeout``: see :func:`clean`.
    """
    deadline = Deadline(timeout)
    page = page_input(page, max_bytes)
    if isinstance(page, etree._Element):
        raise ValueError("a parsed tree is HTML: clean_text takes bytes, str or a Path")
    text = decode(page, max_bytes=max_bytes, encoding=encoding)
    ruleset = ruleset if ruleset is not None else load_rules(url, rule_paths(rules))
    ctx = Context(ruleset, template=template)
    deadline.check("decoding")
    lines = text_path.split_blocks(text)
    deadline.check("splitting the dump into lines")
    blocks, templated = run_passes(lines, ctx, _with_deadline(TEXT_PREPASSES, deadline))
    region = text_path.find_article(blocks, ctx.rules, url=url)
    deadline.check("finding the article region")
    ctx.title, ctx.line_scores = region.title, region.scores
    body, cut = run_passes(region.blocks, ctx, _with_deadline(TEXT_PASSES, deadline))
    article = Article(
        title=_text_title(region.title, url),
        url=url,
        url_source="caller" if url else None,
        blocks=text_path.mark_headings(body),
        removed=templated + region.removed + cut,
        source_kind="text",
    )
    return _finish(article, require_article)


def clean(
    page: Page,
    url: str | None = None,
    rules: RulePaths = (),
    *,
    kind: Kind = "auto",
    require_article: bool = False,
    max_bytes: int = MAX_BYTES,
    template: Template | None = None,
    include_images: bool = False,
    encoding: str | None = None,
    timeout: float | None = None,
) -> Article:
    """Clean one raw page, HTML or a plain-text dump, into an :class:`Article`.

    Args:
        page: the page as bytes (any encoding; gzip is decompressed), str (markup or text),
            a :class:`pathlib.Path` to read, or a parsed lxml tree (see :mod:`cleaner.inputs`).
        url: the page's URL; selects per-site rules and helps metadata extraction. Without
            it, an HTML page's own canonical link or ``og:url`` is used (``Article.url_source``
            says which).
        rules: the path of an extra rule file (TOML), or several paths, applied on top of
            the built-in rules.
        kind: ``"html"`` or ``"text"`` to force a path; ``"auto"`` tells them apart.
        require_article: raise :class:`~cleaner.errors.NoArticleError` instead of
            returning an empty Article when no article text is found.
        max_bytes: size limit; larger input raises :class:`~cleaner.errors.InputTooLargeError`.
        template: keys (:func:`cleaner.templates.block_key`) of the site's recurring blocks,
            as a batch learns them; matching blocks are removed with reason ``site-template``.
        include_images: keep the article's images on its blocks (``Block.images``, rendered
            by ``to_markdown``), as trafilatura's ``include_images``; off by default, since
            trafilatura then also keeps some figure captions (HTML pages only).
        encoding: the page's encoding as its transport says (an HTTP ``charset``), for bytes:
            it wins over the page's own declaration, a byte-order mark wins over it, and a
            label naming no web encoding is ignored (:func:`cleaner.decode.decode`).
        timeout: seconds the call may take; past them it raises
            :class:`~cleaner.errors.PageTimeoutError`, checked between the pipeline's steps
            (see :mod:`cleaner.timeout` for what is guaranteed). None: no limit.

    Raises:
        TypeError: a page of another type.
        cleaner.errors.InputError: empty, binary or over-size input; a str that is a file
            name (pass a Path to read a file); a page nested too deeply to clean
            (``PageTooComplexError``).
        cleaner.errors.PageTimeoutError: with ``timeout``, the call took longer.
        OSError: a Path that cannot be read.
        cleaner.errors.RuleError: a malformed rule file.
        cleaner.errors.NoArticleError: only with ``require_article=True``.
    """
    if kind not in ("auto", "html", "text"):
        raise ValueError(f"kind must be 'auto', 'html' or 'text', not {kind!r}")
    if is_tree(page):  # copied once, by clean_html
        if kind == "text":
            raise ValueError("a parsed tree is HTML: kind='text' takes bytes, str or a Path")
        kind = "html"
    else:
        page = page_input(page, max_bytes)
    if kind == "auto" and isinstance(page, (bytes, str)):
        # markup is ASCII whatever the page's encoding: its head tells HTML from text
        head = page.lstrip()[:20000]
        kind = detect_kind(head if isinstance(head, str) else decode_head(head))
    if kind == "html":
        return clean_html(
            page,
            url,
            rules,
            require_article=require_article,
            max_bytes=max_bytes,
            template=template,
            include_images=include_images,
            encoding=encoding,
            timeout=timeout,
        )
    return clean_text(
        page,
        url,
        rules,
        require_article=require_article,
        max_bytes=max_bytes,
        template=template,
        encoding=encoding,
        timeout=timeout,
    )
