"""``cleaner clean`` on hostile input: never a traceback, always one line and the
documented exit status (0 written, 1 the page could not be cleaned, 2 could not run)."""

from __future__ import annotations

import gzip
import io
import os
import subprocess
import sys
import tracemalloc
import zlib
from pathlib import Path

import pytest

from cleaner import cli
from cleaner.errors import InputTooLargeError

ROOT = Path(__file__).resolve().parent.parent
HTML = (ROOT / "examples" / "scratchculinary-nutrition-trends.html").read_bytes()


def run(*args: str, env: dict | None = None, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k != "CLEANER_DEBUG"}
    return subprocess.run(
        [sys.executable, "-m", "cleaner", *args],
        capture_output=True,
        input=stdin,
        cwd=ROOT,
        env={**environ, **(env or {})},
        timeout=120,
    )


def _one_line(result: subprocess.CompletedProcess) -> str:
    err = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err
    assert err.count("\n") == 1 and err.startswith("cleaner: error: "), err
    return err


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("hostile")
    (d / "nested.html").write_text(
        "<html><body>" + "<ul><li>item " * 500 + "deep" + "</li></ul>" * 500 + "</body></html>"
    )
    (d / "controls.html").write_bytes(b"<html><body><p>" + bytes(range(1, 32)) * 3 + b" words</p></body></html>")
    packed = gzip.compress(HTML)
    (d / "truncated.html.gz").write_bytes(packed[: len(packed) // 2])
    (d / "corrupt.html.gz").write_bytes(b"\x1f\x8b\x08\x00" + b"not deflate data" * 10)
    (d / "notgzip.html.gz").write_bytes(HTML)
    (d / "punycode.html").write_text(
        '<html><head><meta charset="punycode"></head><body><p>'
        + "Café au lait, s'il vous plaît. " * 20
        + "</p></body></html>"
    )
    (d / "count.toml").write_text(
        '[[rule]]\nid = "count-p"\ndescription = "an XPath that is no node-set"\nxpath = ["count(//p)"]\n'
    )
    (d / "unicode.html").write_text(
        "<html><body><article><p>"
        + "Ünïcödé text — “quoted” words in a long enough paragraph. " * 10
        + "</p></article></body></html>"
    )
    return d


# pages that the library itself is being fixed for: only no traceback and an exit in {0, 1, 2}
@pytest.mark.parametrize("name", ["nested.html", "punycode.html"])
def test_library_edge_cases_never_show_a_traceback(corpus, name):
    result = run("clean", str(corpus / name))
    assert result.returncode in (0, 1, 2)
    assert b"Traceback" not in result.stderr
    if result.returncode:
        _one_line(result)


def test_a_rule_with_a_non_node_set_xpath_gives_one_line(corpus):
    result = run("clean", str(corpus / "unicode.html"), "--rules", str(corpus / "count.toml"))
    assert result.returncode in (1, 2)
    _one_line(result)


def test_control_characters_are_binary_input_exit_1(corpus):
    result = run("clean", str(corpus / "controls.html"))
    assert result.returncode == 1
    assert "binary" in _one_line(result)


@pytest.mark.parametrize("name", ["truncated.html.gz", "corrupt.html.gz", "notgzip.html.gz"])
def test_a_broken_gzip_is_one_line_and_exit_1(corpus, name):
    result = run("clean", str(corpus / name))
    assert result.returncode == 1
    assert "corrupt or truncated gzip" in _one_line(result)


def test_a_truncated_gzip_on_standard_input(corpus):
    result = run("clean", "-", stdin=(corpus / "truncated.html.gz").read_bytes())
    assert result.returncode == 1
    assert "standard input: corrupt or truncated gzip" in _one_line(result)
    whole = run("clean", "-", stdin=gzip.compress(HTML))
    assert whole.returncode == 0 and whole.stdout.startswith(b"Fall isn")


def test_stdout_that_is_not_utf8_gets_utf8_bytes(corpus):
    result = run("clean", str(corpus / "unicode.html"), env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    assert result.stdout.decode("utf-8").startswith("Ünïcödé text — “quoted”")


def test_a_gzip_bomb_is_read_only_to_the_limit():
    """12 MB of gzip that inflates to gigabytes used to be inflated whole before the size check."""
    packer = zlib.compressobj(1, zlib.DEFLATED, 31)
    chunk = bytes(1 << 20)
    bomb = b"".join([packer.compress(b"<html><body><p>"), *(packer.compress(chunk) for _ in range(64)), packer.flush()])
    tracemalloc.start()
    try:
        with pytest.raises(InputTooLargeError, match="over the 1,000,000-byte limit"):
            cli._read_bounded(io.BytesIO(bomb), "bomb.html.gz", 1_000_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024  # 64 MiB inflated whole would show here
    assert cli._read_bounded(io.BytesIO(gzip.compress(HTML)), "page.html.gz", len(HTML)) == HTML


def test_timeout_gives_one_line_and_exit_1(tmp_path):
    """--timeout: the page is given up past S seconds (a watchdog thread, no SIGALRM)."""
    slow = tmp_path / "slow.py"
    slow.write_text(
        "import sys, time\n"
        "import cleaner.pipeline as p\n"
        "def clean(*a, **k):\n"
        "    time.sleep(30)\n"
        "p.clean = clean\n"
        "from cleaner.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    page = tmp_path / "page.html"
    page.write_bytes(HTML)
    result = subprocess.run(
        [sys.executable, str(slow), "clean", str(page), "--timeout", "0.5"], capture_output=True, cwd=ROOT, timeout=60
    )
    assert result.returncode == 1
    assert "page took longer than 0.5 s" in _one_line(result)
    assert run("clean", str(page), "--timeout", "30").returncode == 0
    assert run("clean", str(page), "--timeout", "-1").returncode == 2


def test_help_documents_timeout_and_exit_statuses():
    out = run("clean", "--help").stdout.decode()
    assert "--timeout" in out and "corrupt or truncated" in out and "UTF-8" in out


def test_check_timeout_makes_a_slow_page_an_error_and_goes_on(tmp_path):
    for name, marker in (("a-slow", "SLOW-PAGE"), ("b-fine", "")):
        case = tmp_path / "cases" / name
        case.mkdir(parents=True)
        (case / "source.html").write_bytes(HTML.replace(b"</article>", marker.encode() + b"</article>", 1))
    slow = tmp_path / "slow.py"
    slow.write_text(
        "import sys, time\n"
        "import cleaner.pipeline as p\n"
        "real = p.clean\n"
        "def clean(page, *a, **k):\n"
        "    if b'SLOW-PAGE' in page:\n"
        "        time.sleep(30)\n"
        "    return real(page, *a, **k)\n"
        "p.clean = clean\n"
        "from cleaner.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    result = subprocess.run(
        [sys.executable, str(slow), "check", str(tmp_path / "cases"), "--init", "--timeout", "1"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    assert "a-slow: cannot clean source.html: page took longer than 1 s" in result.stdout
    assert (tmp_path / "cases" / "b-fine" / "expected.txt").is_file()  # the check went on
    assert not (tmp_path / "cases" / "a-slow" / "expected.txt").exists()
    assert "Traceback" not in result.stderr
