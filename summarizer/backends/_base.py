"""The one small interface every backend implements, and how backends are found."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib.metadata import entry_points
from typing import Any, Protocol, runtime_checkable

from .._candidates import Candidates
from .._models import Draft, TokenUsage
from .._segment import Document


class BackendError(RuntimeError):
    """A backend failed after its retries; ``str(error)`` is one readable line. ``stats``: what the
    failed article had already cost (set by the pipeline), so a batch accounts for failures too."""

    stats: "CallStats | None" = None


class AccessDenied(BackendError):
    """The endpoint refused the credentials (HTTP 401 or 403): every later request would be
    refused the same way, so a batch stops at the first one."""


@dataclass
class CallStats:
    """Counted across every model call of one article, re-asks and retries included."""

    tokens: TokenUsage = field(default_factory=TokenUsage)
    attempts: int = 0
    warnings: list[str] = field(default_factory=list)


@runtime_checkable
class Backend(Protocol):
    """Optional, looked up with ``getattr``: ``worker_processes_ok = True`` lets `batch --workers`
    fork copies of the backend (absent means one process: a backend owning a server or a device
    must not be copied); ``prepare()`` is called once before a batch starts its threads or worker
    processes, to build shared state they would otherwise race or wait for."""

    name: str
    model: str | None
    prompt_version: str | None
    strategy: str  # "rules", "decomposed" or "whole-article"

    def extract(self, document: Document, candidates: Candidates, stats: CallStats) -> Draft: ...

    def close(self) -> None: ...


_BUILTIN = {
    "rules": "summarizer.backends.rules:RulesBackend",
    "openai": "summarizer.backends.openai_compat:OpenAICompatibleBackend",
    "embedded": "summarizer.backends.embedded:EmbeddedBackend",
}


@lru_cache(maxsize=1)
def _registered_backends() -> tuple[tuple[str, str], ...]:
    # Scanning entry points costs milliseconds; once per process is enough.
    return tuple((entry.name, entry.value) for entry in entry_points(group="summarizer.backends"))


def available_backends() -> dict[str, str]:
    return {**_BUILTIN, **dict(_registered_backends())}


def load_backend(name: str, **options: Any) -> Backend:
    """Instantiate a backend by name; unknown names list the known ones."""
    target = available_backends().get(name)
    if target is None:
        known = ", ".join(sorted(available_backends()))
        raise BackendError(f"unknown backend {name!r} (known: {known})")
    module_name, _, attribute = target.partition(":")
    import importlib

    factory = getattr(importlib.import_module(module_name), attribute)
    return factory(**options)
