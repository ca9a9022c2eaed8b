"""Title, author and date of a page, from trafilatura's metadata extractors.

Only the three fields an :class:`~cleaner.model.Article` carries are computed (trafilatura's
``extract_metadata`` also finds site name, categories, tags and licence, which cost as much
again). Runs on the parsed tree before the rules prune it, so bylines in boxes the rules
remove still count.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from html import unescape

from htmldate import find_date
from lxml import etree

from ._trafilatura import (
    HTML_STRIP_TAGS,
    JSON_MINIFY,
    JSON_UNICODE_REPLACE,
    examine_meta,
    extract_json,
    extract_json_parse_error,
    extract_title,
    normalize_authors,
    trim,
)

#: separators between a headline and the site name in ``<title>``
_TITLE_SUFFIX = re.compile(r"\s+[|\-–—·:»]\s+([^|\-–—·:»]{2,60})$")


@dataclass(frozen=True)
class Metadata:
    title: str | None = None
    author: str | None = None
    date: str | None = None
    #: the page's first ``<h1>``: the headline as displayed (may differ from the title)
    headline: str | None = None


def _site_names(tree: etree._Element, url: str | None) -> set[str]:
    names = {
        m.get("content").lower()
        for m in tree.iter("meta")
        if (m.get("property") == "og:site_name" or m.get("name") == "application-name") and m.get("content") is not None
    }
    if url:
        host = re.sub(r"^[a-z]+://(www\.)?", "", url.lower()).split("/")[0]
        names.add(host)
        names.add(host.rsplit(".", 1)[0])
    return {" ".join(n.split()) for n in names if n.strip()}


def strip_site_name(title: str, site_names: set[str]) -> str:
    """Drop a trailing "| Site Name" from a title when it names the site."""
    match = _TITLE_SUFFIX.search(title)
    if not match:
        return title
    suffix = match.group(1).strip().lower()
    squashed = re.sub(r"[^a-z0-9]", "", suffix)
    for name in site_names:
        if suffix == name or (squashed and squashed == re.sub(r"[^a-z0-9]", "", name.split(".")[0])):
            return title[: match.start()].strip()
    return title


def _is_site_name(title: str, site_names: set[str]) -> bool:
    squashed = re.sub(r"[^a-z0-9]", "", title.lower())
    return any(squashed == re.sub(r"[^a-z0-9]", "", name.split(".")[0]) for name in site_names if name)


def _clean_author(author: str | None) -> str | None:
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
_WITH_ATTRIBUTES = etree.XPath("//*[@class or @id or @rel or @itemprop or @data-testid or @data-component]|//author")
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


def _names_a_byline(attributes: str) -> bool:
    return any(word in attributes for word in _CANDIDATE_WORDS)


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


def find_byline(tree: etree._Element) -> str | None:
    """The author named in a byline (trafilatura's byline search). Run on the pruned tree:
    it is smaller, and the menus, comments and teaser lists a byline search trips on are gone."""
    candidates = [el for el in _candidates(tree) if not any(_discarded(a) for a in (el, *el.iterancestors()))]
    for test in _AUTHOR_TESTS:
        for el in filter(test, candidates):
            content = trim(_text_outside_discarded(el))
            if content and 2 < len(content) < BYLINE_MAX_CHARS:
                return _clean_author(normalize_authors(None, content))
    return None


_JSON_LD_TYPES = ("application/ld+json", "application/settings+json")
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def _unicode_escape(match: re.Match) -> str:
    return chr(int(match[1], 16))


def _kept_string(match: re.Match) -> str:
    return match[1] or ""


def _normalize_json(text: str) -> str:
    """trafilatura's ``normalize_json``, with C-speed regexes where it loops in Python."""
    if "\\" in text:
        text = text.replace("\\n", "").replace("\\r", "").replace("\\t", "")
        text = JSON_UNICODE_REPLACE.sub(_unicode_escape, text)
        text = _SURROGATES.sub("", text)
        text = unescape(text)
    return trim(HTML_STRIP_TAGS.sub("", text))


def _meta_json(tree: etree._Element, metadata):
    """trafilatura's ``extract_meta_json`` (metadata from JSON-LD blocks), at a third of the cost:
    its whitespace minifier and surrogate filter run per match and per character in Python."""
    for elem in tree.iter("script"):
        if elem.get("type") not in _JSON_LD_TYPES or not elem.text:
            continue
        text = _normalize_json(JSON_MINIFY.sub(_kept_string, elem.text))
        try:
            metadata = extract_json(json.loads(text, strict=False), metadata)
        except json.JSONDecodeError:
            metadata = extract_json_parse_error(text, metadata)
    return metadata


def extract_metadata(tree: etree._Element, url: str | None) -> Metadata:
    """Title (site-name suffix removed), author(s) from meta tags and JSON-LD, and
    publication date (ISO) of a page. Bylines in the page are :func:`find_byline`'s job."""
    meta = examine_meta(tree)
    if meta.author and " " not in meta.author:
        meta.author = None
    try:
        meta = _meta_json(tree, meta)
    except Exception:
        pass
    title = meta.title or extract_title(tree)
    page_title = tree.findtext(".//title") or ""
    author = meta.author
    try:
        date = find_date(
            tree,
            url=url,
            original_date=True,
            extensive_search=False,
            max_date=datetime.now().astimezone().strftime("%Y-%m-%d"),
        )
    except Exception:
        date = None
    h1 = tree.find(".//h1")
    headline = " ".join(" ".join(h1.itertext()).split()) if h1 is not None else ""
    sites = _site_names(tree, url)
    suffix = _TITLE_SUFFIX.search(" ".join(page_title.split()))
    bare_names = sites | ({suffix.group(1).strip().lower()} if suffix else set())
    if _is_site_name(" ".join((title or "").split()), bare_names):
        sites = bare_names  # the title names the site: so does the <title> suffix
    # the first candidate that is more than the site's own name (a logo <h1>, a bare og:title)
    for candidate in (title, page_title, headline):
        candidate = strip_site_name(" ".join((candidate or "").split()), sites)
        if candidate and not _is_site_name(candidate, bare_names):
            title = candidate
            break
    return Metadata(title=title or None, author=_clean_author(author), date=date or None, headline=headline or None)
