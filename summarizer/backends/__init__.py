"""Backends fill a Draft from a segmented article: subclass ``Backend`` to write one.

Built-in backends are registered as entry points in the ``summarizer.backends`` group (see
pyproject.toml), exactly as a third-party package registers its own.
"""

from ._base import (
    BASELINE_BACKEND, DEFAULT_BACKEND, AccessDenied, Backend, BackendError, CallStats, Options, available_backends, backend_class,
    choose_backend, load_backend,
)

__all__ = [
    "Backend", "Options", "BackendError", "AccessDenied", "CallStats", "DEFAULT_BACKEND", "BASELINE_BACKEND", "available_backends",
    "backend_class", "choose_backend", "load_backend",
]
