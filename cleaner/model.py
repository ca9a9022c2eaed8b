"""The block model shared by the HTML and text paths, and the Article result."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

BlockKind = Literal["heading", "paragraph", "list_item", "quote", "table", "code"]
BLOCK_KINDS: tuple[str, ...] = ("heading", "paragraph", "list_item", "quote", "table", "code")


@dataclass
class Block:
    """One unit of page text: a paragraph, heading, list item, quote, table or code block.

    ``link_density`` is the share of the text inside links (HTML only; 0 for text dumps).
    ``position`` is the block's index in the page before anything was removed.
    """

    text: str
    kind: str = "paragraph"
    link_density: float = 0.0
    position: int = 0
    tag: str = ""

    @property
    def words(self) -> list[str]:
        return self.text.split()


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
    the same: ``sitename``, ``hostname`` (the registered domain of ``url``: ``google.com``
    for ``cloud.google.com``), ``description``,
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
            "blocks": [{"kind": b.kind, "text": b.text} for b in self.blocks],
            "removed": [r.to_dict() for r in self.removed],
        }

    def to_json(self, indent: int | None = 2) -> str:
        """The :meth:`to_dict` record as a JSON string (UTF-8 characters kept)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_markdown(self) -> str:
        """The article as Markdown: ``# title``, then the blocks with their kind's markup."""
        parts: list[str] = []
        if self.title:
            parts.append(f"# {self.title}")
        byline = " · ".join(x for x in (self.author, self.date) if x)
        if byline:
            parts.append(f"*{byline}*")
        items: list[str] = []
        for block in self.blocks:
            if block.kind == "list_item":
                items.append(f"- {block.text}")
                continue
            if items:
                parts.append("\n".join(items))
                items = []
            if block.kind == "heading":
                parts.append(f"## {block.text}")
            elif block.kind == "quote":
                parts.append("\n".join(f"> {line}" for line in block.text.splitlines()))
            elif block.kind == "code":
                parts.append(f"```\n{block.text}\n```")
            else:
                parts.append(block.text)
        if items:
            parts.append("\n".join(items))
        return "\n\n".join(parts) + "\n"

    def to_text(self) -> str:
        """The body text with a trailing newline, as the ``txt`` output format writes it."""
        return self.text + "\n" if self.text else ""
