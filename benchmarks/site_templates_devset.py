"""Measure ``--site-templates`` on the devset (not a test).

    python benchmarks/site_templates_devset.py [--devset DIR] [--jobs N] [--limit K]

The devset pages are written into one WARC file with their URLs (so that pages group by
their true host), then cleaned by ``clean_dir`` twice, without and with site templates,
as JSONL (pages with whole-text truth only). Prints the shingle/word scores of both runs,
how many hosts got a template and how many pages changed. The devset has ~1 page a host,
so expect ~nothing: templates need ``MIN_PAGES`` (3) pages of one host.
"""

from __future__ import annotations

import argparse
import collections
import io
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cleaner import clean_dir, metrics
from cleaner.evaluate import load_dataset
from cleaner.rules import host_of
from cleaner.templates import MIN_PAGES

DEVSET = Path(__file__).resolve().parent.parent.parent / "shared" / "devset" / "wcxb-articles"


def write_warc(pages, path: Path) -> dict[str, str]:
    """One gzipped WARC response a page; returns record id -> page id."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    ids = {}
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for page in pages:
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            url = page.url or f"https://unknown.invalid/{page.id}"
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(page.read_html()), http_headers=http)
            writer.write_record(record)
            ids[record.rec_headers.get_header("WARC-Record-ID")] = page.id
    return ids


def texts(dst: Path, ids: dict[str, str]) -> dict[str, str]:
    rows = (json.loads(line) for line in (dst / "articles.jsonl").read_text("utf-8").splitlines())
    return {ids[row["record"]]: row["text"] for row in rows}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", type=Path, default=DEVSET)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--limit", type=int)
    args = parser.parse_args()
    # whole-text truth is what the scores need: a snippet-only source has none
    pages = [p for p in load_dataset(args.devset) if p.truth is not None][: args.limit]
    if not pages:
        print(f"{args.devset}: no page with whole-text truth (main_content)", file=sys.stderr)
        return 2
    truth = {p.id: p.truth for p in pages}
    hosts = collections.Counter(host_of(p.url) for p in pages)
    print(
        f"{len(pages)} pages, {len(hosts)} hosts, "
        f"{sum(n >= MIN_PAGES for n in hosts.values())} hosts with >= {MIN_PAGES} pages"
    )
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        (tmp / "src").mkdir()
        ids = write_warc(pages, tmp / "src" / "devset.warc.gz")
        runs = {}
        for name, learn in (("plain", False), ("site-templates", True)):
            report = clean_dir(tmp / "src", tmp / name, fmt="jsonl", jobs=args.jobs, site_templates=learn)
            runs[name] = texts(tmp / name, ids)
            print(f"{name}: {report.summary()}; hosts with a template: {report.template_hosts}")
            if learn:
                learnt = json.loads((tmp / name / "site-templates.json").read_text())
                for host, keys in sorted(learnt.items()):
                    print(f"  {host}: {len(keys)} template block(s) over {hosts.get(host, 0)} page(s)")
    changed = [pid for pid in truth if runs["plain"].get(pid) != runs["site-templates"].get(pid)]
    print(f"pages whose text changed: {len(changed)} {changed[:10]}")
    for name, got in runs.items():
        s = metrics.summarize(metrics.score_page(got.get(pid, ""), truth[pid]) for pid in truth)
        print(f"{name:>15}: shingle P {s.precision:.4f} R {s.recall:.4f} F1 {s.f1:.4f}, word F1 {s.word_f1:.4f}")
    for pid in changed:
        before = metrics.score_page(runs["plain"].get(pid, ""), truth[pid])
        after = metrics.score_page(runs["site-templates"].get(pid, ""), truth[pid])
        print(f"  {pid}: F1 {before.f1:.3f} -> {after.f1:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
