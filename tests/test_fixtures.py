"""Golden fixtures: every page in fixtures/ cleans to its expected.txt and expected.json.

``pytest --force-regen`` rewrites the goldens; read them before committing (a golden that
holds boilerplate is a bug to fix in the cleaner, not a baseline). The same check runs as
``cleaner check fixtures``; both go through :mod:`cleaner.goldens`.
"""

from pathlib import Path

import pytest

from cleaner.goldens import find_cases
from cleaner.pytest_plugin import cleaner_golden  # noqa: F401  (the fixture, also when cleaner is not installed)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CASES = find_cases(FIXTURES)


def test_there_are_enough_fixtures():
    assert len(CASES) >= 23
    assert {c.kind for c in CASES} == {"html", "text"}


@pytest.mark.parametrize("case", CASES, ids=str)
def test_fixture_matches_golden(case, cleaner_golden):  # noqa: F811
    cleaner_golden(case)
