"""decode(): bytes in any encoding to text; binary, empty and over-size input refused."""

from __future__ import annotations

import codecs

import pytest

from cleaner.decode import decode, looks_binary, repair_mojibake
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
