"""``BatchOptions``: one frozen record of how a batch runs, and the keyword arguments
of ``clean_dir`` / ``iter_clean`` that still build it."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

import cleaner
from cleaner.batch import DEFAULT_TIMEOUT, BatchOptions
from cleaner.decode import MAX_BYTES
from cleaner.errors import BatchError

ROOT = Path(__file__).resolve().parent.parent
HTML = (ROOT / "examples" / "scratchculinary-nutrition-trends.html").read_bytes()


def test_defaults_are_those_of_the_command():
    options = BatchOptions()
    assert (options.fmt, options.jobs, options.rules, options.glob) == ("txt", None, (), None)
    assert (options.timeout, options.force, options.site_templates) == (DEFAULT_TIMEOUT, False, False)
    assert (options.progress, options.max_bytes) == ("none", MAX_BYTES)
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.jobs = 2


def test_rules_are_kept_as_a_tuple_of_str_and_a_bad_format_is_refused(tmp_path):
    options = BatchOptions(rules=[tmp_path / "a.toml", "b.toml"])
    assert options.rules == (str(tmp_path / "a.toml"), "b.toml")
    assert hash(options) == hash(BatchOptions(rules=(str(tmp_path / "a.toml"), "b.toml")))
    with pytest.raises(BatchError, match="unknown format 'pdf'"):
        BatchOptions(fmt="pdf")


def test_resolve_applies_keywords_and_refuses_unknown_ones():
    base = BatchOptions(fmt="json", jobs=2)
    assert BatchOptions.resolve(None, {}, "f") == BatchOptions()
    assert BatchOptions.resolve(base, {}, "f") is base
    assert BatchOptions.resolve(base, {"jobs": 1}, "f") == BatchOptions(fmt="json", jobs=1)
    with pytest.raises(TypeError, match=r"^clean_dir\(\) got an unexpected keyword argument 'bogus'$"):
        BatchOptions.resolve(None, {"bogus": 1}, "clean_dir")
    with pytest.raises(TypeError, match="'fmt'"):
        BatchOptions.resolve(None, {"fmt": "json"}, "iter_clean", only=("jobs",))


def _tree(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "a.html").write_bytes(HTML)
    (src / "sub" / "b.html").write_bytes(HTML)
    (src / "skip.md").write_text("not a page")
    return src


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_clean_dir_takes_an_options_object_or_the_old_keywords_alike(tmp_path):
    src = _tree(tmp_path)
    by_keywords = cleaner.clean_dir(src, tmp_path / "kw", fmt="json", jobs=1, glob="sub/*")
    by_options = cleaner.clean_dir(src, tmp_path / "opt", BatchOptions(fmt="json", jobs=1, glob="sub/*"))
    mixed = cleaner.clean_dir(src, tmp_path / "mixed", BatchOptions(fmt="txt", jobs=1), fmt="json", glob="sub/*")
    for report in (by_keywords, by_options, mixed):
        assert (report.cleaned, report.skipped, report.failed) == (1, 0, 0)
    assert _files(tmp_path / "kw") == _files(tmp_path / "opt") == _files(tmp_path / "mixed")
    assert json.loads((tmp_path / "kw" / "sub" / "b.html.json").read_text())["text"].startswith("Fall isn")
    with pytest.raises(TypeError, match="clean_dir"):
        cleaner.clean_dir(src, tmp_path / "bad", formt="json")
    with pytest.raises(BatchError):
        cleaner.clean_dir(src, tmp_path / "bad", fmt="pdf")


def test_iter_clean_takes_its_keywords_or_an_options_object(tmp_path):
    src = _tree(tmp_path)
    by_keywords = {r.source.id: r.status for r in cleaner.iter_clean(src, jobs=1, timeout=None)}
    by_options = {r.source.id: r.status for r in cleaner.iter_clean(src, BatchOptions(jobs=1, fmt="json"))}
    assert by_keywords == by_options == {"a.html": "cleaned", "sub/b.html": "cleaned", "skip.md": "skipped"}
    with pytest.raises(TypeError, match=r"iter_clean\(\) got an unexpected keyword argument 'fmt'"):
        list(cleaner.iter_clean(src, fmt="json"))


def test_max_bytes_fails_a_larger_page(tmp_path):
    src = _tree(tmp_path)
    report = cleaner.clean_dir(src, tmp_path / "out", jobs=1, max_bytes=len(HTML) - 1, glob="a.html")
    assert (report.cleaned, report.failed) == (0, 1)
    assert report.failures[0].error == "InputTooLargeError"
    (result,) = cleaner.iter_clean(src / "a.html", jobs=1, max_bytes=len(HTML))
    assert result.status == "cleaned"
