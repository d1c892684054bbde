"""summarizer: turn a news article into a structured, verifiable brief.

The public API is small; everything else lives in private modules::

    from summarizer import summarize
    brief = summarize("article.txt", backend="rules")
    print(brief.statements[0].speaker, brief.statements[0].evidence.start)
"""

__version__ = "0.1.0"

from ._candidates import Candidates
from ._ingest import InputError, read_article
from ._models import (
    SCHEMA_VERSION, Actor, Appeal, ArticleInfo, Brief, Denial, Draft, DraftFigure, DraftStatement, Evidence,
    Figure, RunInfo, Statement,
)
from ._pipeline import summarize
from ._render import render_json, render_markdown
from ._segment import Document
from ._verify import VerifyReport, verify
from .backends import Backend, BackendError

__all__ = [
    "summarize", "verify", "read_article", "render_json", "render_markdown",
    "Brief", "Statement", "Denial", "Appeal", "Figure", "Actor", "Evidence", "ArticleInfo", "RunInfo",
    "VerifyReport", "InputError", "BackendError", "SCHEMA_VERSION", "__version__",
    # what a backend plugin reads and returns (see summarizer.backends.Backend)
    "Backend", "Document", "Candidates", "Draft", "DraftStatement", "DraftFigure",
]
