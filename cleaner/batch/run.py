"""The batch's two entry points: :func:`clean_dir` (files in, files out, a
:class:`BatchReport` back) and :func:`iter_clean` (a :class:`PageResult` per input,
nothing written), with the site-templates learning pass both can run first."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import BatchError
from ..rules import validate_rule_files
from ..templates import TemplateLearner
from .items import Failure, PageResult, PathLike, Source
from .options import BatchOptions
from .pool import run_pass, to_result
from .progress import Progress
from .sources import count_pages, discover, discover_all
from .worker import Job
from .writers import (
    ERRORS_FILE,
    TEMPLATES_FILE,
    ErrorLog,
    atomic_write,
    locked,
    open_writer,
    remove_stale_temps,
    write_page,
)

#: failures kept in :attr:`BatchReport.failures` (all of them go to ``errors.jsonl``)
MAX_FAILURES_KEPT = 1000


@dataclass
class BatchReport:
    """What :func:`clean_dir` did. ``seconds`` and the rate cover the cleaning pass."""

    cleaned: int = 0
    empty: int = 0
    failed: int = 0
    skipped: int = 0
    done: int = 0
    seconds: float = 0.0
    template_hosts: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def pages(self) -> int:
        """Pages processed in this run (cleaned, empty or failed)."""
        return self.cleaned + self.empty + self.failed

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds > 0 else 0.0

    def count(self, result: PageResult) -> None:
        """Add one result to the counts."""
        setattr(self, result.status, getattr(self, result.status) + 1)
        if result.failure and len(self.failures) < MAX_FAILURES_KEPT:
            self.failures.append(result.failure)

    def summary(self) -> str:
        """One line: the counts and the rate."""
        return (
            f"cleaned {self.cleaned}, empty {self.empty}, failed {self.failed}, "
            f"skipped {self.skipped}, already done {self.done}; "
            f"{self.pages} pages in {self.seconds:.1f} s, {self.pages_per_second:.1f} pages/s"
        )


def learn_templates(
    items: Iterable[Source | PageResult], options: BatchOptions | None = None, progress: Progress | None = None
) -> dict[str, frozenset[str]]:
    """First pass of ``--site-templates``: clean every page, count its blocks per host,
    and return each host's template (see :mod:`cleaner.templates`)."""
    options = options or BatchOptions()
    learner = TemplateLearner()
    for item in run_pass(items, Job.of(options, learn=True), options.jobs):
        if isinstance(item, PageResult):
            continue
        source, outcome = item
        learner.add(outcome.host, outcome.keys)
        if progress:
            progress.update(outcome.status, counted=source.record is None)
    return learner.templates()


def _prepare(src: Path, dst: Path, options: BatchOptions) -> None:
    if not src.exists():
        raise BatchError(f"{src}: no such file or directory")
    if src.is_dir() and dst.resolve() == src.resolve():
        raise BatchError("DST must not be SRC (outputs would be read as text dumps next time)")
    validate_rule_files(options.rules)
    try:
        dst.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise BatchError(f"{dst}: cannot create the output directory: {err.strerror or err}") from None


def _templates(src: Path, dst: Path, options: BatchOptions) -> dict[str, frozenset[str]]:
    """The batch's site templates: learnt now, or read back from ``DST/site-templates.json``."""
    path = dst / TEMPLATES_FILE
    if path.exists() and not options.force:
        return {host: frozenset(keys) for host, keys in json.loads(path.read_text("utf-8")).items()}
    total = count_pages(src, options.glob, dst) if options.progress == "bar" else None
    bar = Progress(options.progress, total, "learning site templates")
    try:
        items = discover(src, options.glob, exclude=dst, max_bytes=options.max_bytes)
        templates = learn_templates(items, options, bar)
    finally:
        bar.close()
    atomic_write(path, json.dumps({h: sorted(k) for h, k in sorted(templates.items())}, indent=1).encode())
    return templates


def clean_dir(src: PathLike, dst: PathLike, options: BatchOptions | None = None, **overrides: Any) -> BatchReport:
    """Clean every page under ``src`` into ``dst``; see ``cleaner batch --help`` for the
    output layout. Resumes: pages whose output exists are not redone unless ``force``.

    ``options`` (a :class:`BatchOptions`; default: its defaults) says how; keyword
    arguments named after its fields change single ones:
    ``clean_dir(src, dst, fmt="jsonl", jobs=4)``.

    Raises :class:`BatchError` (or :class:`~cleaner.errors.RuleError`) when the batch
    cannot run at all; a page that fails is counted and logged in ``dst/errors.jsonl``.
    """
    options = BatchOptions.resolve(options, overrides, "clean_dir")
    src_path, dst_path = Path(src), Path(dst)
    _prepare(src_path, dst_path, options)
    report = BatchReport()
    with locked(dst_path):
        remove_stale_temps(dst_path)
        templates = None
        if options.site_templates:
            templates = _templates(src_path, dst_path, options)
            report.template_hosts = len(templates)
        writer = open_writer(dst_path, options.fmt, options.force)
        errors = ErrorLog(dst_path / ERRORS_FILE)
        total = count_pages(src_path, options.glob, dst_path) if options.progress == "bar" else None
        bar = Progress(options.progress, total, "cleaning")
        is_done = None if options.force else writer.is_done
        items = discover(src_path, options.glob, exclude=dst_path, is_done=is_done, max_bytes=options.max_bytes)
        start = time.monotonic()
        try:
            with closing(run_pass(items, Job.of(options, templates=templates), options.jobs)) as results:
                for item in results:
                    result = write_page(writer, to_result(item))
                    if result.failure is not None:
                        errors.write(result.failure)
                    report.count(result)
                    bar.update(result.status, counted=result.source.record is None)
        finally:
            report.seconds = time.monotonic() - start
            bar.close()
            writer.close()
            errors.close()
    return report


#: the :class:`BatchOptions` fields that :func:`iter_clean` takes as keyword arguments
ITER_OPTIONS = ("rules", "jobs", "timeout", "glob", "site_templates", "max_bytes")


def iter_clean(
    src: PathLike | Iterable[PathLike], options: BatchOptions | None = None, **overrides: Any
) -> Iterator[PageResult]:
    """Clean every page under ``src`` (a directory or file, or several) in a process
    pool and yield a :class:`PageResult` per input, in completion order. Writes nothing.

    Args:
        src: a directory (walked recursively), a file (page or WARC), or an iterable of them.
            With ``site_templates`` it is read twice, so pass a path or a list.
        options: a :class:`BatchOptions` (default: its defaults); its ``fmt``, ``force``
            and ``progress`` are for :func:`clean_dir` and pass by here.
        **overrides: single fields of it (:data:`ITER_OPTIONS`): ``rules`` (extra rule
            files, as for :func:`cleaner.clean`), ``jobs`` (worker processes; default: every
            core), ``timeout`` (seconds one page may take before it fails; ``None``: no
            limit), ``glob`` (only paths, relative to a walked directory, matching this
            fnmatch pattern), ``site_templates`` (learn each host's recurring blocks in a
            first pass and drop them), ``max_bytes``.
    """
    options = BatchOptions.resolve(options, overrides, "iter_clean", only=ITER_OPTIONS)
    validate_rule_files(options.rules)
    if not isinstance(src, (str, os.PathLike)):
        src = list(src)
    templates = None
    if options.site_templates:
        templates = learn_templates(discover_all(src, options.glob, options.max_bytes), options)
    items = discover_all(src, options.glob, options.max_bytes)
    for item in run_pass(items, Job.of(options, templates=templates), options.jobs):
        yield to_result(item)
