"""The one pipeline with two entrances: :func:`clean_html` and :func:`clean_text`.

HTML:  decode → parse → metadata → rules prune → trafilatura → blocks → heuristics → Article
text:  decode → split into blocks → heuristics → Article

Both entrances end in the same block list and the same scorer (:mod:`cleaner.scoring`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Literal

from . import html as html_path
from . import scoring
from . import text as text_path
from .decode import MAX_BYTES, decode
from .errors import NoArticleError
from .metadata import extract_metadata, find_byline
from .model import Article, Block, Removed
from .rules import RuleSet, load_rules
from .scoring import block_features, block_score
from .templates import Template, drop_template_blocks

Kind = Literal["auto", "html", "text"]
RulePaths = Iterable[str | Path]

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


def _heuristics(
    blocks: list[Block], rules: RuleSet, template: Template | None = None
) -> tuple[list[Block], list[Removed]]:
    """The HTML block pass: a closing section (author box, list of other articles), text
    rules, site template, duplicates, then edge trimming by score."""
    blocks, removed = scoring.cut_closing_section(blocks, rules)
    blocks, cut = scoring.apply_text_rules(blocks, rules)
    removed += cut
    blocks, removed = drop_template_blocks(blocks, removed, template)
    blocks, dupes = scoring.drop_duplicates(blocks)
    removed += dupes
    if blocks:
        stopwords = scoring.language_stopwords([b.text for b in blocks])
        blocks, cut = scoring.trim_edges(blocks, lambda b: block_score(block_features(b, stopwords), b.kind))
        removed += cut
    return blocks, removed


def clean_html(
    page: bytes | str,
    url: str | None = None,
    rules: RulePaths = (),
    *,
    ruleset: RuleSet | None = None,
    require_article: bool = False,
    max_bytes: int = MAX_BYTES,
    template: Template | None = None,
) -> Article:
    """Clean one HTML page (bytes in any encoding, or str) into an :class:`Article`."""
    text = decode(page, max_bytes=max_bytes)
    ruleset = ruleset if ruleset is not None else load_rules(url, rules)
    tree = html_path.parse(text)
    meta = extract_metadata(tree, url)
    html_path.strip_non_text(tree)
    removed = html_path.prune(tree, ruleset)
    if not meta.author:
        meta = replace(meta, author=find_byline(tree))
    blocks = html_path.body_blocks(html_path.extract(tree))
    blocks, cut = _heuristics(blocks, ruleset, template=template)
    blocks, title_cut = scoring.drop_title(blocks, meta.title, meta.headline)
    blocks, byline_cut = scoring.drop_byline(blocks, meta.author)
    blocks, bio_cut = scoring.drop_author_bio(blocks, meta.author)
    cut += title_cut + byline_cut + bio_cut
    article = Article(
        title=meta.title,
        author=meta.author,
        date=meta.date,
        url=url,
        blocks=blocks,
        removed=removed + cut,
        source_kind="html",
    )
    return _finish(article, require_article)


def clean_text(
    page: bytes | str,
    url: str | None = None,
    rules: RulePaths = (),
    *,
    ruleset: RuleSet | None = None,
    require_article: bool = False,
    max_bytes: int = MAX_BYTES,
    template: Template | None = None,
) -> Article:
    """Clean one plain-text page dump into an :class:`Article`.

    The dump is split into line blocks, every line scored (the shared block scorer plus
    the dump's own signals), the article found as one contiguous region of lines, and
    furniture inside it dropped; a headline on the first line becomes the title.
    """
    text = decode(page, max_bytes=max_bytes)
    ruleset = ruleset if ruleset is not None else load_rules(url, rules)
    blocks = text_path.split_blocks(text)
    blocks, templated = drop_template_blocks(blocks, [], template)
    blocks = text_path.renumber(blocks)
    stopwords = scoring.language_stopwords(text_path.prose_sample(blocks))
    kept, removed = scoring.apply_text_rules(blocks, ruleset)
    stops = text_path.rule_stops(blocks, kept, removed)
    scores = text_path.score_lines(blocks, stopwords, stops)
    start, end = text_path.cut_at_section_end(blocks, scores, stops, *text_path.main_region(scores))
    title = text_path.find_title(blocks, stops, (start, end), stopwords)
    start, end = text_path.extend_region(blocks, scores, start, end, title)
    body, outside = text_path.take_region(kept, scores, start, end)
    body, dupes = scoring.drop_duplicates(body)
    body, inner = text_path.smooth_region(body, [scores[b.position] for b in body])
    body, repeats = text_path.drop_title_repeats(body, title)
    article = Article(
        title=title,
        url=url,
        blocks=text_path.mark_headings(body),
        removed=templated + removed + outside + dupes + inner + repeats,
        source_kind="text",
    )
    return _finish(article, require_article)


def clean(
    page: bytes | str,
    url: str | None = None,
    rules: RulePaths = (),
    *,
    kind: Kind = "auto",
    require_article: bool = False,
    max_bytes: int = MAX_BYTES,
    template: Template | None = None,
) -> Article:
    """Clean one raw page, HTML or a plain-text dump, into an :class:`Article`.

    Args:
        page: the page as bytes (any encoding) or str.
        url: the page's URL; selects per-site rules and helps metadata extraction.
        rules: paths of extra rule files (TOML) to apply on top of the built-in ones.
        kind: ``"html"`` or ``"text"`` to force a path; ``"auto"`` tells them apart.
        require_article: raise :class:`~cleaner.errors.NoArticleError` instead of
            returning an empty Article when no article text is found.
        max_bytes: size limit; larger input raises :class:`~cleaner.errors.InputTooLargeError`.
        template: keys (:func:`cleaner.templates.block_key`) of the site's recurring blocks,
            as a batch learns them; matching blocks are removed with reason ``site-template``.

    Raises:
        cleaner.errors.InputError: empty, binary or over-size input.
        cleaner.errors.RuleError: a malformed rule file.
        cleaner.errors.NoArticleError: only with ``require_article=True``.
    """
    if kind not in ("auto", "html", "text"):
        raise ValueError(f"kind must be 'auto', 'html' or 'text', not {kind!r}")
    if kind == "auto":
        # markup is ASCII whatever the page's encoding: its head tells HTML from text
        head = page.lstrip()[:20000]
        head = head if isinstance(head, str) else decode(head, max_bytes=max_bytes)
        kind = detect_kind(head)
    entrance = clean_html if kind == "html" else clean_text
    return entrance(page, url, rules, require_article=require_article, max_bytes=max_bytes, template=template)
