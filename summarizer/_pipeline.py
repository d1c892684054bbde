"""The pipeline, stage by stage: ingest -> segment -> candidates -> extract -> ground -> assemble.

(Rendering, stage 7, is the caller's choice of format: see ``_render``.)
"""

from __future__ import annotations

import time
from pathlib import Path

from ._assemble import assemble
from ._candidates import Candidates, find_candidates, find_sources
from ._ground import ground_draft, ground_summary
from ._ingest import Article, article_from_text, read_article
from ._models import Brief, RunInfo
from ._segment import segment
from .backends import DEFAULT_BACKEND, Backend, BackendError, CallStats, load_backend

EMPTY_CANDIDATES = Candidates(statements=[], figures=[], sources=[], quotes=[])


def summarize(
    source: str | Path | Article,
    *,
    backend: str | Backend = DEFAULT_BACKEND,
    keep_ungrounded: bool = False,
    text: str | None = None,
    **backend_options,
) -> Brief:
    """Summarize one article into a grounded Brief.

    ``source`` is a path (``.txt``, ``.md``, ``.html``) or an already ingested ``Article``; pass
    ``text=...`` to summarize text held in memory (``source`` then only labels it). ``backend`` is a
    registered name (see ``summarizer.backends.available_backends``) or a Backend instance, which is reused and
    left open; a backend created here from a name is closed before returning.
    """
    if isinstance(source, Article):
        article = source
    elif text is not None:
        article = article_from_text(text, path=str(source) if source else None)
    else:
        article = read_article(source)
    owned = isinstance(backend, str)
    engine = load_backend(backend, **backend_options) if isinstance(backend, str) else backend
    try:
        return run(article, engine, keep_ungrounded=keep_ungrounded)
    finally:
        if owned:
            engine.close()


def run(article: Article, backend: Backend, *, keep_ungrounded: bool = False) -> Brief:
    started = time.perf_counter()
    document = segment(article)
    # A backend that never reads the rule candidates skips them and their parse (~50 ms).
    candidates = find_candidates(document) if backend.needs_candidates else EMPTY_CANDIDATES
    stats = CallStats()
    try:
        draft = backend.extract(document, candidates, stats)
    except BackendError as error:
        error.stats = stats  # tokens and attempts spent before the failure still count
        raise
    except Exception as error:  # a plugin's bug is its backend's failure: one line, not a traceback
        failure = BackendError(f"the {backend.name} backend failed: {type(error).__name__}: {error}")
        failure.stats = stats
        raise failure from error
    if not draft.sources:
        draft.sources = find_sources(document)
    draft.summary, draft.key_points, removed = ground_summary(document, draft.summary, draft.key_points)
    draft.warnings.extend(removed)
    grounded = ground_draft(article.text, draft, keep_ungrounded=keep_ungrounded)
    info = RunInfo(
        backend=backend.name,
        model=backend.model,
        prompt_version=backend.prompt_version,
        strategy=backend.strategy,
        tokens=stats.tokens,
        attempts=stats.attempts,
        stored_answers=stats.stored_answers,
        warnings=[*article.warnings, *stats.warnings],
    )
    brief = assemble(document, draft, grounded, info)
    brief.run.seconds = round(time.perf_counter() - started, 3)
    return brief
