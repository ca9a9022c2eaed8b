"""The shape every block pass has: ``(blocks, context) -> (kept blocks, removed records)``.

A pass is a small function over the page's blocks (boilerpipe's filters); a path is a
tuple of passes run in order by :func:`run_passes` (see ``cleaner.pipeline.HTML_PASSES``).
:class:`Context` carries what a pass may need to know of the page besides its blocks.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from .model import Block, Removed
from .rules import RuleSet

#: a site template: the block keys (:func:`cleaner.templates.block_key`) of one host's recurring blocks
Template = Collection[str]


@dataclass
class Context:
    """What a block pass knows of the page besides its blocks."""

    rules: RuleSet
    #: the page's title and displayed headline (``<h1>``), as the metadata found them
    title: str | None = None
    headline: str | None = None
    author: str | None = None
    #: the site's recurring blocks, as a batch learns them (:mod:`cleaner.templates`)
    template: Template | None = None
    #: text path: each line's region score, by the line's position
    line_scores: dict[int, float] = field(default_factory=dict)


#: a block pass: (blocks, context) -> (kept blocks, what was cut and why)
Pass = Callable[[list[Block], Context], tuple[list[Block], list[Removed]]]


def run_passes(blocks: list[Block], ctx: Context, passes: tuple[Pass, ...]) -> tuple[list[Block], list[Removed]]:
    """Run ``passes`` in order over ``blocks``; the kept blocks and every removal, in the order cut."""
    removed: list[Removed] = []
    for step in passes:
        blocks, cut = step(blocks, ctx)
        removed += cut
    return blocks, removed
