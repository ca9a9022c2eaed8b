"""cleaner.dask on a distributed.LocalCluster of 2 worker processes: the same pages as
``cleaner batch``, shards and manifest, resume, a killed worker, fsspec URLs, the
command; and the engine-neutral parts (plan, page deadline, import cost) without one."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import cloudpickle
import pyarrow.parquet as pq
import pytest
from distributed import Client, LocalCluster
from test_batch import DUMP, HTML, NAV_ONLY, PNG, _page, write_warc

from cleaner import batch
from cleaner.cli import main
from cleaner.cluster.plan import partitions_of
from cleaner.cluster.task import _PageDeadline, page_deadline
from cleaner.dask import clean_to_shards
from cleaner.storage import InputFile

# the helpers below run on the workers: pickle them by value (the workers need not import this file)
cloudpickle.register_pickle_by_value(sys.modules[__name__])

ROOT = Path(__file__).resolve().parent.parent
TWO = _page("Two", ["A second story about the harbour and the boats that come in every spring."])
RULE = '[[rule]]\nid = "harbour"\ndescription = "the harbour story"\ntext = ["^A second story about the harbour"]\n'


def make_tree(src: Path) -> Path:
    """A mixed SRC tree: HTML, gzipped HTML, text dumps (one gzipped), a WARC file, an
    empty file, a binary file, a file that is no page, saved pages without a page
    extension (one with a ``.url`` sidecar) and a binary file without one."""
    (src / "sub" / "deeper").mkdir(parents=True)
    (src / "a.html").write_bytes(HTML)
    (src / "sub" / "b.htm.gz").write_bytes(gzip.compress(HTML))
    (src / "sub" / "dump.txt").write_bytes(DUMP)
    (src / "sub" / "deeper" / "dump2.txt.gz").write_bytes(gzip.compress(DUMP))
    (src / "nav.xhtml").write_bytes(NAV_ONLY)
    (src / "empty.html").write_bytes(b"")
    (src / "binary.html").write_bytes(PNG)
    (src / "notes.md").write_text("not a page")
    (src / "story").write_bytes(TWO)
    (src / "story.url").write_text("https://news.example.com/saved-story\n")
    (src / "sub" / "page.asp").write_bytes(HTML)
    (src / "blob").write_bytes(PNG)
    write_warc(
        src / "sub" / "crawl.warc.gz",
        [
            ("https://news.example.com/one", "text/html; charset=utf-8", HTML),
            ("https://news.example.com/two", "text/html", TWO),
            ("https://news.example.com/logo.png", "image/png", PNG),
            ("https://news.example.com/three", "text/html", NAV_ONLY),
        ],
    )
    return src


def _warm_up() -> None:
    """On a worker: import cleaner and clean a page (the rules loaded, their indexes built)."""
    from cleaner import clean

    clean(HTML, url="https://news.example.com/one")


@pytest.fixture(scope="module")
def client():
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster,
        Client(cluster) as dask_client,
    ):
        dask_client.run(_warm_up)
        yield dask_client


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    return make_tree(tmp_path_factory.mktemp("tree") / "src")


@pytest.fixture(scope="module")
def batch_out(tree, tmp_path_factory) -> dict:
    """What ``cleaner batch --format jsonl`` makes of the tree: rows and errors by source."""
    dst = tmp_path_factory.mktemp("batch")
    report = batch.clean_dir(tree, dst, fmt="jsonl", jobs=2)
    rows = [json.loads(line) for line in (dst / "articles.jsonl").read_text("utf-8").splitlines()]
    errors = [json.loads(line) for line in (dst / "errors.jsonl").read_text("utf-8").splitlines()]
    return {"rows": {r["source"]: r for r in rows}, "errors": {e["source"]: e for e in errors}, "report": report}


def read_rows(dst: Path, fmt: str) -> list[dict]:
    rows: list[dict] = []
    for path in sorted((dst / "shards").iterdir()):
        if fmt == "parquet":
            rows.extend(pq.read_table(path).to_pylist())
        else:
            rows.extend(json.loads(line) for line in path.read_text("utf-8").splitlines())
    return rows


def read_errors(dst: Path) -> list[dict]:
    return [json.loads(line) for p in sorted((dst / "errors").iterdir()) for line in p.read_text().splitlines()]


def assert_same_as_batch(rows: list[dict], errors: list[dict], batch_out: dict) -> None:
    by_source = {r["source"]: r for r in rows}
    assert len(by_source) == len(rows)  # every page once
    assert set(by_source) == set(batch_out["rows"])
    for source, expected in batch_out["rows"].items():
        row = by_source[source]
        for key in ("url", "title", "author", "date", "text"):
            assert row[key] == expected[key], (source, key)
        assert row["record"] == expected.get("record")
    assert {e["source"]: e["error"] for e in errors} == {s: e["error"] for s, e in batch_out["errors"].items()}


# --- without a cluster --------------------------------------------------------------------------


def test_import_cleaner_does_not_load_the_cluster_extras():
    code = (
        "import sys, cleaner, cleaner.batch\n"
        "print(sorted(m for m in ('dask', 'distributed', 'pyarrow', 'datatrove', 'fsspec', 'cleaner.dask',"
        " 'cleaner.datatrove', 'cleaner.cluster', 'cleaner.storage') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def _files(names: list[str]) -> list[InputFile]:
    return [InputFile(n, f"file:///src/{n}", 10, "mtime=1") for n in names]


def test_plan_one_partition_a_warc_file_and_page_groups_stable_under_insertion():
    names = [f"p{i:04d}.html" for i in range(400)]
    partitions, skipped = partitions_of(_files([*names, "a.warc.gz", "b.warc", "x.jpg"]), 20)
    warcs = [p for p in partitions if p.kind == "warc"]
    assert [p.inputs[0].rel for p in warcs] == ["a.warc.gz", "b.warc"] and [s.rel for s in skipped] == ["x.jpg"]
    groups = [p for p in partitions if p.kind == "pages"]
    assert sum(len(p.inputs) for p in groups) == 400
    assert all(len(p.inputs) <= 40 for p in groups) and 8 <= len(groups) <= 40
    assert len({p.name for p in partitions}) == len(partitions)
    # a page added in the middle changes one group; the names and digests of the others stay
    again, _ = partitions_of(_files(sorted([*names, "p0200a.html"])), 20)
    before = {(p.name, p.digest) for p in groups}
    after = {(p.name, p.digest) for p in again}
    assert len(before - after) == 1 and len(after - before) == 1
    # a changed size (or stamp) changes the digest, not the name
    changed = _files(names)
    changed[0] = InputFile(changed[0].rel, changed[0].url, 11, "mtime=2")
    first = partitions_of(changed, 20)[0][0]
    assert first.name == groups[0].name and first.digest != groups[0].digest


def test_page_deadline_interrupts_python_code_in_any_thread_and_never_strikes_late():
    caught = []

    def run():
        try:
            with page_deadline(0.2):
                while True:
                    time.sleep(0.01)
        except _PageDeadline:
            caught.append("deadline")
        for _ in range(30):  # nothing is left to strike after the block
            with page_deadline(0.05):
                sum(range(1000))
            time.sleep(0.01)
        caught.append("after")

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(10)
    assert caught == ["deadline", "after"]


# --- on the cluster ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_shards_hold_what_cleaner_batch_writes(client, tree, batch_out, tmp_path, fmt):
    dst = tmp_path / "out"
    report = clean_to_shards(tree, dst, format=fmt, client=client, pages_per_partition=2, progress=False)
    rows, errors = read_rows(dst, fmt), read_errors(dst)
    assert_same_as_batch(rows, errors, batch_out)
    expected = batch_out["report"]
    assert (report.cleaned, report.empty, report.failed) == (expected.cleaned, expected.empty, expected.failed)
    assert report.skipped == expected.skipped and report.written == report.shards and not report.failed_shards
    manifest = json.loads((dst / "manifest.json").read_text())
    assert manifest["complete"] and manifest["format"] == fmt and len(manifest["shards"]) == report.shards
    for entry in manifest["shards"]:
        assert (dst / entry["shard"]).is_file() and (dst / entry["errors"]).is_file()
        assert entry["settings"] == manifest["settings"]
    assert not list(dst.rglob("*.cleaner-tmp"))
    removed = next(r for r in rows if r["source"] == "a.html")["removed"]
    assert removed and {"text", "reason", "kind", "score"} <= set(removed[0])


def test_rerun_skips_finished_shards_and_a_changed_rule_file_redoes_them(client, tree, tmp_path):
    dst = tmp_path / "out"
    first = clean_to_shards(tree, dst, format="parquet", client=client, pages_per_partition=2, progress=False)
    stamps = {p: p.stat().st_mtime_ns for p in dst.rglob("*") if p.is_file() and p.parent.name == "shards"}

    again = clean_to_shards(tree, dst, format="parquet", client=client, pages_per_partition=2, progress=False)
    assert (again.written, again.done, again.pages) == (0, first.shards, 0)
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps
    # nothing to do: no scheduler is even contacted
    idle = clean_to_shards(tree, dst, scheduler="tcp://127.0.0.1:9", pages_per_partition=2, progress=False)
    assert (idle.written, idle.done) == (0, first.shards)

    rules = tmp_path / "house.toml"
    rules.write_text(RULE)
    ruled = clean_to_shards(
        tree, dst, format="parquet", client=client, pages_per_partition=2, rules=[rules], progress=False
    )
    assert (ruled.written, ruled.done) == (first.shards, 0)
    two = next(r for r in read_rows(dst, "parquet") if r["url"] == "https://news.example.com/two")
    assert "harbour" not in two["text"] and "rule:harbour" in {r["reason"] for r in two["removed"]}

    settings = json.loads((dst / "manifest.json").read_text())["settings"]
    rules.write_text(RULE.replace("the harbour story", "the harbour story, again"))
    changed = clean_to_shards(
        tree, dst, format="parquet", client=client, pages_per_partition=2, rules=[rules], progress=False
    )
    assert (changed.written, changed.done) == (first.shards, 0)
    assert json.loads((dst / "manifest.json").read_text())["settings"] != settings


def _slow_pages(seconds: float | None, only: bytes = b"") -> None:
    """On a worker: the pages holding ``only`` (every page by default) take ``seconds``
    longer, in Python code (its clean wrapped); ``None`` undoes it."""
    from cleaner import pipeline

    original = getattr(pipeline, "_unslowed", pipeline.clean)
    pipeline._unslowed = original
    if seconds is None:
        pipeline.clean = original
        return

    def slow(page, *args, **kwargs):
        if only in (page if isinstance(page, bytes) else page.encode()):
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                time.sleep(0.01)
        return original(page, *args, **kwargs)

    pipeline.clean = slow


def test_a_worker_killed_mid_run_is_replaced_and_every_page_is_written_once(client, tree, batch_out, tmp_path):
    dst = tmp_path / "out"
    client.run(_slow_pages, 0.3)
    pids = client.run(os.getpid)
    killed: dict = {}

    def kill_a_busy_worker():
        end = time.monotonic() + 60
        while time.monotonic() < end and not killed:
            busy = {w: keys for w, keys in client.processing().items() if keys and w in pids}
            if busy:
                time.sleep(0.2)
                worker, keys = next(iter(busy.items()))
                killed.update(worker=worker, pid=pids[worker], keys=list(keys))
                os.kill(pids[worker], signal.SIGKILL)
            time.sleep(0.05)

    killer = threading.Thread(target=kill_a_busy_worker)
    killer.start()
    try:
        report = clean_to_shards(tree, dst, format="jsonl", client=client, pages_per_partition=2, progress=False)
    finally:
        killer.join()
        client.run(_slow_pages, None)
    assert killed, "no worker was busy"
    assert report.written == report.shards and not report.failed_shards
    assert_same_as_batch(read_rows(dst, "jsonl"), read_errors(dst), batch_out)
    markers = {p.stem: json.loads(p.read_text()) for p in (dst / "manifest").iterdir()}
    for key in killed["keys"]:  # the killed worker's tasks ran again elsewhere
        name = key.removeprefix("cleaner-shard-").rsplit("-", 2)[0]
        assert not markers[name]["worker"].endswith(f":{killed['pid']}")
    client.wait_for_workers(2, timeout=60)


def test_a_slow_page_times_out_alone(client, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.html").write_bytes(HTML)
    (src / "slow.html").write_bytes(_page("Slow", ["SLOW-PAGE " * 30]))
    client.run(_slow_pages, 3600, b"SLOW-PAGE")
    client.run(_warm_up)  # a worker restarted by the test before cleans its first page slowly
    try:
        report = clean_to_shards(
            src, tmp_path / "out", format="jsonl", client=client, timeout=2, pages_per_partition=10, progress=False
        )
    finally:
        client.run(_slow_pages, None)
    assert (report.cleaned, report.failed, report.written) == (1, 1, report.shards)
    (error,) = read_errors(tmp_path / "out")
    assert error == {"source": "slow.html", "error": "PageTimeoutError", "message": "page took longer than 2 s"}


def test_fsspec_urls_for_src_and_dst(client, tree, batch_out, tmp_path):
    import fsspec

    memory = fsspec.filesystem("memory")
    for path in tree.rglob("*"):
        if path.is_file():
            memory.pipe_file(f"/crawl/{path.relative_to(tree).as_posix()}", path.read_bytes())
    # memory:// lives in one process: the workers read and write it only in a threaded cluster
    with Client(processes=False, n_workers=1, threads_per_worker=2, dashboard_address=":0") as threaded:
        report = clean_to_shards("memory://crawl", "memory://clean", client=threaded, progress=False)
    assert report.written == report.shards and not report.failed_shards
    rows = [r for p in memory.glob("/clean/shards/*.parquet") for r in pq.read_table(memory.open(p)).to_pylist()]
    errors = [json.loads(line) for p in memory.glob("/clean/errors/*.jsonl") for line in memory.cat(p).splitlines()]
    assert_same_as_batch(rows, errors, batch_out)
    assert json.loads(memory.cat("/clean/manifest.json"))["complete"]

    # a glob of file:// URLs, on the process cluster: sources are named below the glob's fixed part
    dst = tmp_path / "out"
    report = clean_to_shards(f"file://{tree}/sub/*.warc.gz", f"file://{dst}", client=client, progress=False)
    assert report.shards == 1
    warc_rows = {s for s in batch_out["rows"] if s.startswith("sub/crawl.warc.gz#")}
    assert {"sub/" + r["source"] for r in read_rows(dst, "parquet")} == warc_rows


def test_the_batch_command_runs_on_the_cluster(client, tree, batch_out, tmp_path, capsys):
    dst = tmp_path / "out"
    args = ["batch", str(tree), str(dst), "--engine", "dask", "--scheduler", client.scheduler.address]
    assert main([*args, "--format", "jsonl"]) == 1  # some pages failed, as in cleaner batch
    err = capsys.readouterr().err
    assert "shards: " in err and "failures listed in" in err
    assert_same_as_batch(read_rows(dst, "jsonl"), read_errors(dst), batch_out)
    assert main([*args, "--format", "jsonl", "--quiet"]) == 0  # all done already: nothing failed this time
    assert main([*args, "--format", "txt"]) == 2
    assert main(["batch", str(tree), str(dst), "--workers", "2"]) == 2
    assert main([*args, "--site-templates"]) == 2
    assert "--engine dask" in capsys.readouterr().err


def test_a_worker_with_other_settings_refuses_the_task(tree, tmp_path):
    from cleaner.cluster import ShardSpec, clean_partition
    from cleaner.errors import BatchError
    from cleaner.storage import list_inputs

    partition = partitions_of(list_inputs(str(tree)), 2)[0][0]
    with pytest.raises(BatchError, match="install the same article-cleaner version"):
        clean_partition(partition, ShardSpec(str(tmp_path / "out"), "jsonl", settings="0" * 16))
    assert not (tmp_path / "out" / "manifest").exists()


def _break_settings(broken: bool) -> None:
    """On a worker: make its settings key differ from the client's (or undo it)."""
    from cleaner.cluster import task

    original = getattr(task, "_unbroken", task.settings_of)
    task._unbroken = original
    task.settings_of = (lambda *args: "broken") if broken else original


def test_a_failed_partition_is_reported_and_redone_by_the_next_run(client, tree, tmp_path):
    dst = tmp_path / "out"
    client.run(_break_settings, True)
    try:
        failed = clean_to_shards(tree, dst, format="jsonl", client=client, retries=0, progress=False)
    finally:
        client.run(_break_settings, False)
    assert failed.written == 0 and len(failed.failed_shards) == failed.shards
    assert {f["error"] for f in failed.failed_shards} == {"BatchError"}
    errors = read_errors(dst)
    assert {e["error"] for e in errors} == {"BatchError"} and len(errors) == 11  # one line per page or WARC file
    assert not json.loads((dst / "manifest.json").read_text())["complete"]
    redone = clean_to_shards(tree, dst, format="jsonl", client=client, progress=False)
    assert redone.written == redone.shards and not redone.failed_shards
    assert json.loads((dst / "manifest.json").read_text())["complete"]
