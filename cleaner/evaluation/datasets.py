"""Datasets: the three layouts of a dataset folder, and sources.

A dataset is a directory in one of three layouts, told apart by what it holds (see
:data:`LAYOUTS`): the devset's (``truth.jsonl``), the ScrapingHub
article-extraction-benchmark's (``ground-truth.json``) and WCXB's (``ground-truth/*.json``);
the pages are ``html/<id>.html.gz`` in all three. A page's whole-text truth may be missing
(``main_content: null``, as in ``trafilatura-eval``): it is then scored on its snippets only.

A *source* is one dataset folder. :func:`find_sources` takes either a dataset folder (one
source) or a folder of dataset folders such as ``shared/devset`` (each one a source, in
name order), since the figures are reported for each source on its own.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


class DatasetError(Exception):
    """The dataset directory cannot be read: unknown layout, malformed truth, missing pages."""


@dataclass
class Page:
    """One benchmark page: where its HTML is, and its ground truth.

    ``truth`` is the whole article text, or None where only snippets exist."""

    id: str
    url: str | None
    html_path: Path
    truth: str | None
    with_: list[str] = field(default_factory=list)
    without: list[str] = field(default_factory=list)

    def read_html(self) -> bytes:
        """The page's bytes, decompressed when the file is gzipped."""
        data = self.html_path.read_bytes()
        return gzip.decompress(data) if self.html_path.suffix == ".gz" else data


def _html_path(root: Path, page_id: str) -> Path:
    """``html/<id>.html.gz``, or ``html/<id>.html`` when only that exists."""
    path = root / "html" / f"{page_id}.html.gz"
    plain = root / "html" / f"{page_id}.html"
    if not path.is_file() and plain.is_file():
        return plain
    if not path.is_file():
        raise DatasetError(f"{root}: no HTML for page {page_id!r} (looked for {path.name})")
    return path


def _snippets(value: object) -> list[str]:
    """A list of snippet strings from a truth field (absent or null: none)."""
    return [s for s in value if isinstance(s, str)] if isinstance(value, list) else []


def _text(value: object) -> str | None:
    """A whole-text truth field: its text, or None when it is absent or null."""
    return None if value is None else str(value)


def _page(root: Path, pid: str, url: object, truth: dict) -> Page:
    """A page of a layout that names its truth ``main_content``, ``with``, ``without``."""
    return Page(
        pid,
        url if isinstance(url, str) else None,
        _html_path(root, pid),
        _text(truth.get("main_content")),
        _snippets(truth.get("with")),
        _snippets(truth.get("without")),
    )


def _load_devset(root: Path) -> list[Page]:
    """Devset layout: ``truth.jsonl``, one JSON object a line with ``id``, ``url``,
    ``main_content`` (null where only snippets exist), ``with``, ``without``."""
    pages = []
    with open(root / "truth.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                pages.append(_page(root, str(row["id"]), row.get("url"), row))
    return pages


def _load_scrapinghub(root: Path) -> list[Page]:
    """ScrapingHub article-extraction-benchmark layout: ``ground-truth.json``, a dict
    id -> ``{"articleBody": ..., "url": ...}`` (no snippets)."""
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    if not isinstance(truth, dict):
        raise DatasetError(f"{root}/ground-truth.json: expected an object of id -> truth")
    return [
        Page(pid, row.get("url"), _html_path(root, pid), _text(row.get("articleBody")))
        for pid, row in sorted(truth.items())
    ]


def _load_wcxb(root: Path) -> list[Page]:
    """WCXB layout: ``ground-truth/<id>.json`` beside ``html/<id>.html.gz``, each with
    ``url``, ``main_content``, ``with``, ``without`` (at top level, or inside a
    ``ground_truth`` object)."""
    pages = []
    for path in sorted((root / "ground-truth").glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        inner = doc.get("ground_truth")
        truth = inner if isinstance(inner, dict) else doc
        pages.append(_page(root, path.stem, doc.get("url") or truth.get("url"), truth))
    return pages


#: layout name -> (the file or directory that marks it, its loader); tried in this order
LAYOUTS: dict[str, tuple[str, Callable[[Path], list[Page]]]] = {
    "devset": ("truth.jsonl", _load_devset),
    "scrapinghub": ("ground-truth.json", _load_scrapinghub),
    "wcxb": ("ground-truth", _load_wcxb),
}


def _layout_of(root: Path) -> str | None:
    return next((name for name, (marker, _) in LAYOUTS.items() if (root / marker).exists()), None)


def detect_layout(root: str | Path) -> str:
    """The name of the layout of the dataset at ``root``; raises :class:`DatasetError`."""
    layout = _layout_of(Path(root))
    if layout is None:
        markers = ", ".join(marker for marker, _ in LAYOUTS.values())
        raise DatasetError(f"{root}: not a dataset directory (none of {markers})")
    return layout


def load_dataset(root: str | Path) -> list[Page]:
    """Load the pages of a dataset directory in any layout of :data:`LAYOUTS`."""
    root = Path(root)
    loader = LAYOUTS[detect_layout(root)][1]
    try:
        pages = loader(root)
    except (OSError, ValueError, KeyError, AttributeError, TypeError) as err:
        raise DatasetError(f"{root}: cannot read the ground truth: {err}") from err
    if not pages:
        raise DatasetError(f"{root}: the dataset has no pages")
    return pages


def find_sources(root: str | Path) -> list[tuple[str, Path]]:
    """``(name, folder)`` of each source under ``root``: ``root`` itself when it is a dataset
    folder, else each sub-folder of it that is one (in name order); raises :class:`DatasetError`
    when there is none."""
    root = Path(root)
    if _layout_of(root) is not None:
        return [(root.resolve().name, root)]
    if not root.is_dir():
        raise DatasetError(f"{root}: no such directory")
    found = [(sub.name, sub) for sub in sorted(root.iterdir()) if sub.is_dir() and _layout_of(sub) is not None]
    if not found:
        markers = ", ".join(marker for marker, _ in LAYOUTS.values())
        raise DatasetError(f"{root}: neither a dataset directory (none of {markers}) nor a folder of them")
    return found
