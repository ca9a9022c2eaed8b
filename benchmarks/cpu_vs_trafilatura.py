"""Benchmark (not a test): CPU time of ``cleaner.clean`` against ``trafilatura.extract``.

    python benchmarks/cpu_vs_trafilatura.py [--dataset DIR] [--limit K] [--rounds R]

Both tools run on each page, taking turns going first, in one process, timed with
``time.process_time`` so the figure does not move with other load on the machine
(``cleaner eval`` reports wall clock pages/s, which does). One warm-up page runs first, so one-time set-up (stoplists,
compiled rules) is left out for both. Prints each tool's CPU seconds and the speed ratio
(trafilatura's seconds over cleaner's: above 1 means cleaner is faster).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import trafilatura

import cleaner

DEVSET = Path(__file__).resolve().parent.parent.parent / "shared" / "devset" / "wcxb-articles"


def _pages(root: Path, limit: int) -> list[tuple[bytes, str | None]]:
    rows = [json.loads(line) for line in (root / "truth.jsonl").open(encoding="utf-8")][:limit]
    return [(gzip.decompress((root / "html" / f"{r['id']}.html.gz").read_bytes()), r.get("url")) for r in rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=DEVSET, help="devset-layout directory (html/ + truth.jsonl)")
    parser.add_argument("--limit", type=int, default=300, help="pages to time (default 300)")
    parser.add_argument("--rounds", type=int, default=1, help="passes over the pages (default 1)")
    args = parser.parse_args(argv)
    pages = _pages(args.dataset, args.limit)
    cleaner.clean(pages[0][0], url=pages[0][1])
    trafilatura.extract(pages[0][0], url=pages[0][1])
    tools = {
        "cleaner": lambda html, url: cleaner.clean(html, url=url),
        "trafilatura": lambda html, url: trafilatura.extract(html, url=url),
    }
    seconds = dict.fromkeys(tools, 0.0)
    for _ in range(args.rounds):
        for turn, (html, url) in enumerate(pages):
            # the tools take turns going first: the second to run on a page runs a little faster
            for name in ("cleaner", "trafilatura") if turn % 2 == 0 else ("trafilatura", "cleaner"):
                start = time.process_time()
                tools[name](html, url)
                seconds[name] += time.process_time() - start
    ours, theirs = seconds["cleaner"], seconds["trafilatura"]
    n = len(pages) * args.rounds
    print(
        f"{n} pages: cleaner {ours:.2f} s CPU ({n / ours:.1f} pages/s), "
        f"trafilatura {theirs:.2f} s CPU ({n / theirs:.1f} pages/s), speed ratio {theirs / ours:.3f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
