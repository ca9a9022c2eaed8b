"""Worst time and peak memory of cleaner over the malformed corpus (tests/malformed/cases.py).

Each case runs in a fresh child process (so its peak resident memory is its own): the child
makes the page, then times ``cleaner.clean(page, timeout=case.timeout)``. The run fails (exit
status 1) when a page takes longer than its timeout, gives the wrong result, or peaks above
``MEMORY_FACTOR`` times its size plus the base (a child that cleans a one-paragraph page).

    python benchmarks/adversarial.py [--only NAME ...]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: a page may peak at this many times its size above the base
MEMORY_FACTOR = 20

_CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, {root!r})
import cleaner
from tests.malformed.cases import BY_NAME
name = sys.argv[1]
if name == "base":
    data, case = "<html><body><p>" + "The harbour master said the boats were safe. " * 5 + "</p></body></html>", None
else:
    case = BY_NAME[name]
    data = case.make()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    kind = "text" if case and case.suffix == ".txt" else "auto"
    article = cleaner.clean(data, kind=kind, timeout=case.timeout if case else None)
    ok = case is None or (case.error is None and case.needle in article.text + (article.title or ""))
    outcome = "article"
except cleaner.CleanerError as err:
    ok = case is not None and case.error is not None and isinstance(err, case.error)
    outcome = type(err).__name__
seconds = time.perf_counter() - start
size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "surrogatepass"))
print(json.dumps({{"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "before_mb": before / 1024, "size_mb": size / 2**20, "ok": ok, "outcome": outcome}}))
"""


def run(name: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD.format(root=str(ROOT)), name], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"{name}: the child failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from tests.malformed.cases import CASES

    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--only", nargs="*", help="case names (default: all)")
    args = parser.parse_args()
    cases = [c for c in CASES if not args.only or c.name in args.only]
    base = run("base")
    print(f"base: {base['peak_mb']:.0f} MB peak (a one-paragraph page)")
    print(f"{'case':24} {'size MB':>8} {'seconds':>8} {'timeout':>8} {'peak MB':>8} {'limit MB':>9}  outcome")
    failures = []
    worst_time = worst_memory = (0.0, "")
    for case in cases:
        r = run(case.name)
        # the generator's own strings count against the child's memory, not cleaner's
        limit = base["peak_mb"] + max(r["before_mb"] - base["before_mb"], 0) + MEMORY_FACTOR * r["size_mb"]
        print(
            f"{case.name:24} {r['size_mb']:8.2f} {r['seconds']:8.2f} {case.timeout:8.0f} {r['peak_mb']:8.0f}"
            f" {limit:9.0f}  {r['outcome']}{'' if r['ok'] else ' (WRONG)'}"
        )
        worst_time = max(worst_time, (r["seconds"], case.name))
        worst_memory = max(worst_memory, (r["peak_mb"] - base["peak_mb"], case.name))
        if not r["ok"] or r["seconds"] > case.timeout or r["peak_mb"] > limit:
            failures.append(case.name)
    print(
        f"worst time: {worst_time[0]:.1f} s ({worst_time[1]}); "
        f"largest peak above base: {worst_memory[0]:.0f} MB ({worst_memory[1]})"
    )
    if failures:
        print(f"FAILED: {', '.join(failures)}")
        return 1
    print("OK: every page within its timeout and its memory bound")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
