"""cleaner.datatrove.CleanerExtractor in a datatrove LocalPipelineExecutor pipeline over a small WARC."""

from __future__ import annotations

import gzip
import json
import time
from pathlib import Path

import pytest
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.extractors.base import BaseExtractor
from datatrove.pipeline.readers import WarcReader
from datatrove.pipeline.writers import JsonlWriter
from test_batch import HTML, NAV_ONLY, PNG, _page, write_warc

from cleaner import batch, pipeline
from cleaner.datatrove import CleanerExtractor

TWO = _page("Two", ["A second story about the harbour and the boats that come in every spring."])
SLOW = _page("Slow", ["SLOW-PAGE: this page takes far longer than the timeout to clean."])


@pytest.fixture
def crawl(tmp_path: Path) -> Path:
    src = tmp_path / "crawl"
    src.mkdir()
    write_warc(
        src / "crawl.warc.gz",
        [
            ("https://news.example.com/one", "text/html; charset=utf-8", HTML),
            ("https://news.example.com/two", "text/html", TWO),
            ("https://news.example.com/logo.png", "image/png", PNG),
            ("https://news.example.com/three", "text/html", NAV_ONLY),
            ("https://news.example.com/slow", "text/html", SLOW),
        ],
    )
    return src


def _run(crawl: Path, out: Path, step: BaseExtractor) -> dict[str, dict]:
    executor = LocalPipelineExecutor(
        pipeline=[WarcReader(str(crawl), glob_pattern="*.warc.gz"), step, JsonlWriter(str(out / "docs"))],
        tasks=1,
        workers=1,
        logging_dir=str(out / "logs"),
    )
    executor.run()
    docs = [json.loads(line) for p in sorted((out / "docs").glob("*.jsonl.gz")) for line in gzip.open(p, "rt")]
    return {d["metadata"]["url"]: d for d in docs}


def _stats(out: Path) -> dict:
    (path,) = (out / "logs" / "stats").glob("*.json")
    step = next(s for s in json.loads(path.read_text()) if "cleaner" in s["name"])
    return step["stats"]


def test_the_step_drops_in_for_trafilatura():
    assert issubclass(CleanerExtractor, BaseExtractor)
    step = CleanerExtractor(timeout=5)
    assert step.timeout == 5 and CleanerExtractor().timeout == 1  # datatrove's default, as Trafilatura's
    assert step.extract("") == "" and step.extract(PNG.decode("latin-1")) == ""


def test_pipeline_over_a_warc_gives_cleaner_batch_texts_and_times_out_a_slow_page(crawl, tmp_path, monkeypatch):
    expected = {r.source.url: r for r in batch.iter_clean(crawl, jobs=1) if r.status in ("cleaned", "empty")}
    original = pipeline.clean

    def slow_on_marker(page, *args, **kwargs):
        if "SLOW-PAGE" in page:
            time.sleep(30)
        return original(page, *args, **kwargs)

    monkeypatch.setattr(pipeline, "clean", slow_on_marker)  # the sandbox process is forked: it has this too
    start = time.monotonic()
    docs = _run(crawl, tmp_path / "out", CleanerExtractor(timeout=2))
    assert time.monotonic() - start < 25  # the slow page was cut at its timeout
    # the articles with text, each as cleaner batch cleans it; no article text: dropped
    with_text = {url: r for url, r in expected.items() if r.article and r.article.text}
    assert set(docs) == set(with_text) - {"https://news.example.com/slow"}
    for url, doc in docs.items():
        assert doc["text"] == with_text[url].article.text
    stats = _stats(tmp_path / "out")
    assert stats["timeout"] == 1 and stats["dropped"] == 1 and stats["extracted"] == len(docs) + 1
