"""cleaner.evaluate: dataset layouts and sources, the tools' glue, per-source figures, the
harm and wrong-region counts, --worst, --json, --csv, and usage errors before the run."""

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
FIRST, SECOND = ARTICLE.split("\n\n")
#: the snippets of every page of the snippet-only source: three in the article, two boilerplate
WITH = ["old stone pier", "new granite blocks", "summer festival"]
WITHOUT = ["All rights reserved", "Subscribe to our newsletter"]


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


def _write_truth(root: Path, rows: list[dict]) -> Path:
    _write_html(root, [r["id"] for r in rows])
    (root / "truth.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return root


def make_devset(root: Path, ids: tuple[str, ...] = ("a1", "a2")) -> Path:
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
    return _write_truth(root, rows)


def make_snippet_only(root: Path, ids: tuple[str, ...] = ("s1", "s2")) -> Path:
    rows = [
        {"id": pid, "url": f"hard::{pid}.html", "main_content": None, "with": WITH, "without": WITHOUT} for pid in ids
    ]
    return _write_truth(root, rows)


def make_two_sources(root: Path) -> Path:
    """A devset like shared/devset: a whole-text source and a snippet-only one."""
    make_devset(root / "whole", ("w1", "w2"))
    make_snippet_only(root / "snips", ("s1", "s2"))
    (root / "README.md").write_text("not a source\n", encoding="utf-8")
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


def fake_tools(monkeypatch, cleaner, other=lambda page, url: ARTICLE):
    """cleaner and trafilatura-nocomments replaced by functions of (page, url): fast, and
    made to win or lose on chosen pages (the page title holds its id: 'Pier <id>')."""
    monkeypatch.setitem(evaluate.TOOLS, "cleaner", cleaner)
    monkeypatch.setitem(evaluate.TOOLS, "trafilatura-nocomments", other)


def on(page: bytes | str, pid: str) -> bool:
    return f"Pier {pid}".encode() in (page if isinstance(page, bytes) else page.encode())


def run_json(tmp_path, root, *extra) -> dict:
    out = tmp_path / "out" / "figures.json"
    assert evaluate.main([str(root), "--compare", "", "--jobs", "1", "--json", str(out), *extra]) == 0
    return json.loads(out.read_text())


# --------------------------------------------------------------------------- datasets and sources


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


def test_snippet_only_pages_have_no_whole_text_truth(tmp_path):
    pages = evaluate.load_dataset(make_snippet_only(tmp_path))
    assert [(p.truth, p.with_, p.without) for p in pages] == [(None, WITH, WITHOUT)] * 2


def test_a_folder_of_sources_is_found_in_name_order(tmp_path):
    root = make_two_sources(tmp_path / "devset")
    assert [name for name, _ in evaluate.find_sources(root)] == ["snips", "whole"]
    assert evaluate.find_sources(root / "whole") == [("whole", root / "whole")]
    (tmp_path / "empty").mkdir()
    with pytest.raises(evaluate.DatasetError, match="nor a folder of them"):
        evaluate.find_sources(tmp_path / "empty")


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


# --------------------------------------------------------------------------- per-source figures


def test_each_source_has_its_own_lines_and_no_shingle_figures_without_truth(tmp_path, monkeypatch, capsys):
    fake_tools(monkeypatch, lambda page, url: ARTICLE)
    root = make_two_sources(tmp_path / "devset")
    assert evaluate.main([str(root), "--compare", "", "--jobs", "1"]) == 0
    rows = [line.split() for line in capsys.readouterr().out.splitlines()]
    assert rows[0][:6] == ["source", "tool", "F1", "P", "R", "wordF1"]
    table = {(r[0], r[1]): r[2:] for r in rows[1:5]}
    assert set(table) == {(s, t) for s in ("snips", "whole") for t in ("cleaner", "trafilatura-nocomments")}
    # snippet-only source: shingle and word columns are '-', snippets all found, none kept
    assert table["snips", "cleaner"][:7] == ["-", "-", "-", "-", "1.0000", "1.0000", "1.0000"]
    assert table["whole", "cleaner"][:4] == ["1.0000", "1.0000", "1.0000", "1.0000"]
    assert ["snips:", "0", "of", "2", "page(s)"] in rows and ["whole:", "0", "of", "2", "page(s)"] in rows


def test_snippet_figures_are_micro_averaged_over_the_source(tmp_path, monkeypatch):
    # s1 keeps every with-snippet and both without ones: tp 3, fp 2; s2 keeps one with-snippet: tp 1, fn 2
    def cleaner(page, url):
        return f"{ARTICLE}\n\n{NAV}\n\nAll rights reserved" if on(page, "s1") else "the old stone pier"

    fake_tools(monkeypatch, cleaner)
    figures = run_json(tmp_path, make_snippet_only(tmp_path / "snips"))["sources"]["snips"]["tools"]["cleaner"]
    tp, fp, fn = 4, 2, 2
    assert figures["snippet_precision"] == pytest.approx(tp / (tp + fp))
    assert figures["snippet_recall"] == pytest.approx(tp / (tp + fn))
    p, r = tp / (tp + fp), tp / (tp + fn)
    assert figures["snippet_f1"] == pytest.approx(2 * p * r / (p + r)) == pytest.approx(2 / 3)
    # a mean of the pages' own figures would differ: P (0.6 + 1.0) / 2 = 0.8
    assert figures["snippet_precision"] != pytest.approx(0.8)
    assert figures["f1"] is None and figures["word_f1"] is None and figures["text_pages"] == 0


def test_harm_counts_pages_where_cleaner_loses_badly(tmp_path, monkeypatch, capsys):
    def cleaner(page, url):
        if on(page, "w1"):
            return NAV  # drops the article: F1 0 against trafilatura's 1
        if on(page, "w2"):
            return FIRST  # loses half: F1 about 0.6, 0.4 below trafilatura
        if on(page, "s1"):
            return "old stone pier"  # misses two with-snippets that trafilatura finds
        return ARTICLE.replace("summer festival", "")  # s2: misses one more only: no harm

    fake_tools(monkeypatch, cleaner)
    root = make_two_sources(tmp_path / "devset")
    doc = run_json(tmp_path, root)
    assert doc["harm_reference"] == "trafilatura-nocomments"
    assert {name: (s["harm"], s["harm_pages"]) for name, s in doc["sources"].items()} == {
        "snips": (1, ["s1"]),
        "whole": (2, ["w1", "w2"]),
    }
    out = capsys.readouterr().out
    assert "  snips: 1 of 2 page(s): s1" in out and "  whole: 2 of 2 page(s): w1 w2" in out


def test_harm_needs_a_gap_of_more_than_the_threshold(tmp_path, monkeypatch):
    # both tools lose the second paragraph: equal F1, so no harm however low it is
    fake_tools(monkeypatch, lambda page, url: FIRST, other=lambda page, url: FIRST)
    doc = run_json(tmp_path, make_devset(tmp_path / "whole"))
    assert doc["sources"]["whole"]["harm"] == 0


def test_no_harm_skips_the_reference(tmp_path, monkeypatch, capsys):
    def reference(page, url):
        raise AssertionError("trafilatura-nocomments ran")

    fake_tools(monkeypatch, lambda page, url: ARTICLE, other=reference)
    doc = run_json(tmp_path, make_devset(tmp_path / "whole"), "--no-harm")
    assert doc["harm_reference"] is None and doc["sources"]["whole"]["harm"] is None
    assert list(doc["sources"]["whole"]["tools"]) == ["cleaner"]
    assert "harm: not counted" in capsys.readouterr().out


def test_worst_lists_the_harm_page_first(tmp_path, monkeypatch):
    # w1: harm (cleaner 0.6 against 1.0); w2: the lowest F1, but trafilatura is as bad there: no harm
    def cleaner(page, url):
        return f"{NAV}\n\n{FIRST}" if on(page, "w1") else "Nothing at all of the article here"

    fake_tools(monkeypatch, cleaner, other=lambda page, url: "" if on(page, "w2") else ARTICLE)
    pages = evaluate.load_dataset(make_devset(tmp_path, ("w1", "w2")))
    source = evaluate.measure_source("whole", pages, ("cleaner", "trafilatura-nocomments"), jobs=1)
    assert [p.id for p in source.harm] == ["w1"]
    assert source.results[1][0].page_f1 < source.results[0][0].page_f1
    lines = evaluate.worst_pages(source, k=2)
    text = "\n".join(lines)
    assert lines[0] == "worst 2 page(s) of whole: the 1 harm page(s) first, then by cleaner's page F1:"
    assert lines[1].startswith("[harm] w1  F1 0.") and "| trafilatura-nocomments F1 1.000" in lines[1]
    assert lines[1].endswith("https://example.com/w1")
    assert f"[{len(NAV.split())} words] {NAV}" in text and "The mayor said" in text
    assert [line.split()[0] for line in lines if not line.startswith(" ")][1:] == ["[harm]", "w2"]


def test_worst_on_a_snippet_only_page_shows_missed_and_kept_snippets(tmp_path, monkeypatch):
    fake_tools(monkeypatch, lambda page, url: f"{NAV} the old stone pier")
    pages = evaluate.load_dataset(make_snippet_only(tmp_path))
    source = evaluate.measure_source("snips", pages, ("cleaner", "trafilatura-nocomments"), jobs=1)
    lines = evaluate.worst_pages(source, k=1)
    assert lines[1].startswith("[harm] s1  snippet F1 0.400 (with 1/3 found, without 1/2 kept)")
    assert lines[2:] == [
        "  missed `with` snippets: 2",
        "    new granite blocks",
        "    summer festival",
        "  kept `without` snippets: 1",
        "    Subscribe to our newsletter",
    ]


def test_wrong_region_compares_the_text_path_with_the_html_path(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(evaluate.CONVERTERS, "fake", lambda html: html.decode())

    def cleaner(page, url):  # the HTML path is right; the text path keeps the menu on w1 and s1
        if isinstance(page, str) and (on(page, "w1") or on(page, "s1")):
            return NAV
        return ARTICLE

    fake_tools(monkeypatch, cleaner)
    root = make_two_sources(tmp_path / "devset")
    doc = run_json(tmp_path, root, "--as-text", "fake")
    assert {name: s["wrong_region_pages"] for name, s in doc["sources"].items()} == {"snips": ["s1"], "whole": ["w1"]}
    tools = doc["sources"]["whole"]["tools"]
    assert list(tools) == ["cleaner", "trafilatura-nocomments", "cleaner-html"]
    assert tools["cleaner-html"]["f1"] == 1.0 and tools["cleaner-html"]["pages_per_second"] is None
    rows = [line.split() for line in capsys.readouterr().out.splitlines()]
    assert rows[0][-2:] == ["harm", "wrong"]
    html_row = next(r for r in rows if r[:2] == ["whole", "cleaner-html"])
    assert html_row[9] == "-"  # pages/s: a reference tool is not timed for the table


# --------------------------------------------------------------------------- output files and usage errors


def test_cli_eval_writes_json_and_csv(tmp_path, capsys):
    root = make_devset(tmp_path / "data")
    out_json, out_csv = tmp_path / "new" / "figures.json", tmp_path / "new" / "deeper" / "pages.csv"
    code = cli.main(
        ["eval", str(root), "--compare", "trafilatura", "--jobs", "1", "--json", str(out_json), "--csv", str(out_csv)]
    )
    assert code == 0
    doc = json.loads(out_json.read_text())
    assert doc["mode"] == "HTML" and list(doc["sources"]) == ["data"]
    figures = doc["sources"]["data"]["tools"]
    assert list(figures) == ["cleaner", "trafilatura", "trafilatura-nocomments"]
    keys = {"f1", "precision", "recall", "word_f1", "snippet_f1", "snippet_precision", "snippet_recall"}
    keys |= {"pages_per_second", "with_hit_rate", "without_kept_rate", "pages"}
    for tool in figures.values():
        assert keys <= set(tool)
        assert tool["pages"] == 2 and tool["errors"] == 0 and tool["empty"] == 0
        assert 0.9 < tool["f1"] <= 1.0 and tool["with_hit_rate"] == 1.0 and tool["without_kept_rate"] == 0.0
        assert tool["snippet_f1"] == 1.0
    with open(out_csv, newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["source"], r["id"], r["tool"]) for r in rows[:3]] == [
        ("data", "a1", "cleaner"),
        ("data", "a1", "trafilatura"),
        ("data", "a1", "trafilatura-nocomments"),
    ]
    assert list(rows[0]) == evaluate.CSV_HEADER
    assert (rows[0]["with_found"], rows[0]["with_missed"], rows[0]["without_found"]) == ("1", "0", "0")
    assert "cleaner" in capsys.readouterr().out


def test_csv_leaves_shingle_cells_empty_on_snippet_only_pages(tmp_path, monkeypatch):
    fake_tools(monkeypatch, lambda page, url: ARTICLE)
    out = tmp_path / "pages.csv"
    assert (
        evaluate.main([str(make_snippet_only(tmp_path / "s")), "--jobs", "1", "--compare", "", "--csv", str(out)]) == 0
    )
    row = next(csv.DictReader(out.open(newline="")))
    assert (row["f1"], row["p"], row["word_f1"], row["snippet_f1"], row["with_found"]) == ("", "", "", "1.0000", "3")


def test_python_m_entry_takes_the_same_arguments(tmp_path, capsys):
    root = make_devset(tmp_path)
    assert evaluate.main([str(root), "--compare", "", "--no-harm", "--limit", "1", "--jobs", "1"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].startswith("source") and table[1].split()[1] == "cleaner" and not table[2].startswith(root.name)


def test_unknown_compare_tool_is_a_usage_error(tmp_path):
    with pytest.raises(SystemExit) as exit_info:
        evaluate.main([str(tmp_path), "--compare", "nosuchtool"])
    assert exit_info.value.code == 2


@pytest.fixture
def no_run(monkeypatch):
    """Fail the test if the run starts: usage errors must stop before it."""

    def run(*args, **kwargs):
        raise AssertionError("the run started")

    monkeypatch.setattr(evaluate, "run", run)


@pytest.mark.parametrize(
    ("argv", "tool", "package"),
    [
        (["--compare", "readability"], "readability", "readability-lxml"),
        (["--as-text", "inscriptis"], "inscriptis", "inscriptis"),
    ],
)
def test_a_missing_optional_tool_exits_2_before_the_run(tmp_path, monkeypatch, capsys, no_run, argv, tool, package):
    monkeypatch.setitem(evaluate.REQUIRES, tool, ("no_such_module_for_the_test", package))
    assert evaluate.main([str(make_devset(tmp_path)), *argv]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("cleaner: error: not installed: ")
    assert f"{tool} (package {package})" in err and "pip install 'cleaner[eval]'" in err


def test_an_output_that_cannot_be_written_exits_2_before_the_run(tmp_path, capsys, no_run):
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    root = make_devset(tmp_path / "data")
    assert evaluate.main([str(root), "--csv", str(tmp_path / "afile" / "sub" / "pages.csv")]) == 2
    assert capsys.readouterr().err.startswith("cleaner: error: --csv ")
    assert evaluate.main([str(root), "--texts", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err


def test_missing_output_folders_are_made(tmp_path, monkeypatch):
    fake_tools(monkeypatch, lambda page, url: ARTICLE)
    texts = tmp_path / "a" / "b" / "texts.jsonl"
    assert evaluate.main([str(make_devset(tmp_path / "d")), "--compare", "", "--jobs", "1", "--texts", str(texts)]) == 0
    rows = [json.loads(line) for line in texts.read_text().splitlines()]
    assert [(r["source"], r["id"], r["f1"], r["text"]) for r in rows] == [
        ("d", "a1", 1.0, ARTICLE),
        ("d", "a2", 1.0, ARTICLE),
    ]


# --------------------------------------------------------------------------- running and the tools


def test_a_raising_tool_scores_an_empty_page(tmp_path, monkeypatch):
    def boom(page, url):
        raise RuntimeError("no luck")

    monkeypatch.setitem(evaluate.TOOLS, "boom", boom)
    pages = evaluate.load_dataset(make_devset(tmp_path))
    results = list(evaluate.run(pages, ("cleaner", "boom"), jobs=1))
    figures = evaluate.report(results, ("cleaner", "boom"))
    assert figures["boom"]["errors"] == figures["boom"]["empty"] == 2 and figures["boom"]["recall"] == 0.0
    assert figures["cleaner"]["errors"] == 0
    source = evaluate.Source("d", pages, results, figures, None)
    assert any("boom raised on page a1 of d: RuntimeError: no luck" in line for line in evaluate.error_lines([source]))


def test_tools_take_turns_going_first_and_results_keep_their_order(tmp_path, monkeypatch):
    calls = []
    for name in ("one", "two"):
        monkeypatch.setitem(evaluate.TOOLS, name, lambda page, url, name=name: calls.append(name) or "text")
    pages = evaluate.load_dataset(make_devset(tmp_path))
    results = list(evaluate.run(pages, ("one", "two"), jobs=1))
    warm = 2  # warm_up runs each tool once first
    assert calls[warm:] == ["one", "two", "two", "one"]
    assert [[r.tool for r in page] for page in results] == [["one", "two"], ["one", "two"]]


def test_reference_tools_run_last_on_the_raw_page(tmp_path, monkeypatch):
    seen = []
    monkeypatch.setitem(evaluate.CONVERTERS, "fake", lambda html: "a dump")
    monkeypatch.setitem(evaluate.TOOLS, "cleaner", lambda page, url: seen.append(type(page).__name__) or "")
    monkeypatch.setitem(evaluate.TOOLS, "other", lambda page, url: seen.append("other") or "")
    pages = evaluate.load_dataset(make_devset(tmp_path))
    results = list(evaluate.run(pages, ("cleaner", "other"), jobs=1, as_text="fake", references=("cleaner-html",)))
    assert seen[3:] == ["str", "other", "bytes", "other", "str", "bytes"]  # after the warm-up's three
    assert [r.tool for r in results[1]] == ["cleaner", "other", "cleaner-html"]


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


def test_installed_tools_are_not_reported_missing():
    assert evaluate.missing(["trafilatura", "cleaner"]) == []
