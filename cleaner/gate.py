"""Quality gate: cleaner's scores on each source of a benchmark must not fall below the
floors recorded for that source, nor its harm count rise above its ceiling.

    python -m cleaner.gate DEVSET --floor quality-floor.json [--raise-floor] [--jobs N]

DEVSET is a folder of sources (``shared/devset``) or one source folder (then only that
source's floors are checked). Each source is run through :mod:`cleaner.evaluate` with
cleaner and ``trafilatura-nocomments``, which the harm count needs. The floor file holds,
per source (by folder name), the minimum of any of the figures in :data:`METRICS` and the
highest harm count allowed (and the tolerance the floors were set with)::

    {"tolerance": 0.002, "sources": {
        "wcxb-articles": {"floor": {"f1": 0.9546, "precision": 0.9492, "recall": 0.96}, "harm_ceiling": 3},
        "trafilatura-eval": {"floor": {"snippet_f1": 0.93, "snippet_precision": 0.9}, "harm_ceiling": 5}}}

It prints the figures beside the floors, the harm pages, and one ``quality gate: PASS`` /
``FAIL`` line. ``--raise-floor`` lifts each floor to (measured - tolerance) where that is
higher and lowers each harm ceiling to the measured count where that is lower; it never
loosens either: run it after an improvement and commit the file.

Exit status: 0 pass, 1 below a floor or above a ceiling, 2 could not run (no dataset, a
bad floor file, a source without floors, a floor on a figure the source does not have).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from . import evaluate
from .exitcodes import EXIT_FAILED, EXIT_OK, EXIT_USAGE

#: the figures a floor may name (keys of :func:`cleaner.evaluate.tool_figures`)
METRICS = ("f1", "precision", "recall", "word_f1", "snippet_f1", "snippet_precision", "snippet_recall")
TOOL = "cleaner"
TOOLS = (TOOL, evaluate.HARM_REFERENCE)
DEFAULT_TOLERANCE = 0.002


class FloorError(ValueError):
    """The floor file, or what it asks of the dataset, cannot be checked."""


def read_floor(path: str | Path) -> dict:
    """The floor file as a dict: ``sources`` (name -> ``floor`` of metric -> minimum and
    ``harm_ceiling``) and ``tolerance``; raises :class:`FloorError` (a ValueError)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    sources = data.get("sources") if isinstance(data, dict) else None
    if not isinstance(sources, dict) or not sources:
        raise FloorError(f"{path}: needs a 'sources' object of source name -> floors")
    for name, entry in sources.items():
        floor = entry.get("floor") if isinstance(entry, dict) else None
        if not isinstance(floor, dict) or not floor:
            raise FloorError(f"{path}: source {name!r} needs a 'floor' object")
        bad = [m for m, v in floor.items() if m not in METRICS or not isinstance(v, (int, float))]
        if bad:
            raise FloorError(
                f"{path}: source {name!r}: bad floor(s) {', '.join(bad)} (numbers for {', '.join(METRICS)})"
            )
        ceiling = entry.get("harm_ceiling")
        if not isinstance(ceiling, int) or isinstance(ceiling, bool) or ceiling < 0:
            raise FloorError(f"{path}: source {name!r} needs a 'harm_ceiling' (a count, 0 or more)")
    data.setdefault("tolerance", DEFAULT_TOLERANCE)
    return data


def measure(name: str, pages: list[evaluate.Page], jobs: int | None = None) -> dict[str, Any]:
    """cleaner's figures on one source's ``pages`` (f1, ..., snippet_f1, ...), with ``harm``
    (the count) and ``harm_pages`` (their ids)."""
    source = evaluate.measure_source(name, pages, TOOLS, jobs)
    harm = source.harm or []
    return {**source.figures[TOOL], "harm": len(harm), "harm_pages": [p.id for p in harm]}


def _value(name: str, figures: dict[str, Any], metric: str) -> float:
    value = figures.get(metric)
    if value is None:
        raise FloorError(f"source {name!r} has no {metric} (no truth for it), yet the floor file sets one")
    return value


def shortfalls(name: str, figures: dict[str, Any], entry: dict) -> list[str]:
    """One line per figure below its floor, or a harm count above its ceiling; empty when
    the source passes."""
    lines = [
        f"{name} {m} {_value(name, figures, m):.4f} < floor {low:.4f}"
        for m, low in entry["floor"].items()
        if _value(name, figures, m) < low
    ]
    if figures["harm"] > entry["harm_ceiling"]:
        lines.append(f"{name} harm {figures['harm']} > ceiling {entry['harm_ceiling']}")
    return lines


def raised(figures: dict[str, Any], entry: dict, tolerance: float) -> dict:
    """The entry tightened: each floor lifted to measured - tolerance where that is higher,
    the harm ceiling lowered to the measured count where that is lower (never loosened)."""
    floor = {m: max(low, round(figures[m] - tolerance, 4)) for m, low in entry["floor"].items()}
    return {**entry, "floor": floor, "harm_ceiling": min(entry["harm_ceiling"], figures["harm"])}


def format_figures(name: str, figures: dict[str, Any], entry: dict) -> str:
    """The source's figures beside its floors and harm ceiling, then its harm pages."""
    lines = [f"{name + ' (' + str(figures['pages']) + ' pages)':<34}{'measured':>10}{'floor':>10}{'margin':>10}"]
    for m, low in entry["floor"].items():
        value = _value(name, figures, m)
        lines.append(f"  {m:<32}{value:>10.4f}{low:>10.4f}{value - low:>+10.4f}")
    harm, ceiling = figures["harm"], entry["harm_ceiling"]
    lines.append(f"  {'harm (ceiling)':<32}{harm:>10d}{ceiling:>10d}{ceiling - harm:>+10d}")
    if figures["harm_pages"]:
        lines.append("  harm pages: " + " ".join(figures["harm_pages"]))
    return "\n".join(lines)


def gate(measured: dict[str, dict[str, Any]], floors: dict[str, dict]) -> tuple[bool, str]:
    """(passed, report text) for each source's ``measured`` figures against its entry in ``floors``."""
    missing = [line for name, figures in measured.items() for line in shortfalls(name, figures, floors[name])]
    pages = sum(f["pages"] for f in measured.values())
    where = f" on {len(measured)} source(s), {pages} pages"
    verdict = (
        f"quality gate: FAIL{where}: " + "; ".join(missing)
        if missing
        else f"quality gate: PASS{where}: every figure at or above its floor, harm at or under its ceiling"
    )
    text = [format_figures(name, figures, floors[name]) for name, figures in measured.items()]
    return not missing, "\n".join([*text, verdict])


def _sources(dataset: str, floors: dict[str, dict], limit: int | None) -> list[tuple[str, list[evaluate.Page]]]:
    """The sources of ``dataset`` to check; each must have floors, and a folder of sources
    must hold every source that has floors."""
    loaded = evaluate.load_sources(dataset, limit)
    names = [name for name, _ in loaded]
    unfloored = [n for n in names if n not in floors]
    if unfloored:
        raise FloorError(f"no floors for source(s) {', '.join(unfloored)} (add them to the floor file)")
    absent = [n for n in floors if n not in names]
    if absent and len(evaluate.find_sources(dataset)) > 1:
        raise FloorError(f"{dataset}: source(s) {', '.join(absent)} of the floor file are missing")
    return loaded


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m cleaner.gate",
        description="Fail when cleaner falls below a source's floors or its harm count rises above the ceiling.",
        epilog="exit status: 0 pass, 1 below a floor or above a ceiling, 2 could not run",
    )
    parser.add_argument("dataset", help="a folder of sources (shared/devset), or one source folder")
    parser.add_argument("--floor", default="quality-floor.json", help="the floor file (default: quality-floor.json)")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    parser.add_argument(
        "--limit", type=int, default=None, help="only the first N pages of a source (for trying it out)"
    )
    parser.add_argument(
        "--raise-floor",
        action="store_true",
        help="lift the floors to the measured figures minus the tolerance, lower the harm ceilings to the counts",
    )
    args = parser.parse_args(argv)
    try:
        data = read_floor(args.floor)
        loaded = _sources(args.dataset, data["sources"], args.limit)
        measured = {name: measure(name, pages, args.jobs) for name, pages in loaded}
        passed, text = gate(measured, data["sources"])
    except (OSError, ValueError, evaluate.DatasetError) as err:
        print(f"quality gate: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    print(text)
    if args.raise_floor:
        _raise(args.floor, data, measured)
    return EXIT_OK if passed else EXIT_FAILED


def _raise(path: str, data: dict, measured: dict[str, dict[str, Any]]) -> None:
    """Tighten the floor file at ``path`` to the ``measured`` figures (see :func:`raised`)."""
    changed = []
    for name, figures in measured.items():
        entry = data["sources"][name]
        new = raised(figures, entry, data["tolerance"])
        if new != entry:
            new["measured"] = {**{m: round(figures[m], 4) for m in entry["floor"]}, "harm": figures["harm"]}
            data["sources"][name] = new
            changed.append(f"{name}: " + ", ".join(f"{m} {v:.4f}" for m, v in new["floor"].items()))
            changed[-1] += f", harm ceiling {new['harm_ceiling']}"
    if changed:
        Path(path).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        print(f"quality gate: floors tightened in {path}: " + "; ".join(changed))


if __name__ == "__main__":
    raise SystemExit(main())
