"""The HTML path: parse once, prune with the rules, extract with trafilatura, make blocks.

A page flows through these modules in this order::

    decode → parse.parse (lxml, once) → [metadata] → parse.strip_non_text
           → prune.prune (element rules, guarded by prose.*)
           → extract.extract (trafilatura, with recover.*, headings.*, runs.* around it) → blocks.body_blocks

:mod:`cleaner.pipeline` calls them; the block heuristics that follow live in
:mod:`cleaner.heuristics`.
"""

from __future__ import annotations

from .blocks import body_blocks
from .extract import extract, extract_as_trafilatura, extract_unpruned
from .parse import parse, strip_non_text
from .prose import Prose, prose_map
from .prune import prune

__all__ = [
    "Prose",
    "body_blocks",
    "extract",
    "extract_as_trafilatura",
    "extract_unpruned",
    "parse",
    "prose_map",
    "prune",
    "strip_non_text",
]
