"""Backends fill a Draft from a segmented article: subclass ``Backend`` to write one.

Built-in backends are registered as entry points in the ``summarizer.backends`` group (see
pyproject.toml), exactly as a third-party package registers its own.
"""

from ._base import (
    BASELINE_BACKEND, DEFAULT_BACKEND, AccessDenied, Backend, BackendError, BackendUsageError, CallStats, Options,
    available_backends, backend_class, choose_backend, load_backend,
)
from .openai_batch import AnsweredBackend, BatchAnswer, openai_batch_request, parse_result_line


def local_model_server(model_path=None, *, port: int = 8080, threads: int | None = None,
                       ctx_size: int | None = None):
    """The bundled model's OpenAI-compatible server (``summarizer serve``), not yet started; the
    model is assembled and verified first. Use it as a context manager, or ``start()``/``stop()``."""
    from .embedded import EmbeddedServer, ServerSettings, ensure_model

    return EmbeddedServer(ServerSettings(model=ensure_model(model_path), port=port, threads=threads,
                                         ctx_size=ctx_size))


__all__ = [
    "Backend", "Options", "BackendError", "BackendUsageError", "AccessDenied", "CallStats", "DEFAULT_BACKEND", "BASELINE_BACKEND",
    "available_backends", "backend_class", "choose_backend", "load_backend", "local_model_server",
    # the OpenAI Batch API file format, for `batch --export-openai-batch / --import-openai-batch`
    "AnsweredBackend", "BatchAnswer", "openai_batch_request", "parse_result_line",
]
