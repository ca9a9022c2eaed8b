"""cleaner.evaluate: dataset layouts, the tools' glue, --worst, --json and --csv."""

import csv
import gzip
import json
from pathlib import Path

import pytest

from cleaner import cli, evaluate

ARTICLE = (
    "The harbour town of Kessel rebuilt its old stone pier this spring after two winters of storms. "
    "Engineers from the county worked with local fishermen to choose a design that keeps boats safe "
    "while letting the tide wash sand through the gaps between the new granite blocks.\n\n"
    "The mayor said the work cost less than expected because most of the old stone could be used again, "
    "and that the pier would open to walkers in time for the summer festival at the end of June."
)
NAV = "Home News Sport Weather Subscribe to our newsletter"


def _page_html(title: str) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n"))
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article>"
        f"<footer>Copyright 2025 Kessel Gazette. All rights reserved.</footer></body></html>"
    ).encode()


def _write_html(root: Path, ids: list[str]) -> None:
    (root / "html").mkdir(parents=True)
    for pid in ids:
        (root / "html" / f"{pid}.html.gz").write_bytes(gzip.compress(_page_html(f"Pier {pid}")))


def make_devset(root: Path, ids: tuple[str, ...] = ("a1", "a2")) -> Path:
    _write_html(root, list(ids))
    rows = [
        {
            "id": pid,
            "url": f"https://example.com/{pid}",
            "main_content": ARTICLE,
            "with": ["old stone pier"],
            "without": ["All rights reserved"],
        }
        for pid in ids
    ]
    (root / "truth.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return root


def make_scrapinghub(root: Path) -> Path:
    _write_html(root, ["f00d", "beef"])
    truth = {pid: {"articleBody": ARTICLE, "url": f"https://example.com/{pid}"} for pid in ("f00d", "beef")}
    (root / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    return root


def make_wcxb(root: Path) -> Path:
    _write_html(root, ["0001", "0002"])
    (root / "ground-truth").mkdir()
    flat = {"url": "https://example.com/1", "main_content": ARTICLE, "with": ["granite blocks"], "without": [NAV]}
    nested = {
        "url": "https://example.com/2",
        "ground_truth": {"main_content": ARTICLE, "with": ["summer festival"], "without": []},
    }
    (root / "ground-truth" / "0001.json").write_text(json.dumps(flat), encoding="utf-8")
    (root / "ground-truth" / "0002.json").write_text(json.dumps(nested), encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("maker", "layout", "ids"),
    [
        (make_devset, "devset", ["a1", "a2"]),
        (make_scrapinghub, "scrapinghub", ["beef", "f00d"]),
        (make_wcxb, "wcxb", ["0001", "0002"]),
    ],
)
def test_layouts_are_detected_and_loaded(tmp_path, maker, layout, ids):
    root = maker(tmp_path)
    assert evaluate.detect_layout(root) == layout
    pages = evaluate.load_dataset(root)
    assert [p.id for p in pages] == ids
    assert all(p.truth == ARTICLE and p.url.startswith("https://example.com/") for p in pages)
    assert b"stone pier" in pages[0].read_html()


def test_snippets_per_layout(tmp_path):
    dev = evaluate.load_dataset(make_devset(tmp_path / "dev"))
    sh = evaluate.load_dataset(make_scrapinghub(tmp_path / "sh"))
    wcxb = evaluate.load_dataset(make_wcxb(tmp_path / "wcxb"))
    assert (dev[0].with_, dev[0].without) == (["old stone pier"], ["All rights reserved"])
    assert (sh[0].with_, sh[0].without) == ([], [])
    assert (wcxb[0].with_, wcxb[0].without, wcxb[1].with_) == (["granite blocks"], [NAV], ["summer festival"])


def test_plain_html_files_are_found(tmp_path):
    root = make_devset(tmp_path)
    gz = root / "html" / "a1.html.gz"
    (root / "html" / "a1.html").write_bytes(gzip.decompress(gz.read_bytes()))
    gz.unlink()
    page = evaluate.load_dataset(root)[0]
    assert page.html_path.name == "a1.html" and b"<article>" in page.read_html()


@pytest.mark.parametrize("broken", ["empty", "bad-json", "missing-html"])
def test_unreadable_dataset_exits_2(tmp_path, capsys, broken):
    if broken == "bad-json":
        make_devset(tmp_path)
        (tmp_path / "truth.jsonl").write_text("{not json\n", encoding="utf-8")
    elif broken == "missing-html":
        make_devset(tmp_path)
        (tmp_path / "html" / "a2.html.gz").unlink()
    assert evaluate.main([str(tmp_path)]) == 2
    assert "cleaner: error:" in capsys.readouterr().err


def test_cli_eval_writes_json_and_csv(tmp_path, capsys):
    root = make_devset(tmp_path / "data")
    out_json, out_csv = tmp_path / "figures.json", tmp_path / "pages.csv"
    code = cli.main(
        ["eval", str(root), "--compare", "trafilatura", "--jobs", "1", "--json", str(out_json), "--csv", str(out_csv)]
    )
    assert code == 0
    figures = json.loads(out_json.read_text())
    assert list(figures) == ["cleaner", "trafilatura"]
    keys = {"f1", "precision", "recall", "word_f1", "pages_per_second", "with_hit_rate", "without_kept_rate", "pages"}
    for tool in figures.values():
        assert keys <= set(tool)
        assert tool["pages"] == 2 and tool["errors"] == 0 and tool["empty"] == 0
        assert 0.9 < tool["f1"] <= 1.0 and tool["with_hit_rate"] == 1.0 and tool["without_kept_rate"] == 0.0
    with open(out_csv, newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["id"], r["tool"]) for r in rows] == [
        ("a1", "cleaner"),
        ("a1", "trafilatura"),
        ("a2", "cleaner"),
        ("a2", "trafilatura"),
    ]
    assert set(rows[0]) == {"id", "tool", "f1", "p", "r", "word_f1", "seconds"}
    assert "cleaner" in capsys.readouterr().out


def test_python_m_entry_takes_the_same_arguments(tmp_path, capsys):
    root = make_devset(tmp_path)
    assert evaluate.main([str(root), "--compare", "", "--limit", "1", "--jobs", "1"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].startswith("tool") and [line.split()[0] for line in table[1:]] == ["cleaner"]


def test_unknown_compare_tool_is_a_usage_error(tmp_path):
    with pytest.raises(SystemExit) as exit_info:
        evaluate.main([str(tmp_path), "--compare", "nosuchtool"])
    assert exit_info.value.code == 2


def test_a_raising_tool_scores_an_empty_page(tmp_path, monkeypatch):
    def boom(page, url):
        raise RuntimeError("no luck")

    monkeypatch.setitem(evaluate.TOOLS, "boom", boom)
    pages = evaluate.load_dataset(make_devset(tmp_path))
    results = list(evaluate.run(pages, ("cleaner", "boom"), jobs=1))
    figures = evaluate.report(results, ("cleaner", "boom"))
    assert figures["boom"]["errors"] == figures["boom"]["empty"] == 2 and figures["boom"]["recall"] == 0.0
    assert figures["cleaner"]["errors"] == 0
    assert any("RuntimeError: no luck" in line for line in evaluate.error_lines(results))


def test_tools_take_turns_going_first_and_results_keep_their_order(tmp_path, monkeypatch):
    calls = []
    for name in ("one", "two"):
        monkeypatch.setitem(evaluate.TOOLS, name, lambda page, url, name=name: calls.append(name) or "text")
    pages = evaluate.load_dataset(make_devset(tmp_path))
    results = list(evaluate.run(pages, ("one", "two"), jobs=1))
    warm = 2  # warm_up runs each tool once first
    assert calls[warm:] == ["one", "two", "two", "one"]
    assert [[r.tool for r in page] for page in results] == [["one", "two"], ["one", "two"]]


def test_worst_lists_wrong_and_missed_passages(tmp_path, monkeypatch):
    first, _second = ARTICLE.split("\n\n")

    def fake_cleaner(page, url):
        # page a1: keeps the navigation and misses the second paragraph; a2: perfect
        return f"{NAV}\n\n{first}" if b"Pier a1" in page else ARTICLE

    monkeypatch.setitem(evaluate.TOOLS, "cleaner", fake_cleaner)
    pages = evaluate.load_dataset(make_devset(tmp_path))
    results = list(evaluate.run(pages, ("cleaner",), jobs=1))
    lines = evaluate.worst_pages(results, pages, k=1)
    text = "\n".join(lines)
    assert lines[0] == "worst 1 page(s) by cleaner F1:"
    assert lines[1].startswith("a1  F1 ")
    assert f"[{len(NAV.split())} words] {NAV}" in text
    assert "missed: 1 passage(s)" in text and "The mayor said" in text
    assert "a2" not in text


def test_clip_keeps_head_and_tail():
    clipped = evaluate._clip("word " * 100, limit=60)
    assert len(clipped) <= 62 and " … " in clipped


def test_wrap_text_escapes_each_line_as_a_paragraph():
    page = evaluate.wrap_text("Fish & chips <today>\n\n  second line  \n")
    assert "<p>Fish &amp; chips &lt;today&gt;</p>\n<p>second line</p>" in page
    assert page.count("<p>") == 2


def test_html_to_text_separates_blocks():
    text = evaluate.html_to_text(
        "<div>intro<p>One <b>bold</b> line</p><ul><li>a</li><li>b</li></ul><script>x()</script></div>"
    )
    assert text == "intro\n\nOne bold line\n\na\n\nb"
    assert evaluate.html_to_text("  ") == ""


def test_as_text_gives_cleaner_the_dump_and_others_wrapped_html(tmp_path, monkeypatch):
    seen: dict[str, object] = {}
    monkeypatch.setitem(evaluate.CONVERTERS, "fake", lambda html: "line one\nline two")
    monkeypatch.setitem(evaluate.TOOLS, "cleaner", lambda page, url: seen.setdefault("cleaner", page) and "")
    monkeypatch.setitem(evaluate.TOOLS, "other", lambda page, url: seen.setdefault("other", page) and "")
    pages = evaluate.load_dataset(make_devset(tmp_path))[:1]
    list(evaluate.run(pages, ("cleaner", "other"), jobs=1, as_text="fake"))
    assert seen["cleaner"] == "line one\nline two"
    assert "<p>line one</p>\n<p>line two</p>" in str(seen["other"])


@pytest.mark.parametrize("tool", ["readability", "justext", "trafilatura-nocomments"])
def test_compared_tools_extract_the_article(tmp_path, tool):
    pytest.importorskip({"readability": "readability", "justext": "justext"}.get(tool, "trafilatura"))
    page = evaluate.load_dataset(make_devset(tmp_path))[0]
    text = evaluate.TOOLS[tool](page.read_html(), page.url)
    assert "granite blocks" in text and "summer festival" in text
