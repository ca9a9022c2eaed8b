"""decode(): bytes in any encoding to text; binary, empty and over-size input refused."""

from __future__ import annotations

import codecs

import pytest

from cleaner.decode import decode, looks_binary, repair_mojibake, scrub, web_codec
from cleaner.errors import BinaryInputError, EmptyInputError, InputTooLargeError

PAGE = "<html><head>{meta}<title>Café</title></head><body><p>Crème brûlée — 5 €</p></body></html>"


def test_a_byte_order_mark_wins():
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        text = decode(bom + PAGE.format(meta="").encode(codec))
        assert "Crème brûlée — 5 €" in text and not text.startswith("\ufeff")


def test_the_declared_charset_is_used():
    page = PAGE.format(meta="<meta charset='windows-1252'>").encode("cp1252")
    assert "Crème brûlée — 5 €" in decode(page)
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
    page = f"<html><head>{meta}</head><body><p>Москва. Министр заявил</p></body></html>".encode("cp1251")
    assert "Москва. Министр заявил" in decode(page)


def test_latin_1_declarations_mean_windows_1252():
    page = PAGE.format(meta="<meta charset='iso-8859-1'>").encode("cp1252")
    assert "—" in decode(page) and "€" in decode(page)


def test_undeclared_utf8_then_a_lossy_fallback():
    assert "Crème brûlée" in decode(PAGE.format(meta="").encode("utf-8"))
    text = decode(b"<p>caf\xe9 and \x81 more</p>")  # not UTF-8: windows-1252 with replacements
    assert "café" in text


def test_double_encoded_utf8_is_repaired():
    mangled = "Crème brûlée, café, naïve".encode().decode("cp1252")
    assert repair_mojibake(mangled) == "Crème brûlée, café, naïve"
    assert repair_mojibake("Ã  la carte") == "Ã  la carte"  # one run is not enough to repair


def test_bad_input_raises_the_documented_errors():
    with pytest.raises(EmptyInputError):
        decode(b" \n\t ")
    with pytest.raises(EmptyInputError):
        decode("")
    with pytest.raises(BinaryInputError):
        decode(b"\x89PNG\r\n\x1a\n" + bytes(100))
    with pytest.raises(BinaryInputError):
        decode("text with a NUL\x00 in it")
    with pytest.raises(InputTooLargeError):
        decode(b"<p>x</p>" * 10, max_bytes=20)


def test_binary_is_told_by_magic_numbers_and_control_bytes():
    assert looks_binary(b"%PDF-1.7 ...")
    assert looks_binary(bytes(range(32)) * 20)
    assert not looks_binary(codecs.BOM_UTF16_LE + "<p>text</p>".encode("utf-16-le"))
    assert not looks_binary(b"<p>plain text, tabs\tand\nnewlines</p>")


def _page(body: str, title: str = "Новости", head: str = "") -> str:
    paragraphs = "".join(f"<p>{body}</p>" for _ in range(4))
    return (
        f"<html><head>{head}<title>{title}</title><style>p {{ margin: 0 }}</style></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>{title}</h1>{paragraphs}</article>"
        "<footer>(c) 2024</footer></body></html>"
    )


UNDECLARED = [
    (
        "cp1251",
        "Новости",
        "Москва. Министр иностранных дел заявил во вторник, что переговоры продолжатся на следующей неделе.",
    ),
    (
        "shift_jis",
        "ニュース",
        "東京都は火曜日、新しい交通計画を発表した。市民の意見を聞きながら、来年から段階的に実施する予定だという。",
    ),
    ("gb18030", "新闻", "北京市政府周二宣布了新的交通计划，将从明年开始分阶段实施，并听取市民的意见。"),
    (
        "iso8859-2",
        "Wiadomości",
        "Rząd ogłosił we wtorek nowy plan transportowy. Źródła podają, że będzie wdrażany stopniowo od przyszłego roku.",
    ),
]


@pytest.mark.parametrize("codec, title, body", UNDECLARED, ids=[c for c, _, _ in UNDECLARED])
def test_an_undeclared_legacy_encoding_is_detected(codec, title, body):
    """Mojibake on main (strict UTF-8 failed, windows-1252 was taken)."""
    import cleaner

    page = _page(body, title).encode(codec)
    assert body in decode(page)
    article = cleaner.clean(page)
    assert article.title == title and body[:12] in article.text + " ".join(r.text for r in article.removed)


def test_a_short_undeclared_latin_page_stays_windows_1252():
    assert "Crème brûlée — 5 €" in decode(PAGE.format(meta="").encode("cp1252"))


@pytest.mark.parametrize("label", ["utf-16", "UTF-16LE", "utf-16be"])
def test_a_meta_declaring_utf16_on_an_ascii_compatible_page_means_utf8(label):
    page = PAGE.format(meta=f"<meta charset='{label}'>").encode("utf-8")
    assert "Crème brûlée — 5 €" in decode(page)


@pytest.mark.parametrize("label", ["punycode", "idna", "rot13", "utf-7", "base64", "x-no-such-codec", "hz-gb-2312"])
def test_an_unusable_declared_codec_is_ignored(label):
    """punycode raised UnicodeError on main."""
    page = PAGE.format(meta=f"<meta charset='{label}'>")
    assert "Crème brûlée — 5 €" in decode(page.encode("utf-8"))
    assert "Crème brûlée" in decode(page.encode("cp1252"))


def test_web_encoding_labels_decode_as_browsers_do():
    assert web_codec("Shift_JIS") == "cp932" and web_codec("gb2312") == "gb18030"
    assert web_codec("latin1") == "cp1252" and web_codec("windows-874") == "cp874"
    assert web_codec("x-user-defined") == "cp1252" and web_codec("punycode") is None


def test_precedence_bom_then_caller_then_meta_then_detection():
    cyrillic = _page("Москва. Министр заявил во вторник, что переговоры продолжатся.")
    koi8 = cyrillic.encode("koi8-r")
    assert "Москва" in decode(koi8, encoding="koi8-r")  # the caller's (transport) encoding
    meta = "<meta charset='windows-1251'>"
    declared = _page("Москва. Министр заявил.", head=meta).encode("koi8-r")
    assert "Москва" in decode(declared, encoding="koi8-r")  # it wins over the page's meta
    assert "Москва" not in decode(declared)  # the meta (wrong here) wins over detection
    bom = codecs.BOM_UTF8 + cyrillic.encode("utf-8")
    assert "Москва" in decode(bom, encoding="koi8-r")  # a BOM wins over the caller
    assert "Москва" in decode(cyrillic.encode("utf-8"), encoding="no-such-label")  # unknown: ignored


def test_clean_passes_the_encoding_on():
    import cleaner

    body = "Москва. Министр иностранных дел заявил во вторник, что переговоры продолжатся на следующей неделе."
    page = _page(body).encode("koi8-r")
    for entrance in (cleaner.clean, cleaner.clean_html):
        assert body in entrance(page, encoding="koi8-r").text
    assert body in cleaner.clean_text(f"{body}\n\n{body}".encode("koi8-r"), encoding="koi8-r").text


@pytest.mark.parametrize("char", [*map(chr, [*range(1, 9), *range(14, 28)]), "\ufffe", "\uffff", "\x00"])
def test_control_characters_are_removed_and_nothing_else(char):
    text = " filler" * 700 + "<p>caf\u00e9 one" + char + "two \u2014 three</p>"  # a NUL early means binary
    assert decode(text) == text.replace(char, "")
    assert decode(text.encode("utf-8")) == text.replace(char, "")
    assert decode(codecs.BOM_UTF16_LE + text.encode("utf-16-le")) == text.replace(char, "")


@pytest.mark.parametrize("char", ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f"])
def test_whitespace_controls_that_lxml_refuses_become_spaces(char):
    text = " filler" * 700 + "<p>caf\u00e9 one" + char + "two \u2014 three</p>"
    assert decode(text) == text.replace(char, " ")
    assert decode(text.encode("utf-8")) == text.replace(char, " ")


def test_lone_surrogates_become_replacement_characters_and_pairs_their_character():
    assert scrub("a\ud800b \udcffc") == "a\ufffdb \ufffdc"
    assert scrub("smile \ud83d\ude00") == "smile \U0001f600"
    assert scrub("plain text") == "plain text"
