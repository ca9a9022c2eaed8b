"""Basic behaviour of the public API."""

from pathlib import Path

import pytest

import cleaner
from cleaner import errors

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_clean_html_example_has_title_and_body():
    article = cleaner.clean((EXAMPLES / "scratchculinary-nutrition-trends.html").read_bytes())
    assert article.title and "Nutrition Trends" in article.title
    assert article.text.startswith("Fall isn")
    assert all(b.kind in cleaner.model.BLOCK_KINDS for b in article.blocks)
    assert any(r.reason.startswith("rule:") for r in article.removed)


@pytest.mark.parametrize("page", [b"", b"   \n\t ", ""])
def test_empty_input_raises(page):
    with pytest.raises(errors.EmptyInputError):
        cleaner.clean(page)


def test_binary_input_raises():
    with pytest.raises(errors.BinaryInputError):
        cleaner.clean(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10)
