"""A batch's progress on standard error: a tqdm bar, plain lines, or nothing."""

from __future__ import annotations

import sys
import time

#: seconds between two plain progress lines when standard error is not a terminal
PROGRESS_EVERY = 10.0


class Progress:
    """A tqdm bar (``bar``), a plain line every :data:`PROGRESS_EVERY` seconds
    (``lines``), or nothing (``none``), on standard error."""

    def __init__(self, mode: str, total: int | None, desc: str) -> None:
        self.mode, self.total, self.desc = mode, total, desc
        self.done = self.failed = 0
        self.start = self.last = time.monotonic()
        self.bar = None
        if mode == "bar":
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread: the pool forks workers
            self.bar = tqdm(total=total, desc=desc, unit="page", file=sys.stderr, dynamic_ncols=True)

    def update(self, status: str, counted: bool = True) -> None:
        """Count one result. ``counted``: its file was in the total given up front (a page
        file, not a WARC record: records grow the total as they are found)."""
        if self.bar is not None and self.total is not None:
            if counted and status in ("done", "skipped"):
                self.total = self.bar.total = self.total - 1
            elif not counted and status in ("cleaned", "empty", "failed"):
                self.total = self.bar.total = self.total + 1
        if status not in ("cleaned", "empty", "failed"):
            return
        self.done += 1
        self.failed += status == "failed"
        if self.bar is not None:
            self.bar.update(1)
            if status == "failed":
                self.bar.set_postfix(failed=self.failed, refresh=False)
        elif self.mode == "lines" and time.monotonic() - self.last >= PROGRESS_EVERY:
            self.last = time.monotonic()
            self._line()

    def _line(self) -> None:
        rate = self.done / max(time.monotonic() - self.start, 1e-9)
        of = f"/{self.total}" if self.total else ""
        print(
            f"cleaner batch: {self.desc}: {self.done}{of} pages, {rate:.1f} pages/s, {self.failed} failed",
            file=sys.stderr,
            flush=True,
        )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
