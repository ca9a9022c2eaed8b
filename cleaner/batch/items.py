"""What moves through a batch: a :class:`Source` in, a :class:`PageResult` out.

A :class:`Failure` says why a page failed, in the words ``errors.jsonl`` keeps.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Literal, Union

from ..model import Article

Status = Literal["cleaned", "empty", "failed", "skipped", "done"]
PathLike = Union[str, "os.PathLike[str]"]


@dataclass(frozen=True)
class Source:
    """One page to clean: a file, or one record of a WARC file.

    ``id`` is the path relative to the walked directory, with ``#<WARC-Record-ID>``
    appended for a WARC record (``#offset-<byte offset>`` for a record without one).
    ``data`` holds a WARC record's body (read by the walker). ``url`` is the page's URL
    when the batch was given one (``--urls``, a ``.url`` sidecar, the WARC target URI);
    ``encoding`` the charset its HTTP ``Content-Type`` declared (WARC records).
    """

    id: str
    path: str
    url: str | None = None
    record: str | None = None
    data: bytes | None = field(default=None, repr=False)
    encoding: str | None = None

    @property
    def rel_path(self) -> str:
        """The file's path relative to the walked directory (the WARC file for a record)."""
        return self.id[: -len(self.record) - 1] if self.record else self.id


@dataclass
class Failure:
    """Why a page failed: the exception type's name and a one-line message."""

    source: str
    error: str
    message: str
    record: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = {"source": self.source, "error": self.error, "message": self.message}
        if self.record:
            data["record"] = self.record
        return data


def failure_of(source: str, err: BaseException, record: str | None = None) -> Failure:
    """The :class:`Failure` that ``err`` makes of a page: one line, at most 500 characters."""
    message = " ".join(str(err).split()) or type(err).__name__
    if isinstance(err, OSError) and err.strerror:
        message = err.strerror
    return Failure(source, type(err).__name__, message[:500], record)


@dataclass
class PageResult:
    """The outcome for one input: ``cleaned`` (``article`` has text), ``empty`` (no
    article text found), ``failed`` (``failure`` says why), ``skipped`` (not a page
    file / not an HTML record; ``note`` says why) or ``done`` (output exists already)."""

    source: Source
    status: Status
    article: Article | None = None
    failure: Failure | None = None
    note: str = ""

    @classmethod
    def failed(cls, source: Source, err: BaseException) -> PageResult:
        """A failed result for ``source``, ``err`` telling why."""
        return cls(source, "failed", failure=failure_of(source.id, err, source.record))

    @property
    def non_200(self) -> bool:
        """A WARC response skipped for its HTTP status (not 200)."""
        return self.status == "skipped" and self.note.startswith(NON_200)


#: the start of the note of a WARC response skipped for its HTTP status
NON_200 = "non-200 response"
