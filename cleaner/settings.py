"""The settings that change what a page cleans to, as one key: resumable runs compare it.

A batch (or a cluster run's shard) that was written with other rules, another cleaner
version or other output options must be redone, not skipped as "already done". Both
``cleaner batch`` and the cluster engines key their finished work with :func:`settings_key`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from importlib import metadata as importlib_metadata
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import RuleError

#: characters of the hex key
KEY_CHARS = 16


def cleaner_version() -> str:
    """The installed cleaner's version (the package's ``__version__`` when not installed)."""
    try:
        return importlib_metadata.version("article-cleaner")
    except importlib_metadata.PackageNotFoundError:  # pragma: no cover - run from a source tree
        from . import __version__

        return __version__


def _rule_file_digest(path: str) -> str:
    try:
        return hashlib.blake2b(Path(path).read_bytes(), digest_size=16).hexdigest()
    except OSError as err:
        raise RuleError(f"{path}: cannot read rule file: {err.strerror or err}") from None


def builtin_rules_digest() -> str:
    """A digest of the content of every built-in rule file (``cleaner/rules/**/*.toml``)."""
    digest = hashlib.blake2b(digest_size=16)
    root = resources.files("cleaner") / "rules"
    for folder in (root, root / "sites"):
        if not folder.is_dir():
            continue
        for entry in sorted((e for e in folder.iterdir() if e.name.endswith(".toml")), key=lambda e: e.name):
            digest.update(entry.name.encode() + b"\0" + entry.read_bytes() + b"\0")
    return digest.hexdigest()


def settings_key(rules: Iterable[str | Path] = (), **options: Any) -> str:
    """A short hex key of everything that changes a page's output: cleaner's version, the
    built-in rules (their content), the user's rule files (their content, in order) and
    the output ``options`` given (format, site templates, size limit... JSON-serialisable
    values). Equal settings give equal keys on every machine."""
    data: Mapping[str, Any] = {
        "cleaner": cleaner_version(),
        "builtin": builtin_rules_digest(),
        "rules": [_rule_file_digest(str(p)) for p in rules],
        "options": {k: options[k] for k in sorted(options)},
    }
    raw = json.dumps(data, sort_keys=True, default=str).encode("utf-8")
    return hashlib.blake2b(raw, digest_size=KEY_CHARS // 2).hexdigest()
