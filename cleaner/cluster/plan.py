"""SRC cut into partitions: one task each on the cluster, one shard each in DST.

- **A WARC file is one partition.** A crawl is many WARC files (a Common Crawl segment
  holds tens of thousands of about 1 GB, some 40,000 records each), so there are far more
  tasks than cores on any cluster, each a few minutes long, read start to end as one
  stream. Splitting one WARC by record offsets would need an index (a CDX file or a first
  pass reading the whole file) and pays only for a handful of huge WARCs.
- **Page files are grouped**, about ``pages_per_partition`` a group, in sorted order. A
  group ends after a file whose name hashes to a cut point (once the group has half the
  target, and at twice the target at the latest): the cuts depend on the names alone, so
  a page added to an archive changes the group it falls in, not every group after it,
  and a rerun redoes that one shard.

A partition's ``name`` (its shard's file name) depends only on where it starts, so a
rerun writes the same shard names; its ``digest`` covers every input's name, size and
stamp, so a shard whose inputs changed is redone.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Literal

from ..batch.sources import SIDECAR_SUFFIX, _page_kind  # the batch's own rules for what a page file is
from ..storage import InputFile

#: about this many page files a partition (WARC files are one partition each)
PAGES_PER_PARTITION = 500

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _hash(text: str, size: int = 8) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=size).digest()


def _name(prefix: str, first: InputFile) -> str:
    readable = _UNSAFE.sub("_", first.rel).strip("_")[-60:].lstrip("._") or "input"
    return f"{prefix}-{readable}-{_hash(first.url, 4).hex()}"


@dataclass(frozen=True)
class Partition:
    """The inputs one task cleans into one shard: a WARC file, or a group of page files."""

    name: str
    kind: Literal["pages", "warc"]
    inputs: tuple[InputFile, ...]

    @property
    def digest(self) -> str:
        """A key of the inputs as listed (names, sizes, stamps): it changes when they do."""
        digest = hashlib.blake2b(self.kind.encode(), digest_size=8)
        for item in self.inputs:
            line = f"\0{item.url}\0{item.size}\0{item.stamp}\0{item.page_url}\0{item.sidecar}"
            digest.update(line.encode("utf-8", "surrogateescape"))
        return digest.hexdigest()


def _cuts_after(item: InputFile, length: int, target: int) -> bool:
    if length >= 2 * target:
        return True
    half = max(1, (target + 1) // 2)
    return length >= half and int.from_bytes(_hash(item.rel), "big") % half == 0


def partitions_of(
    files: Iterable[InputFile],
    pages_per_partition: int = PAGES_PER_PARTITION,
    urls: Mapping[str, str] | None = None,
) -> tuple[list[Partition], list[InputFile]]:
    """The partitions of ``files`` (sorted as given), and the files that are no page
    (skipped, as ``cleaner batch`` skips them). As in ``cleaner batch``: a file whose name
    says nothing of its kind (a saved ``story`` or ``article.php``) is sniffed by its
    worker; a page's URL is the ``urls`` mapping's (by relative path), else its
    ``<name>.url`` sidecar's, which are not pages themselves."""
    if pages_per_partition < 1:
        raise ValueError("pages_per_partition must be >= 1")
    files = list(files)
    sidecars = {item.rel: item for item in files if _page_kind(item.rel) == "sidecar"}
    partitions: list[Partition] = []
    skipped: list[InputFile] = []
    group: list[InputFile] = []
    for item in files:
        kind = _page_kind(item.rel)
        if kind == "warc":
            partitions.append(Partition(_name("warc", item), "warc", (item,)))
        elif kind in ("page", "unknown"):
            sidecar = sidecars.get(item.rel + SIDECAR_SUFFIX)
            item = replace(
                item,
                page_url=(urls or {}).get(item.rel, ""),
                sidecar=sidecar.url if sidecar is not None else "",
                sniff=kind == "unknown",
            )
            group.append(item)
            if _cuts_after(item, len(group), pages_per_partition):
                partitions.append(Partition(_name("pages", group[0]), "pages", tuple(group)))
                group = []
        elif kind != "sidecar":
            skipped.append(item)
    if group:
        partitions.append(Partition(_name("pages", group[0]), "pages", tuple(group)))
    return partitions, skipped
