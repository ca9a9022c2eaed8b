"""Cleaning a crawl on a cluster: the engine-neutral part, what one task does.

An engine (:mod:`cleaner.dask`) lists SRC, cuts it into partitions, runs
:func:`~cleaner.cluster.task.clean_partition` once per partition on its workers, and
keeps the manifest. The modules, each with one job:

- :mod:`cleaner.storage`: files on any fsspec filesystem: listing, reading, atomic commits.
- :mod:`~cleaner.cluster.plan`: SRC as partitions (a WARC file each; page files in groups).
- :mod:`~cleaner.cluster.shards`: the DST layout, shard rows (JSONL or Parquet), the manifest.
- :mod:`~cleaner.cluster.task`: one partition on a worker: the batch's page function under
  a per-page timeout, then the shard, the errors shard and the commit record.

Nothing here imports an engine: Dask lives in :mod:`cleaner.dask`, datatrove in
:mod:`cleaner.datatrove`.
"""

from __future__ import annotations

from .plan import PAGES_PER_PARTITION, Partition, partitions_of
from .shards import ERRORS_DIR, FORMATS, MANIFEST_DIR, MANIFEST_FILE, SHARDS_DIR
from .task import ShardSpec, clean_partition, settings_of

__all__ = [
    "ERRORS_DIR",
    "FORMATS",
    "MANIFEST_DIR",
    "MANIFEST_FILE",
    "PAGES_PER_PARTITION",
    "SHARDS_DIR",
    "Partition",
    "ShardSpec",
    "clean_partition",
    "partitions_of",
    "settings_of",
]
