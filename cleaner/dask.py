"""Clean a crawl on a Dask cluster: :func:`clean_to_shards` (and ``cleaner batch --engine dask``).

>>> from distributed import Client                                      # doctest: +SKIP
>>> from cleaner.dask import clean_to_shards                            # doctest: +SKIP
>>> client = Client("tcp://scheduler:8786")                             # doctest: +SKIP
>>> clean_to_shards("s3://bucket/crawl/*.warc.gz", "s3://bucket/clean/", format="parquet", client=client)

The client lists SRC and cuts it into partitions (:mod:`cleaner.cluster.plan`: a WARC
file each, page files in groups), reads which shards are finished already (their commit
records in ``DST/manifest/``), and submits one Dask task per remaining partition
(``client.map``, with Dask's own retries). Each task runs
:func:`cleaner.cluster.task.clean_partition` on a worker: the same page function as
``cleaner batch``, then one shard, its errors shard and its commit record. The client
follows the futures as they complete (a tqdm bar: shards, pages, pages/s; Dask's
dashboard shows the rest) and writes ``DST/manifest.json`` at the end.

Faults: a page that raises or runs past ``timeout`` fails alone (its errors shard says
why). A worker that dies is replaced by its nanny, and Dask reruns its tasks elsewhere;
a rerun task rewrites its shard whole under the same name, so every page is in exactly
one shard once. A partition whose task fails past its retries is reported (and listed in
its errors shard) and is redone by the next run, which skips every finished shard.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

try:
    import distributed
except ImportError as err:  # pragma: no cover - the extra is not installed
    raise ImportError('cleaner.dask needs Dask: pip install "article-cleaner[dask]"') from err

from .batch.items import failure_of
from .batch.options import DEFAULT_TIMEOUT
from .batch.run import BatchReport
from .batch.sources import load_urls
from .cluster.plan import PAGES_PER_PARTITION, Partition, partitions_of
from .cluster.shards import (
    ERRORS_DIR,
    FORMATS,
    MANIFEST_DIR,
    MANIFEST_FILE,
    SHARDS_DIR,
    errors_path,
    is_current,
    json_line,
    manifest,
    parse_markers,
)
from .cluster.task import ShardSpec, clean_partition, settings_of
from .decode import MAX_BYTES
from .errors import BatchError, CleanerError
from .exitcodes import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from .rules import validate_rule_files
from .storage import join, list_inputs, open_fs, read_many, remove_stale_temps, write_bytes

__all__ = ["ShardReport", "clean_to_shards"]

#: times Dask retries a partition's task that raised or whose worker died, before it fails
RETRIES = 2


@dataclass
class ShardReport(BatchReport):
    """What :func:`clean_to_shards` did: a :class:`~cleaner.batch.BatchReport` whose page
    counts cover the shards written in this run, and whose ``done`` counts the shards
    finished by an earlier run; ``failures`` stays empty (the errors shards hold them)."""

    shards: int = 0
    written: int = 0
    manifest: str = ""
    stale: int = 0
    failed_shards: list[dict[str, str]] = field(default_factory=list)

    def add(self, marker: Mapping[str, Any]) -> None:
        """Count a shard written in this run (its commit record)."""
        self.written += 1
        for name in ("cleaned", "empty", "failed", "skipped"):
            setattr(self, name, getattr(self, name) + int(marker.get(name, 0)))

    def summary(self) -> str:
        """One line: shards, pages and the rate."""
        line = (
            f"shards: {self.written} written, {self.done} already done, {len(self.failed_shards)} failed "
            f"of {self.shards}; pages: cleaned {self.cleaned}, empty {self.empty}, failed {self.failed}, "
            f"skipped {self.skipped}; {self.pages} pages in {self.seconds:.1f} s, {self.pages_per_second:.1f} pages/s"
        )
        if self.stale:
            line += f"; {self.stale} older shard(s) in DST are of inputs no longer listed (not in {MANIFEST_FILE})"
        return line


@contextmanager
def _client(client: Any, scheduler: str | None, workers: int | None) -> Iterator[Any]:
    """The client given; else one to ``scheduler``; else the current default client; else
    a local cluster of ``workers`` processes (default: one a core), one thread each."""
    if client is not None:
        yield client
        return
    if scheduler:
        with distributed.Client(scheduler) as own:
            yield own
        return
    if workers is None:
        try:
            current = distributed.get_client()
        except ValueError:
            current = None
        if current is not None:
            yield current
            return
    n = workers or os.cpu_count() or 1
    with (
        distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True) as cluster,
        distributed.Client(cluster) as own,
    ):
        yield own


def _progress(total: int, enabled: bool) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, unit="shard", desc="cleaning", disable=not enabled, file=sys.stderr, dynamic_ncols=True)


def _partition_failed(fs: Any, root: str, partition: Partition, err: BaseException) -> dict[str, str]:
    """Record a partition whose task failed for good: an errors shard naming each of its inputs."""
    lines = [
        json_line(failure_of(item.rel, err).to_dict() | {"partition": partition.name}) for item in partition.inputs
    ]
    write_bytes(fs, join(root, errors_path(partition.name)), b"".join(lines))
    return {"partition": partition.name, "error": type(err).__name__, "message": " ".join(str(err).split())[:500]}


def _run_tasks(
    client: Any,
    todo: list[Partition],
    spec: ShardSpec,
    retries: int,
    progress: bool,
    report: ShardReport,
    finished: dict[str, dict[str, Any]],
) -> None:
    """One task a partition of ``todo``; each commit record into ``finished`` and ``report`` as it completes."""
    if progress and client.dashboard_link:
        print(f"cleaner: Dask dashboard at {client.dashboard_link}", file=sys.stderr)
    run = uuid.uuid4().hex[:8]  # a key of this run: a failed task of an earlier one is not reused
    keys = [f"cleaner-shard-{p.name}-{spec.settings}-{run}" for p in todo]
    futures = client.map(clean_partition, todo, spec=spec, key=keys, retries=retries, pure=False)
    by_key = {f.key: p for f, p in zip(futures, todo)}
    fs, root = open_fs(spec.dst, spec.storage_options)
    start = time.monotonic()
    bar = _progress(len(todo), progress)
    try:
        for future in distributed.as_completed(futures):
            partition = by_key[future.key]
            try:
                marker = future.result()
            except Exception as err:  # the task failed past its retries (or its worker kept dying)
                report.failed_shards.append(_partition_failed(fs, root, partition, err))
            else:
                finished[partition.name] = marker
                report.add(marker)
            rate = report.pages / max(time.monotonic() - start, 1e-9)
            bar.set_postfix(pages=report.pages, rate=f"{rate:.1f}/s", refresh=False)
            bar.update()
    finally:
        bar.close()
        client.cancel([f for f in futures if not f.done()])


def clean_to_shards(
    src: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    dst: str | os.PathLike[str],
    *,
    format: str = "parquet",
    client: Any = None,
    scheduler: str | None = None,
    workers: int | None = None,
    rules: Iterable[str | os.PathLike[str]] = (),
    glob: str | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_bytes: int = MAX_BYTES,
    pages_per_partition: int = PAGES_PER_PARTITION,
    force: bool = False,
    retries: int = RETRIES,
    progress: bool = True,
    storage_options: Mapping[str, Any] | None = None,
    urls: str | os.PathLike[str] | Mapping[str, str] | None = None,
) -> ShardReport:
    """Clean every page of ``src`` into shards under ``dst`` on a Dask cluster.

    Args:
        src: a directory (walked recursively), a glob (``s3://bucket/crawl/*.warc.gz``), one
            file, or a list of these; local paths or any fsspec URL. Pages and WARC files as
            for ``cleaner batch``.
        dst: the output directory, a local path or an fsspec URL; see
            :mod:`cleaner.cluster.shards` for the layout.
        format: ``parquet`` or ``jsonl`` (one row, or line, a page).
        client: a ``distributed.Client``. Without one: a client to ``scheduler`` (an
            address), else the current default client, else a local cluster of
            ``workers`` processes (default: one a core), closed at the end.
        rules: extra rule files (TOML), read here and shipped to the workers.
        glob: only the paths relative to SRC matching this fnmatch pattern.
        timeout: seconds one page may take before it fails (``None``: no limit).
        max_bytes: a page (or WARC record body) larger than this fails.
        pages_per_partition: about this many page files a shard (a WARC file is one shard).
        force: redo every shard, even the finished ones.
        retries: times Dask reruns a partition's task that raised or lost its worker.
        progress: a progress bar on standard error, and the dashboard's address.
        storage_options: passed to fsspec for SRC and DST (credentials, endpoint...).
        urls: the pages' URLs by relative path: a mapping, or a file in ``cleaner batch
            --urls`` format (TSV or JSON lines). Without an entry, a page's ``<name>.url``
            sidecar gives its URL, else the page's own canonical link.

    Raises :class:`~cleaner.errors.BatchError` (or :class:`~cleaner.errors.RuleError`) when
    the run cannot start; pages and partitions that fail are counted in the report.
    """
    if format not in FORMATS:
        raise BatchError(f"unknown shard format {format!r} (choose from {', '.join(FORMATS)})")
    rule_paths = tuple(str(p) for p in rules)
    validate_rule_files(rule_paths)
    url_map = dict(urls) if isinstance(urls, Mapping) else (load_urls(urls) if urls is not None else {})
    settings = settings_of(rule_paths, format, max_bytes)
    options = dict(storage_options or {})
    spec = ShardSpec(
        dst=str(dst),
        fmt=format,
        settings=settings,
        rules=tuple((os.path.basename(p), Path(p).read_bytes()) for p in rule_paths),
        timeout=timeout or None,
        max_bytes=max_bytes,
        storage_options=options,
    )
    try:
        files = list_inputs(src, options, exclude=str(dst))
    except FileNotFoundError as err:
        raise BatchError(f"{err.filename or src}: no such file or directory") from None
    if glob:
        files = [f for f in files if fnmatch(f.rel, glob)]
    partitions, not_pages = partitions_of(files, pages_per_partition, url_map)

    fs, root = open_fs(str(dst), options)
    try:
        for folder in (SHARDS_DIR, ERRORS_DIR, MANIFEST_DIR):
            fs.makedirs(join(root, folder), exist_ok=True)
    except OSError as err:
        raise BatchError(f"{dst}: cannot create the output directory: {err.strerror or err}") from None
    remove_stale_temps(fs, [join(root, d) for d in (SHARDS_DIR, ERRORS_DIR, MANIFEST_DIR)])
    markers = parse_markers(read_many(fs, join(root, MANIFEST_DIR)))
    finished = {
        p.name: markers[p.name] for p in partitions if not force and is_current(markers.get(p.name), p.digest, settings)
    }
    todo = [p for p in partitions if p.name not in finished]
    names = {p.name for p in partitions}
    report = ShardReport(
        shards=len(partitions),
        done=len(finished),
        skipped=len(not_pages),
        manifest=join(str(dst), MANIFEST_FILE),
        stale=sum(1 for name in markers if name not in names),
    )

    start = time.monotonic()
    if todo:  # a rerun with every shard finished starts no cluster
        with _client(client, scheduler, workers) as dask_client:
            try:
                _run_tasks(dask_client, todo, spec, retries, progress, report, finished)
            finally:
                report.seconds = time.monotonic() - start
    complete = len(finished) == len(partitions)
    write_bytes(fs, join(root, MANIFEST_FILE), manifest(finished.values(), settings, format, complete))
    return report


def run_command(args: argparse.Namespace) -> int:
    """``cleaner batch --engine dask``: :func:`clean_to_shards` with the command's arguments."""
    fmt = args.format or "parquet"
    problem = None
    if fmt not in FORMATS:
        problem = f"--engine dask writes shards: --format {' or '.join(FORMATS)} (not {fmt})"
    elif args.site_templates:
        problem = "--site-templates is not available with --engine dask"
    elif args.jobs:
        problem = "--jobs is for --engine local; with --engine dask use --workers N or --scheduler ADDR"
    elif args.scheduler and args.workers:
        problem = "--scheduler and --workers exclude each other (--workers starts a local cluster)"
    if problem:
        print(f"cleaner: error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    try:
        report = clean_to_shards(
            args.src,
            args.dst,
            format=fmt,
            scheduler=args.scheduler,
            workers=args.workers,
            rules=args.rules or (),
            glob=args.glob,
            timeout=args.timeout or None,
            force=args.force,
            progress=not args.quiet,
            urls=args.urls,
        )
    except CleanerError as err:
        print(f"cleaner: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as err:
        print(f"cleaner: error: {err.filename or args.dst}: {err.strerror or err}", file=sys.stderr)
        return EXIT_USAGE
    if not args.quiet:
        print(f"cleaner batch: {report.summary()}", file=sys.stderr)
        if report.failed or report.failed_shards:
            print(f"cleaner batch: failures listed in {join(str(args.dst), ERRORS_DIR)}/", file=sys.stderr)
    return EXIT_FAILED if report.failed or report.failed_shards else EXIT_OK
