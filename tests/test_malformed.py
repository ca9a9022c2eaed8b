"""The malformed corpus (tests/malformed/cases.py) through the library and the command line."""

import gzip
import subprocess
import sys
import time

import pytest

import cleaner
from cleaner.sources import read_page
from tests.malformed.cases import BY_NAME, CASES, HERE

CLI = [sys.executable, "-m", "cleaner"]
#: cases whose needle is in the title, which `cleaner clean` does not print
TITLE_ONLY = {"meta-utf16", "meta-punycode", "undeclared-shift-jis"}
#: cases whose needle is in the title, which `cleaner clean` does not print
TITLE_ONLY = {"meta-utf16", "meta-punycode", "undeclared-shift-jis"}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_case_gives_what_it_must_within_its_timeout(case):
    data = case.make()
    kind = "text" if case.suffix == ".txt" else "auto"
    start = time.perf_counter()
    if case.error is not None:
        with pytest.raises(case.error) as info:
            cleaner.clean(data, kind=kind, timeout=case.timeout)
        assert "\n" not in str(info.value)
    else:
        article = cleaner.clean(data, kind=kind, timeout=case.timeout)
        assert case.needle in article.text + (article.title or "")
    assert time.perf_counter() - start < case.timeout


def test_the_small_files_are_the_generators_output():
    for case in CASES:
        if case.small:
            data = case.make()
            data = data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")
            assert (HERE / f"{case.name}{case.suffix}").read_bytes() == data, case.name


def test_a_gzip_bomb_file_stops_at_the_limit(tmp_path):
    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(BY_NAME["gzip-bomb"].make())
    with pytest.raises(cleaner.InputTooLargeError):
        read_page(bomb, max_bytes=16 << 20)


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize("case", [c for c in CASES if c.small], ids=[c.name for c in CASES if c.small])
def test_cleaner_clean_gives_an_article_or_a_one_line_error(case):
    done = _cli("clean", str(HERE / f"{case.name}{case.suffix}"))
    assert "Traceback" not in done.stderr
    if case.error is not None:
        assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1
    else:
        assert done.returncode == 0, done.stderr
        assert case.needle in done.stdout or case.name in TITLE_ONLY


def test_cleaner_clean_does_not_inflate_a_gzip_bomb(tmp_path):
    bomb = tmp_path / "bomb.html.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as fh:
        for _ in range(256):
            fh.write(b" " * (1 << 20))
    # the peak memory of that one command, measured by a parent of its own (this test
    # process's children include every earlier test's commands)
    probe = (
        "import resource, subprocess, sys; "
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
        "print(done.stderr, file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, *CLI, "clean", str(bomb)], capture_output=True, text=True, timeout=120
    )
    code, peak_kb = map(int, done.stdout.split())
    assert code == 1 and "limit" in done.stderr
    assert peak_kb / 1024 < 250  # the whole file inflated is 256 MB


def test_cleaner_clean_timeout_gives_a_one_line_error(tmp_path):
    page = tmp_path / "long.html"
    page.write_text(BY_NAME["siblings-1m"].make())
    done = _cli("clean", str(page), "--timeout", "0.5")
    assert done.returncode == 1 and "timeout" in done.stderr and "Traceback" not in done.stderr
