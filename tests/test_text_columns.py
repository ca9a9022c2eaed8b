"""Layout tables in a text dump: a renderer prints a table's cells side by side."""

from __future__ import annotations

from cleaner import text as text_path
from cleaner.text import columns

STORY = [
    "The council voted on Tuesday night to build a new bridge across the river, ending years of debate about it.",
    "Residents on both banks said the crossing would cut their journeys to work by half an hour each way, or more.",
    "Work is due to start next spring, and the bridge should open to walkers and cyclists in two years from now.",
]
ARCHIVE = ["Archive", "+ January (27)", "+ February (30)", "+ March (33)", "+ April (31)", "+ May (31)"]


def table(*cells: list[str]) -> str:
    """``cells`` printed side by side as inscriptis prints a table: each cell padded to its
    widest line, two spaces between cells, every line as wide as the table."""
    height = max(len(c) for c in cells)
    cells = tuple(c + [""] * (height - len(c)) for c in cells)
    widths = [max(len(line) for line in c) for c in cells]
    return "\n".join("  ".join(c[i].ljust(w) for c, w in zip(cells, widths)) for i in range(height))


def story_cell() -> list[str]:
    """The story's paragraphs with a blank line between them, as a cell holds them."""
    return [line for p in STORY for line in (p, "")][:-1]


def test_a_layout_tables_cells_are_read_one_after_another():
    dump = "Site name\n" + table(story_cell(), ARCHIVE) + "\nFooter"
    lines = [b.text for b in text_path.split_blocks(dump)]
    assert lines == ["Site name", *STORY, *(a.removeprefix("+ ") for a in ARCHIVE), "Footer"]


def test_three_cells_nav_story_sidebar():
    nav = ["* Home", "* News", "* Sport", "* Weather"]
    dump = table(nav, story_cell(), ["Most read", "1. A headline", "2. Another"])
    lines = [b.text for b in text_path.split_blocks(dump)]
    assert lines[:4] == ["Home", "News", "Sport", "Weather"]
    assert lines[4:7] == STORY


def test_a_data_tables_rows_stay_rows():
    # every cell fills every row: a table of facts, each row one line
    names = ["Name", "Bridge", "Tunnel", "Ferry"]
    notes = [
        "Note",
        "A crossing for walkers and cyclists that the council approved on Tuesday night after years of debate.",
        "An older plan that was dropped in 2019 because it would have cost three times as much as the bridge.",
        "The service that runs today, every half hour from six in the morning until ten at night, all year.",
    ]
    dump = table(names, notes)
    rows = dump.split("\n")
    assert columns.unweave_columns(rows) == rows
    assert [b.text for b in text_path.split_blocks(dump)][1].startswith("Bridge A crossing")


def test_short_tables_and_unpadded_lines_are_left_alone():
    short = table(["a", "b"], ["c", "d"]).split("\n")
    assert columns.unweave_columns(short) == short
    story = [p for p in STORY]  # lines of different widths: no table
    assert columns.unweave_columns(story) == story
    one_cell = table(story_cell()).split("\n")  # no gutter: one cell
    assert columns.unweave_columns(one_cell) == one_cell
