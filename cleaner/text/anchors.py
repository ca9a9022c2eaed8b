"""Where a story starts in a dump: its headline (the first line, an echo of it, or the line
that best matches the URL's slug) and the byline or dateline lines under it.

Nothing here assumes a language: the slug is matched on accent-folded word tokens (German
``ö`` is matched as ``o`` and as ``oe``, as slugs write it), and a byline or dateline is
told by its shape (short, no sentence, near the headline), not by words like "By".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from ..model import Block
from ..rules import Rule
from .measure import word_tokens
from .title import TITLE_OVERLAP, looks_like_title, overlap, word_set

_WORD = re.compile(r"\w+", re.UNICODE)
#: slug tokens that say nothing of the story (file extensions, index pages)
_SLUG_NOISE = frozenset("html htm php asp aspx jsp shtml cms amp index story article news post www".split())
#: a slug token of digits or hex ids (``c_1125597921``, ``a1b2c3d4e5``) is no word of the headline
_ID_TOKEN = re.compile(r"^(\d+|[0-9a-f]{8,}|[a-z]?\d[\w]*\d)$")
#: transliterations slugs use for letters that accent-folding alone would get wrong
_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe", "å": "aa", "œ": "oe"})

#: a line matches the slug when it holds at least this share of the slug's words ...
SLUG_SHARE = 0.5
#: ... and at least this many of them (all of a shorter slug's)
SLUG_MIN_WORDS = 2
#: a slug of one word is a word of the headline only when it has at least this many letters
SLUG_WORD_CHARS = 5


#: the combining marks NFKD splits off accented letters
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def _strip_accents(text: str) -> str:
    return text if text.isascii() else _COMBINING.sub("", unicodedata.normalize("NFKD", text))


@lru_cache(maxsize=4096)
def folded_words(text: str) -> frozenset[str]:
    """The lower-cased word tokens of ``text``, accents stripped, plus their transliterated
    forms (``größe`` → ``grosse`` and ``groesse``): what a URL slug may have made of them."""
    lower = text.lower()
    words = set(word_tokens(_strip_accents(lower)))
    words.update(_WORD.findall(_strip_accents(lower.translate(_TRANSLIT))))
    return frozenset(words)


def plain_words(text: str) -> frozenset[str]:
    """The lower-cased, accent-stripped word tokens of ``text``."""
    return frozenset(word_tokens(_strip_accents(text.lower())))


def slug_words(url: str | None) -> list[str]:
    """The words of the URL's story slug: the path segment with the most word tokens
    (hyphen, underscore, plus or dot separated), ids and file extensions left out; a lone
    word only when it has :data:`SLUG_WORD_CHARS` letters."""
    if not url:
        return []
    try:
        parts = urlsplit(url)
    except ValueError:
        return []
    if not parts.netloc:
        return []  # not a web address
    path = unquote(parts.path)
    best: list[str] = []
    for segment in path.split("/"):
        tokens = [t for t in re.split(r"[-_+.,~ ]+", _strip_accents(segment.lower())) if t]
        words = [t for t in tokens if t not in _SLUG_NOISE and not _ID_TOKEN.match(t) and _WORD.fullmatch(t)]
        if len(words) > len(best):
            best = words
    if len(best) == 1 and len(best[0]) < SLUG_WORD_CHARS:
        return []
    return best


def slug_match(text: str, slug: list[str]) -> float:
    """Share of the slug's words that the line ``text`` holds (0 when fewer than
    :data:`SLUG_MIN_WORDS` of them)."""
    if not slug:
        return 0.0
    words = folded_words(text)
    hits = sum(w in words for w in slug)
    return hits / len(slug) if hits >= min(SLUG_MIN_WORDS, len(slug)) else 0.0


#: an echo of the first line holds at least this share of its words (the site's name
#: printed again is no echo of "Story – Site")
ECHO_SHARE = 0.5


def echoes(first: str, line: str) -> bool:
    """Whether ``line`` repeats the headline on the first line ``first``: most of the shorter
    one's words in the other (:data:`~.title.TITLE_OVERLAP`) and at least :data:`ECHO_SHARE`
    of the words of the first line's headline part (:func:`strip_site_name`)."""
    words = word_set(strip_site_name(first))
    return overlap(first, line) >= TITLE_OVERLAP and len(words & word_set(line)) >= ECHO_SHARE * len(words)


def headline_lines(blocks: list[Block], stops: dict[int, Rule], url: str | None) -> list[int]:
    """Positions of the lines that may be the story's headline, best first: the lines that
    match the URL's slug (by the share of its words they hold), then the first line and
    the headline-like lines that echo it."""
    found: list[tuple[float, int]] = []
    slug = slug_words(url)
    if slug:
        for block in blocks:
            if block.position in stops or not looks_like_title(block):
                continue
            share = slug_match(block.text, slug)
            if share >= SLUG_SHARE:
                found.append((-share, block.position))
    if blocks and 0 not in stops and looks_like_title(blocks[0]):
        first = blocks[0].text
        found.append((0.0, 0))
        for block in blocks[1:]:
            if block.position not in stops and looks_like_title(block) and echoes(first, block.text):
                found.append((0.0, block.position))
    seen: set[int] = set()
    ordered = []
    for _, pos in sorted(found):
        if pos not in seen:
            seen.add(pos)
            ordered.append(pos)
    return ordered


#: separators between a headline and the site's name on a page-title line
_SITE_SEPARATOR = re.compile(r"\s+[|–—·»:-]{1,2}\s+")
#: the part after the last separator is the site's name when it has at most this many words
SITE_NAME_WORDS = 4


def headline_text(blocks: list[Block], heads: list[int]) -> str:
    """The headline's words as the page shows them: a headline line that echoes the first
    line (the page's own headline under its ``<title>``), else the best headline line with
    a trailing site name (``Story | Site``) cut off."""
    text = blocks[heads[0]].text
    if heads[0] == 0:
        lines = [blocks[h].text for h in heads if h != 0 and echoes(text, blocks[h].text)]
        if lines:
            return max(lines, key=lambda line: len(word_set(line) & word_set(text)))
    return strip_site_name(text)


def strip_site_name(text: str) -> str:
    """A page-title line without its trailing site name: ``Story | Site`` → ``Story`` (the
    part after the last separator, when it has at most :data:`SITE_NAME_WORDS` words)."""
    parts = _SITE_SEPARATOR.split(text)
    if len(parts) > 1 and len(parts[-1].split()) <= SITE_NAME_WORDS:
        return " ".join(parts[:-1])
    return text


def strong_heads(blocks: list[Block], heads: list[int], url: str | None) -> list[int]:
    """The ``heads`` past the first line that surely are the story's headline: lines that
    hold every word of the first line's headline part (:func:`strip_site_name`: the page's
    own headline under its ``<title>``), or every word of the URL's slug. A teaser title or
    a section heading that shares some of those words is no strong headline."""
    if not blocks:
        return []
    want = word_set(strip_site_name(blocks[0].text))
    slug = slug_words(url)
    return [
        h
        for h in heads
        if h > 0 and ((want and want <= word_set(blocks[h].text)) or (slug and slug_match(blocks[h].text, slug) >= 1.0))
    ]
