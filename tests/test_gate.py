"""The quality gate: floors and a harm ceiling per source; passes at the recorded floors,
fails on a worse cleaner, never loosens the file."""

import json
from pathlib import Path

import pytest
from test_evaluate import ARTICLE, FIRST, NAV, fake_tools, make_two_sources, on

from cleaner import evaluate, gate

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT.parent / "shared" / "devset"
needs_devset = pytest.mark.skipif(
    not (DEVSET / "wcxb-articles" / "truth.jsonl").is_file(), reason="../shared/devset not beside the checkout"
)
FEW = 3  # pages a source: enough to move the figures, fast in one process

#: floors that the fake tools of good_tools() meet exactly
FLOORS = {
    "whole": {"floor": {"f1": 1.0, "precision": 1.0, "recall": 1.0}, "harm_ceiling": 0},
    "snips": {"floor": {"snippet_f1": 1.0, "snippet_precision": 1.0}, "harm_ceiling": 0},
}


def _floor_file(tmp_path, sources, tolerance=0.002):
    path = tmp_path / "floor.json"
    path.write_text(json.dumps({"tolerance": tolerance, "sources": sources}), encoding="utf-8")
    return path


def _argv(root, path, *extra):
    return [str(root), "--floor", str(path), "--jobs", "1", *extra]


@pytest.fixture
def devset(tmp_path, monkeypatch):
    """A two-source devset on which cleaner and trafilatura-nocomments both get every page right."""
    fake_tools(monkeypatch, lambda page, url: ARTICLE)
    return make_two_sources(tmp_path / "devset")


def test_recorded_floor_is_well_formed():
    data = gate.read_floor(ROOT / "quality-floor.json")
    assert set(data["sources"]) == {"wcxb-articles", "trafilatura-eval"}
    assert set(data["sources"]["wcxb-articles"]["floor"]) == {"f1", "precision", "recall"}
    assert set(data["sources"]["trafilatura-eval"]["floor"]) == {"snippet_f1", "snippet_precision"}
    for entry in data["sources"].values():
        assert all(0.5 < low <= entry["measured"][m] < 1 for m, low in entry["floor"].items())
        assert 0 <= entry["measured"]["harm"] <= entry["harm_ceiling"]


@pytest.mark.parametrize(
    "sources",
    [
        {},
        {"whole": {"floor": {"f1": 0.9}}},
        {"whole": {"floor": {"f1": "high"}, "harm_ceiling": 0}},
        {"whole": {"floor": {"shingles": 0.9}, "harm_ceiling": 0}},
        {"whole": {"floor": {"f1": 0.9}, "harm_ceiling": -1}},
    ],
)
def test_malformed_floor_files_are_refused(tmp_path, sources):
    with pytest.raises(ValueError):
        gate.read_floor(_floor_file(tmp_path, sources))


def test_gate_verdicts():
    floors = {"s": {"floor": {"f1": 0.9, "precision": 0.9}, "harm_ceiling": 2}}
    good = {"s": {"f1": 0.91, "precision": 0.95, "harm": 2, "harm_pages": ["p1", "p2"], "pages": 10}}
    passed, text = gate.gate(good, floors)
    assert passed and text.endswith(
        "quality gate: PASS on 1 source(s), 10 pages: every figure at or above its floor, harm at or under its ceiling"
    )
    assert "  harm pages: p1 p2" in text
    bad = {"s": {**good["s"], "precision": 0.8, "harm": 3}}
    passed, text = gate.gate(bad, floors)
    assert not passed
    assert text.splitlines()[-1].endswith(
        "FAIL on 1 source(s), 10 pages: s precision 0.8000 < floor 0.9000; s harm 3 > ceiling 2"
    )


def test_floors_only_rise_and_ceilings_only_fall():
    entry = {"floor": {"f1": 0.9, "precision": 0.9}, "harm_ceiling": 4}
    up = gate.raised({"f1": 0.95, "precision": 0.85, "harm": 2}, entry, 0.002)
    assert up == {"floor": {"f1": 0.948, "precision": 0.9}, "harm_ceiling": 2}
    assert gate.raised({"f1": 0.8, "precision": 0.8, "harm": 9}, entry, 0.002) == entry


def test_the_gate_passes_on_both_sources(devset, tmp_path, capsys):
    assert gate.main(_argv(devset, _floor_file(tmp_path, FLOORS))) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1].startswith("quality gate: PASS on 2 source(s), 4 pages")
    assert "snips (2 pages)" in out and "whole (2 pages)" in out and "snippet_f1" in out


def test_a_cleaner_that_drops_articles_fails_on_harm(devset, tmp_path, monkeypatch, capsys):
    floors = {
        "whole": {"floor": {"f1": 0.1}, "harm_ceiling": 0},
        "snips": {"floor": {"snippet_f1": 0.1}, "harm_ceiling": 0},
    }

    def cleaner(page, url):  # wipes out w1, misses two snippets on s2; right elsewhere
        return NAV if on(page, "w1") else "old stone pier" if on(page, "s2") else ARTICLE

    fake_tools(monkeypatch, cleaner)
    assert gate.main(_argv(devset, _floor_file(tmp_path, floors))) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[-1].endswith("snips harm 1 > ceiling 0; whole harm 1 > ceiling 0")
    assert "  harm pages: w1" in out and "  harm pages: s2" in out


def test_a_leaky_cleaner_fails_the_precision_floors(devset, tmp_path, monkeypatch, capsys):
    fake_tools(monkeypatch, lambda page, url: f"{ARTICLE}\n\nAll rights reserved. Sign up for our newsletter now")
    assert gate.main(_argv(devset, _floor_file(tmp_path, FLOORS))) == 1
    verdict = capsys.readouterr().out.splitlines()[-1]
    assert "snips snippet_precision 0.7500 < floor 1.0000" in verdict and "whole precision" in verdict


def test_one_source_folder_checks_only_its_floors(devset, tmp_path, monkeypatch):
    fake_tools(monkeypatch, lambda page, url: FIRST)  # half the text, snippets 1 of 3
    path = _floor_file(tmp_path, FLOORS)
    assert gate.main(_argv(devset / "whole", path)) == 1
    fake_tools(monkeypatch, lambda page, url: ARTICLE)
    assert gate.main(_argv(devset / "whole", path)) == 0


def test_raise_floor_tightens_the_file(devset, tmp_path, capsys):
    path = _floor_file(
        tmp_path,
        {
            "whole": {"floor": {"f1": 0.5, "recall": 0.5}, "harm_ceiling": 3},
            "snips": {"floor": {"snippet_f1": 0.5}, "harm_ceiling": 0},
        },
    )
    assert gate.main(_argv(devset, path, "--raise-floor")) == 0
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["sources"]["whole"] == {
        "floor": {"f1": 0.998, "recall": 0.998},
        "harm_ceiling": 0,
        "measured": {"f1": 1.0, "recall": 1.0, "harm": 0},
    }
    assert data["sources"]["snips"]["floor"] == {"snippet_f1": 0.998}
    assert "floors tightened" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("sources", "message"),
    [
        ({"whole": FLOORS["whole"]}, "no floors for source(s) snips"),
        ({**FLOORS, "gone": FLOORS["whole"]}, "source(s) gone of the floor file are missing"),
        ({**FLOORS, "snips": {"floor": {"f1": 0.9}, "harm_ceiling": 0}}, "'snips' has no f1"),
    ],
)
def test_floors_that_do_not_fit_the_devset_exit_2(devset, tmp_path, capsys, sources, message):
    assert gate.main(_argv(devset, _floor_file(tmp_path, sources))) == 2
    assert message in capsys.readouterr().err


def test_cannot_run_exits_2(tmp_path):
    good = _floor_file(tmp_path, FLOORS)
    assert gate.main([str(tmp_path / "nowhere"), "--floor", str(good)]) == 2
    bad = tmp_path / "bad.json"
    bad.write_text('{"floor": {"f1": 0.9}}', encoding="utf-8")
    assert gate.main([str(tmp_path), "--floor", str(bad)]) == 2


@needs_devset
def test_the_real_devset_a_few_pages_a_source(tmp_path, monkeypatch, capsys):
    """cleaner itself on the first pages of each real source: floors at what it measures pass;
    a cleaner that loses the article on those pages fails on harm."""
    pages = dict(evaluate.load_sources(DEVSET, FEW))
    assert set(pages) == {"wcxb-articles", "trafilatura-eval"}
    entries = {}
    for name, metric in (("wcxb-articles", "f1"), ("trafilatura-eval", "snippet_f1")):
        real = gate.measure(name, pages[name], jobs=1)
        entries[name] = {"floor": {metric: round(real[metric] - 0.002, 4)}, "harm_ceiling": real["harm"]}
    path = _floor_file(tmp_path, entries)
    assert gate.main(_argv(DEVSET, path, "--limit", str(FEW))) == 0

    monkeypatch.setitem(evaluate.TOOLS, "cleaner", lambda page, url: evaluate.run_cleaner(page, url)[:200])
    assert gate.main(_argv(DEVSET, path, "--limit", str(FEW))) == 1
    verdict = capsys.readouterr().out.splitlines()[-1]
    assert "trafilatura-eval harm" in verdict and "wcxb-articles harm" in verdict
