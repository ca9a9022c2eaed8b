"""The exit statuses of every ``cleaner`` command, defined once.

Each command's ``--help`` says what they mean for it; the sense is the same everywhere.
"""

from __future__ import annotations

__all__ = ["EXIT_FAILED", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE"]

#: the command did what it was asked
EXIT_OK = 0
#: it ran, but some page could not be cleaned, differs from its goldens, or falls below the floor
EXIT_FAILED = 1
#: it could not run: bad arguments, a missing input, a malformed rule file
EXIT_USAGE = 2
#: stopped by Ctrl-C (128 + SIGINT)
EXIT_INTERRUPTED = 130
