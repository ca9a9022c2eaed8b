"""Script-neutral measures of a dump line: its length, its sentence end, its truncation mark.

Lengths count words where words are spaced and characters where they are not: a run of
Han or kana is one ``\\w+`` token however long it is, so a Chinese paragraph would read as
one "word". :func:`units` counts :data:`CJK_CHARS_PER_UNIT` such characters as one word.
"""

from __future__ import annotations

import re

#: Han, kana and the CJK compatibility ideographs: written without spaces between words
_CJK_CHARS = "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
#: Thai, Lao, Khmer and Myanmar: spaces between phrases, not words
_SEA_CHARS = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"
_CJK = re.compile(f"[{_CJK_CHARS}]")
_SEA = re.compile(f"[{_SEA_CHARS}]")
#: characters of an unspaced script that make one word's worth of text
CJK_CHARS_PER_UNIT = 2.0
SEA_CHARS_PER_UNIT = 5.0

#: sentence-final punctuation of the scripts a dump may be in (Latin, CJK full-width,
#: Arabic, Urdu, Devanagari, Armenian, Ethiopic, Greek), then closing quotes and brackets
#: (French sets a space before them: « oui ! »)
_CLOSERS = "\"'”’»›)\\]」』）】〉》"
SENTENCE_END = re.compile(rf"[.!?…:;。！？；：．｡؟۔।॥։።፧;](\s?[{_CLOSERS}])*\s*$")
#: a line cut off by the site: "…", "...", "[…]", "(...)" at its end, perhaps followed by
#: a word or two of link ("… more", "[...] Read more")
TRUNCATED = re.compile(r"(\.\.\.|…|\[\s*(\.\.\.|…)\s*\]|\(\s*(\.\.\.|…)\s*\))\s*(\S+(\s+\S+)?)?\s*$")
#: ... but a link word after the mark has at most this many characters
_TRUNC_TAIL = 16


def units(text: str) -> float:
    """The line's length in words: spaced words, plus unspaced-script characters counted
    :data:`CJK_CHARS_PER_UNIT` (Thai, Lao, Khmer, Myanmar: :data:`SEA_CHARS_PER_UNIT`) to a word."""
    cjk = len(_CJK.findall(text))
    sea = len(_SEA.findall(text))
    if not cjk and not sea:
        return float(len(text.split()))
    rest = _SEA.sub(" ", _CJK.sub(" ", text))
    return len(rest.split()) + cjk / CJK_CHARS_PER_UNIT + sea / SEA_CHARS_PER_UNIT


def is_unspaced(text: str) -> bool:
    """Whether most of the line's letters are of an unspaced script (CJK, Thai, ...)."""
    n = len(_CJK.findall(text)) + len(_SEA.findall(text))
    return n > 0 and n * 2 >= sum(c.isalpha() for c in text)


def ends_sentence(text: str) -> bool:
    """Whether the line ends like a sentence, in any script (``.``, ``。``, ``؟``, ``।``...)."""
    return bool(SENTENCE_END.search(text))


def truncated(text: str) -> bool:
    """Whether the line ends in a truncation mark ("…", "...", "[…]"), perhaps followed by a
    short link word."""
    m = TRUNCATED.search(text)
    return m is not None and len(m.group(4) or "") <= _TRUNC_TAIL and m.start() > 0


_TOKEN = re.compile(r"\w+", re.UNICODE)
_UNSPACED_RUN = re.compile(f"[{_CJK_CHARS}{_SEA_CHARS}]{{2,}}")


def word_tokens(text: str) -> list[str]:
    """The ``\\w+`` tokens of ``text``, a run of an unspaced script taken as its character
    bigrams (``武汉的声音`` → ``武汉 汉的 的声 声音``): the words two lines can share."""
    tokens = _TOKEN.findall(text)
    if not _CJK.search(text) and not _SEA.search(text):
        return tokens
    out: list[str] = []
    for token in tokens:
        runs = list(_UNSPACED_RUN.finditer(token))
        if not runs:
            out.append(token)
            continue
        last = 0
        for run in runs:
            if run.start() > last:
                out.append(token[last : run.start()])
            chars = run.group()
            out.extend(chars[i : i + 2] for i in range(len(chars) - 1))
            last = run.end()
        if last < len(token):
            out.append(token[last:])
    return out


#: internal punctuation of running text in unspaced scripts (and the Latin comma; not the
#: colon, which labels furniture too: 责任编辑：)
_CLAUSE_MARKS = re.compile(r"[，、；,;]")
#: prose in an unspaced script has a clause mark every this many characters or so
CLAUSE_CHARS = 20.0


def unspaced_score(text: str) -> float:
    """A region score for a line of an unspaced script (CJK, Thai...), in the shared block
    scorer's units (about +1 prose, -1 furniture): stopword lists do not fit such text and a
    line is one ``\\w+`` "word" however long, so clause marks stand in for stopwords
    (-0.5 with none, +0.5 from one every :data:`CLAUSE_CHARS` characters) and length is
    counted in :func:`units`; a sentence end gains 0.25, its lack costs 0.2."""
    chars = len(_CJK.findall(text)) + len(_SEA.findall(text))
    clauses = len(_CLAUSE_MARKS.findall(text)) + len(re.findall(r"[。！？!?]", text[:-1]))
    score = min(1.0, clauses * CLAUSE_CHARS / max(chars, CLAUSE_CHARS / 2)) - 0.5
    score += min(units(text), 60) / 60 * 0.6
    score += 0.25 if ends_sentence(text) else -0.2
    return max(-1.0, min(1.0, score))
