"""How a batch runs: its output formats and defaults."""

from __future__ import annotations

from ..render import EXTENSIONS

#: the output formats: one file a page (:data:`~cleaner.render.EXTENSIONS`), or ``jsonl``, one stream
FORMATS = (*EXTENSIONS, "jsonl")
#: seconds one page may take before it fails
DEFAULT_TIMEOUT = 30.0
