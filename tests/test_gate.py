"""The quality gate: passes at the recorded floor, fails on a worse configuration."""

import json
from pathlib import Path

import pytest

from cleaner import evaluate, gate

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT.parent / "shared" / "devset" / "wcxb-articles"
needs_devset = pytest.mark.skipif(
    not (DEVSET / "truth.jsonl").is_file(), reason="../shared/devset not beside the checkout"
)
FEW = 6  # pages: enough to move the figures, fast in one process


def _floor_file(tmp_path, floor, tolerance=0.002):
    path = tmp_path / "floor.json"
    path.write_text(json.dumps({"tolerance": tolerance, "floor": floor}), encoding="utf-8")
    return path


def test_recorded_floor_is_well_formed():
    data = gate.read_floor(ROOT / "quality-floor.json")
    assert all(0.5 < data["floor"][m] < 1 for m in gate.METRICS)
    assert all(data["floor"][m] <= data["measured"][m] for m in gate.METRICS)


def test_gate_verdicts():
    floor = {"f1": 0.9, "precision": 0.9, "recall": 0.9}
    passed, text = gate.gate({"f1": 0.91, "precision": 0.95, "recall": 0.9}, floor)
    assert passed and text.endswith("quality gate: PASS: f1, precision and recall at or above the floor")
    passed, text = gate.gate({"f1": 0.91, "precision": 0.8, "recall": 0.9}, floor)
    assert not passed and "quality gate: FAIL: precision 0.8000 < floor 0.9000" in text


def test_floor_only_rises():
    floor = {"f1": 0.9, "precision": 0.9, "recall": 0.9}
    new = gate.raised({"f1": 0.95, "precision": 0.85, "recall": 0.9}, floor, 0.002)
    assert new == {"f1": 0.948, "precision": 0.9, "recall": 0.9}


@needs_devset
def test_floor_above_the_figures_fails(tmp_path, capsys):
    path = _floor_file(tmp_path, {"f1": 0.999, "precision": 0.999, "recall": 0.0})
    assert gate.main([str(DEVSET), "--floor", str(path), "--limit", str(FEW), "--jobs", "1"]) == 1
    assert f"quality gate: FAIL on {FEW} pages: f1" in capsys.readouterr().out


@needs_devset
def test_a_degraded_cleaner_fails_the_floor_the_real_one_passes(tmp_path, monkeypatch, capsys):
    pages = evaluate.load_dataset(DEVSET)[:FEW]
    real = gate.measure(pages, jobs=1)
    path = _floor_file(tmp_path, {m: round(real[m] - 0.002, 4) for m in gate.METRICS})
    argv = [str(DEVSET), "--floor", str(path), "--limit", str(FEW), "--jobs", "1"]
    assert gate.main(argv) == 0

    def leaky(page, url):  # keeps the article, plus a newsletter prompt and a related list
        boilerplate = "Sign up for our newsletter to get the best stories in your inbox every week. Related posts: more from this author"
        return evaluate.run_cleaner(page, url) + "\n\n" + boilerplate

    monkeypatch.setitem(evaluate.TOOLS, "cleaner", leaky)
    assert gate.main(argv) == 1
    out = capsys.readouterr().out
    assert "quality gate: FAIL" in out and "precision" in out.splitlines()[-1]


@needs_devset
def test_raise_floor_rewrites_the_file(tmp_path, capsys):
    path = _floor_file(tmp_path, {"f1": 0.1, "precision": 0.1, "recall": 0.1})
    assert gate.main([str(DEVSET), "--floor", str(path), "--limit", "2", "--jobs", "1", "--raise-floor"]) == 0
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["floor"]["f1"] > 0.1 and data["floor"]["f1"] <= data["measured"]["f1"]


def test_cannot_run_exits_2(tmp_path):
    good = _floor_file(tmp_path, {"f1": 0.9, "precision": 0.9, "recall": 0.9})
    assert gate.main([str(tmp_path / "nowhere"), "--floor", str(good)]) == 2
    bad = tmp_path / "bad.json"
    bad.write_text('{"floor": {"f1": 0.9}}', encoding="utf-8")
    assert gate.main([str(DEVSET), "--floor", str(bad)]) == 2
