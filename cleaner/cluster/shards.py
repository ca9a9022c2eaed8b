"""What a cluster run writes in DST: shards, errors shards, the manifest.

Layout (``<name>`` is the partition's name, :mod:`cleaner.cluster.plan`)::

    DST/shards/<name>.parquet   (or .jsonl)  one row a cleaned or empty page
    DST/errors/<name>.jsonl                  the partition's failed pages (may be empty)
    DST/manifest/<name>.json                 the shard's commit record, written last
    DST/manifest.json                        the run's finished shards, written at its end

A shard row: ``source`` (path below SRC, ``#<WARC-Record-ID>`` appended for a record),
``record``, ``url``, ``title``, ``author``, ``date``, ``text`` (``""`` for an empty
article) and ``removed``, the blocks cut, each with ``text``, ``reason``
(``rule:<id>`` / ``heuristic:<name>``), ``kind`` and ``score``. An errors row is what
``cleaner batch`` writes in ``errors.jsonl``: ``source``, ``record``, ``error``, ``message``.

A shard counts as finished only when its commit record exists and names the same
settings key (:func:`cleaner.settings.settings_key`) and inputs digest: the shard and
its errors shard are complete before the record is written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from types import TracebackType
from typing import Any

from ..batch.items import PageResult
from ..model import Article

SHARDS_DIR = "shards"
ERRORS_DIR = "errors"
MANIFEST_DIR = "manifest"
MANIFEST_FILE = "manifest.json"
#: the shard formats and their file extensions
EXTENSIONS = {"parquet": ".parquet", "jsonl": ".jsonl"}
FORMATS = tuple(EXTENSIONS)
#: rows a Parquet row group (and what a task holds in memory before writing)
ROWS_PER_GROUP = 1000


def shard_path(name: str, fmt: str) -> str:
    return f"{SHARDS_DIR}/{name}{EXTENSIONS[fmt]}"


def errors_path(name: str) -> str:
    return f"{ERRORS_DIR}/{name}.jsonl"


def marker_path(name: str) -> str:
    return f"{MANIFEST_DIR}/{name}.json"


def row_of(result: PageResult) -> dict[str, Any]:
    """A cleaned or empty page as a shard row (an empty article keeps its metadata and what was removed)."""
    article = result.article if result.article is not None else Article()
    return {
        "source": result.source.id,
        "record": result.source.record,
        "url": article.url or result.source.url,
        "title": article.title,
        "author": article.author,
        "date": article.date,
        "text": article.text,
        "removed": [{"text": r.text, "reason": r.reason, "kind": r.kind, "score": r.score} for r in article.removed],
    }


def json_line(data: Mapping[str, Any]) -> bytes:
    """One JSON line, UTF-8; ``\\u`` escapes when a (non-UTF-8) file name makes that impossible."""
    try:
        return (json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(data) + "\n").encode("ascii")


def parquet_schema() -> Any:
    """The Arrow schema of a Parquet shard."""
    import pyarrow as pa

    removed = pa.struct(
        [("text", pa.string()), ("reason", pa.string()), ("kind", pa.string()), ("score", pa.float64())]
    )
    return pa.schema(
        [
            ("source", pa.string()),
            ("record", pa.string()),
            ("url", pa.string()),
            ("title", pa.string()),
            ("author", pa.string()),
            ("date", pa.string()),
            ("text", pa.string()),
            ("removed", pa.list_(removed)),
        ]
    )


def _utf8(row: dict[str, Any]) -> dict[str, Any]:
    """Arrow strings are UTF-8: a source id from a non-UTF-8 file name keeps its bytes as ``\\x..`` escapes."""
    source = row["source"]
    try:
        source.encode("utf-8")
    except UnicodeEncodeError:
        row = {**row, "source": source.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")}
    return row


class ShardFile:
    """Rows written to a local file in ``fmt``, a Parquet row group (or JSONL lines) at a time."""

    def __init__(self, path: str, fmt: str) -> None:
        self.path, self.fmt = path, fmt
        self.rows: list[dict[str, Any]] = []
        self.count = 0
        self._writer: Any = None
        self._fh = open(path, "wb") if fmt == "jsonl" else None  # closed in close()

    def add(self, row: dict[str, Any]) -> None:
        self.rows.append(row)
        self.count += 1
        if len(self.rows) >= ROWS_PER_GROUP:
            self._flush()

    def _flush(self) -> None:
        if self._fh is not None:
            self._fh.write(b"".join(json_line(row) for row in self.rows))
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            if self._writer is None:
                self._writer = pq.ParquetWriter(self.path, parquet_schema(), compression="zstd")
            if self.rows:
                table = pa.Table.from_pylist([_utf8(row) for row in self.rows], schema=parquet_schema())
                self._writer.write_table(table)
        self.rows = []

    def close(self) -> None:
        self._flush()  # a shard of no rows is still a valid (empty) file
        if self._fh is not None:
            self._fh.close()
        if self._writer is not None:
            self._writer.close()

    def __enter__(self) -> ShardFile:
        return self

    def __exit__(self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None) -> None:
        if kind is None:
            self.close()
        else:  # the staged file is thrown away: close without finishing it
            if self._fh is not None:
                self._fh.close()
            if self._writer is not None:
                self._writer.close()


def is_current(marker: Mapping[str, Any] | None, digest: str, settings: str) -> bool:
    """Whether a commit record says its shard is finished for these inputs and settings."""
    if not marker:
        return False
    return marker.get("settings") == settings and marker.get("inputs") == digest


def parse_markers(files: Mapping[str, bytes]) -> dict[str, dict[str, Any]]:
    """``{partition name: commit record}`` of the files of ``DST/manifest/`` (unreadable ones left out)."""
    markers = {}
    for name, data in files.items():
        if not name.endswith(".json"):
            continue
        try:
            marker = json.loads(data)
        except ValueError:
            continue
        if isinstance(marker, dict):
            markers[name[: -len(".json")]] = marker
    return markers


def manifest(entries: Iterable[Mapping[str, Any]], settings: str, fmt: str, complete: bool) -> bytes:
    """``DST/manifest.json``: the settings key, the format, whether every partition finished,
    and the commit record of each finished shard (sorted by name)."""
    shards = sorted(entries, key=lambda e: str(e.get("partition")))
    data = {"settings": settings, "format": fmt, "complete": complete, "shards": shards}
    return (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
