"""cleaner as a datatrove pipeline step: :class:`CleanerExtractor`, in place of datatrove's
own ``Trafilatura`` extractor.

>>> from datatrove.executor import LocalPipelineExecutor              # doctest: +SKIP
>>> from datatrove.pipeline.readers import WarcReader                 # doctest: +SKIP
>>> from datatrove.pipeline.writers import JsonlWriter                # doctest: +SKIP
>>> from cleaner.datatrove import CleanerExtractor                    # doctest: +SKIP
>>> LocalPipelineExecutor(pipeline=[WarcReader("s3://bucket/crawl/"), CleanerExtractor(timeout=10),
...                                 JsonlWriter("s3://bucket/clean/")], tasks=64).run()  # doctest: +SKIP

Like ``Trafilatura`` it is a :class:`~datatrove.pipeline.extractors.base.BaseExtractor`:
each document's HTML goes to an extraction process (datatrove's ``ExtractorSandbox``)
with ``timeout`` seconds per document; a document past it, or whose extraction raised or
killed that process, is dropped and counted (``timeout``, ``clean_error``,
``broken_process``), and the process is replaced. A document with no article text is
dropped (``dropped``). The article text replaces ``doc.text``.

Unlike ``Trafilatura`` it hands the extraction the document's URL too
(``doc.metadata["url"]``, as datatrove's readers set it): cleaner's per-site rules and
its metadata extraction use it. Needs ``pip install "article-cleaner[datatrove]"``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

try:
    from datatrove.pipeline.extractors.base import BaseExtractor
except ImportError as err:  # pragma: no cover - the extra is not installed
    raise ImportError('cleaner.datatrove needs datatrove: pip install "article-cleaner[datatrove]"') from err

from . import pipeline
from .decode import MAX_BYTES
from .errors import InputError
from .rules import validate_rule_files

__all__ = ["CleanerExtractor"]

#: a page cleaned once before the extraction process starts, so that it starts with the
#: rules loaded and their indexes built (it is forked from this process)
_WARM_UP = (
    "<html><head><title>Warm-up</title></head><body><article><h1>Warm-up</h1>"
    "<p>A paragraph long enough to be an article, about nothing at all, cleaned once.</p>"
    "</article></body></html>"
)


class CleanerExtractor(BaseExtractor):
    """Extract each document's article with :func:`cleaner.clean`.

    Args:
        timeout: seconds one document may take (datatrove's extractor timeout; the
            default of 1 s is ``Trafilatura``'s; cleaner takes some 30 ms a page).
        rules: extra rule files (TOML) on top of the built-in ones, as for :func:`cleaner.clean`;
            they must be readable where the step runs.
        max_bytes: a document larger than this is dropped.
    """

    name = "🧹 cleaner"
    _requires_dependencies: ClassVar[list[Any]] = [("cleaner", "article-cleaner")]

    def __init__(self, timeout: float = 1, rules: Iterable[str] = (), max_bytes: int = MAX_BYTES) -> None:
        super().__init__(timeout)
        self.rules = tuple(str(path) for path in rules)
        self.max_bytes = max_bytes
        validate_rule_files(self.rules)

    def extract(self, text: str, url: str | None = None) -> str:
        """The article text of one page (``""`` when it has none, or is empty or binary)."""
        try:
            return pipeline.clean(text, url=url, rules=self.rules, max_bytes=self.max_bytes).text
        except InputError:
            return ""

    def run(self, data: Any, rank: int = 0, world_size: int = 1) -> Iterator[Any]:
        """datatrove's extractor loop (:meth:`BaseExtractor.run`), each document's HTML sent
        to the sandbox with its URL (the sandbox calls ``extract(*args)`` for a tuple)."""
        self.extract(_WARM_UP)

        def with_url(docs: Any) -> Iterator[Any]:
            for doc in docs:
                doc.text = (doc.text, doc.metadata.get("url"))  # replaced by the extracted text
                yield doc

        return super().run(with_url(data), rank, world_size)
