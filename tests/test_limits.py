"""Bounded work and bounded time: cleaner.limits, the timeout, cleaner.sources.read_page."""

import gzip
import threading

import pytest

import cleaner
from cleaner import errors, limits
from cleaner.html.parse import parse
from cleaner.sources import read_page, read_stream
from cleaner.timeout import Deadline, clean_in_subprocess

PARAGRAPH = "The harbour master said the boats were safe after the storm passed over the town last night. " * 3
STORY = f"<p>{PARAGRAPH}</p><p>{PARAGRAPH.replace('harbour', 'lighthouse')}</p>"


def test_one_element_with_100k_attributes():
    """libxml2 (27 s for 20k) and htmldate (past 60 s for 100k) are quadratic in them: the
    start tag is cut to its first MAX_ATTRIBUTES before either sees it."""
    attributes = " ".join(f'data-a{i}="{i}"' for i in range(100_000))
    page = f"<html><head><title>Harbour</title></head><body><div {attributes}>x</div><article>{STORY}</article></body></html>"
    div = parse(page).find(".//div")
    assert len(div.attrib) == limits.MAX_ATTRIBUTES and div.get("data-a0") == "0" and div.text == "x"
    article = cleaner.clean(page)
    assert "lighthouse master" in article.text


def test_a_start_tag_keeps_its_first_attributes():
    tag = "<div " + " ".join(f"a{i}='{i}'" for i in range(600)) + " hidden>text</div>"  # over 4,096 characters
    tree = parse(f"<html><body>{tag}</body></html>")
    div = tree.find(".//div")
    assert len(div.attrib) == limits.MAX_ATTRIBUTES and div.get("a0") == "0" and div.text == "text"
    short = "<div " + " ".join(f"a{i}" for i in range(400)) + ">t</div>"  # under 4,096: not looked at
    assert limits.bound_markup(short + "x" * 5000) == short + "x" * 5000
    script = "<script>if (a<b) {" + "x = 1; " * 1000 + "}</script>"  # a "<" in code is no start tag
    assert limits.bound_markup(script) == script


def test_elements_past_the_bound_are_cut_and_what_came_before_kept():
    tree = parse("<html><body><article>" + "<p>x</p>" * 60_000 + "<p>end</p></article></body></html>")
    assert tree.xpath("count(//*)") == limits.MAX_ELEMENTS
    assert tree.find(".//p").text == "x" and "end" not in tree.xpath("string()")


def test_text_past_the_bounds_is_cut():
    node = "word " * (limits.MAX_TEXT_NODE // 4)
    page = "<html><body>" + f"<p>{node}</p><script>{'var x;' * 100_000}</script>" * 12 + "<p>the end</p></body></html>"
    tree = parse(page)
    texts = [t for t in tree.xpath("//p/text()")]
    assert max(map(len, texts)) == limits.MAX_TEXT_NODE
    assert sum(map(len, texts)) == limits.MAX_TEXT and "the end" not in texts
    assert all(len(s.text) == 600_000 for s in tree.iter("script"))  # code and JSON-LD are not prose


def test_500_nested_lists_give_an_article():
    """trafilatura's list handling raised a 2,500-line RecursionError on main."""
    page = f"<html><body><article>{STORY}" + "<ul><li>item " * 500 + "</li></ul>" * 500 + "</article></body></html>"
    article = cleaner.clean(page)
    assert "harbour master" in article.text


def test_flatten_deep_keeps_the_text_in_order():
    tree = parse("<html><body>" + "<div>a" * 10 + "z" + "</div>" * 10 + "</body></html>")
    assert limits.flatten_deep(tree, depth=4) == 1
    assert tree.xpath("string()") == "a" * 10 + "z" and tree.xpath("count(//*)") == 4


def test_a_timeout_stops_a_long_page_with_a_cleaner_error():
    page = (
        "<html><body><article>" + "".join(f"<p>{i} {PARAGRAPH}</p>" for i in range(15_000)) + "</article></body></html>"
    )
    with pytest.raises(errors.PageTimeoutError) as info:
        cleaner.clean(page, timeout=0.2)
    assert isinstance(info.value, TimeoutError) and isinstance(info.value, errors.CleanerError)
    assert "0.2-second timeout" in str(info.value) and "\n" not in str(info.value)


def test_the_timeout_works_off_the_main_thread():
    page = (
        "<html><body><article>" + "".join(f"<p>{i} {PARAGRAPH}</p>" for i in range(15_000)) + "</article></body></html>"
    )
    caught = []

    def work():
        try:
            cleaner.clean_html(page, timeout=0.2)
        except errors.PageTimeoutError as err:
            caught.append(err)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(60)
    assert caught


def test_a_page_within_its_timeout_is_cleaned_and_bad_timeouts_refused():
    assert "harbour master" in cleaner.clean(f"<html><body>{STORY}</body></html>", timeout=30).text
    assert "harbour master" in cleaner.clean_text(PARAGRAPH + "\n\n" + PARAGRAPH, timeout=30).text
    for bad in (0, -1):
        with pytest.raises(ValueError):
            Deadline(bad)


def test_clean_in_subprocess_is_a_hard_bound():
    article = clean_in_subprocess(f"<html><body>{STORY}</body></html>", timeout=60)
    assert "harbour master" in article.text
    with pytest.raises(errors.PageTimeoutError):
        clean_in_subprocess(f"<html><body>{STORY}</body></html>", timeout=0.01)
    with pytest.raises(errors.EmptyInputError):
        clean_in_subprocess(b"   ", timeout=60)


def test_read_page_stops_a_gzip_bomb_at_the_limit(tmp_path):
    """cleaner clean x.html.gz decompressed the whole file first (a 12 MB bomb: 4.2 GB)."""
    bomb = tmp_path / "bomb.html.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as fh:
        for _ in range(64):
            fh.write(b"<p>" + b" " * (1 << 20))
    with pytest.raises(errors.InputTooLargeError):
        read_page(bomb, max_bytes=10 * 1024 * 1024)
    page = tmp_path / "page.html.gz"
    page.write_bytes(gzip.compress(b"<html><body><p>ok</p></body></html>"))
    assert read_page(page) == b"<html><body><p>ok</p></body></html>"
    disguised = tmp_path / "page.html"
    disguised.write_bytes(gzip.compress(b"<p>zipped</p>"))
    assert read_page(disguised) == b"<p>zipped</p>"


def test_read_page_limits_plain_files_and_streams(tmp_path):
    import io

    big = tmp_path / "big.html"
    big.write_bytes(b"<p>" + b"x" * 5000)
    with pytest.raises(errors.InputTooLargeError):
        read_page(big, max_bytes=1000)
    assert read_page(big, max_bytes=5003) == big.read_bytes()
    assert read_stream(io.BytesIO(gzip.compress(b"<p>in</p>"))) == b"<p>in</p>"
    with pytest.raises(errors.InputTooLargeError):
        read_stream(io.BytesIO(b"y" * 2000), max_bytes=1000)
    broken = tmp_path / "broken.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00garbage")
    with pytest.raises(errors.InputError):
        read_page(broken)
    with pytest.raises(OSError):
        read_page(tmp_path / "missing.html")
