"""The byline search: the author a page's byline names, as trafilatura's author expressions
find it, evaluated in Python on the few elements whose attributes can match.

Run on the pruned tree by the pipeline when the metadata (:mod:`cleaner.metadata`) named no
author: it is smaller, and the menus, comments and teaser lists a byline search trips on are gone.
"""

from __future__ import annotations

import re

from lxml import etree

from ._trafilatura import normalize_authors, trim


def clean_author(author: str | None) -> str | None:
    """An author string as trafilatura gives it, its ``;``-separated names joined by commas."""
    if not author:
        return None
    parts = [p.strip() for p in author.split(";") if p.strip()]
    # trafilatura splits "Surname, Given" into two entries; keep real lists of people
    return ", ".join(parts) if parts else None


#: longest byline text taken as an author (trafilatura's limit)
BYLINE_MAX_CHARS = 120

# trafilatura's byline search (``trafilatura.xpaths.AUTHOR_XPATHS`` and
# ``AUTHOR_DISCARD_XPATHS``) tests class and id values with EXSLT regular expressions, which
# lxml calls back into Python for on every element: about 5 ms a page. Here one pass picks
# the elements whose attributes hold any of the words those tests look for, and the same
# tests, as Python regexes, decide on those few.
# (one path, not a union with //author: no node-set to sort into page order)
_WITH_ATTRIBUTES = etree.XPath(
    "//*[@class or @id or @rel or @itemprop or @data-testid or @data-component or self::author]"
)
_AUTHOR_ATTRIBUTES = ("class", "id", "rel", "itemprop", "data-testid", "data-component")
_CANDIDATE_WORDS = (
    "uthor",
    "yline",
    "byl",
    "BBL",
    "username",
    "screenname",
    "writer",
    "channel-name",
    "zuozhe",
    "bianji",
    "xiaobian",
    "submitted-by",
    "posted-by",
    "journalist-name",
)


def _candidates(tree: etree._Element) -> list[etree._Element]:
    """A superset of the elements trafilatura's author expressions can select, in page order."""
    return [
        el
        for el in _WITH_ATTRIBUTES(tree)
        if el.tag == "author" or _names_a_byline(" ".join(filter(None, map(el.get, _AUTHOR_ATTRIBUTES))))
    ]


#: any of :data:`_CANDIDATE_WORDS` as a substring: one search in C instead of a Python loop over the words
_CANDIDATE = re.compile("|".join(map(re.escape, _CANDIDATE_WORDS)))


def _names_a_byline(attributes: str) -> bool:
    return _CANDIDATE.search(attributes) is not None


def _attr_test(**patterns: str):
    """A test of an element's attributes: True when any attribute matches its regex."""
    compiled = {name.replace("_", "-"): re.compile(rx) for name, rx in patterns.items()}
    return lambda el: any(rx.search(el.get(name, "\0")) for name, rx in compiled.items())


_SPECIFIC_TAGS = frozenset({"a", "address", "div", "link", "p", "span", "strong"})
_SPECIFIC = _attr_test(
    rel="^author$",
    id="^author$",
    itemprop="^author name$",
    data_testid="^(AuthorCard|AuthorURL)$",
    **{"class": "^author$|author-?name|AuthorName|authorName"},
)
_GENERIC_TAGS = frozenset({"a", "div", "h3", "h4", "p", "span"})
_GENERIC = _attr_test(
    itemprop="author",
    id="author|zuozhe|bianji|xiaobian",
    **{
        "class": "^(byline|username|byl|BBL)$|author|channel-name|zuozhe|bianji|xiaobian|submitted-by"
        "|posted-by|journalist-name"
    },
)
_ANY = _attr_test(
    data_component="Byline", itemprop="author", id="[Aa]uthor", **{"class": "[Aa]uthor|screenname|writer|[Bb]yline"}
)
#: trafilatura's three author expressions, most specific first
_AUTHOR_TESTS = (
    lambda el: el.tag == "author" or (el.tag in _SPECIFIC_TAGS and _SPECIFIC(el)),
    lambda el: el.tag in _GENERIC_TAGS and _GENERIC(el),
    _ANY,
)
_DISCARD_TAGS = frozenset({"a", "div", "section", "span"})
_DISCARD = _attr_test(
    id="^comments$|^comments|comment-?list|ProductReviews",
    data_component="Figure",
    **{
        "class": "^(comments|title|date)$|^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote"
        "|embedly-instagram|article-(?:share|support)|print|category|meta-date|meta-reviewer"
    },
)


def _discarded(el: etree._Element) -> bool:
    """trafilatura leaves these out of a byline search: comments, dates, figures, sidebars."""
    return el.tag in ("time", "figure") or (el.tag in _DISCARD_TAGS and _DISCARD(el))


def _text_outside_discarded(el: etree._Element) -> str:
    """``el``'s text without its discarded descendants (their tails are kept)."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if not _discarded(child):
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return " ".join(parts)


#: a link to an author's page: ``/author/jane-doe/`` (WordPress and most CMSs), ``/authors/...``
_AUTHOR_PAGE = etree.XPath(
    "//a[contains(@href, '/author/') or contains(@href, '/authors/') or contains(@href, '/autor/')"
    " or contains(@href, '/auteur/') or contains(@href, '/autore/')]"
)
#: an author link's text is a name: at most this many words
AUTHOR_LINK_MAX_WORDS = 5
#: what a link to an author's page may say before the name ("Articles by Jane", "View all posts by")
_LINK_PREFIX = re.compile(r"^(?:(?:view |see )?(?:all )?(?:articles|posts|stories|more) (?:by|from)|by)\s+", re.I)


def _author_link(tree: etree._Element) -> str | None:
    """The text of the first link to an author's page that reads as a name (a few words,
    no digits), outside what trafilatura's byline search discards."""
    for a in _AUTHOR_PAGE(tree):
        text = _LINK_PREFIX.sub("", trim(" ".join(a.itertext())))
        if (
            2 < len(text) < BYLINE_MAX_CHARS
            and len(text.split()) <= AUTHOR_LINK_MAX_WORDS
            and not any(ch.isdigit() for ch in text)
            and not any(_discarded(x) for x in (a, *a.iterancestors()))
        ):
            return text
    return None


def find_byline(tree: etree._Element) -> str | None:
    """The author named in a byline (trafilatura's byline search), else the name on the
    first link to an author's page. Run on the pruned tree: it is smaller, and the menus,
    comments and teaser lists a byline search trips on are gone."""
    candidates = [el for el in _candidates(tree) if not any(_discarded(a) for a in (el, *el.iterancestors()))]
    for test in _AUTHOR_TESTS:
        for el in filter(test, candidates):
            content = trim(_text_outside_discarded(el))
            if content and 2 < len(content) < BYLINE_MAX_CHARS:
                return clean_author(normalize_authors(None, content))
    linked = _author_link(tree)
    return clean_author(normalize_authors(None, linked)) if linked else None
