"""Quality gate: cleaner's scores on a benchmark must not fall below a recorded floor.

    python -m cleaner.gate DATASET --floor quality-floor.json [--raise-floor] [--jobs N]

Runs :mod:`cleaner.evaluate` for cleaner alone on DATASET (devset layout), prints the
figures beside the floor and one ``quality gate: PASS`` / ``FAIL`` line. The floor file
holds the minimum shingle F1, precision and recall (and the tolerance it was set with)::

    {"tolerance": 0.002, "floor": {"f1": 0.9148, "precision": 0.9207, "recall": 0.909}}

``--raise-floor`` lifts each figure of the floor to (measured - tolerance) where that is
higher, and never lowers it: run it after an improvement and commit the file.

Exit status: 0 pass, 1 below the floor, 2 could not run (no dataset, bad floor file).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from . import evaluate

METRICS = ("f1", "precision", "recall")
TOOL = "cleaner"
DEFAULT_TOLERANCE = 0.002


def read_floor(path: str | Path) -> dict:
    """The floor file as a dict with ``floor`` (metric -> minimum) and ``tolerance``."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    floor = data.get("floor")
    if not isinstance(floor, dict) or not all(isinstance(floor.get(m), (int, float)) for m in METRICS):
        raise ValueError(f"{path}: needs a 'floor' object with numbers for {', '.join(METRICS)}")
    data.setdefault("tolerance", DEFAULT_TOLERANCE)
    return data


def measure(pages: list[evaluate.Page], jobs: int | None = None) -> dict[str, Any]:
    """cleaner's figures on benchmark ``pages`` (f1, precision, recall, word_f1, ...)."""
    results = list(evaluate.run(pages, (TOOL,), jobs))
    return evaluate.report(results, (TOOL,))[TOOL]


def shortfalls(figures: dict[str, float], floor: dict[str, float]) -> list[str]:
    """One line per metric below its floor; empty when the gate passes."""
    return [f"{m} {figures[m]:.4f} < floor {floor[m]:.4f}" for m in METRICS if figures[m] < floor[m]]


def raised(figures: dict[str, float], floor: dict[str, float], tolerance: float) -> dict[str, float]:
    """The floor lifted to measured - tolerance wherever that is higher (never lowered)."""
    return {m: max(floor[m], round(figures[m] - tolerance, 4)) for m in METRICS}


def format_figures(figures: dict[str, float], floor: dict[str, float]) -> str:
    lines = [f"{'':<10}{'measured':>10}{'floor':>10}{'margin':>10}"]
    for m in METRICS:
        lines.append(f"{m:<10}{figures[m]:>10.4f}{floor[m]:>10.4f}{figures[m] - floor[m]:>+10.4f}")
    return "\n".join(lines)


def gate(figures: dict[str, float], floor: dict[str, float], pages: int | None = None) -> tuple[bool, str]:
    """(passed, report text) for measured ``figures`` against ``floor``."""
    missing = shortfalls(figures, floor)
    where = f" on {pages} pages" if pages else ""
    verdict = (
        f"quality gate: FAIL{where}: " + "; ".join(missing)
        if missing
        else f"quality gate: PASS{where}: f1, precision and recall at or above the floor"
    )
    return not missing, format_figures(figures, floor) + "\n" + verdict


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m cleaner.gate",
        description="Fail when cleaner's benchmark figures fall below the recorded floor.",
        epilog="exit status: 0 pass, 1 below the floor, 2 could not run",
    )
    parser.add_argument("dataset", help="benchmark folder (html/ + truth.jsonl)")
    parser.add_argument("--floor", default="quality-floor.json", help="the floor file (default: quality-floor.json)")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages (for trying it out)")
    parser.add_argument(
        "--raise-floor", action="store_true", help="lift the floor to the measured figures minus the tolerance"
    )
    args = parser.parse_args(argv)
    try:
        data = read_floor(args.floor)
        pages = evaluate.load_dataset(args.dataset)[: args.limit]
    except (OSError, ValueError, evaluate.DatasetError) as err:
        print(f"quality gate: error: {err}", file=sys.stderr)
        return 2
    if not pages:
        print(f"quality gate: error: {args.dataset}: no pages", file=sys.stderr)
        return 2
    figures = measure(pages, args.jobs)
    passed, text = gate(figures, data["floor"], len(pages))
    print(text)
    if args.raise_floor:
        new = raised(figures, data["floor"], data["tolerance"])
        if new != data["floor"]:
            data["floor"] = new
            data["measured"] = {m: round(figures[m], 4) for m in METRICS}
            Path(args.floor).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
            print(f"quality gate: floor raised in {args.floor}: " + ", ".join(f"{m} {new[m]:.4f}" for m in METRICS))
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
