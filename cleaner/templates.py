"""Site templates: blocks that recur across many pages of one host in a batch.

Navigation text, widget headings, sign-up prompts and footer lines are the same on every
page of a site. A first pass over a batch feeds each page's blocks to a
:class:`TemplateLearner`; blocks seen on at least ``max(MIN_PAGES, SHARE × pages)`` of
a host's (distinct) pages make that host's template, a ``frozenset`` of block keys.
The second pass hands the template to :func:`cleaner.clean` (``template=``), which drops
those blocks with the reason ``heuristic:site-template``.

A block is keyed by :func:`block_key`: a short hash of its lower-cased words, so
whitespace, case and punctuation do not matter.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from .model import Article, Block, Removed
from .passes import Context
from .rules import host_of

#: a block is template when it is on at least this many of a host's pages ...
MIN_PAGES = 3
#: ... and on at least this share of them
SHARE = 0.3
#: longer blocks are not counted (keeps the learner's memory to furniture-sized blocks)
MAX_WORDS = 80
#: a host's counter is pruned of rare keys past this many keys (bounds memory per host)
MAX_KEYS_PER_HOST = 50_000
#: the heuristic recorded in :attr:`Article.removed` (reason ``heuristic:site-template``)
HEURISTIC = "site-template"
#: the reason string of those records
REASON = f"heuristic:{HEURISTIC}"


_WORD = re.compile(r"\w+", re.UNICODE)
_PAGE_URL = re.compile(
    rb"""<(?:link[^>]+rel=["']?canonical["']?[^>]*href|meta[^>]+property=["']og:url["'][^>]*content)=["']([^"'>\s]+)""",
    re.I,
)


def block_key(text: str) -> str:
    """The key of a block's text: a hash of its lower-cased words ("" when it has none)."""
    words = _WORD.findall(text.lower())
    if not words:
        return ""
    return hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=8).hexdigest()


def drop_template_blocks(blocks: list[Block], ctx: Context) -> tuple[list[Block], list[Removed]]:
    """A block pass: drop the blocks whose key is in the page's template (``ctx.template``);
    never drops every block of a page."""
    template = ctx.template
    if not template:
        return blocks, []
    hits = [block_key(b.text) in template for b in blocks]
    if not any(hits) or all(hits):
        return blocks, []
    kept = [b for b, hit in zip(blocks, hits) if not hit]
    cut = [Removed(text=b.text, kind=b.kind, heuristic=HEURISTIC) for b, hit in zip(blocks, hits) if hit]
    return kept, cut


def article_keys(article: Article) -> frozenset[str]:
    """The keys of the blocks a template may remove from this page: the kept blocks and
    those the heuristics cut (rule cuts stay rule cuts). Long blocks are left out, and so
    are blocks repeated within the page: those are its structure ("Pros", "Cons" headings
    of each product in a review), not the site's furniture."""
    texts = [b.text for b in article.blocks]
    texts += [r.text for r in article.removed if r.heuristic is not None and r.heuristic != HEURISTIC]
    counts = Counter(block_key(t) for t in texts if len(t.split()) <= MAX_WORDS)
    counts.pop("", None)
    return frozenset(k for k, n in counts.items() if n == 1)


def page_host(url: str | None, page: bytes | None = None, fallback: str = "") -> str:
    """The group a page's template is learnt in: the host of ``url``, else of the page's
    canonical / ``og:url`` link, else ``fallback`` (the batch uses the page's directory)."""
    if not url and page:
        match = _PAGE_URL.search(page[:65536])
        url = match.group(1).decode("ascii", "ignore") if match else None
    return host_of(url) or fallback


@dataclass
class _HostCounts:
    pages: set[str] = field(default_factory=set)  # page fingerprints: duplicates count once
    counts: Counter[str] = field(default_factory=Counter)
    floor: int = 0  # keys at or below this count were pruned once


class TemplateLearner:
    """Count block keys per host over a batch's pages, then tell each host's template."""

    def __init__(self, min_pages: int = MIN_PAGES, share: float = SHARE) -> None:
        self.min_pages = min_pages
        self.share = share
        self._hosts: dict[str, _HostCounts] = {}

    def add(self, host: str, keys: Iterable[str]) -> None:
        """Count one page of ``host`` with its block ``keys``; a page seen before
        (the same set of keys) is not counted again."""
        keys = frozenset(keys)
        if not keys:
            return
        entry = self._hosts.setdefault(host, _HostCounts())
        fingerprint = block_key(" ".join(sorted(keys)))
        if fingerprint in entry.pages:
            return
        entry.pages.add(fingerprint)
        entry.counts.update(keys)
        if len(entry.counts) > MAX_KEYS_PER_HOST:
            entry.floor += 1
            entry.counts = Counter({k: n for k, n in entry.counts.items() if n > entry.floor})

    def threshold(self, pages: int) -> int:
        """How many of a host's ``pages`` a block must be on to be template."""
        return max(self.min_pages, math.ceil(self.share * pages))

    def templates(self) -> dict[str, frozenset[str]]:
        """Each host's template (hosts with none are left out)."""
        result: dict[str, frozenset[str]] = {}
        for host, entry in self._hosts.items():
            need = self.threshold(len(entry.pages))
            keys = frozenset(k for k, n in entry.counts.items() if n >= need)
            if keys:
                result[host] = keys
        return result
