"""Where there is no fcntl and no SIGALRM (Windows): import cleaner, clean a page, run
the CLI; and a batch whose workers are spawned, not forked, as they are there."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import cleaner
from cleaner.batch import pool

ROOT = Path(__file__).resolve().parent.parent
HTML = (ROOT / "examples" / "scratchculinary-nutrition-trends.html").read_bytes()

WITHOUT_POSIX = """
import signal, sys
sys.modules["fcntl"] = None  # import fcntl fails, as on Windows
for name in ("SIGALRM", "setitimer", "ITIMER_REAL", "alarm"):
    if hasattr(signal, name):
        delattr(signal, name)
import cleaner
print(cleaner.clean(b"<html><body><article><p>" + b"A sentence of the article that goes on. " * 5 + b"</p></article></body></html>").text[:10])
import cleaner.batch
from cleaner.cli import build_parser, main
build_parser()
sys.exit(main(["clean", sys.argv[1]]))
"""


def test_import_clean_and_the_cli_work_without_fcntl_or_sigalrm(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(HTML)
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_POSIX, str(page)], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("A sentence\nFall isn")


def test_a_batch_with_spawned_workers(tmp_path, monkeypatch):
    src = tmp_path / "src"
    src.mkdir()
    for i in range(3):
        (src / f"p{i}.html").write_bytes(HTML)
    (src / "empty.html").write_bytes(b"")
    monkeypatch.setattr(pool, "START_METHOD", "spawn")
    report = cleaner.clean_dir(src, tmp_path / "out", jobs=2, timeout=20)
    assert (report.cleaned, report.failed) == (3, 1)
    assert (tmp_path / "out" / "p0.html.txt").read_text().startswith("Fall isn")
