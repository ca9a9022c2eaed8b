"""The text path: find the article in a plain-text page dump.

A dump holds one block of the page per line (or per paragraph separated by blank lines),
the article somewhere in the middle and the site's furniture around it. A dump flows
through these modules in this order::

    split.split_blocks → [template pass] → region.find_article
        (lines.rule_hits, lines.score_lines, region.main_region, region.cut_at_section_end,
         title.find_title, region.extend_region, region.take_region)
      → passes inside the region (duplicates, region.smooth_region, title.drop_title_repeats)
      → title.mark_headings

- :mod:`.split` normalises line endings and indentation, reads a layout table's cells one
  after another (:mod:`.columns`: a renderer such as inscriptis prints them side by side),
  rejoins paragraphs that were hard-wrapped at a fixed width and turns each line into a
  :class:`~cleaner.model.Block` (bullet lines become list items);
- :mod:`.lines` scores every line with the shared block scorer
  (:func:`cleaner.scoring.block_score`) plus what only a dump has: short lines judged by
  their context, lines repeated inside the page, teaser headlines with their shortened
  twins, long runs of short furniture lines, and the lines a text rule names (stop
  signals, except for rules with the ``label`` role);
- :mod:`.region` finds the article as one contiguous run of lines (maximum subarray over
  the scores, as in Body Text Extraction), ends it where a rule with the ``section-end``
  role opens comments or teaser lists, pulls in the standfirst before it, and smooths it
  (jusText's context idea);
- :mod:`.title` takes the headline when the dump starts with one that belongs to the
  article, keeps it out of the body, and marks sub-headings.

:func:`cleaner.pipeline.clean_text` runs these steps.
"""

from __future__ import annotations

from .lines import furniture_runs, repeated, rule_hits, score_lines, twins
from .region import Region, cut_at_section_end, extend_region, find_article, main_region, smooth_region, take_region
from .split import renumber, split_blocks, unwrap, wrap_width
from .title import drop_title_repeats, find_title, looks_like_title, mark_headings

__all__ = [
    "Region",
    "cut_at_section_end",
    "drop_title_repeats",
    "extend_region",
    "find_article",
    "find_title",
    "furniture_runs",
    "looks_like_title",
    "main_region",
    "mark_headings",
    "renumber",
    "repeated",
    "rule_hits",
    "score_lines",
    "smooth_region",
    "split_blocks",
    "take_region",
    "twins",
    "unwrap",
    "wrap_width",
]
