"""The HTML path: parse once, prune with the rules, extract with trafilatura, make blocks.

A page flows through these modules in this order::

    decode → parse.parse (lxml, once) → [metadata] → parse.strip_non_text
           → prune.prune (element rules, guarded by prose.*)
           → extract.extract (trafilatura, with recover.* around it) → blocks.body_blocks

:mod:`cleaner.pipeline` calls them; the block heuristics that follow live in
:mod:`cleaner.heuristics`.
"""

from __future__ import annotations

from .blocks import body_blocks
from .extract import extract
from .parse import parse, strip_non_text
from .prune import prune

__all__ = ["body_blocks", "extract", "parse", "prune", "strip_non_text"]
