"""How a batch runs: :class:`BatchOptions`, with the defaults of ``cleaner batch``."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ..decode import MAX_BYTES
from ..errors import BatchError
from ..render import EXTENSIONS

#: the output formats: one file a page (:data:`~cleaner.render.EXTENSIONS`), or ``jsonl``, one stream
FORMATS = (*EXTENSIONS, "jsonl")
#: seconds one page may take before it fails
DEFAULT_TIMEOUT = 30.0


@dataclass(frozen=True)
class BatchOptions:
    """Everything that says how :func:`~cleaner.batch.clean_dir` and
    :func:`~cleaner.batch.iter_clean` run, each field with its default.

    ``fmt``, ``force`` and ``progress`` concern the files :func:`~cleaner.batch.clean_dir`
    writes; :func:`~cleaner.batch.iter_clean` passes them by. An unknown ``fmt`` raises
    :class:`~cleaner.errors.BatchError`.
    """

    #: output format: ``txt``, ``json``, ``markdown`` (one file a page, mirroring SRC) or
    #: ``jsonl`` (one stream, ``DST/articles.jsonl``)
    fmt: str = "txt"
    #: worker processes (``None``: one a core)
    jobs: int | None = None
    #: extra rule files (TOML), on top of the built-in ones; any iterable of paths, kept as str
    rules: tuple[str, ...] = ()
    #: only the paths relative to SRC that match this fnmatch pattern (``*`` matches ``/`` too)
    glob: str | None = None
    #: seconds one page may take before it fails (``None`` or 0: no limit)
    timeout: float | None = DEFAULT_TIMEOUT
    #: redo every page, even those with an output, and learn the site templates again
    force: bool = False
    #: learn the blocks recurring on a host's pages in a first pass, drop them in the second
    site_templates: bool = False
    #: progress on standard error: a tqdm ``bar``, plain ``lines``, or ``none``
    progress: Literal["bar", "lines", "none"] = "none"
    #: a page (or WARC record body) larger than this fails with ``InputTooLargeError``
    max_bytes: int = MAX_BYTES
    #: a file mapping paths relative to SRC to page URLs (``path<TAB>url`` or JSON lines
    #: ``{"path": ..., "url": ...}``); it wins over ``.url`` sidecars and WARC target URIs
    urls: str | None = None

    def __post_init__(self) -> None:
        rules: Iterable[Any] = self.rules
        object.__setattr__(self, "rules", tuple(str(path) for path in rules))
        if self.urls is not None:
            object.__setattr__(self, "urls", str(self.urls))
        if self.fmt not in FORMATS:
            raise BatchError(f"unknown format {self.fmt!r} (choose from {', '.join(FORMATS)})")

    @classmethod
    def resolve(
        cls, options: BatchOptions | None, overrides: Mapping[str, Any], caller: str, only: Iterable[str] | None = None
    ) -> BatchOptions:
        """``options`` (default: all defaults) with the keyword arguments ``overrides``
        that ``caller`` was given; a keyword that is not a field (or not in ``only``) is a
        ``TypeError``, as for any function."""
        allowed = set(only) if only is not None else {f.name for f in dataclasses.fields(cls)}
        for name in overrides:
            if name not in allowed:
                raise TypeError(f"{caller}() got an unexpected keyword argument {name!r}")
        if not overrides:
            return options or cls()
        return dataclasses.replace(options or cls(), **overrides)
