"""Golden pages: one folder a case, the raw page beside the article cleaner should find in it.

The one implementation behind ``cleaner check``, the pytest plugin
(:mod:`cleaner.pytest_plugin`) and cleaner's own fixture tests. Layout::

    <root>/<case>/source.html | source.txt   the raw page (HTML, or a plain-text dump);
                                             ``.gz`` compressed is read too
    <root>/<case>/source.url                 optional: the page's URL, one line
    <root>/<case>/expected.txt               golden article text (Article.text + newline)
    <root>/<case>/expected.json              golden metadata: title, author, date and the
                                             removed blocks [{reason, text (first 80 chars)}]

A ``source.html`` goes down the HTML path, a ``source.txt`` down the text path.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from . import metrics
from .errors import CleanerError
from .model import Article
from .sources import read_page

__all__ = [
    "Case",
    "Comparison",
    "Golden",
    "GoldenLayoutError",
    "compare",
    "find_cases",
    "load_case",
    "produce",
    "render",
]

SOURCES: dict[str, Literal["html", "text"]] = {
    "source.html": "html",
    "source.txt": "text",
    "source.html.gz": "html",
    "source.txt.gz": "text",
}
TEXT_FILE = "expected.txt"
JSON_FILE = "expected.json"
URL_FILE = "source.url"
REMOVED_CHARS = 80


class GoldenLayoutError(CleanerError):
    """A directory that does not hold golden cases as the layout says."""


@dataclass(frozen=True)
class Case:
    """One golden page: a folder holding a source page and (once made) its goldens."""

    path: Path
    source: Path
    kind: Literal["html", "text"]
    url: str | None = None

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def expected_text(self) -> Path:
        return self.path / TEXT_FILE

    @property
    def expected_json(self) -> Path:
        return self.path / JSON_FILE

    def read_source(self) -> bytes:
        """The page's bytes, a gzip file inflated only up to the size limit
        (:func:`cleaner.sources.read_page`: :class:`~cleaner.errors.InputTooLargeError` past it)."""
        return read_page(self.source)

    def __str__(self) -> str:  # pytest ids
        return self.name


@dataclass(frozen=True)
class Golden:
    """The two golden strings of a page, exactly as the files hold them."""

    text: str
    metadata: str


def _source_of(folder: Path) -> Path | None:
    found = [folder / name for name in SOURCES if (folder / name).is_file()]
    if len(found) > 1:
        names = ", ".join(p.name for p in found)
        raise GoldenLayoutError(f"{folder}: more than one source page ({names}); keep one")
    return found[0] if found else None


def load_case(folder: str | Path) -> Case:
    """The case in ``folder``; :class:`GoldenLayoutError` when it holds no source page."""
    folder = Path(folder)
    source = _source_of(folder)
    if source is None:
        raise GoldenLayoutError(f"{folder}: no source page (source.html or source.txt)")
    url_file = folder / URL_FILE
    url = (url_file.read_text(encoding="utf-8").strip() or None) if url_file.is_file() else None
    return Case(path=folder, source=source, kind=SOURCES[source.name], url=url)


def find_cases(root: str | Path) -> list[Case]:
    """Every case below ``root`` (its sub-folders holding a source page), sorted by name.

    ``root`` may also be a single case folder. Raises :class:`GoldenLayoutError` when
    ``root`` is not a directory."""
    root = Path(root)
    if not root.is_dir():
        raise GoldenLayoutError(f"{root}: not a directory")
    if _source_of(root) is not None:
        return [load_case(root)]
    return [load_case(d) for d in sorted(root.iterdir()) if d.is_dir() and _source_of(d) is not None]


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= REMOVED_CHARS else text[:REMOVED_CHARS] + "…"


def metadata(article: Article) -> dict[str, Any]:
    """The golden metadata of an article: title, author, date and what was removed."""
    return {
        "title": article.title,
        "author": article.author,
        "date": article.date,
        "removed": [{"reason": r.reason, "text": _short(r.text)} for r in article.removed],
    }


def render(article: Article) -> Golden:
    """The golden strings for an article: its text and its metadata as JSON, each ending in a newline."""
    return Golden(
        text=article.text + "\n",
        metadata=json.dumps(metadata(article), ensure_ascii=False, indent=2) + "\n",
    )


def produce(case: Case, rules: Iterable[str | Path] = ()) -> Golden:
    """Clean the case's page (with the user's extra ``rules``) and render its golden strings."""
    from .pipeline import clean

    article = clean(case.read_source(), url=case.url, rules=tuple(rules), kind=case.kind)
    return render(article)


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.is_file() else None


def text_similarity(current: str, golden: str) -> float:
    """Shingle F1 (as :mod:`cleaner.metrics` scores extraction) of two texts; 1.0 when equal."""
    return 1.0 if current == golden else metrics.score_page(current, golden).f1


def _json(text: str | None) -> Any:
    """The data a golden JSON text holds; :data:`_NOT_JSON` when it is missing or not JSON."""
    if text is None:
        return _NOT_JSON
    try:
        return json.loads(text)
    except ValueError:
        return _NOT_JSON


#: what :func:`_json` gives for a text that is not JSON (so it equals no data)
_NOT_JSON: Any = object()


def _ordered(value: Any, like: Any) -> Any:
    """``value`` with its objects' keys in the order ``like`` has them (keys ``like`` lacks
    last): a golden written with its keys in another order diffs only where data differs."""
    if isinstance(value, dict) and isinstance(like, dict):
        keys = [k for k in like if k in value] + [k for k in value if k not in like]
        return {k: _ordered(value[k], like.get(k)) for k in keys}
    if isinstance(value, list) and isinstance(like, list):
        return [_ordered(v, like[i] if i < len(like) else None) for i, v in enumerate(value)]
    return value


def normalized_json(text: str, like: str | None = None) -> str:
    """A JSON text as :func:`render` writes it (two-space indent, UTF-8 characters kept),
    keys in the order of ``like``'s where given; a text that is not JSON is returned as it is."""
    data = _json(text)
    if data is _NOT_JSON:
        return text
    reference = _json(like)
    if reference is not _NOT_JSON:
        data = _ordered(data, reference)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def metadata_equal(current: str, golden: str) -> bool:
    """True when two golden JSON texts hold the same data (indentation, spacing, key order
    and escapes do not count); texts that are not JSON must be identical."""
    if current == golden:
        return True
    a, b = _json(current), _json(golden)
    return a is not _NOT_JSON and b is not _NOT_JSON and a == b


def lines_similarity(current: str, golden: str) -> float:
    """difflib's ratio over the lines of two texts; 1.0 when equal."""
    if current == golden:
        return 1.0
    return difflib.SequenceMatcher(None, golden.splitlines(), current.splitlines(), autojunk=False).ratio()


@dataclass
class Comparison:
    """A case's current output against its goldens (``None`` where a golden file is missing)."""

    case: Case
    current: Golden | None
    golden_text: str | None
    golden_metadata: str | None
    error: str | None = None

    @property
    def missing(self) -> bool:
        return self.golden_text is None or self.golden_metadata is None

    @property
    def matches(self) -> bool:
        return (
            self.error is None
            and not self.missing
            and self.current is not None
            and self.golden_metadata is not None
            and self.current.text == self.golden_text
            and metadata_equal(self.current.metadata, self.golden_metadata)
        )

    @property
    def text_similarity(self) -> float:
        if self.current is None or self.golden_text is None:
            return 0.0
        return text_similarity(self.current.text, self.golden_text)

    @property
    def golden_metadata_normalized(self) -> str | None:
        """The golden metadata re-rendered as :func:`render` writes it (keys in the current
        output's order), so that a re-indented golden compares and diffs as the data it holds."""
        if self.golden_metadata is None:
            return None
        like = self.current.metadata if self.current is not None else None
        return normalized_json(self.golden_metadata, like)

    @property
    def metadata_similarity(self) -> float:
        """difflib's line ratio of the current metadata and the normalised golden; 1.0 when they hold the same data."""
        if self.current is None or self.golden_metadata is None:
            return 0.0
        if metadata_equal(self.current.metadata, self.golden_metadata):
            return 1.0
        return lines_similarity(self.current.metadata, self.golden_metadata_normalized or "")

    @property
    def similarity(self) -> float:
        """The lower of the text and the metadata similarity."""
        return min(self.text_similarity, self.metadata_similarity)

    def within(self, min_similarity: float = 1.0) -> bool:
        """True when the output matches, or (``min_similarity`` < 1) is at least that similar."""
        if self.matches:
            return True
        if self.error or self.missing or min_similarity >= 1.0:
            return False
        return self.similarity >= min_similarity

    def diff(self, context: int = 2) -> str:
        """Unified diffs, golden → current, of the text and of the metadata (the metadata
        as normalised JSON: only lines whose data changed show)."""
        if self.current is None:
            return ""
        parts: list[str] = []
        same_data = self.golden_metadata is not None and metadata_equal(self.current.metadata, self.golden_metadata)
        for filename, golden, current in (
            (TEXT_FILE, self.golden_text, self.current.text),
            (JSON_FILE, None if same_data else self.golden_metadata_normalized, self.current.metadata),
        ):
            if golden is None or golden == current:
                continue
            label = f"{self.case.name}/{filename}"
            parts.extend(
                difflib.unified_diff(
                    golden.splitlines(keepends=True),
                    current.splitlines(keepends=True),
                    fromfile=f"{label} (golden)",
                    tofile=f"{label} (current)",
                    n=context,
                )
            )
        return "".join(line if line.endswith("\n") else line + "\n" for line in parts)

    def write(self, only_missing: bool = False) -> list[Path]:
        """Write the current output as the case's goldens; with ``only_missing``, only the
        golden files that do not exist yet. A metadata golden holding the same data (in
        another layout) is left as it is. Returns the files written."""
        if self.current is None:
            return []
        written = []
        for path, golden, current, same in (
            (self.case.expected_text, self.golden_text, self.current.text, self.golden_text == self.current.text),
            (
                self.case.expected_json,
                self.golden_metadata,
                self.current.metadata,
                self.golden_metadata is not None and metadata_equal(self.current.metadata, self.golden_metadata),
            ),
        ):
            if same or (only_missing and golden is not None):
                continue
            path.write_text(current, encoding="utf-8", newline="\n")
            written.append(path)
        return written


def compare(case: Case, rules: Iterable[str | Path] = ()) -> Comparison:
    """Clean the case's page and set the result beside its goldens.

    A page that cannot be cleaned (empty or binary input, or a crash in the cleaner) gives
    a Comparison with ``error`` set, so that one page does not stop a whole check; a
    malformed rule file raises :class:`~cleaner.errors.RuleError`."""
    from .errors import InputError, RuleError

    golden_text, golden_metadata = _read(case.expected_text), _read(case.expected_json)
    try:
        current = produce(case, rules)
    except RuleError:
        raise
    except (InputError, OSError) as err:
        return Comparison(case, None, golden_text, golden_metadata, error=str(err))
    except Exception as err:  # a bug in the cleaner: report it on the page
        return Comparison(case, None, golden_text, golden_metadata, error=f"{type(err).__name__}: {err}")
    return Comparison(case, current, golden_text, golden_metadata)
