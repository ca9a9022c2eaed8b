"""Bad input either cleans or raises a documented cleaner error with a one-line message."""

import pytest

import cleaner
from cleaner import errors

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
