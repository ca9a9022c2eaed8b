"""The batch's two entry points: :func:`clean_dir` (files in, files out, a
:class:`BatchReport` back) and :func:`iter_clean` (a :class:`PageResult` per input,
nothing written), with the site-templates learning pass both can run first."""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import BatchError
from ..rules import validate_rule_files
from ..settings import cleaner_version, settings_key
from ..templates import TemplateLearner
from .items import Failure, PageResult, PathLike, Source
from .options import BatchOptions
from .pool import run_pass, to_result
from .progress import Progress
from .sources import any_match, count_pages, discover, discover_all, load_urls
from .worker import Job
from .writers import (
    ERRORS_FILE,
    LOCK_FILE,
    STATE_FILE,
    TEMP_SUFFIX,
    TEMPLATES_FILE,
    ErrorLog,
    atomic_write,
    locked,
    open_writer,
    read_state,
    remove_stale_temps,
    write_page,
    write_state,
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
    #: of the skipped: WARC responses whose HTTP status is not 200
    non_200: int = 0
    #: why every page was redone (settings changed since DST was written), or ""
    redo_reason: str = ""

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
        self.non_200 += result.non_200
        if result.failure and len(self.failures) < MAX_FAILURES_KEPT:
            self.failures.append(result.failure)

    def summary(self) -> str:
        """One line: the counts and the rate."""
        return (
            f"cleaned {self.cleaned}, empty {self.empty}, failed {self.failed}, "
            f"skipped {self.skipped}{f' ({self.non_200} non-200)' if self.non_200 else ''}, already done {self.done}; "
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
    if options.glob and not any_match(src, options.glob, Path(os.path.realpath(dst))):
        raise BatchError(f"no file under {src} matches --glob {options.glob!r}")
    try:
        dst.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise BatchError(f"{dst}: cannot create the output directory: {err.strerror or err}") from None


def _templates(
    src: Path, dst: Path, options: BatchOptions, urls: dict[str, str], relearn: bool
) -> dict[str, frozenset[str]]:
    """The batch's site templates: learnt now, or read back from ``DST/site-templates.json``."""
    path = dst / TEMPLATES_FILE
    if path.exists() and not relearn:
        return {host: frozenset(keys) for host, keys in json.loads(path.read_text("utf-8")).items()}
    total = count_pages(src, options.glob, dst) if options.progress == "bar" else None
    bar = Progress(options.progress, total, "learning site templates")
    try:
        items = discover(src, options.glob, exclude=dst, max_bytes=options.max_bytes, urls=urls)
        templates = learn_templates(items, options, bar)
    finally:
        bar.close()
    atomic_write(path, json.dumps({h: sorted(k) for h, k in sorted(templates.items())}, indent=1).encode())
    return templates


def _digest(path: str | None) -> str | None:
    if path is None:
        return None
    with open(path, "rb") as fh:
        return hashlib.blake2b(fh.read(), digest_size=16).hexdigest()


@dataclass
class Settings:
    """What a DST's outputs were made with (``DST/.cleaner-batch.json``, one entry a
    format), and whether this run must redo every page because it differs."""

    fmt: str
    about: dict[str, Any]
    #: the key of what the site templates depend on (not the format)
    templates_key: str
    redo_reason: str = ""
    relearn: bool = False

    @classmethod
    def of(cls, dst: Path, options: BatchOptions) -> Settings:
        urls = _digest(options.urls)
        about = {
            "key": settings_key(
                options.rules,
                fmt=options.fmt,
                site_templates=options.site_templates,
                max_bytes=options.max_bytes,
                urls=urls,
            ),
            "cleaner": cleaner_version(),
            "rules": list(options.rules),
            "site_templates": options.site_templates,
            "max_bytes": options.max_bytes,
            "urls": urls,
        }
        templates_key = settings_key(options.rules, max_bytes=options.max_bytes, urls=urls)
        settings = cls(options.fmt, about, templates_key)
        state = read_state(dst)
        if state is None:
            if _holds_outputs(dst):
                settings.redo_reason = f"DST holds outputs but no {STATE_FILE}: their settings are unknown"
            settings.relearn = True
            return settings
        old = (state.get("settings") or {}).get(options.fmt)
        if isinstance(old, dict) and old.get("key") != about["key"]:
            changed = [name for name in about if name != "key" and old.get(name) != about[name]]
            what = ", ".join(changed) if changed else "the content of the rule files"
            settings.redo_reason = f"the settings changed since DST was written ({what})"
        settings.relearn = state.get("templates") != templates_key
        return settings

    def save(self, dst: Path) -> None:
        state = read_state(dst) or {}
        runs = state.get("settings")
        runs = runs if isinstance(runs, dict) else {}
        write_state(dst, {"settings": {**runs, self.fmt: self.about}, "templates": self.templates_key})


def _holds_outputs(dst: Path) -> bool:
    own = {LOCK_FILE, STATE_FILE}
    with os.scandir(dst) as entries:
        return any(e.name not in own and not e.name.endswith(TEMP_SUFFIX) for e in entries)


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
    urls = load_urls(options.urls) if options.urls else {}
    _prepare(src_path, dst_path, options)
    report = BatchReport()
    with locked(dst_path):
        remove_stale_temps(dst_path)
        settings = Settings.of(dst_path, options)
        report.redo_reason = settings.redo_reason
        if settings.redo_reason and options.progress != "none":
            print(f"cleaner batch: redoing every page: {settings.redo_reason}", file=sys.stderr, flush=True)
        force = options.force or bool(settings.redo_reason)
        if not settings.redo_reason:  # every output this run writes agrees with the state from now on
            settings.save(dst_path)
        templates = None
        if options.site_templates:
            templates = _templates(src_path, dst_path, options, urls, relearn=force or settings.relearn)
            report.template_hosts = len(templates)
        writer = open_writer(dst_path, options.fmt, force)
        errors = ErrorLog(dst_path / ERRORS_FILE)
        total = count_pages(src_path, options.glob, dst_path) if options.progress == "bar" else None
        bar = Progress(options.progress, total, "cleaning")
        is_done = None if force else writer.is_done
        items = discover(
            src_path, options.glob, exclude=dst_path, is_done=is_done, max_bytes=options.max_bytes, urls=urls
        )
        start = time.monotonic()
        complete = False
        try:
            with closing(run_pass(items, Job.of(options, templates=templates), options.jobs)) as results:
                for item in results:
                    result = write_page(writer, to_result(item))
                    if result.status in ("cleaned", "empty", "failed"):
                        errors.tried(result.source)
                    if result.failure is not None:
                        errors.write(result.failure)
                    report.count(result)
                    bar.update(result.status, counted=result.source.record is None)
            complete = True
        finally:
            report.seconds = time.monotonic() - start
            bar.close()
            writer.close()
            errors.close(complete)
        if settings.redo_reason:  # every page was redone: the outputs agree with the settings now
            settings.save(dst_path)
    return report


#: the :class:`BatchOptions` fields that :func:`iter_clean` takes as keyword arguments
ITER_OPTIONS = ("rules", "jobs", "timeout", "glob", "site_templates", "max_bytes", "urls")


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
            first pass and drop them), ``max_bytes``, ``urls`` (a file mapping relative
            paths to page URLs, as ``--urls``).
    """
    options = BatchOptions.resolve(options, overrides, "iter_clean", only=ITER_OPTIONS)
    validate_rule_files(options.rules)
    if not isinstance(src, (str, os.PathLike)):
        src = list(src)
    urls = load_urls(options.urls) if options.urls else {}
    templates = None
    if options.site_templates:
        templates = learn_templates(discover_all(src, options.glob, options.max_bytes, urls), options)
    items = discover_all(src, options.glob, options.max_bytes, urls)
    for item in run_pass(items, Job.of(options, templates=templates), options.jobs):
        yield to_result(item)
