"""An :class:`~cleaner.model.Article` as the text a user reads: the output formats
(``txt``, ``json``, ``markdown``) and the ``--explain`` lines.

Shared by ``cleaner clean`` (standard output) and ``cleaner batch`` (one file a page).
"""

from __future__ import annotations

from .model import Article

__all__ = ["EXTENSIONS", "FORMATS", "explain_lines", "render"]

#: the per-article output formats, and the file extension of each
EXTENSIONS = {"txt": ".txt", "json": ".json", "markdown": ".md"}
FORMATS = tuple(EXTENSIONS)


def render(article: Article, fmt: str) -> str:
    """The article in format ``fmt`` (``txt``, ``json`` or ``markdown``), as it is written out."""
    if fmt == "json":
        return article.to_json() + "\n"
    if fmt == "markdown":
        return article.to_markdown()
    return article.to_text()


def explain_lines(article: Article) -> list[str]:
    """One line per removed block: reason, then the start of its text."""
    lines = [f"removed {len(article.removed)} block(s):"]
    for item in article.removed:
        score = f" ({item.score:+.2f})" if item.score is not None else ""
        text = " ".join(item.text.split())
        if len(text) > 100:
            text = text[:99] + "…"
        lines.append(f"  [{item.reason}{score}] {text}")
    return lines
