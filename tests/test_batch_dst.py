"""What ``cleaner batch`` leaves in DST: file modes, the lock, errors.jsonl, the settings
key that decides whether a rerun resumes or redoes, and a --glob that matches nothing."""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

import pytest

import cleaner
from cleaner.batch import writers
from cleaner.cli import main
from cleaner.errors import BatchError

ROOT = Path(__file__).resolve().parent.parent
HTML = (ROOT / "examples" / "scratchculinary-nutrition-trends.html").read_bytes()


@pytest.fixture
def src(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "a.html").write_bytes(HTML)
    (src / "sub" / "b.html").write_bytes(HTML)
    return src


RULE = '[[rule]]\nid = "test-cut"\ndescription = "a test rule"\nxpath = ["{xpath}"]\n'


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("fmt", ["txt", "jsonl"])
def test_outputs_get_the_umask_mode_and_no_lock_or_empty_log_is_left(src, tmp_path, fmt):
    old = os.umask(0o022)
    writers._umask = None
    try:
        dst = tmp_path / "out"
        assert cleaner.clean_dir(src, dst, fmt=fmt, jobs=1).cleaned == 2
        files = sorted(p for p in dst.rglob("*") if p.is_file())
        assert {p.name for p in files} == (
            {"a.html.txt", "b.html.txt", ".cleaner-batch.json"}
            if fmt == "txt"
            else {"articles.jsonl", ".cleaner-batch.json"}
        )
        assert all(_mode(p) == 0o644 for p in files), {p.name: oct(_mode(p)) for p in files}
        os.umask(0o077)
        writers._umask = None
        cleaner.clean_dir(src, tmp_path / "private", fmt=fmt, jobs=1)
        assert {_mode(p) for p in (tmp_path / "private").rglob("*") if p.is_file()} == {0o600}
    finally:
        os.umask(old)
        writers._umask = None


def test_the_lock_refuses_a_second_batch_and_is_removed(src, tmp_path):
    dst = tmp_path / "out"
    dst.mkdir()
    with writers.locked(dst):
        assert (dst / writers.LOCK_FILE).exists()
        with pytest.raises(BatchError, match="another cleaner batch"):
            cleaner.clean_dir(src, dst, jobs=1)
    assert not (dst / writers.LOCK_FILE).exists()
    # a lock file left by a killed run (no one holds it) does not stop the next one
    (dst / writers.LOCK_FILE).write_text("")
    assert cleaner.clean_dir(src, dst, jobs=1).cleaned == 2
    assert not (dst / writers.LOCK_FILE).exists()


def test_a_lock_removed_while_being_taken_is_taken_afresh(tmp_path, monkeypatch):
    """The run that held it unlinks it just as another opens it: the other must not
    keep a lock on the unlinked file (a third run would lock a new one)."""
    dst = tmp_path / "out"
    dst.mkdir()
    real_open, calls = os.open, []

    def racing_open(path, flags, mode=0o777, **kw):
        fd = real_open(path, flags, mode, **kw)
        if str(path).endswith(writers.LOCK_FILE) and not calls:
            calls.append(path)
            os.unlink(path)  # the holder ends between our open and our lock
        return fd

    monkeypatch.setattr(os, "open", racing_open)
    with writers.locked(dst):
        monkeypatch.setattr(os, "open", real_open)
        assert (dst / writers.LOCK_FILE).exists()
        with pytest.raises(BatchError, match="another cleaner batch"), writers.locked(dst):
            pass
    assert calls


def _broken_tree(src: Path) -> None:
    (src / "bad.html").write_bytes(b"")
    (src / "worse.html").write_bytes(b"\x00\x01binary")


def _log(dst: Path) -> list[dict]:
    return [json.loads(line) for line in (dst / "errors.jsonl").read_text().splitlines()]


def test_errors_jsonl_is_made_at_the_first_failure_appended_to_and_kept_current(src, tmp_path):
    dst = tmp_path / "out"
    cleaner.clean_dir(src, dst, jobs=1)
    assert not (dst / "errors.jsonl").exists()
    _broken_tree(src)
    assert cleaner.clean_dir(src, dst, jobs=1).failed == 2
    assert sorted(e["source"] for e in _log(dst)) == ["bad.html", "worse.html"]
    # a killed run left half a line (or a disk filled up mid-line): it is cut off
    with open(dst / "errors.jsonl", "ab") as fh:
        fh.write(b'{"source": "half')
    (src / "worse.html").write_bytes(HTML)  # fixed since
    (src / "new.html").write_bytes(b"   ")
    report = cleaner.clean_dir(src, dst, jobs=1)
    assert (report.cleaned, report.failed) == (1, 2)
    assert sorted(e["source"] for e in _log(dst)) == ["bad.html", "new.html"]  # the page that now works is gone
    for name in ("bad.html", "new.html"):
        (src / name).unlink()
    assert cleaner.clean_dir(src, dst, jobs=1).failed == 0
    assert sorted(e["source"] for e in _log(dst)) == ["bad.html", "new.html"]  # not walked: kept
    (src / "bad.html").write_bytes(HTML)
    (src / "new.html").write_bytes(HTML)
    assert cleaner.clean_dir(src, dst, jobs=1).cleaned == 2
    assert not (dst / "errors.jsonl").exists()  # nothing left to report


def test_a_disk_full_mid_line_never_leaves_half_a_line(tmp_path, monkeypatch):
    path = tmp_path / "log.jsonl"
    log = writers.ErrorLog(path)
    log.write(writers.Failure("a.html", "X", "first"))
    real_write = os.write

    def short_write(fd, data):
        return real_write(fd, bytes(data)[:7])  # the disk took 7 bytes

    monkeypatch.setattr(os, "write", short_write)
    with pytest.raises(OSError) as err:
        log.write(writers.Failure("b.html", "X", "second"))
    assert err.value.errno == errno.ENOSPC
    monkeypatch.setattr(os, "write", real_write)
    log.close()
    assert path.read_bytes().count(b"\n") == 1 and path.read_bytes().endswith(b"\n")


def test_a_rerun_with_other_settings_redoes_every_page(src, tmp_path, capsys):
    dst = tmp_path / "out"
    args = ["batch", str(src), str(dst), "--jobs", "1"]
    assert main(args) == 0
    before = (dst / "a.html.txt").read_text()
    rules = tmp_path / "cut.toml"
    rules.write_text(RULE.format(xpath="//p[1]"))
    capsys.readouterr()
    assert main([*args, "--rules", str(rules)]) == 0
    err = capsys.readouterr().err
    assert "redoing every page: the settings changed since DST was written (rules)" in err
    assert "already done 0" in err and "cleaned 2" in err
    after = (dst / "a.html.txt").read_text()
    assert after != before
    assert main([*args, "--rules", str(rules)]) == 0
    assert "already done 2" in capsys.readouterr().err  # same settings: resumed
    rules.write_text(RULE.format(xpath="//p[2]"))
    assert main([*args, "--rules", str(rules)]) == 0
    assert "(the content of the rule files)" in capsys.readouterr().err
    assert main([*args, "--rules", str(rules), "--site-templates"]) == 0
    assert "(site_templates)" in capsys.readouterr().err


def test_outputs_without_a_settings_file_are_redone_once(src, tmp_path, capsys):
    dst = tmp_path / "out"
    cleaner.clean_dir(src, dst, jobs=1)
    (dst / writers.STATE_FILE).unlink()  # as an older cleaner left it
    report = cleaner.clean_dir(src, dst, jobs=1, progress="lines")
    assert (report.cleaned, report.done) == (2, 0) and "settings are unknown" in report.redo_reason
    assert "cleaner batch: redoing every page:" in capsys.readouterr().err
    assert cleaner.clean_dir(src, dst, jobs=1).done == 2


def test_an_interrupted_redo_starts_over(src, tmp_path, monkeypatch):
    dst = tmp_path / "out"
    cleaner.clean_dir(src, dst, jobs=1)
    rules = tmp_path / "r.toml"
    rules.write_text(RULE.format(xpath="//p[1]"))

    def boom(writer, result):
        raise KeyboardInterrupt

    from cleaner.batch import run

    monkeypatch.setattr(run, "write_page", boom)
    with pytest.raises(KeyboardInterrupt):
        cleaner.clean_dir(src, dst, jobs=1, rules=[rules])
    monkeypatch.undo()
    report = cleaner.clean_dir(src, dst, jobs=1, rules=[rules])
    assert (report.cleaned, report.done) == (2, 0) and report.redo_reason


def test_a_glob_matching_nothing_says_so_and_exits_2(src, tmp_path, capsys):
    dst = tmp_path / "out"
    assert main(["batch", str(src), str(dst), "--glob", "*.htm", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err == f"cleaner: error: no file under {src} matches --glob '*.htm'\n"
    assert not dst.exists()
    assert main(["batch", str(src), str(dst), "--glob", "sub/*", "--quiet"]) == 0
