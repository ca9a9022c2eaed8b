"""``cleaner batch`` / clean_dir / iter_clean: inputs, outputs, resume, faults, templates."""

from __future__ import annotations

import ctypes
import gzip
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import cleaner
from cleaner import batch, pipeline
from cleaner.batch import pool, progress, worker
from cleaner.cli import main
from cleaner.templates import REASON, TemplateLearner, block_key

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
HTML = (EXAMPLES / "scratchculinary-nutrition-trends.html").read_bytes()
DUMP = (EXAMPLES / "independent-miliband-moscow.txt").read_bytes()
NAV_ONLY = b"<html><body><nav><a href='/'>Home</a> <a href='/x'>News</a></nav></body></html>"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def _page(title: str, paragraphs: list[str], extra: str = "") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{title}</title></head><body>{extra}<article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


def write_warc(path: Path, records: list[tuple[str, str, bytes]]) -> list[str]:
    """Write a gzipped WARC of (uri, content type, body) responses plus a request record;
    return the response records' ids."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    ids = []
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        request = writer.create_warc_record(
            "https://example.org/", "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")
        )
        writer.write_record(request)
        for uri, ctype, body in records:
            http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http)
            writer.write_record(record)
            ids.append(record.rec_headers.get_header("WARC-Record-ID"))
    return ids


@pytest.fixture
def tree(tmp_path: Path) -> dict:
    """A SRC tree with every kind of input, and what the batch must make of it."""
    src = tmp_path / "src"
    (src / "sub" / "deeper").mkdir(parents=True)
    (src / "a.html").write_bytes(HTML)
    (src / "sub" / "b.htm.gz").write_bytes(gzip.compress(HTML))
    (src / "sub" / "dump.txt").write_bytes(DUMP)
    (src / "sub" / "deeper" / "dump2.txt.gz").write_bytes(gzip.compress(DUMP))
    (src / "nav.xhtml").write_bytes(NAV_ONLY)  # readable, no article: "empty"
    (src / "empty.html").write_bytes(b"")
    (src / "binary.html").write_bytes(PNG)
    (src / "gone.html").symlink_to(src / "missing-target.html")  # unreadable, even for root
    os.mkfifo(src / "pipe.html")  # never read: it would block
    (src / "notes.md").write_text("not a page")
    (src / "photo.jpg").write_bytes(b"\xff\xd8\xff" + bytes(100))
    ids = write_warc(
        src / "sub" / "crawl.warc.gz",
        [
            ("https://news.example.com/one", "text/html; charset=utf-8", HTML),
            (
                "https://news.example.com/two",
                "text/html",
                _page("Two", ["A second story about the harbour and the boats that come in every spring."] * 1),
            ),
            ("https://news.example.com/logo.png", "image/png", PNG),
            ("https://news.example.com/three", "text/html", NAV_ONLY),
        ],
    )
    rec = [batch.sources.record_name(i) for i in ids]
    outputs = {
        "a.html.txt",
        "sub/b.htm.gz.txt",
        "sub/dump.txt.txt",
        "sub/deeper/dump2.txt.gz.txt",
        "nav.xhtml.txt",
        f"sub/crawl.warc.gz--{rec[0]}.txt",
        f"sub/crawl.warc.gz--{rec[1]}.txt",
        f"sub/crawl.warc.gz--{rec[3]}.txt",
    }
    failed = {
        "empty.html": "EmptyInputError",
        "binary.html": "BinaryInputError",
        "gone.html": "FileNotFoundError",
        "pipe.html": "OSError",
    }
    return {"src": src, "dst": tmp_path / "out", "ids": ids, "outputs": outputs, "failed": failed}


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _errors(dst: Path) -> dict[str, str]:
    lines = (dst / "errors.jsonl").read_text().splitlines()
    return {json.loads(line)["source"]: json.loads(line)["error"] for line in lines}


def test_batch_cleans_every_kind_of_input(tree):
    src, dst = tree["src"], tree["dst"]
    status = main(["batch", str(src), str(dst), "--jobs", "2", "--quiet"])
    assert status == 1  # some pages failed
    files = _files(dst)
    outputs = {name for name in files if name not in ("errors.jsonl", ".cleaner-batch.json")}
    assert outputs == tree["outputs"]  # the lock is gone
    assert _errors(dst) == tree["failed"]
    assert "Nutrition Trends" not in files["a.html.txt"].decode()  # title is not body text
    assert files["a.html.txt"].decode().startswith("Fall isn")
    assert files["sub/b.htm.gz.txt"] == files["a.html.txt"]
    assert files["sub/deeper/dump2.txt.gz.txt"] == files["sub/dump.txt.txt"] != b""
    assert files["nav.xhtml.txt"] == b""  # an empty article writes an empty .txt
    one = b"URL: https://news.example.com/one\n\nFall isn"  # a page with a URL: it heads its .txt
    warc_one = [n for n in outputs if n.startswith("sub/crawl") and files[n].startswith(one)]
    assert len(warc_one) == 1


def test_second_run_cleans_nothing_new_and_force_redoes(tree):
    src, dst = tree["src"], tree["dst"]
    first = cleaner.clean_dir(src, dst, jobs=2)
    assert (first.cleaned, first.empty, first.failed, first.skipped, first.done) == (6, 2, 4, 3, 0)
    assert {f.source for f in first.failures} == set(tree["failed"])
    before = {p: p.stat().st_mtime_ns for p in dst.rglob("*.txt")}
    second = cleaner.clean_dir(src, dst, jobs=2)
    assert (second.cleaned, second.empty, second.failed, second.done) == (0, 0, 4, 8)
    assert {p: p.stat().st_mtime_ns for p in dst.rglob("*.txt")} == before
    assert _errors(dst) == tree["failed"]  # this run's failures, not appended twice
    forced = cleaner.clean_dir(src, dst, jobs=1, force=True)
    assert (forced.cleaned, forced.empty, forced.done) == (6, 2, 0)


def test_jsonl_stream_and_resume_after_partial_line(tree):
    src, dst = tree["src"], tree["dst"]
    report = cleaner.clean_dir(src, dst, fmt="jsonl", jobs=2)
    stream = dst / "articles.jsonl"
    rows = [json.loads(line) for line in stream.read_text().splitlines()]
    assert len(rows) == report.cleaned + report.empty == 8
    by_source = {r["source"]: r for r in rows}
    one = by_source[f"sub/crawl.warc.gz#{tree['ids'][0]}"]
    assert one["url"] == "https://news.example.com/one" and one["record"] == tree["ids"][0]
    assert one["text"].startswith("Fall isn") and set(one) >= {"title", "author", "date"}
    assert by_source["nav.xhtml"]["text"] == ""
    # a killed run: three lines lost and half a line written
    lines = stream.read_bytes().splitlines(keepends=True)
    stream.write_bytes(b"".join(lines[:5]) + lines[5][:17])
    again = cleaner.clean_dir(src, dst, fmt="jsonl", jobs=2)
    assert (again.cleaned + again.empty, again.done) == (3, 5)
    resumed = [json.loads(line) for line in stream.read_text().splitlines()]
    assert sorted(json.dumps(r, sort_keys=True) for r in resumed) == sorted(json.dumps(r, sort_keys=True) for r in rows)


def test_iter_clean_yields_results_without_files(tree, tmp_path):
    results = list(cleaner.iter_clean([tree["src"] / "a.html", tree["src"] / "sub"], jobs=2))
    status = {r.source.id: r.status for r in results}
    assert status[str(tree["src"] / "a.html")] == "cleaned"
    assert status["dump.txt"] == "cleaned" and status["deeper/dump2.txt.gz"] == "cleaned"
    warc = [r for r in results if r.source.record]
    assert sorted(r.status for r in warc) == ["cleaned", "cleaned", "empty", "skipped"]
    assert all(r.article is not None for r in results if r.status in ("cleaned", "empty"))
    assert not (tmp_path / "out").exists()


def _slow_clean(page, *args, **kwargs):
    """A clean that hangs on some pages: in Python (the watchdog interrupts it), in
    C code holding the GIL (libc's sleep called through ctypes.PyDLL: the watchdog
    thread cannot even run, only killing the worker helps), or crashes the worker."""
    data = page if isinstance(page, bytes) else page.encode()
    if b"HANG-PYTHON" in data:
        time.sleep(60)
    if b"HANG-C" in data:
        ctypes.PyDLL(None).sleep(60)
    if b"CRASH" in data:
        os._exit(3)
    return _real_clean(page, *args, **kwargs)


_real_clean = pipeline.clean


def test_hanging_and_crashing_pages_fail_and_the_run_goes_on(tmp_path, monkeypatch):
    src, dst = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    for name, marker in (("1-hang-python", "HANG-PYTHON"), ("2-hang-c", "HANG-C"), ("3-crash", "CRASH")):
        (src / f"{name}.html").write_bytes(_page(marker, ["x"]))
    for i in range(4):
        (src / f"ok{i}.html").write_bytes(HTML)
    monkeypatch.setattr(pipeline, "clean", _slow_clean)
    report = cleaner.clean_dir(src, dst, jobs=1, timeout=0.5)
    assert (report.cleaned, report.failed) == (4, 3)
    errors = {json.loads(line)["source"]: json.loads(line) for line in (dst / "errors.jsonl").read_text().splitlines()}
    assert errors["1-hang-python.html"]["error"] == "PageTimeoutError"
    assert "worker was killed" not in errors["1-hang-python.html"]["message"]
    assert errors["2-hang-c.html"]["error"] == "PageTimeoutError"
    assert "worker was killed" in errors["2-hang-c.html"]["message"]
    assert errors["3-crash.html"]["error"] == "ChildProcessError"
    assert sorted(p.name for p in dst.glob("ok*")) == [f"ok{i}.html.txt" for i in range(4)]


def _numbered_tree(src: Path, pages: int) -> None:
    for i in range(pages):
        sub = src / f"d{i % 4}"
        sub.mkdir(parents=True, exist_ok=True)
        if i % 3:
            marker = f"<p>Page {i} of the batch has its own closing paragraph, so that each output is different.</p>"
            (sub / f"p{i}.html").write_bytes(HTML.replace(b"</article>", marker.encode() + b"</article>", 1))
        else:
            (sub / f"p{i}.txt").write_bytes(
                f"Dump {i} opens with its own line of plain text for the test.\n".encode() + DUMP
            )


def test_killed_run_resumes_to_the_uninterrupted_result(tmp_path):
    src, killed, whole = tmp_path / "src", tmp_path / "killed", tmp_path / "whole"
    _numbered_tree(src, 60)
    command = [sys.executable, "-m", "cleaner", "batch", str(src), str(killed), "--jobs", "2", "--quiet"]
    proc = subprocess.Popen(command, cwd=ROOT, start_new_session=True, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while len(list(killed.rglob("*.txt"))) < 5 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert proc.poll() is None, "the run ended before it could be killed: give it more pages"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = len(list(killed.rglob("*.txt")))
    assert 5 <= partial < 60
    resumed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    assert main(["batch", str(src), str(whole), "--jobs", "2", "--quiet"]) == 0
    got, want = _files(killed), _files(whole)
    assert not [n for n in got if n.endswith(batch.TEMP_SUFFIX)]
    assert got.keys() == want.keys() and got == want
    assert len([n for n in got if n.endswith(".txt")]) == 60


def test_command_errors_exit_2(tmp_path, capsys):
    (tmp_path / "src").mkdir()
    (tmp_path / "file").write_text("x")
    assert main(["batch", str(tmp_path / "nope"), str(tmp_path / "out")]) == 2
    assert main(["batch", str(tmp_path / "src"), str(tmp_path / "file" / "out")]) == 2
    assert main(["batch", str(tmp_path / "src"), str(tmp_path / "src")]) == 2
    bad_rules = tmp_path / "bad.toml"
    bad_rules.write_text("[[rule]]\nid = 'BAD ID'\n")
    assert main(["batch", str(tmp_path / "src"), str(tmp_path / "out"), "--rules", str(bad_rules)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("cleaner: error:") == 4
    with pytest.raises(SystemExit) as exit_:
        main(["batch", str(tmp_path / "src"), str(tmp_path / "out"), "--jobs", "0"])
    assert exit_.value.code == 2


def test_help_documents_layout_and_exit_status(capsys):
    with pytest.raises(SystemExit):
        main(["batch", "--help"])
    out = capsys.readouterr().out
    for needle in ("exit status:", "output layout", "empty articles:", "articles.jsonl", "errors.jsonl"):
        assert needle in out


def test_dst_inside_src_is_not_read_back(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.html").write_bytes(HTML)
    cleaner.clean_dir(src, src / "out", jobs=1)
    again = cleaner.clean_dir(src, src / "out", jobs=1)
    assert (again.done, again.cleaned, again.skipped) == (1, 0, 0)


# --------------------------------------------------------------------------- site templates

SIGNUP = "Our journalism is paid for by readers like you, and every gift helps us keep reporting on the town."
RELATED = "Read more from our team of reporters in the section below, where the latest stories are."
STORY = [
    "The council met on {d} to discuss the new bridge, which has been delayed for a number of years by money.",
    "Residents told the meeting that the old crossing on {d} was no longer safe for children walking to school.",
    "A decision is expected after {d}, when the engineers have finished their report on the river bed.",
]


def _site(src: Path, pages: int) -> None:
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    for i in range(pages):
        story = [s.format(d=f"{days[i % 7]} {i}") for s in STORY]
        html = _page(
            f"Story {i}",
            [story[0], "Pros", story[1], "Pros", story[2], SIGNUP, RELATED],
            extra=f"<link rel='canonical' href='https://www.town.example/story/{i}'>",
        )
        (src / f"story{i}.html").write_bytes(html)
        (src / f"story{i}.txt").write_text("\n".join(["Home", "News", "Sport", f"Story {i}", *story, SIGNUP, RELATED]))


def test_template_learner_thresholds():
    learner = TemplateLearner()
    for page in range(10):
        learner.add("a", {"nav", f"body{page}", *(["half"] if page < 2 else [])})
    learner.add("a", {"nav", "body0"})  # a different page that shares little
    learner.add("b", {"nav"})
    learner.add("b", {"nav"})  # the same page again counts once
    assert learner.templates() == {"a": frozenset({"nav"})}
    assert block_key("Sign up, NOW!") == block_key("sign   up now") != block_key("")


def test_site_templates_remove_recurring_blocks(tmp_path):
    src, plain, learnt = tmp_path / "src", tmp_path / "plain", tmp_path / "learnt"
    src.mkdir()
    _site(src, 6)
    cleaner.clean_dir(src, plain, fmt="json", jobs=2)
    report = cleaner.clean_dir(src, learnt, fmt="json", jobs=2, site_templates=True)
    assert report.template_hosts == 2  # the HTML pages' host and the text dumps' directory
    for name in ("story3.html.json", "story3.txt.json"):
        before = json.loads((plain / name).read_text())
        after = json.loads((learnt / name).read_text())
        assert SIGNUP in before["text"] and SIGNUP not in after["text"]
        assert RELATED not in after["text"]
        assert STORY[0].format(d="Thursday 3") in after["text"]
        assert after["text"].count("Pros") == before["text"].count("Pros")  # repeated within a page: kept
        assert {r["text"] for r in after["removed"] if r["reason"] == REASON} >= {SIGNUP, RELATED}
    hosts = json.loads((learnt / "site-templates.json").read_text())
    assert "town.example" in hosts
    again = cleaner.clean_dir(src, learnt, fmt="json", jobs=2, site_templates=True)  # templates read back
    assert (again.template_hosts, again.done, again.cleaned) == (2, 12, 0)


def test_odd_file_names_and_progress_lines(tmp_path, monkeypatch, capsys):
    src = tmp_path / "src"
    src.mkdir()
    odd = os.fsdecode(b"caf\xe9 #1.html")  # not UTF-8, with a space and a '#'
    (src / odd).write_bytes(HTML)
    (src / "fine.html").write_bytes(HTML)
    monkeypatch.setattr(progress, "PROGRESS_EVERY", 0.0)
    report = cleaner.clean_dir(src, tmp_path / "out", fmt="jsonl", jobs=1, progress="lines")
    assert report.cleaned == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines and all(line.startswith("cleaner batch: cleaning: ") and "pages/s" in line for line in lines)
    rows = [json.loads(line) for line in (tmp_path / "out" / "articles.jsonl").read_text().splitlines()]
    assert {r["source"] for r in rows} == {odd, "fine.html"}
    assert cleaner.clean_dir(src, tmp_path / "out", fmt="jsonl", jobs=1).done == 2
    files = cleaner.clean_dir(src, tmp_path / "txt", jobs=1)
    assert files.cleaned == 2 and (tmp_path / "txt" / (odd + ".txt")).is_file()


def test_a_single_warc_file_as_src(tmp_path):
    warc = tmp_path / "crawl.warc"
    ids = write_warc(warc, [("https://a.example/x", "text/html", HTML)])
    report = cleaner.clean_dir(warc, tmp_path / "out", fmt="json", jobs=1)
    assert report.cleaned == 1
    (out,) = (tmp_path / "out").glob("crawl.warc--*.json")
    assert json.loads(out.read_text())["url"] == "https://a.example/x"
    assert ids[0].strip("<>").replace(":", "_") in out.name


def test_workers_are_recycled(tmp_path, monkeypatch):
    src = tmp_path / "src"
    src.mkdir()
    for i in range(5):
        (src / f"p{i}.txt").write_bytes(DUMP)
    monkeypatch.setattr(pool, "MAX_PAGES_PER_WORKER", 2)
    pids = set()
    real = worker.run_page

    def run_page(source, job):
        outcome = real(source, job)
        outcome.host = str(os.getpid())
        return outcome

    monkeypatch.setattr(worker, "run_page", run_page)
    for _source, outcome in pool.run_pass(batch.discover(src), worker.Job(), jobs=1):
        pids.add(outcome.host)
    assert len(pids) == 3
