"""Title, author and date of a page, from trafilatura's metadata extractors.

Only the three fields an :class:`~cleaner.model.Article` carries are computed (trafilatura's
``extract_metadata`` also finds site name, categories, tags and licence, which cost as much
again). Runs on the parsed tree before the rules prune it, so bylines in boxes the rules
remove still count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from htmldate import find_date
from lxml import etree
from trafilatura.metadata import examine_meta, extract_author, extract_meta_json, extract_title

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
    names = {m.lower() for m in tree.xpath("//meta[@property='og:site_name' or @name='application-name']/@content")}
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


def find_byline(tree: etree._Element) -> str | None:
    """The author named in a byline (trafilatura's byline search). Run on the pruned tree:
    it is smaller, and the menus, comments and teaser lists a byline search trips on are gone."""
    return _clean_author(extract_author(tree))


def extract_metadata(tree: etree._Element, url: str | None) -> Metadata:
    """Title (site-name suffix removed), author(s) from meta tags and JSON-LD, and
    publication date (ISO) of a page. Bylines in the page are :func:`find_byline`'s job."""
    meta = examine_meta(tree)
    if meta.author and " " not in meta.author:
        meta.author = None
    try:
        meta = extract_meta_json(tree, meta)
    except Exception:  # noqa: BLE001 - a broken JSON-LD block only loses metadata
        pass
    title = meta.title or extract_title(tree)
    page_title = tree.findtext(".//title") or ""
    author = meta.author
    try:
        date = find_date(
            tree, url=url, original_date=True, extensive_search=False,
            max_date=datetime.now().astimezone().strftime("%Y-%m-%d"),
        )
    except Exception:  # noqa: BLE001 - htmldate failures only lose the date
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
