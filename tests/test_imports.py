"""What importing cleaner costs and where the public names live: ``import cleaner``
leaves the batch code unloaded; the batch names load it on first use; the batch
package keeps every name the old ``cleaner.batch`` module had."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import cleaner

ROOT = Path(__file__).resolve().parent.parent
BATCH_NAMES = ("BatchReport", "PageResult", "clean_dir", "iter_clean")


def _modules_after(code: str) -> dict:
    """Run ``code`` in a fresh interpreter; the cleaner modules loaded, and what it printed."""
    script = f"import json, sys\n{code}\nprint(json.dumps(sorted(m for m in sys.modules if m.startswith('cleaner'))))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    *printed, modules = out.stdout.splitlines()
    return {"modules": json.loads(modules), "printed": printed}


def test_import_cleaner_does_not_load_the_batch_code():
    loaded = _modules_after("import cleaner")["modules"]
    assert "cleaner.pipeline" in loaded
    assert not [m for m in loaded if m == "cleaner.batch" or m.startswith("cleaner.batch.")]
    assert "cleaner.cli" not in loaded


def test_a_batch_name_loads_the_batch_code_on_first_use():
    run = _modules_after("import cleaner, cleaner.batch as b\nprint(cleaner.clean_dir is b.clean_dir)")
    assert run["printed"] == ["True"] and "cleaner.batch.run" in run["modules"]
    run = _modules_after("from cleaner import iter_clean\nprint(iter_clean.__module__)")
    assert run["printed"] == ["cleaner.batch.run"]


def test_the_batch_names_stay_public():
    assert set(BATCH_NAMES) <= set(cleaner.__all__) and set(BATCH_NAMES) <= set(dir(cleaner))
    from cleaner import batch

    for name in BATCH_NAMES:
        assert getattr(cleaner, name) is getattr(batch, name)
    with pytest.raises(AttributeError, match="no attribute 'clean_dirs'"):
        cleaner.clean_dirs  # noqa: B018


def test_batch_does_not_import_the_command_line():
    loaded = _modules_after("import cleaner.batch")["modules"]
    assert "cleaner.cli" not in loaded and "cleaner.render" in loaded


def test_the_old_batch_names_import_from_the_package():
    from cleaner import batch, errors
    from cleaner.batch import (  # noqa: F401  (the names the single module batch.py had)
        DEFAULT_TIMEOUT,
        ERRORS_FILE,
        EXTENSIONS,
        FORMATS,
        JSONL_FILE,
        LOCK_FILE,
        MAX_FAILURES_KEPT,
        MAX_PAGES_PER_WORKER,
        PAGE_SUFFIXES,
        PROGRESS_EVERY,
        TEMP_SUFFIX,
        TEMPLATES_FILE,
        WARC_SUFFIXES,
        BatchError,
        BatchReport,
        Failure,
        PageResult,
        PageTimeoutError,
        PathLike,
        Source,
        Status,
        add_parser,
        atomic_write,
        clean_dir,
        discover,
        iter_clean,
        learn_templates,
        output_path,
        run_page,
    )

    assert BatchError is errors.BatchError and issubclass(BatchError, errors.CleanerError)
    assert set(batch.__all__) <= set(dir(batch))


def test_exit_codes_are_defined_once():
    from cleaner import check, cli, exitcodes
    from cleaner.batch import command

    assert (exitcodes.EXIT_OK, exitcodes.EXIT_FAILED, exitcodes.EXIT_USAGE, exitcodes.EXIT_INTERRUPTED) == (
        0,
        1,
        2,
        130,
    )
    for module in (cli, check, *sorted((ROOT / "cleaner" / "batch").glob("*.py"))):
        source = Path(module if isinstance(module, Path) else module.__file__).read_text()
        assert not re.search(r"^EXIT_\w+ *=", source, re.M), module
        assert not re.search(r"return 1[0-9]*$|return [02]$", source, re.M), module
    assert command.EXIT_FAILED is exitcodes.EXIT_FAILED


def test_every_documented_error_is_importable_from_the_package():
    import inspect

    import cleaner
    from cleaner import errors

    classes = {n for n, c in vars(errors).items() if inspect.isclass(c) and issubclass(c, errors.CleanerError)}
    assert classes <= set(cleaner.__all__)
    assert all(getattr(cleaner, n) is getattr(errors, n) for n in classes)
