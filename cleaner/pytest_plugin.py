"""pytest plugin: keep cleaner goldens inside your own test suite (built on pytest-regressions).

Registered through the ``pytest11`` entry point, so installing cleaner (with
pytest-regressions) makes the ``cleaner_golden`` fixture available::

    import pytest
    from cleaner.goldens import find_cases

    @pytest.mark.parametrize("case", find_cases("tests/pages"), ids=str)
    def test_page(case, cleaner_golden):
        cleaner_golden(case)                      # or cleaner_golden(case, rules=["site.toml"])

A differing page fails with pytest-regressions' diff; ``pytest --force-regen`` rewrites
the goldens (``expected.txt`` and ``expected.json`` in each case folder), and a page
without goldens gets them made on its first run (and fails once, as pytest-regressions does).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pytest


def _same_json(obtained: Path, expected: Path) -> None:
    """pytest-regressions' check of ``expected.json``: the same data, as :func:`cleaner.goldens.metadata_equal`
    decides (a re-indented golden matches), else a unified diff of the two texts."""
    import difflib

    from .goldens import metadata_equal

    got, want = obtained.read_text("utf-8"), expected.read_text("utf-8")
    if not metadata_equal(got, want):
        diff = difflib.unified_diff(want.splitlines(), got.splitlines(), str(expected), str(obtained), lineterm="")
        raise AssertionError("\n".join(diff))


@pytest.fixture
def cleaner_golden(file_regression) -> Callable[..., None]:
    """``cleaner_golden(case, rules=())``: clean a case (a :class:`cleaner.goldens.Case` or its
    folder) and check its text and metadata against the goldens with ``file_regression``."""
    from . import goldens

    def check(case: goldens.Case | str | Path, rules: Iterable[str | Path] = ()) -> None:
        __tracebackhide__ = True
        if not isinstance(case, goldens.Case):
            case = goldens.load_case(case)
        golden = goldens.produce(case, rules)
        failures = []
        # check both files even when the first differs, so --force-regen rewrites both at once
        for contents, path, check_fn in (
            (golden.text, case.expected_text, None),
            (golden.metadata, case.expected_json, _same_json),  # as `cleaner check`: data, not layout
        ):
            try:
                file_regression.check(
                    contents, fullpath=path, extension=path.suffix, encoding="utf-8", newline="\n", check_fn=check_fn
                )
            except (AssertionError, pytest.fail.Exception) as err:
                failures.append(f"{case.name}/{path.name}: {err}")
        if failures:
            pytest.fail("\n\n".join(failures), pytrace=False)

    return check
