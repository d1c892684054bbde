"""Finding the articles a batch runs over: which files under the input folder count as articles,
and the refusal when none do."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from .errors import BatchError

ARTICLE_SUFFIXES = {".txt", ".md", ".html", ".htm"}


def find_articles(root: Path, pattern: str | None = None, exclude: Path | None = None) -> list[str]:
    """Relative POSIX paths of the articles under ``root``, sorted.

    With no ``pattern`` every .txt/.md/.html/.htm file at any depth is taken. A pattern with no "/"
    matches file names at any depth (``*.txt``); one with "/" is matched from ``root``
    (``2024/**/*.html``). Hidden files and folders, and anything inside ``exclude`` (the output
    folder, when it sits inside the input folder), are left out.
    """
    if not root.is_dir():
        raise BatchError(f"{root}: not a directory")
    if pattern is None:
        matches: Iterable[Path] = (p for p in root.rglob("*") if p.suffix.lower() in ARTICLE_SUFFIXES)
    else:
        matches = root.glob(pattern) if "/" in pattern else root.rglob(pattern)
    excluded = exclude.resolve() if exclude is not None else None
    found = []
    for path in matches:
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        if excluded is not None and path.resolve().is_relative_to(excluded):
            continue
        found.append(relative.as_posix())
    return sorted(found)


def require_articles(root: Path, pattern: str | None, out: Path | None) -> list[str]:
    """``find_articles``, refusing to run over none: a wrong folder or glob should say so, not succeed."""
    rels = find_articles(root, pattern, exclude=out)
    if not rels:
        what = f"matching {pattern!r}" if pattern else "(.txt, .md, .html, .htm)"
        raise BatchError(f"{root}: no article files {what}")
    return rels
