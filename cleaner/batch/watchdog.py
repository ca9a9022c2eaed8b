"""A per-page deadline that needs no ``SIGALRM``: a watchdog thread interrupts the main thread.

:class:`Watchdog` keeps one daemon thread. :meth:`Watchdog.deadline` arms it for a
block of code; when the deadline passes first, the thread raises a ``SIGINT`` in the
main thread (``pthread_kill`` on POSIX, which also breaks a blocking system call;
``_thread.interrupt_main`` elsewhere), and the handler :meth:`Watchdog.install` set
raises :class:`PageTimeoutError` there, if and only if that block is still running. A
``SIGINT`` from anyone else (Ctrl-C) is ignored while installed with ``ignore_others``
(batch workers: Ctrl-C is the parent's business) or raises ``KeyboardInterrupt``.

Python can only interrupt Python: code stuck in C holding the GIL (a pathological
regular expression, a parser loop) runs on until it returns. A batch's pool kills such
a worker at the page's hard deadline; ``cleaner clean`` has only this soft one.
"""

from __future__ import annotations

import _thread
import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class PageTimeoutError(TimeoutError):
    """A page took longer than its timeout."""


class Watchdog:
    """One deadline at a time for the main thread (see the module docstring)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._deadline: float | None = None
        self._seconds = 0.0
        self._running = 0  # the number of the armed block (0: none)
        self._fired = 0  # the number of the block whose deadline passed
        self._count = 0
        self._ignore_others = False
        if hasattr(os, "register_at_fork"):  # a child forked mid-deadline starts with a fresh lock
            os.register_at_fork(after_in_child=self._after_fork)

    def _after_fork(self) -> None:
        self._cond, self._thread, self._deadline, self._running, self._fired = threading.Condition(), None, None, 0, 0

    def install(self, ignore_others: bool = True) -> None:
        """Set this watchdog's ``SIGINT`` handler (call it from the main thread)."""
        self._ignore_others = ignore_others
        signal.signal(signal.SIGINT, self._on_sigint)

    def _on_sigint(self, signum: int, frame: Any) -> None:
        if self._fired and self._fired == self._running:
            self._fired = 0
            raise PageTimeoutError(f"page took longer than {self._seconds:g} s")
        if not self._ignore_others:
            raise KeyboardInterrupt

    @contextmanager
    def deadline(self, seconds: float | None) -> Iterator[None]:
        """Raise :class:`PageTimeoutError` in the block when it runs past ``seconds``
        (``None`` or 0: no limit)."""
        if not seconds:
            yield
            return
        with self._cond:
            self._count += 1
            self._running, self._fired, self._seconds = self._count, 0, seconds
            self._deadline = time.monotonic() + seconds
            self._start()
            self._cond.notify()
        try:
            yield
        finally:
            with self._cond:
                self._running, self._deadline = 0, None

    def _start(self) -> None:
        if self._thread is None or not self._thread.is_alive():  # a forked child has no thread yet
            self._thread = threading.Thread(target=self._watch, name="cleaner-watchdog", daemon=True)
            self._thread.start()

    def _watch(self) -> None:
        with self._cond:
            while True:
                if self._deadline is None:
                    self._cond.wait()
                    continue
                left = self._deadline - time.monotonic()
                if left > 0:
                    self._cond.wait(left)
                    continue
                self._fired, self._deadline = self._running, None
                _interrupt_main()


def _interrupt_main() -> None:
    if hasattr(signal, "pthread_kill"):
        signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)
    else:  # Windows: the same handler runs, between two bytecodes of the main thread
        _thread.interrupt_main(signal.SIGINT)


@contextmanager
def page_deadline(seconds: float | None) -> Iterator[None]:
    """For a command's main thread: raise :class:`PageTimeoutError` in the block past
    ``seconds`` (``None`` or 0: no limit); Ctrl-C still raises ``KeyboardInterrupt``.
    The previous ``SIGINT`` handler is put back after."""
    if not seconds:
        yield
        return
    previous = signal.getsignal(signal.SIGINT)
    watchdog = Watchdog()
    watchdog.install(ignore_others=False)
    try:
        with watchdog.deadline(seconds):
            yield
    finally:
        signal.signal(signal.SIGINT, previous)
