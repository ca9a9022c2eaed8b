"""The command line: output formats, --explain, exit statuses, one-line errors."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "scratchculinary-nutrition-trends.html"


def run(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "cleaner", *args], capture_output=True, text=True, input=stdin, cwd=ROOT
    )


def test_clean_explain_lists_removed_blocks_with_rule_ids():
    result = run("clean", str(EXAMPLE), "--explain")
    assert result.returncode == 0
    assert result.stdout.startswith("Fall isn")
    assert "[rule:navigation]" in result.stderr
    assert result.stderr.splitlines()[0].startswith("removed ")


def test_clean_json_and_markdown(capsys):
    assert main(["clean", str(EXAMPLE), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["title"].startswith("Top Nutrition Trends") and data["blocks"] and data["removed"]
    assert main(["clean", str(EXAMPLE), "--format", "markdown"]) == 0
    assert capsys.readouterr().out.startswith("# Top Nutrition Trends")


@pytest.mark.parametrize(
    "data, code, message",
    [
        ("", 1, "input is empty"),
        ("\x00\x01\x02\x03binary", 1, "not a text or HTML page"),
    ],
)
def test_bad_input_prints_one_line_and_exits_1(data, code, message):
    result = run("clean", "-", stdin=data)
    assert result.returncode == code
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert "Traceback" not in result.stderr


def test_page_without_article_exits_1():
    result = run("clean", "-", stdin="<html><body><nav><a href='/'>Home</a></nav></body></html>")
    assert result.returncode == 1
    assert "no article text" in result.stderr and "Traceback" not in result.stderr


def test_missing_file_and_bad_rules_exit_2(tmp_path):
    result = run("clean", str(tmp_path / "missing.html"))
    assert result.returncode == 2 and "cannot read" in result.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text("[[rule]]\nid = 'x'\n")
    result = run("clean", str(EXAMPLE), "--rules", str(bad))
    assert result.returncode == 2 and str(bad) in result.stderr and "Traceback" not in result.stderr


def test_help_documents_exit_statuses():
    result = run("clean", "--help")
    assert "exit status" in result.stdout and "--explain" in result.stdout
