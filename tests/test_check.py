"""``cleaner check``: goldens compared, updated, created, reported as JUnit; and the pytest plugin."""

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from cleaner import goldens
from cleaner.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
PAGES = ["jefftk-backup-strategy", "independent-miliband-moscow", "helpnetsecurity-black-friday-deals"]
EDITED = "jefftk-backup-strategy"


@pytest.fixture
def pages(tmp_path):
    """A copy of three fixture cases (an HTML and a text one among them), their goldens made
    afresh so that these tests check the command, not whether fixtures/ is up to date."""
    root = tmp_path / "pages"
    for name in PAGES:
        shutil.copytree(FIXTURES / name, root / name)
        goldens.compare(goldens.load_case(root / name)).write()
    return root


def _edit_golden(root: Path, name: str = EDITED) -> tuple[str, str]:
    """Change one line of a golden text by hand; return (old line, new line)."""
    path = root / name / "expected.txt"
    lines = path.read_text(encoding="utf-8").split("\n")
    i = next(i for i, line in enumerate(lines) if len(line.split()) > 20)
    old = lines[i]
    lines[i] = old.replace(" ", " hand-edited ", 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    return old, lines[i]


def test_our_fixtures_match_their_goldens(capsys):
    assert main(["check", str(FIXTURES)]) == 0
    assert "cleaner check: OK" in capsys.readouterr().out


def test_unchanged_pages_pass(pages, capsys):
    assert main(["check", str(pages)]) == 0
    assert "3 match" in capsys.readouterr().out


def test_edited_golden_fails_with_diff_naming_page_and_lines(pages, capsys):
    old, new = _edit_golden(pages)
    assert main(["check", str(pages)]) == 1
    out = capsys.readouterr().out
    assert f"CHANGED   {EDITED}: text similarity" in out
    assert f"--- {EDITED}/expected.txt (golden)" in out
    assert f"+++ {EDITED}/expected.txt (current)" in out
    assert "\n-" + new + "\n" in out  # the golden's (hand-edited) line ...
    assert "\n+" + old + "\n" in out  # ... against what cleaner produces
    assert "1 changed" in out and "FAILED" in out


def test_update_restores_and_next_check_passes(pages, capsys):
    old, _ = _edit_golden(pages)
    assert main(["check", str(pages), "--update"]) == 0
    out = capsys.readouterr().out
    assert f"WRITTEN   {EDITED}: golden updated" in out
    assert "1 golden(s) written" in out
    assert old in (pages / EDITED / "expected.txt").read_text(encoding="utf-8")
    assert main(["check", str(pages)]) == 0


def test_junit_has_one_testcase_a_page_and_one_failure(pages, tmp_path, capsys):
    _edit_golden(pages)
    report = tmp_path / "check.xml"
    assert main(["check", str(pages), "--junit", str(report)]) == 1
    suite = ET.parse(report).getroot().find("testsuite")
    cases = suite.findall("testcase")
    assert sorted(c.get("name") for c in cases) == sorted(PAGES)
    failed = [c for c in cases if c.find("failure") is not None]
    assert [c.get("name") for c in failed] == [EDITED]
    assert suite.get("failures") == "1" and suite.get("tests") == "3"
    assert "hand-edited" in failed[0].find("failure").text


def test_init_creates_missing_goldens_only(pages, capsys):
    (pages / EDITED / "expected.txt").unlink()
    (pages / EDITED / "expected.json").unlink()
    other = pages / "independent-miliband-moscow" / "expected.txt"
    fresh = other.read_text(encoding="utf-8")
    other.write_text("stale\n", encoding="utf-8")
    assert main(["check", str(pages)]) == 1
    assert f"MISSING   {EDITED}" in capsys.readouterr().out
    assert main(["check", str(pages), "--init"]) == 1  # the stale golden is checked, not rewritten
    out = capsys.readouterr().out
    assert f"WRITTEN   {EDITED}: golden created" in out
    assert "CHANGED   independent-miliband-moscow" in out
    assert other.read_text(encoding="utf-8") == "stale\n"
    assert (pages / EDITED / "expected.json").is_file()
    other.write_text(fresh, encoding="utf-8")
    assert main(["check", str(pages)]) == 0


def test_min_similarity_tolerates_a_tiny_edit(pages, capsys):
    _edit_golden(pages)
    assert main(["check", str(pages), "--min-similarity", "0.95"]) == 0
    assert f"TOLERATED {EDITED}" in capsys.readouterr().out
    assert main(["check", str(pages), "--min-similarity", "0.9999"]) == 1


def test_a_large_change_is_not_tolerated(pages, capsys):
    (pages / EDITED / "expected.txt").write_text("Something else entirely.\n", encoding="utf-8")
    assert main(["check", str(pages), "--min-similarity", "0.9"]) == 1


@pytest.mark.parametrize(
    "argv", [["check", "no-such-dir"], ["check", "{empty}"], ["check", "{pages}", "--rules", "{bad}"]]
)
def test_cannot_run_exits_2(argv, pages, tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    (tmp_path / "bad.toml").write_text("[[rule]]\nid = 'Bad Id'\n", encoding="utf-8")
    subs = {"empty": tmp_path / "empty", "pages": pages, "bad": tmp_path / "bad.toml"}
    assert main([a.format(**subs) for a in argv]) == 2


def test_unreadable_page_is_an_error_not_a_crash(pages, tmp_path, capsys):
    (pages / "empty-page").mkdir()
    (pages / "empty-page" / "source.html").write_bytes(b"  \n")
    report = tmp_path / "check.xml"
    assert main(["check", str(pages), "--junit", str(report)]) == 1
    assert "ERROR     empty-page: cannot clean source.html" in capsys.readouterr().out
    assert ET.parse(report).getroot().find("testsuite").get("errors") == "1"


def test_a_gzip_source_is_inflated_only_to_the_size_limit(pages, capsys):
    import gzip
    import tracemalloc

    from cleaner.decode import MAX_BYTES

    (pages / "bomb").mkdir()
    with gzip.open(pages / "bomb" / "source.html.gz", "wb", compresslevel=1) as fh:
        chunk = b" " * (1 << 20)
        for _ in range(4 * MAX_BYTES // len(chunk)):  # inflates to four times the limit
            fh.write(chunk)
    tracemalloc.start()
    try:
        assert main(["check", str(pages / "bomb")]) == 1
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "ERROR     bomb:" in capsys.readouterr().out
    assert peak < 2 * MAX_BYTES  # read up to the limit, not inflated whole


def test_a_single_case_folder_can_be_checked(pages, capsys):
    assert main(["check", str(pages / EDITED)]) == 0
    assert "1 page(s): 1 match" in capsys.readouterr().out


def test_case_reads_url_and_kind():
    case = goldens.load_case(FIXTURES / EDITED)
    assert case.kind == "html" and case.url.startswith("https://www.jefftk.com/")
    assert goldens.load_case(FIXTURES / "independent-miliband-moscow").kind == "text"


def test_help_documents_exit_codes(capsys):
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    out = capsys.readouterr().out
    assert "exit status:" in out and "  2  the command could not run" in out


_USER_TEST = """
import pytest
from cleaner.goldens import find_cases
from cleaner.pytest_plugin import cleaner_golden  # noqa: F401  (auto-registered when cleaner is installed)

@pytest.mark.parametrize("case", find_cases("pages"), ids=str)
def test_page(case, cleaner_golden):
    cleaner_golden(case)
"""


def _pytest(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(cwd), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_pytest_plugin_diffs_and_regenerates(pages, tmp_path):
    (tmp_path / "test_pages.py").write_text(_USER_TEST, encoding="utf-8")
    assert _pytest(tmp_path).returncode == 0
    old, _new = _edit_golden(pages)
    failed = _pytest(tmp_path)
    assert failed.returncode == 1
    assert f"{EDITED}/expected.txt" in failed.stdout and "hand-edited" in failed.stdout
    assert _pytest(tmp_path, "--force-regen").returncode == 1  # regenerates, fails once
    assert old in (pages / EDITED / "expected.txt").read_text(encoding="utf-8")
    assert _pytest(tmp_path).returncode == 0


def test_a_crash_on_one_page_is_reported_and_the_rest_checked(pages, monkeypatch, capsys):
    real = goldens.produce

    def crashing(case, rules=()):
        if case.name == EDITED:
            raise AttributeError("simulated bug")
        return real(case, rules)

    monkeypatch.setattr(goldens, "produce", crashing)
    assert main(["check", str(pages)]) == 1
    out = capsys.readouterr().out
    assert f"ERROR     {EDITED}: cannot clean source.html: AttributeError: simulated bug" in out
    assert "2 match" in out


def _reindent(path: Path, indent: int | None = 4) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(data, indent=indent, ensure_ascii=True), encoding="utf-8")
    return data


def test_a_reindented_json_golden_still_matches(pages, capsys):
    data = _reindent(pages / EDITED / "expected.json")
    assert main(["check", str(pages)]) == 0
    assert "3 match" in capsys.readouterr().out
    before = (pages / EDITED / "expected.json").read_text(encoding="utf-8")
    assert main(["check", str(pages), "--update"]) == 0  # same data: the golden is left as it is
    assert (pages / EDITED / "expected.json").read_text(encoding="utf-8") == before
    assert json.loads(before) == data


def test_a_json_golden_in_another_key_order_matches(pages, capsys):
    path = pages / EDITED / "expected.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(dict(reversed(list(data.items()))), indent=None), encoding="utf-8")
    assert main(["check", str(pages)]) == 0


def test_a_json_golden_diffs_as_normalised_data(pages, capsys):
    path = pages / EDITED / "expected.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["title"] = "A hand-edited title"
    path.write_text(json.dumps(data, indent=None), encoding="utf-8")  # one line, and one field changed
    assert main(["check", str(pages)]) == 1
    out = capsys.readouterr().out
    diff = [line for line in out.splitlines() if line[:1] in "+-" and not line.startswith(("---", "+++"))]
    assert diff == ['-  "title": "A hand-edited title",', f'+  "title": {json.dumps(_title(pages))},']
    assert "metadata similarity 0.9" in out


def _title(pages: Path) -> str:
    return goldens.produce(goldens.load_case(pages / EDITED)).metadata.split('"title": ')[1].split('",')[0][1:]


def test_a_golden_that_is_not_json_differs(pages, capsys):
    (pages / EDITED / "expected.json").write_text("{not json\n", encoding="utf-8")
    assert main(["check", str(pages)]) == 1
    assert f"CHANGED   {EDITED}" in capsys.readouterr().out


def test_junit_report_parent_folders_are_created(pages, tmp_path, capsys):
    report = tmp_path / "reports" / "ci" / "check.xml"
    assert main(["check", str(pages), "--junit", str(report)]) == 0
    assert ET.parse(report).getroot().find("testsuite").get("tests") == "3"


def test_junit_report_that_cannot_be_written_fails_before_the_run(pages, tmp_path, capsys):
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    for target in (tmp_path / "afile" / "check.xml", tmp_path):
        assert main(["check", str(pages), "--junit", str(target)]) == 2
        captured = capsys.readouterr()
        assert captured.out == ""  # no page was cleaned
        assert len(captured.err.strip().splitlines()) == 1 and "--junit" in captured.err


def test_the_pytest_plugin_matches_a_reindented_json_golden_and_fails_a_changed_one(pages, tmp_path):
    (tmp_path / "test_pages.py").write_text(_USER_TEST, encoding="utf-8")
    data = _reindent(pages / EDITED / "expected.json")
    assert _pytest(tmp_path).returncode == 0  # the same data, as `cleaner check` decides
    data["title"] = "A hand-edited title"
    (pages / EDITED / "expected.json").write_text(json.dumps(data), encoding="utf-8")
    failed = _pytest(tmp_path)
    assert failed.returncode == 1 and "A hand-edited title" in failed.stdout
