"""Where the article's region reaches past the best run of line scores, for stories the
scores alone do not find whole (see :func:`~.region.find_article`):

- a page with no run of prose (a results table, a list of links, a photo post) has only a
  weak best run, often a sidebar's teasers: the story is what stands under its headline,
  down to the first line a text rule names (:func:`headline_stretch`);
- a story whose first lines score as furniture (a short standfirst, a list, a table) has
  its best run start further down: the region starts again under the headline when nothing
  a rule stops at lies between (:func:`pull_to_headline`);
- a story's own contents list above the best run, naming headings inside it, belongs to
  the story: the region starts at the list, or at the standfirst above it
  (:func:`contents_start`).

All three read positions only (the headline lines, the lines rules name, the scores), so
they hold in any language. Each returns the new ``(start, end, anchor)`` or None to keep
the region as it is.
"""

from __future__ import annotations

from ..rules import Rule
from .lines import LABEL_ROLE, SECTION_END_ROLE

#: a best region scoring below this (:func:`~.region.region_score`) holds no run of prose:
#: about one paragraph's worth (a short story's one paragraph under its headline scores more)
WEAK_REGION_SCORE = 1.0
#: a stretch under the headline needs at least this many lines (a headline over a share bar
#: stretches to nothing)
STRETCH_MIN_LINES = 2
#: the best region stays when it starts at most this many lines past the stretch's end,
#: with no line opening an after-article section between: it is the story's short text
#: under a share bar the stretch stops at, not the teasers under "Related articles"
STRETCH_NEAR_LINES = 8
#: the region is pulled up to a strong headline at most this many lines above its start ...
PULL_LINES = 30
#: ... starting at the first line under the headline that scores above this (not at the
#: headline: a byline and a date stand between, and they are no part of the story's text)
PULL_MIN_SCORE = 0.5


def _stop(stops: dict[int, Rule], i: int) -> bool:
    """Whether line ``i`` is one a rule stops the region at (any rule but a label's)."""
    rule = stops.get(i)
    return rule is not None and not rule.has_role(LABEL_ROLE)


def headline_stretch(
    strong: list[int], stops: dict[int, Rule], n: int, start: int, end: int
) -> tuple[int, int, int] | None:
    """The lines under the first of the ``strong`` headlines (:func:`~.anchors.strong_heads`)
    down to the first line any rule names (or the dump's end, ``n`` lines), for a weak best
    region ``[start, end)``; None when there is no strong headline, the stretch is shorter
    than :data:`STRETCH_MIN_LINES`, or the region starts just past the stretch
    (:data:`STRETCH_NEAR_LINES`) with no line a ``section-end`` rule names between."""
    if not strong:
        return None
    head = strong[0]
    stretch_end = next((i for i in sorted(stops) if i > head), n)
    if stretch_end - head - 1 < STRETCH_MIN_LINES:
        return None
    if head < start <= stretch_end + STRETCH_NEAR_LINES and not any(
        i in stops and stops[i].has_role(SECTION_END_ROLE) for i in range(stretch_end, start)
    ):
        return None
    return head + 1, stretch_end, head


def pull_to_headline(
    strong: list[int], scores: list[float], stops: dict[int, Rule], start: int, end: int
) -> tuple[int, int, int] | None:
    """The region ``[start, end)`` started again under the nearest of the ``strong`` headlines
    above it, at most :data:`PULL_LINES` lines up, at the first line under it scoring above
    :data:`PULL_MIN_SCORE`; None when a line a rule stops at (:func:`_stop`) lies between."""
    if end <= start:
        return None
    head = max((h for h in strong if start - PULL_LINES <= h < start - 1), default=None)
    if head is None or any(_stop(stops, i) for i in range(head + 1, start)):
        return None
    first = next((i for i in range(head + 1, start) if scores[i] > PULL_MIN_SCORE), None)
    if first is None:
        return None
    return first, end, head


def contents_start(
    contents: dict[int, int], scores: list[float], stops: dict[int, Rule], start: int, end: int
) -> int | None:
    """The region's new start when items of a contents list (``contents``: item → heading,
    :func:`~.contents.contents_map`) lie above ``start`` and name headings inside
    ``[start, end)`` with no line a rule stops at between the list and the region: the best
    stretch of positive score sum above the list, back to the line before it that a rule
    stops at (the standfirst), else the list's first item. None to keep the start."""
    items = [i for i, h in contents.items() if i < start and start <= h < end]
    if not items:
        return None
    first = min(items)
    if any(_stop(stops, i) for i in range(first, start)):
        return None
    new, run, top = first, 0.0, 0.0
    for j in range(first - 1, -1, -1):
        if _stop(stops, j):
            break
        run += scores[j]
        if run > top:
            top, new = run, j
    return new
