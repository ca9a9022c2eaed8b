"""Benchmark (not a test): pages per second of ``clean_dir`` with 1 worker and with N.

    /work/venv/bin/python benchmarks/batch_bench.py [--src DIR] [--jobs N] [--limit K]

Cleans the devset's ``html/`` pages (gzipped HTML) into a temporary directory, once per
worker count, and prints pages/s and the scaling ratio (N workers over 1). Each run
starts from an empty output directory, so nothing is resumed. ``cpu s/page`` is the
workers' CPU time per page (not skewed by other load); ``load`` the 1-minute load average
after the run: wall-clock figures mean little when it is above the core count.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cleaner import clean_dir

DEVSET = Path(__file__).resolve().parent.parent.parent / "shared" / "devset" / "wcxb-articles" / "html"


def _source(src: Path, limit: int | None, tmp: Path) -> Path:
    """``src`` itself, or a copy of its first ``limit`` files."""
    if not limit:
        return src
    subset = tmp / "src"
    subset.mkdir()
    for path in sorted(src.iterdir())[:limit]:
        shutil.copy(path, subset / path.name)
    return subset


def bench(src: Path, jobs: int, tmp: Path) -> dict[str, float]:
    """One run of ``clean_dir`` with ``jobs`` workers; its counts and rate."""
    dst = tmp / f"out-{jobs}"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    report = clean_dir(src, dst, jobs=jobs, fmt="txt")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    shutil.rmtree(dst)
    return {
        "jobs": jobs,
        "pages": report.pages,
        "failed": report.failed,
        "seconds": round(report.seconds, 2),
        "pages_per_second": round(report.pages_per_second, 2),
        "worker_cpu_seconds_per_page": round(cpu / max(report.pages, 1), 3),
        "load_after": round(os.getloadavg()[0], 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=DEVSET, help="directory of pages (default: the devset)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="the N of the parallel run")
    parser.add_argument("--limit", type=int, help="only the first K files")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    if not args.src.is_dir():
        print(f"{args.src}: not a directory", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        src = _source(args.src, args.limit, tmp)
        runs = [bench(src, 1, tmp), bench(src, args.jobs, tmp)]
    ratio = runs[1]["pages_per_second"] / runs[0]["pages_per_second"] if runs[0]["pages_per_second"] else 0.0
    if args.json:
        print(json.dumps({"runs": runs, "scaling": round(ratio, 2), "cores": os.cpu_count()}, indent=1))
        return 0
    print(f"{'jobs':>5} {'pages':>6} {'failed':>6} {'seconds':>8} {'pages/s':>8} {'cpu s/page':>10} {'load':>5}")
    for run in runs:
        print(
            f"{run['jobs']:>5} {run['pages']:>6} {run['failed']:>6} {run['seconds']:>8} {run['pages_per_second']:>8}"
            f" {run['worker_cpu_seconds_per_page']:>10} {run['load_after']:>5}"
        )
    print(
        f"scaling {args.jobs} jobs / 1 job: {ratio:.2f}x on {os.cpu_count()} cores"
        " (other processes on the machine skew this: see the load column)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
