"""Language-neutral text measures: how much text a string holds, whatever its script,
and where its sentences end; :func:`normalize_text` makes text read as a reader sees it.

``str.split()`` counts words only in scripts that put spaces between them. A Chinese or
Japanese paragraph has no spaces (it is one "word" to ``split``), nor has Thai, Lao,
Khmer or Myanmar text between phrases. :func:`text_units` counts *word units*: spaced
words as they are, plus the characters of unspaced scripts divided by how many of them
make about one word:

- Han, kana (and the CJK punctuation-free ideographs): ``CJK_CHARS_PER_UNIT`` = 2. A
  Chinese word is 1.5-2 characters on average (most dictionary words are two
  characters), Japanese text in kanji and kana runs at about 2 characters a word;
- Thai, Lao, Khmer, Myanmar (alphabetic, unspaced between words): ``SEA_CHARS_PER_UNIT``
  = 5, about the mean length of a Thai word in letters.

So a 300-character Chinese paragraph counts as 150 units, the size of a long English
paragraph, and the thresholds written in words (``PROSE_MIN_WORDS``, ``LONG_WORDS``...)
hold for it unchanged. Korean (Hangul) is written with spaces and counts as words.

:data:`SENTENCE_END` is sentence-final punctuation of every script the devset meets
(Latin, CJK full-width, Devanagari danda, Arabic, Armenian, Ethiopic, Myanmar, Khmer...).
"""

from __future__ import annotations

import re
import unicodedata

#: Han (with extensions A, compatibility ideographs), Hiragana, Katakana (and half-width)
_CJK = "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
#: Thai, Lao, Myanmar, Khmer
_SEA = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"
_UNSPACED = re.compile(f"[{_CJK}{_SEA}]")
_CJK_CHAR = re.compile(f"[{_CJK}]")
_SEA_CHAR = re.compile(f"[{_SEA}]")
#: unspaced characters that make about one word unit (see the module doc)
CJK_CHARS_PER_UNIT = 2.0
SEA_CHARS_PER_UNIT = 5.0

#: sentence-final punctuation, every script: . ! ? … ; and 。！？｡． (CJK), । ॥ (Devanagari,
#: Bengali), ؟ ۔ (Arabic, Urdu), ։ (Armenian), ። (Ethiopic), ။ (Myanmar), ។ (Khmer),
#: ฯ (Thai), followed by closing quotes or brackets of any kind
SENTENCE_END = re.compile(r"""[.!?…:;。！？｡．।॥؟۔։።။។ฯ]["'”’»)\]」』）】〉》]*\s*$""")


def unspaced_chars(text: str) -> int:
    """Characters of unspaced scripts (CJK, Thai, Lao, Khmer, Myanmar) in ``text``."""
    return 0 if text.isascii() else len(_UNSPACED.findall(text))


def text_units(text: str) -> int:
    """Word units of ``text``: spaced words, plus unspaced-script characters counted
    ``CJK_CHARS_PER_UNIT`` / ``SEA_CHARS_PER_UNIT`` to a unit (see the module doc).

    Equals ``len(text.split())`` on text without unspaced scripts (the common case,
    settled without a regex when the text is ASCII)."""
    if text.isascii() or not _UNSPACED.search(text):
        return len(text.split())
    cjk = len(_CJK_CHAR.findall(text))
    sea = len(_SEA_CHAR.findall(text))
    spaced = len(_UNSPACED.sub(" ", text).split())
    return spaced + round(cjk / CJK_CHARS_PER_UNIT + sea / SEA_CHARS_PER_UNIT)


_WORD = re.compile(r"\w+")
#: a token where unspaced scripts are: one of their characters, or a run of other word characters
_TOKEN = re.compile(f"[{_CJK}{_SEA}]|[^\\W{_CJK}{_SEA}]+")


def _token_pattern(text: str) -> re.Pattern[str]:
    return _WORD if text.isascii() or not _UNSPACED.search(text) else _TOKEN


def word_tokens(text: str) -> list[str]:
    """The tokens of ``text``: its ``\\w+`` runs, except that each character of an unspaced
    script (CJK, Thai...) is a token of its own, so that a few tokens of Chinese say about
    as much as a few English words."""
    return _token_pattern(text).findall(text)


def token_starts(text: str) -> list[int]:
    """Where each of :func:`word_tokens` of ``text`` starts in it."""
    return [m.start() for m in _token_pattern(text).finditer(text)]


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends with sentence punctuation of any script."""
    return bool(SENTENCE_END.search(text))


#: invisible characters dropped from block text: soft hyphen (a hyphenation hint inside
#: words, "Wein\xadberg"), word joiner, zero-width no-break space (BOM). Zero-width
#: joiners (U+200C/U+200D) stay: they spell Persian and Indic words.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u2060\ufeff"))


#: a run of characters a reader does not see: spaces, zero-width spaces and joiners,
#: direction marks and embeddings, the word joiner and invisible operators, the BOM
_SHOWS_NOTHING = re.compile(r"[\s\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]*")


def shows_nothing(text: str) -> bool:
    """True when ``text`` (spaces already collapsed) holds only characters a reader does not
    see: a line of zero-width joiners or direction marks, which pages put in empty
    paragraphs as spacers. ASCII text is the empty string or shows something."""
    return not text or (not text.isascii() and _SHOWS_NOTHING.fullmatch(text) is not None)


def normalize_text(text: str) -> str:
    """Text as a reader sees it and trafilatura outputs it: invisible hyphenation hints
    dropped and Unicode composed (NFC: a Bengali letter written as two code points or as
    one precomposed one reads the same). ASCII text is returned as it is."""
    if text.isascii():
        return text
    # three scans in C first: translate looks up every character in a dict
    if "\u00ad" in text or "\u2060" in text or "\ufeff" in text:
        text = text.translate(_INVISIBLE)
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
