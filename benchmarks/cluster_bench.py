"""Benchmark (not a test): pages per second of ``clean_to_shards`` on a local Dask cluster
with 1 and 2 workers, against ``cleaner batch --jobs 1`` and ``--jobs 2``, on the same pages.

    .venv/bin/python benchmarks/cluster_bench.py [--src DIR] [--limit 300] [--runs 3] [--partition 10]

Copies the first ``--limit`` devset pages (gzipped HTML) to a temp directory. Starts two
local clusters (1 and 2 worker processes, one thread each), imports cleaner on their
workers and cleans a page there once (start-up is reported, not timed in the runs), then
runs every configuration ``--runs`` times, round-robin, so that a change in the
machine's load falls on all of them alike. Each run writes to a fresh DST (nothing is
resumed). Prints one JSON line a run, then per configuration the min and median
pages/s, the 2-over-1 ratios, the workers' peak RSS, their CPU seconds a page, and
whether the shards' texts equal the batch's. ``load`` is the 1-minute load average: a
wall-clock figure means little when it is above the core count.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pyarrow.parquet as pq
from distributed import Client, LocalCluster

from cleaner import clean_dir
from cleaner.dask import clean_to_shards

DEVSET = Path(__file__).resolve().parent.parent.parent / "shared" / "devset" / "wcxb-articles" / "html"


def _usage() -> dict[str, float]:
    """This process's CPU seconds and peak RSS (MiB): run on each worker."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"cpu": usage.ru_utime + usage.ru_stime, "peak_rss_mib": usage.ru_maxrss / 1024}


def _warm_up() -> int:
    """On a worker: import cleaner and clean one page (rules loaded, indexes built)."""
    from cleaner import clean

    return len(
        clean(
            b"<html><body><article><p>" + b"Warm words for a warm-up page. " * 20 + b"</p></article></body></html>"
        ).text
    )


def batch_run(src: Path, jobs: int, tmp: Path) -> dict[str, Any]:
    dst = tmp / f"batch-{jobs}"
    shutil.rmtree(dst, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    report = clean_dir(src, dst, jobs=jobs, fmt="jsonl")
    seconds = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    texts = {}
    for line in (dst / "articles.jsonl").read_text("utf-8").splitlines():
        row = json.loads(line)
        texts[row["source"]] = row["text"]
    return {
        "engine": f"batch --jobs {jobs}",
        "pages": report.pages,
        "failed": report.failed,
        "seconds": round(seconds, 2),
        "pages_per_second": round(report.pages / seconds, 2),
        "cpu_s_per_page": round(
            (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / report.pages, 4
        ),
        "peak_rss_mib": round(after.ru_maxrss / 1024, 1),  # the largest worker process so far
        "load": round(os.getloadavg()[0], 2),
        "_texts": texts,
    }


def dask_run(src: Path, client: Client, workers: int, tmp: Path, partition: int) -> dict[str, Any]:
    dst = tmp / f"dask-{workers}"
    shutil.rmtree(dst, ignore_errors=True)
    before = client.run(_usage)
    here = _usage()["cpu"]
    start = time.monotonic()
    report = clean_to_shards(src, dst, client=client, format="parquet", pages_per_partition=partition, progress=False)
    seconds = time.monotonic() - start
    after = client.run(_usage)
    client_cpu = _usage()["cpu"] - here
    texts = {}
    for path in (dst / "shards").iterdir():
        for row in pq.read_table(path, columns=["source", "text"]).to_pylist():
            texts[row["source"]] = row["text"]
    cpu = sum(after[w]["cpu"] - before[w]["cpu"] for w in after)
    return {
        "engine": f"dask {workers} worker{'s' if workers > 1 else ''}",
        "pages": report.pages,
        "failed": report.failed,
        "shards": report.shards,
        "seconds": round(seconds, 2),
        "pages_per_second": round(report.pages / seconds, 2),
        "cpu_s_per_page": round(cpu / report.pages, 4),
        "client_and_scheduler_cpu_s": round(client_cpu, 2),  # LocalCluster's scheduler runs in this process
        "peak_rss_mib": round(max(u["peak_rss_mib"] for u in after.values()), 1),
        "load": round(os.getloadavg()[0], 2),
        "_texts": texts,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", type=Path, default=DEVSET)
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--partition", type=int, default=10, help="pages_per_partition (default: 10)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cluster-bench-") as tmp_name:
        tmp = Path(tmp_name)
        src = tmp / "src"
        src.mkdir()
        for path in sorted(args.src.iterdir())[: args.limit]:
            shutil.copy(path, src / path.name)
        clients = {}
        for workers in (1, 2):
            start = time.monotonic()
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0")
            client = Client(cluster)
            client.run(_warm_up)
            clients[workers] = client
            print(json.dumps({"cluster": workers, "start_and_warm_up_seconds": round(time.monotonic() - start, 2)}))
        results: dict[str, list[dict[str, Any]]] = {}
        for _ in range(args.runs):
            runs = [
                lambda: batch_run(src, 1, tmp),
                lambda: batch_run(src, 2, tmp),
                lambda: dask_run(src, clients[1], 1, tmp, args.partition),
                lambda: dask_run(src, clients[2], 2, tmp, args.partition),
            ]
            for run in runs:
                result = run()
                results.setdefault(result["engine"], []).append(result)
                print(json.dumps({k: v for k, v in result.items() if not k.startswith("_")}), flush=True)
        for client in clients.values():
            cluster = client.cluster
            client.close()
            cluster.close()
    reference = results["batch --jobs 1"][0]["_texts"]
    print("\nengine            pages/s min  median  max   cpu s/page  peak RSS MiB  texts = batch")
    summary = {}
    for engine, rs in results.items():
        rates = [r["pages_per_second"] for r in rs]
        same = all(r["_texts"] == reference for r in rs)
        summary[engine] = {"min": min(rates), "median": statistics.median(rates)}
        print(
            f"{engine:18s} {min(rates):8.1f} {statistics.median(rates):7.1f} {max(rates):6.1f}"
            f" {statistics.median(r['cpu_s_per_page'] for r in rs):10.4f} {max(r['peak_rss_mib'] for r in rs):12.1f}"
            f"  {same}"
        )
    for one, two in (("batch --jobs 1", "batch --jobs 2"), ("dask 1 worker", "dask 2 workers")):
        a, b = summary[one], summary[two]
        print(f"{two} / {one}: {b['median'] / a['median']:.2f}x (medians), {b['min'] / a['min']:.2f}x (mins)")
    print(f"load average now: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
