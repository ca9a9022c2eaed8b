"""``cleaner batch``: clean every page in a directory tree, in parallel, resumably.

Library entry points: :func:`clean_dir` (files in, files out, returns a
:class:`BatchReport`) and :func:`iter_clean` (yields a :class:`PageResult` per input,
writes nothing). Both call :func:`cleaner.clean` on each page, like a library user.

The modules, each with one job (lowest first):

- :mod:`~cleaner.batch.items`: what moves through a batch: ``Source``, ``PageResult``, ``Failure``.
- :mod:`~cleaner.batch.options`: :class:`BatchOptions`, how a batch runs, and its defaults.
- :mod:`~cleaner.batch.sources`: the walk of SRC, gzip, WARC records: where pages come from.
- :mod:`~cleaner.batch.watchdog`: the page timeout, a watchdog thread (no ``SIGALRM``).
- :mod:`~cleaner.batch.worker`: one page in a worker process, under the watchdog.
- :mod:`~cleaner.batch.pool`: the worker processes: feeding, collecting, hard kills, replacement.
- :mod:`~cleaner.batch.writers`: DST: file and JSONL writers, ``errors.jsonl``, atomic writes, the lock.
- :mod:`~cleaner.batch.progress`: the tqdm bar or plain progress lines.
- :mod:`~cleaner.batch.run`: :func:`clean_dir` and :func:`iter_clean`, and the site-templates pass.
- :mod:`~cleaner.batch.command`: ``cleaner batch`` (argparse, exit status).

How a page flows through them:

1. ``run.clean_dir`` makes one :class:`BatchOptions` of its arguments, checks SRC, DST
   and the rule files, takes ``DST/.cleaner-batch.lock`` (``writers.locked``) and
   removes a killed run's temp files. With site templates it first runs the learning
   pass (``run.learn_templates``: steps 2 to 4, keeping only each page's host and block
   keys), or reads ``DST/site-templates.json`` back.
2. ``sources.discover`` walks SRC lazily, in sorted order. It yields a ``Source`` for each
   page file and each HTML response record of a WARC file (the record's body read there
   and then), and a finished ``PageResult`` for what needs no cleaning: a skipped file, a
   page whose output exists (the writer's ``is_done``), an unreadable WARC file.
3. ``pool.run_pass`` draws from that walk only as workers fall idle and sends each
   ``Source`` down a pipe to a worker process; finished ``PageResult`` s pass straight on.
4. In the worker, ``worker.run_page`` reads the bytes (``sources.read_page``, gunzipping),
   runs :func:`cleaner.pipeline.clean` under the watchdog and sends an ``Outcome`` back.
   A worker past the page's hard deadline, or dead, is killed and replaced by the
   pool, and its page's outcome is a failure.
5. ``run.clean_dir`` makes each outcome a ``PageResult`` (``pool.to_result``), writes it
   (``writers.write_page``: an atomic file mirroring SRC, or one line of
   ``articles.jsonl``), logs its failure in ``errors.jsonl`` (``writers.ErrorLog``),
   counts it in the ``BatchReport`` and ticks ``progress.Progress``.

:func:`iter_clean` runs steps 2 to 4 over one or several paths and yields the
``PageResult`` s, writing nothing. ``command.run`` is ``cleaner batch``: the arguments
to :func:`clean_dir`, its summary, the exit status.
"""

from __future__ import annotations

from ..errors import BatchError
from ..render import EXTENSIONS
from .command import add_parser
from .items import Failure, PageResult, PathLike, Source, Status
from .options import DEFAULT_TIMEOUT, FORMATS, BatchOptions
from .pool import MAX_PAGES_PER_WORKER
from .progress import PROGRESS_EVERY
from .run import MAX_FAILURES_KEPT, BatchReport, clean_dir, iter_clean, learn_templates
from .sources import PAGE_SUFFIXES, WARC_SUFFIXES, discover
from .worker import PageTimeoutError, run_page
from .writers import (
    ERRORS_FILE,
    JSONL_FILE,
    LOCK_FILE,
    TEMP_SUFFIX,
    TEMPLATES_FILE,
    atomic_write,
    output_path,
)

__all__ = [
    "DEFAULT_TIMEOUT",
    "ERRORS_FILE",
    "EXTENSIONS",
    "FORMATS",
    "JSONL_FILE",
    "LOCK_FILE",
    "MAX_FAILURES_KEPT",
    "MAX_PAGES_PER_WORKER",
    "PAGE_SUFFIXES",
    "PROGRESS_EVERY",
    "TEMPLATES_FILE",
    "TEMP_SUFFIX",
    "WARC_SUFFIXES",
    "BatchError",
    "BatchOptions",
    "BatchReport",
    "Failure",
    "PageResult",
    "PageTimeoutError",
    "PathLike",
    "Source",
    "Status",
    "add_parser",
    "atomic_write",
    "clean_dir",
    "discover",
    "iter_clean",
    "learn_templates",
    "output_path",
    "run_page",
]
