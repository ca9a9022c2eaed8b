"""The block model shared by the HTML and text paths, and the Article result."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

BlockKind = Literal["heading", "paragraph", "list_item", "quote", "table", "code"]
BLOCK_KINDS: tuple[str, ...] = ("heading", "paragraph", "list_item", "quote", "table", "code")


@dataclass
class Link:
    """A link in a block: ``text[start:end]`` of the block is the link's text, ``href`` its
    address (absolute when the page's URL is known)."""

    start: int
    end: int
    href: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "href": self.href}


@dataclass
class Image:
    """An image of the article (``src`` absolute when the page's URL is known; ``alt`` and
    ``title`` as the page gives them, "" when absent). Kept only with ``include_images=True``."""

    src: str
    alt: str = ""
    title: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"src": self.src, "alt": self.alt, "title": self.title}


@dataclass
class Block:
    """One unit of page text: a paragraph, heading, list item, quote, table or code block.

    ``text`` is the block's text, whitespace normalised: what the heuristics, the scores and
    :attr:`Article.text` read. ``link_density`` is the share of the text inside links (HTML
    only; 0 for text dumps). ``position`` is the block's index in the page before anything
    was removed; ``tag`` the element of trafilatura's XML it came from.

    The structure of the page, where the HTML path knows it (the defaults otherwise):

    - ``level``: a heading's level, 1 to 6 (``<h3>`` gives 3); None when unknown
      (text dumps), rendered as level 2;
    - ``ordered``: for a list item, True in a numbered list (``<ol>``), False in a bulleted
      one; ``number``: its number in a numbered list (1 for the first item);
    - ``rows``: a table's cells, row by row (empty cells kept, so columns line up);
      ``header``: its first row is a header row (``<th>`` cells);
    - ``verbatim``: a code block's code as written, indentation and blank lines kept
      (``text`` has them collapsed);
    - ``quoted``: the block is (inside) a blockquote; ``kind`` says what it is there;
    - ``links``: the links in the text, as character ranges of ``text`` with their address;
    - ``images``: the images in or just before the block (only with ``include_images=True``).
    """

    text: str
    kind: str = "paragraph"
    link_density: float = 0.0
    position: int = 0
    tag: str = ""
    level: int | None = None
    ordered: bool | None = None
    number: int | None = None
    rows: list[list[str]] | None = None
    header: bool = False
    verbatim: str | None = None
    quoted: bool = False
    links: tuple[Link, ...] = ()
    images: tuple[Image, ...] = ()

    @property
    def words(self) -> list[str]:
        return self.text.split()

    def to_dict(self) -> dict[str, Any]:
        """``kind`` and ``text``, then each structure field that is set (not None, False or empty)."""
        data: dict[str, Any] = {"kind": self.kind, "text": self.text}
        for name in ("level", "ordered", "number", "rows", "header", "verbatim", "quoted"):
            value = getattr(self, name)
            if value is not None and value is not False:
                data[name] = value
        if self.links:
            data["links"] = [link.to_dict() for link in self.links]
        if self.images:
            data["images"] = [image.to_dict() for image in self.images]
        return data


@dataclass
class Removed:
    """A block that was cut, and why.

    The origin is kept as fields, never parsed from a string: ``rule_id`` names the rule
    that cut the block (a rule file's ``id``), ``heuristic`` the heuristic that did
    (``"edge"``, ``"duplicate"``, ``"site-template"``...); exactly one of them is set.
    ``score`` is the heuristic's score of the block, where it has one. :attr:`reason` is
    the origin as one word for people: ``rule:<id>`` or ``heuristic:<name>``.
    """

    text: str
    kind: str = "paragraph"
    score: float | None = None
    rule_id: str | None = None
    heuristic: str | None = None

    def __post_init__(self) -> None:
        if (self.rule_id is None) == (self.heuristic is None):
            raise ValueError("a Removed record names either a rule_id or a heuristic")

    @property
    def reason(self) -> str:
        """``rule:<id>`` or ``heuristic:<name>``: what ``--explain`` and the goldens show."""
        return f"rule:{self.rule_id}" if self.rule_id is not None else f"heuristic:{self.heuristic}"

    def to_dict(self) -> dict[str, Any]:
        """``text``, ``reason``, ``kind``, the origin field that is set, and ``score`` when there is one."""
        data: dict[str, Any] = {"text": self.text, "reason": self.reason, "kind": self.kind}
        if self.rule_id is not None:
            data["rule_id"] = self.rule_id
        else:
            data["heuristic"] = self.heuristic
        if self.score is not None:
            data["score"] = self.score
        return data


#: the page metadata an Article carries besides title, author, date and url (HTML pages)
PAGE_FIELDS = (
    "sitename",
    "hostname",
    "description",
    "image",
    "categories",
    "tags",
    "language",
    "pagetype",
    "canonical_url",
)

#: where :attr:`Article.url` came from: the caller's ``url=``, the page's ``<link rel=canonical>``,
#: its ``og:url`` meta tag; None when there is no URL
UrlSource = Literal["caller", "canonical", "og:url"]


@dataclass
class Article:
    """The clean article found in a page.

    ``blocks`` are the kept body blocks in page order; ``text`` joins them with a blank
    line. ``removed`` lists what the rules and heuristics cut, each with its reason.

    ``url`` is the page's URL: the one the caller gave, else the page's own canonical link
    or ``og:url`` (``url_source`` says which; both None when there is none). The page
    metadata (HTML pages; None or empty for text dumps) follows trafilatura's
    ``bare_extraction(with_metadata=True)`` and keeps its field names where the meaning is
    the same: ``sitename``, ``hostname`` (the domain of ``url`` as trafilatura reads it:
    ``google.com`` for ``cloud.google.com``), ``description``,
    ``image`` (absolute where the URL is known), ``categories``, ``tags`` (one tag an item),
    ``language`` (declared by the page, ISO 639: ``"en"``), ``pagetype`` (``og:type`` or the
    JSON-LD type: ``"article"``, ``"website"``...) and ``canonical_url`` (the page's
    ``<link rel=canonical>``, whatever URL the caller gave). ``source_kind`` is the path the
    page went down, ``"html"`` or ``"text"``.
    """

    title: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None
    blocks: list[Block] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    source_kind: str = "html"
    url_source: UrlSource | None = None
    canonical_url: str | None = None
    hostname: str | None = None
    sitename: str | None = None
    description: str | None = None
    image: str | None = None
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    language: str | None = None
    pagetype: str | None = None

    @property
    def text(self) -> str:
        """The article body as plain text, blocks separated by a blank line."""
        return "\n\n".join(block.text for block in self.blocks)

    def __bool__(self) -> bool:
        return bool(self.blocks)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: metadata, text, blocks and removed records."""
        return {
            "url": self.url,
            "url_source": self.url_source,
            "title": self.title,
            "author": self.author,
            "date": self.date,
            **{name: getattr(self, name) for name in PAGE_FIELDS},
            "source_kind": self.source_kind,
            "text": self.text,
            "blocks": [b.to_dict() for b in self.blocks],
            "removed": [r.to_dict() for r in self.removed],
        }

    def to_json(self, indent: int | None = 2) -> str:
        """The :meth:`to_dict` record as a JSON string (UTF-8 characters kept)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_markdown(self, links: bool = True, images: bool = True) -> str:
        """The article as CommonMark (tables as GFM pipe tables): ``# title``, the byline,
        then the blocks with their structure: heading levels, numbered and bulleted lists,
        tables with a header row, fenced code as written, blockquotes, and (unless turned
        off) links and images. Text that would read as markup is escaped. See
        :mod:`cleaner.markdown`."""
        from .markdown import render

        return render(self, links=links, images=images)

    def to_text(self) -> str:
        """The body text with a trailing newline, as the ``txt`` output format writes it."""
        return self.text + "\n" if self.text else ""
