"""A page's metadata, from trafilatura's metadata extractors, read on the parsed tree.

Title, author and date as before; and the fields of trafilatura's
``bare_extraction(with_metadata=True)`` that a user of an article cleaner wants: site name,
host name, description, image, categories, tags, language, canonical URL and page type.
Most come free from the meta-tag and JSON-LD pass that title and author need; categories
and tags found in the page's links use the page expressions trafilatura uses, evaluated
only on the few links whose address names a category or tag. trafilatura's licence search
(2-3 ms a page) is left out. Runs on the parsed tree before the rules prune it, so bylines
and category links in boxes the rules remove still count.

:func:`page_url` finds the page's own URL (canonical link, else ``og:url``) for a caller
who gives none: the pipeline reads it before it chooses the rules.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from html import unescape
from typing import Any, Literal
from urllib.parse import urljoin

from htmldate import find_date
from lxml import etree

from ._trafilatura import (
    HTML_STRIP_TAGS,
    JSON_UNICODE_REPLACE,
    examine_meta,
    extract_json,
    extract_json_parse_error,
    extract_sitename,
    extract_title,
    line_processing,
    trim,
)
from .byline import clean_author as _clean_author
from .model import PAGE_FIELDS

#: separators between a headline and the site name in ``<title>``
_TITLE_SUFFIX = re.compile(r"\s+[|\-–—·:»]\s+([^|\-–—·:»]{2,60})$")
#: a Chinese site's name after an unspaced separator: names of news sites end in 网 (web),
#: 报 (paper), 新闻 (news), 频道 (channel) or 在线 (online): "…的城！-新华网", "…_人民网"
_CJK_SITE_SUFFIX = re.compile(
    r"\s*[|\-_–—·]\s*[\u4e00-\u9fff]{1,8}(?:网|網|报|報|新闻|新聞|频道|頻道|在线|在線)(?:[\-_][\u4e00-\u9fff]{1,8})?$"
)


@dataclass(frozen=True)
class Metadata:
    """What :func:`extract_metadata` finds; the fields after ``headline`` are carried to the
    :class:`~cleaner.model.Article` as they are (:meth:`page_fields`)."""

    title: str | None = None
    author: str | None = None
    date: str | None = None
    #: the page's first ``<h1>``: the headline as displayed (may differ from the title)
    headline: str | None = None
    sitename: str | None = None
    hostname: str | None = None
    description: str | None = None
    image: str | None = None
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    language: str | None = None
    pagetype: str | None = None
    canonical_url: str | None = None

    def page_fields(self) -> dict[str, Any]:
        """The fields an Article takes from here besides title, author and date."""
        return {name: list(value) if isinstance(value := getattr(self, name), tuple) else value for name in PAGE_FIELDS}


_ABSOLUTE = re.compile(r"^https?://[^/\s?#]+", re.I)


def _absolute(href: str | None, base: str | None = None) -> str | None:
    """``href`` as an absolute http(s) URL (a protocol-relative one gets https, a relative
    one is resolved against ``base`` when that is absolute), or None."""
    href = (href or "").strip()
    if href.startswith("//"):
        href = "https:" + href
    elif href and not _ABSOLUTE.match(href) and base and _ABSOLUTE.match(base):
        href = urljoin(base, href)
    return href if _ABSOLUTE.match(href) and not any(c.isspace() for c in href) else None


def _head(tree: etree._Element) -> etree._Element | None:
    head = tree.find("head")
    return head if head is not None else tree.find(".//head")


def _page_urls(tree: etree._Element) -> tuple[str | None, str | None]:
    """The page's canonical link and its ``og:url``, each absolute or None."""
    head = _head(tree)
    if head is None:
        return None, None
    canonical = og_url = None
    for el in head.iter("link", "meta"):
        if el.tag == "meta":
            if og_url is None and el.get("property") == "og:url":
                og_url = _absolute(el.get("content"))
        elif canonical is None and "canonical" in (el.get("rel") or "").lower().split():
            canonical = el.get("href")
    return _absolute(canonical, og_url), og_url


def page_url(tree: etree._Element) -> tuple[str, Literal["canonical", "og:url"]] | None:
    """The page's own URL and where it was found, ``"canonical"`` (``<link rel=canonical>``)
    or ``"og:url"``; None when the page names neither (as an absolute http(s) URL)."""
    canonical, og_url = _page_urls(tree)
    if canonical:
        return canonical, "canonical"
    return (og_url, "og:url") if og_url else None


#: trafilatura's (courlan's) quick reading of a URL's domain: the host less its first
#: labels, as long as what is left starts with a label of four characters or more
_DOMAIN = re.compile(
    r"(?:(?:f|ht)tp)s?://(?:[^/?#]{,63}\.)?([^/?#.]{4,63}\.[^/?#]{2,63}|\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}"
    r"|[0-9a-f:]{16,})(?:/|$)"
)
_PORT = re.compile(r"(?<=\D):\d+")
_WWW = re.compile(r"^www[0-9]*\.")


def hostname(url: str | None) -> str | None:
    """trafilatura's ``hostname`` of ``url``: courlan's quick reading of its domain
    (``https://cloud.google.com/x`` gives ``google.com``, ``news.bbc.co.uk`` stays). Where
    that reading fails, courlan loads the public suffix list (0.4 s, once a process);
    cleaner takes the host less ``www.`` and port instead."""
    if not url or not _ABSOLUTE.match(url):
        return None
    match = _DOMAIN.match(url)
    if match and (host := _PORT.sub("", match[1].split("@")[-1])).split(".")[0]:
        return host
    host = _ABSOLUTE.match(url).group(0).split("://", 1)[1].rsplit("@", 1)[-1]  # type: ignore[union-attr]
    return _WWW.sub("", _PORT.sub("", host).lower()) or None


_LANGUAGE = re.compile(r"^([a-z]{2,3})(?:$|[-_])", re.I)


def page_language(tree: etree._Element) -> str | None:
    """The language the page declares (``<html lang>``, else a ``content-language`` or
    ``og:locale`` meta tag) as an ISO 639 code, lower case: ``"en"`` for ``en-US``."""
    candidates = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    head = _head(tree)
    if head is not None:
        for el in head.iter("meta"):
            key = (el.get("http-equiv") or el.get("property") or el.get("name") or "").lower()
            if key in ("content-language", "og:locale", "dc.language", "language"):
                candidates.append(el.get("content"))
    for value in candidates:
        match = _LANGUAGE.match((value or "").strip())
        if match:
            return match.group(1).lower()
    return None


def _class(el: etree._Element) -> str:
    return el.get("class") or ""


def _test(tags: Iterable[str] | None, test: Callable[[etree._Element], bool]) -> Callable[[etree._Element], bool]:
    names = frozenset(tags) if tags is not None else None
    return lambda el: (names is None or el.tag in names) and test(el)


#: trafilatura's ``CATEGORIES_XPATHS`` and ``TAGS_XPATHS`` (``//CONTAINER[...]//a[@href]``), in
#: order, as tests of the container: one pass over the links whose address could name a
#: category or tag, instead of six XPaths (with EXSLT regexes) over every element
_CATEGORY_CONTAINERS = (
    _test(
        ("div",),
        lambda el: (
            bool(re.match(r"^(?:post-?info|post-?meta|meta|entry-meta|entry-info|entry-utility)", _class(el)))
            or (el.get("id") or "").startswith("postpath")
        ),
    ),
    _test(
        ("p",),
        lambda el: (
            _class(el).startswith(("postmeta", "entry-categories"))
            or _class(el) == "postinfo"
            or el.get("id") == "filedunder"
        ),
    ),
    _test(("footer",), lambda el: _class(el).startswith(("entry-meta", "entry-footer"))),
    _test(
        ("li", "span"),
        lambda el: _class(el) in ("post-category", "postcategory", "entry-category") or "cat-links" in _class(el),
    ),
    _test(("header",), lambda el: _class(el) == "entry-header"),
    _test(("div",), lambda el: _class(el) in ("row", "tags")),
)
_TAG_CONTAINERS = (
    _test(("div",), lambda el: _class(el) == "tags"),
    _test(("p",), lambda el: _class(el).startswith("entry-tags")),
    _test(
        ("div",),
        lambda el: (
            _class(el) in ("row", "jp-relatedposts", "entry-utility")
            or bool(re.match(r"^(?:tag|postmeta|meta)", _class(el)))
        ),
    ),
    _test(None, lambda el: _class(el) == "entry-meta" or "topics" in _class(el) or "tags-links" in _class(el)),
)
_CATEGORY_HREF = re.compile(r"/categor(?:y|ies|s)?/")
_TAG_HREF = re.compile(r"/tag(?:y|ies|s)?/")


def _catstag_links(tree: etree._Element) -> list[tuple[etree._Element, str]]:
    """The links whose address could name a category or tag, with their address."""
    return [(a, href) for a in tree.iter("a") if (href := a.get("href")) and ("/categor" in href or "/tag" in href)]


def _linked_terms(links: list[tuple[etree._Element, str]], href: re.Pattern[str], containers) -> list[str]:
    """trafilatura's ``extract_catstags`` on the page: the text of the links under the first
    kind of container that holds any whose address matches ``href``."""
    matching = [(a, list(a.iterancestors())) for a, address in links if href.search(address)]
    for container in containers:
        found = ["".join(a.itertext()) for a, ancestors in matching if any(map(container, ancestors))]
        if found:
            return [t for t in dict.fromkeys(line_processing(x) for x in found if x) if t]
    return []


def _split_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Single tags: trafilatura keeps a keywords tag as one comma-joined string."""
    return tuple(dict.fromkeys(t.strip() for value in tags for t in value.split(",") if t.strip()))


def _section_metas(tree: etree._Element) -> list[str]:
    head = _head(tree)
    if head is None:
        return []
    return [
        el.get("content")
        for el in head.iter("meta")
        if el.get("content") is not None
        and (el.get("property") == "article:section" or "subject" in (el.get("name") or ""))
    ]


def _text_field(value: str | None) -> str | None:
    """A string field as trafilatura's ``clean_and_trim`` leaves it: entities resolved,
    spaces and control characters normalised, at most 10,000 characters."""
    if not value:
        return None
    if len(value) > 10000:
        value = value[:9999] + "…"
    return line_processing(unescape(value)) or None


_META_URL = re.compile(r"https?://(?:www\.|w[0-9]+\.)?([^/]+)")


def _sitename(meta, tree: etree._Element, url: str | None) -> str | None:
    """trafilatura's site name: meta tags and JSON-LD, else the part of ``<title>`` holding
    a dot, else the URL's host; an ``@`` handle loses its ``@``, a lower-case name is capitalised."""
    name = meta.sitename or extract_sitename(tree)
    if name:
        name = name.lstrip("@")
        if name and "." not in name and not name[0].isupper():
            name = name.title()
        return name or None
    match = _META_URL.match(url or "")
    return match[1] if match else None


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
    """Drop a trailing "| Site Name" from a title when it names the site (or reads as a
    Chinese site's name: :data:`_CJK_SITE_SUFFIX`)."""
    cjk = _CJK_SITE_SUFFIX.search(title)
    if cjk and cjk.start() > 0:
        return title[: cjk.start()].strip()
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


_JSON_LD_TYPES = ("application/ld+json", "application/settings+json")
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def _unicode_escape(match: re.Match) -> str:
    return chr(int(match[1], 16))


#: a JSON string, as trafilatura's JSON_MINIFY reads one
_JSON_STRING = re.compile(r'("(?:\\.|[^"\\])*")')


def _minify_json(text: str) -> str:
    """``JSON_MINIFY.sub`` as trafilatura applies it (whitespace outside strings dropped),
    one split instead of a Python call per space: the strings are the odd pieces."""
    pieces = _JSON_STRING.split(text)
    return "".join(piece if i % 2 else "".join(piece.split()) for i, piece in enumerate(pieces))


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
        text = _normalize_json(_minify_json(elem.text))
        try:
            metadata = extract_json(json.loads(text, strict=False), metadata)
        except json.JSONDecodeError:
            metadata = extract_json_parse_error(text, metadata)
    return metadata


def extract_metadata(tree: etree._Element, url: str | None) -> Metadata:
    """Title (site-name suffix removed), author(s) from meta tags and JSON-LD, publication
    date (ISO), and the page fields of :class:`Metadata`. Bylines in the page are
    :func:`find_byline`'s job. ``url`` is the page's URL (the caller's or the page's own)."""
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
    canonical, og_url = _page_urls(tree)
    categories = meta.categories or []
    tags = meta.tags or []
    if not categories or not tags:
        links = _catstag_links(tree)
        categories = categories or _linked_terms(links, _CATEGORY_HREF, _CATEGORY_CONTAINERS)
        tags = tags or _linked_terms(links, _TAG_HREF, _TAG_CONTAINERS)
    categories = categories or _section_metas(tree)
    return Metadata(
        title=title or None,
        author=_clean_author(author),
        date=date or None,
        headline=headline or None,
        sitename=_text_field(_sitename(meta, tree, url or canonical or og_url)),
        hostname=hostname(url or canonical or og_url),
        description=_text_field(meta.description),
        image=_absolute(_text_field(meta.image), url) or _text_field(meta.image),
        categories=tuple(c for c in dict.fromkeys(_text_field(c) for c in categories) if c),
        tags=_split_tags(t for t in (_text_field(t) for t in tags) if t),
        language=page_language(tree),
        pagetype=_text_field(meta.pagetype),
        canonical_url=canonical,
    )
