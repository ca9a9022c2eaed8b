"""Bounded time for one page: a cooperative deadline, and a subprocess for a hard one.

``clean(page, timeout=S)`` (and ``clean_html`` / ``clean_text``) makes a :class:`Deadline`
that the pipeline checks between its steps: after decoding, parsing, reading the metadata,
pruning, each trafilatura extraction stage, and before each block pass. When a check finds
the time spent, :class:`~cleaner.errors.PageTimeoutError` is raised (a ``TimeoutError`` too).
No signal is used, so it works in any thread and on any platform.

What is guaranteed: the call returns or raises within ``timeout`` plus the length of the one
step it was in. A Python thread cannot be stopped in the middle of a C call (a libxml2 parse,
a regex search), so a step is never interrupted; instead every step's input is bounded
(:mod:`cleaner.limits`, and no built-in or accepted user pattern backtracks:
:mod:`cleaner.redos`), so that no step on any page under the size limit runs long (the worst
step over the adversarial corpus is measured by ``benchmarks/adversarial.py``).

For a hard bound, whatever the page, :func:`clean_in_subprocess` runs the cleaning in a
child process and kills it at the deadline, at the cost of starting a Python process per
call (about a second, counted in the timeout): for the rare caller that must never wait.
"""

from __future__ import annotations

import multiprocessing
import time
from typing import Any

from .errors import PageTimeoutError


class Deadline:
    """A point in time (monotonic clock) that the pipeline checks between its steps."""

    __slots__ = ("end", "seconds")

    def __init__(self, seconds: float | None) -> None:
        if seconds is not None and not seconds > 0:
            raise ValueError(f"timeout must be a positive number of seconds, not {seconds!r}")
        self.seconds = seconds
        self.end = None if seconds is None else time.monotonic() + seconds

    def check(self, step: str) -> None:
        """Raise :class:`PageTimeoutError` when the deadline has passed (``step``: what just ended)."""
        if self.end is not None and time.monotonic() > self.end:
            raise PageTimeoutError(f"cleaning took longer than the {self.seconds:g}-second timeout (after {step})")


#: a deadline that never passes (no timeout asked for)
NO_DEADLINE = Deadline(None)


def _child(conn, page: bytes | str, kwargs: dict[str, Any]) -> None:
    from .errors import CleanerError
    from .pipeline import clean

    try:
        conn.send(("ok", clean(page, **kwargs)))
    except CleanerError as err:
        conn.send(("error", err))
    except Exception as err:  # a bug: reported in the parent as it was raised
        conn.send(("error", RuntimeError(f"{type(err).__name__}: {err}")))
    finally:
        conn.close()


def clean_in_subprocess(page: bytes | str, timeout: float, **kwargs: Any):
    """:func:`cleaner.clean` in a child process killed after ``timeout`` seconds: a hard bound.

    Takes the same keyword arguments as :func:`cleaner.clean` (their values must pickle);
    returns its :class:`~cleaner.model.Article` or raises what it raised, or
    :class:`PageTimeoutError` when the child is still running at the deadline.
    """
    Deadline(timeout)  # validates the value
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(child, page, kwargs), daemon=True)
    process.start()
    child.close()
    try:
        if not parent.poll(timeout):
            raise PageTimeoutError(f"cleaning took longer than the {timeout:g}-second timeout (process stopped)")
        status, value = parent.recv()
    except EOFError:
        raise RuntimeError(f"the cleaning process ended without an answer (exit code {process.exitcode})") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        parent.close()
    if status == "error":
        raise value
    return value
