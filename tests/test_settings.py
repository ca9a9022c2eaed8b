"""The settings key: equal settings, equal keys; any change that changes outputs, another key."""

from __future__ import annotations

import pytest

from cleaner.errors import RuleError
from cleaner.settings import settings_key


def test_the_key_changes_with_rules_content_and_options(tmp_path):
    rules = tmp_path / "mine.toml"
    rules.write_text("[[rule]]\nid = 'a'\ndescription = 'd'\ntext = ['^x$']\n")
    base = settings_key([rules], fmt="txt")
    assert base == settings_key([str(rules)], fmt="txt")
    assert len(base) == 16
    assert settings_key([rules], fmt="json") != base
    assert settings_key([], fmt="txt") != base
    rules.write_text("[[rule]]\nid = 'a'\ndescription = 'd'\ntext = ['^y$']\n")
    assert settings_key([rules], fmt="txt") != base


def test_an_unreadable_rule_file_is_a_rule_error(tmp_path):
    with pytest.raises(RuleError, match="cannot read rule file"):
        settings_key([tmp_path / "missing.toml"])
