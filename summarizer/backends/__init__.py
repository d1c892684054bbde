"""Backends fill a Draft from a segmented article; see ``_base.Backend`` for the interface.

Built-in backends are registered as entry points in the ``summarizer.backends`` group (see
pyproject.toml), so a third-party package can add one without touching this code.
"""

from ._base import AccessDenied, Backend, BackendError, CallStats, load_backend, available_backends
from .openai_batch import AnsweredBackend, BatchAnswer, openai_batch_request, parse_result_line

__all__ = ["AccessDenied", "Backend", "BackendError", "CallStats", "load_backend", "available_backends",
           "AnsweredBackend", "BatchAnswer", "openai_batch_request", "parse_result_line"]
