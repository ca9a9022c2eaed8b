"""Bad input either cleans or raises a documented cleaner error with a one-line message."""

import importlib
import random

import pytest

import cleaner
from cleaner import errors
from tests.work import ScanCounter, count_scans, scanned

#: a linear splitter's regexes read each character of a dump at most this many times
SCANS_PER_CHAR = 10

PARAGRAPH = "The harbour master said the boats were safe after the storm passed over the town last night. " * 3
STORY = f"<p>{PARAGRAPH}</p><p>{PARAGRAPH.replace('harbour', 'lighthouse')}</p>"


@pytest.mark.parametrize("depth", [300, 5000, 100_000])
def test_deeply_nested_page_keeps_its_text(depth):
    page = "<html><body>" + "<div>" * depth + STORY + "</div>" * depth + "</body></html>"
    article = cleaner.clean(page)
    assert "harbour master" in article.text and "lighthouse master" in article.text


def test_truncated_page_keeps_what_arrived():
    page = f"<html><body><article>{STORY}<p>The harbour wall was dam"
    assert "lighthouse master" in cleaner.clean(page).text


def test_mis_declared_encoding_never_crashes():
    page = (
        "<html><head><meta charset='utf-8'></head><body>" + STORY + "<p>Café crème brûlée à l'école.</p></body></html>"
    )
    article = cleaner.clean(page.encode("latin-1"))  # says utf-8, is latin-1
    assert "harbour master" in article.text


def test_str_page_with_a_lone_surrogate_still_parses():
    """A str that cannot be encoded to UTF-8 is parsed as a str (pages parse as UTF-8 bytes)."""
    article = cleaner.clean(f"<html><body><article>{STORY}<p>odd \udcff char</p></article></body></html>")
    assert "harbour master" in article.text


def test_utf16_with_bom():
    page = "<html><body>" + STORY + "</body></html>"
    assert "harbour master" in cleaner.clean(page.encode("utf-16")).text


def test_huge_input_over_the_limit_raises():
    with pytest.raises(errors.InputTooLargeError):
        cleaner.clean(b"<html>" + b"x" * 2000, max_bytes=1000)


def test_page_without_article_is_empty_or_raises_on_request():
    page = "<html><body><nav><a href='/'>Home</a></nav></body></html>"
    assert cleaner.clean(page).blocks == []
    with pytest.raises(errors.NoArticleError):
        cleaner.clean(page, require_article=True)


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n\x00\x00", bytes(range(256)) * 4, b"PK\x03\x04zipzip"])
def test_binary_input_raises_binary_error(data):
    with pytest.raises(errors.BinaryInputError) as info:
        cleaner.clean(data)
    assert "\n" not in str(info.value)


def test_errors_share_one_base_class():
    for cls in (
        errors.EmptyInputError,
        errors.BinaryInputError,
        errors.InputTooLargeError,
        errors.NoArticleError,
        errors.RuleError,
    ):
        assert issubclass(cls, errors.CleanerError)


def test_double_encoded_utf8_is_repaired():
    mangled = "Caf\u00e9 cr\u00e8me, na\u00efve \u201cquotes\u201d \u2013 and more: d\u00e9j\u00e0 vu.".encode(
        "utf-8"
    ).decode("latin-1")
    page = f"<html><body><article>{STORY}<p>{mangled} The harbour caf\u00e9 opened again.</p></article></body></html>"
    text = cleaner.clean(page).text
    assert "Café crème, naïve “quotes” – and more: déjà vu." in text


def test_double_encoded_utf8_bytes_are_repaired_and_plain_utf8_left_alone():
    mangled = "Caf\u00e9 cr\u00e8me, na\u00efve \u201cquotes\u201d \u2013 d\u00e9j\u00e0 vu.".encode("utf-8").decode(
        "latin-1"
    )
    plain = "Caf\u00e9 cr\u00e8me \u00e0 la carte \u2013 \u00a3300 only."
    for text, expected in ((mangled, "Café crème, naïve “quotes” – déjà vu."), (plain, plain)):
        page = f"<html><body><article>{STORY}<p>{text} The harbour caf\u00e9 opened again.</p></article></body></html>"
        assert expected in cleaner.clean(page.encode("utf-8")).text


def test_mojibake_byte_check_sees_every_run_the_text_check_sees():
    from cleaner.decode import _MOJIBAKE, _MOJIBAKE_UTF8

    leads = [chr(c) for c in range(0xC2, 0xF5)]
    others = [chr(c) for c in range(0x80, 0x2200)]
    for lead in leads:
        for other in others:
            text = f"a{lead}{other}b"
            assert bool(_MOJIBAKE.search(text)) == bool(_MOJIBAKE_UTF8.search(text.encode("utf-8", "surrogatepass")))


def test_title_naming_only_the_site_falls_back_to_the_page_title():
    page = (
        "<html><head><title>Why the harbour wall failed | Harbour News</title></head><body>"
        "<header><h1 class='logo'>Harbour News</h1></header><article>" + STORY + "</article></body></html>"
    )
    assert cleaner.clean(page).title == "Why the harbour wall failed"


def test_a_class_attribute_of_20k_short_tokens_is_scanned_in_linear_time(monkeypatch):
    """The obfuscation test split the whole value once per token match (80 s on main):
    now the value is scanned once by the index and told obfuscated once (work counted)."""
    from cleaner.rules import load_rules

    prune_module = importlib.import_module("cleaner.html.prune")  # cleaner.html.prune is also a function
    rules = tuple(r for r in load_rules().element_rules if r.tokens or r.contains)
    attr = " ".join(["ad", "nl", "x1"] * 7000)
    shared = prune_module._class_index(rules)
    counter = ScanCounter(shared.pattern)
    index = prune_module._ClassIndex(counter, shared.rule_of, shared.order)  # the cached one stays as it is
    told = []
    real = prune_module._obfuscated
    monkeypatch.setattr(prune_module, "_obfuscated", lambda value: told.append(len(value)) or real(value))
    assert index.match(attr) is None  # machine-made short tokens say nothing
    assert told == [len(attr)] and counter.chars == len(attr)
    monkeypatch.undo()
    page = f"<html><body><div class='{attr}'>x</div>{STORY}</body></html>"
    assert "harbour master" in cleaner.clean(page).text


def test_rejoining_a_long_hard_wrapped_dump_is_linear(monkeypatch):
    """unwrap rebuilt the growing paragraph per line and re-ran a regex on it (910 KB: 243 s
    on main). The regexes of the splitter now read each character a few times, not once a
    line (counted: the quadratic version read about 6,000 times the dump)."""
    from cleaner.text import split as split_module
    from tests.malformed.cases import _wrapped_dump

    dump = _wrapped_dump()
    words = dump.split()[2:]
    assert len(dump) > 900_000
    counters = count_scans(monkeypatch, split_module)
    blocks = split_module.split_blocks(dump)
    assert scanned(counters) <= SCANS_PER_CHAR * len(dump)
    assert len(blocks) == 2 and blocks[1].text == " ".join(words)


def test_unwrap_joins_as_the_quadratic_version_did():
    import random
    import re

    from cleaner.text.split import _continues, unwrap

    def reference(lines, width):  # main's unwrap
        out, last = [], ""
        for line in lines:
            if out and _continues(last, line, width):
                out[-1] = out[-1] + line if re.search(r"\w-$", out[-1]) and line[:1].isalpha() else f"{out[-1]} {line}"
            else:
                out.append(line)
            last = line
        return out

    rng = random.Random(7)
    pieces = ["co-", "a", "-", "bb", "é-", "Word", "x-y", "", "1-", "- item", "long-"]
    for _ in range(2000):
        lines = [" ".join(rng.choice(pieces) for _ in range(rng.randint(0, 4))) for _ in range(rng.randint(1, 8))]
        width = rng.randint(3, 12)
        assert unwrap(lines, width) == reference(lines, width), (lines, width)


def test_finding_holes_among_many_paragraphs_is_linear(monkeypatch):
    """Each paragraph's first words were searched for in the whole joined body (10,000
    paragraphs: 9 s). Past SUBSTRING_SEARCH_MAX probe-characters the runs are hashed,
    which reads each word once per probe length; both ways give the same answers."""
    from cleaner.html import recover
    from cleaner.html.recover import _runs_in

    words = [f"w{i}" for i in range(400_000)]
    probes = [tuple(words[i : i + 5]) for i in range(0, 400_000, 20)] + [("w1", "w3"), (), ("zz",)]
    assert len(probes) * len(" ".join(words)) > recover.SUBSTRING_SEARCH_MAX  # this page takes the hashed way
    found = _runs_in(probes, words)
    assert found == [True] * 20_000 + [False, False, False]
    assert _runs_in([()], []) == [True]
    rng = random.Random(3)
    for _ in range(200):
        sample = [rng.choice("abc") for _ in range(rng.randint(0, 12))]
        asked = [tuple(rng.choice("abcd") for _ in range(rng.randint(0, 3))) for _ in range(5)]
        monkeypatch.setattr(recover, "SUBSTRING_SEARCH_MAX", 0)
        hashed = _runs_in(asked, sample)
        monkeypatch.setattr(recover, "SUBSTRING_SEARCH_MAX", 10**12)
        assert hashed == _runs_in(asked, sample), (asked, sample)


@pytest.mark.parametrize("char", [*map(chr, [*range(1, 9), *range(14, 32)]), "\ufffe", "\uffff"])
def test_one_control_character_in_a_paragraph_keeps_the_article(char):
    """trafilatura discarded its whole output on main: clean() returned an empty Article."""
    page = f"<html><body><article>{STORY}<p>The harbour{char} wall held.</p></article></body></html>"
    for data in (page, page.encode("utf-8")):
        article = cleaner.clean(data)
        assert "harbour master" in article.text and "lighthouse master" in article.text


@pytest.mark.parametrize("char", ["\x0b", "\x0c", "\x1c", "\x1f"])
def test_a_whitespace_control_in_a_heading_or_the_title_keeps_the_page(char):
    """A ValueError from lxml on main (trafilatura's metadata copied the heading's text),
    found by the property test."""
    page = f"<html><head><title>T{char}x</title></head><body><article>{STORY}<p>a<p>b</p><h2>{char}</h2></p></article></body></html>"
    for data in (page, page.encode("utf-8")):
        assert "harbour master" in cleaner.clean(data).text


def test_a_lone_surrogate_no_longer_truncates_the_parse():
    page = f"<html><body><article><p>odd \udcff char</p>{STORY}</article></body></html>"
    article = cleaner.clean(page)
    assert "harbour master" in article.text and "lighthouse master" in article.text


def test_a_lone_surrogate_in_the_title_keeps_the_article():
    page = f"<html><head><title>Harbour \ud800 news</title></head><body><article>{STORY}</article></body></html>"
    article = cleaner.clean(page)
    assert "harbour master" in article.text
    article.to_json()  # and the article can be written out


def test_wrap_width_finds_what_the_per_width_scan_found():
    import itertools
    import random

    from cleaner.text import split

    def reference(lines):  # main's wrap_width
        best = (0, 0)
        for width in split.WRAP_WIDTHS:
            near = continued = 0
            for line, nxt in itertools.pairwise(lines):
                if not (width - split.WRAP_SLACK < len(line) <= width) or not nxt or split._BULLET.match(nxt):
                    continue
                if len(line) + 1 + len(split._first_word(nxt)) <= width:
                    continue
                near += 1
                continued += split._starts_lower(nxt)
            if near >= split.WRAP_MIN_LINES and continued >= split.WRAP_CONTINUED_SHARE * near and near > best[1]:
                best = (width, near)
        return best[0] or None

    rng = random.Random(3)
    words = ["a", "the", "Harbour", "boats", "x" * 12, "- item", "1. step", "", "lower", "Upper"]
    for _ in range(300):
        lines = []
        for _ in range(rng.randint(0, 40)):
            line = ""
            while len(line) < rng.randint(0, 130):
                line = f"{line} {rng.choice(words)}".strip()
            lines.append(line)
        assert split.wrap_width(lines) == reference(lines), lines
