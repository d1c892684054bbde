"""The one interface every backend implements (``Backend``), and how backends are found by name.

Built-in backends are plugins like any other: each is registered under the ``summarizer.backends``
entry-point group in pyproject.toml, and a third-party package adds one the same way. Nothing
outside this package names a built-in backend.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.metadata import entry_points
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationError

from .._candidates import Candidates
from .._models import Draft, TokenUsage
from .._segment import Document


class BackendError(RuntimeError):
    """A backend failed after its retries; ``str(error)`` is one readable line. ``stats``: what the
    failed article had already cost (set by the pipeline), so a batch accounts for failures too."""

    stats: "CallStats | None" = None


class BackendUsageError(BackendError):
    """The backend asked for does not exist, cannot be loaded, or was given a bad option: the
    user's command is wrong (the CLI exits 2), not the model."""


class AccessDenied(BackendError):
    """The endpoint refused the credentials (HTTP 401 or 403): every later request would be
    refused the same way, so a batch stops at the first one."""


@dataclass
class CallStats:
    """Counted across every model call of one article, re-asks and retries included."""

    tokens: TokenUsage = field(default_factory=TokenUsage)
    attempts: int = 0
    stored_answers: int = 0  # answers read from a response cache or cassette instead of the model
    warnings: list[str] = field(default_factory=list)


class Options(BaseModel):
    """A backend's options. Subclass it with one typed field per option: ``--option key=value`` on
    the command line (and ``summarize(..., key=value)`` in Python) set them, pydantic converts and
    checks them, and ``--help`` lists every field that has a description. Unknown keys are refused."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True, frozen=True)

    # Options that change how a run goes but not what it produces (a timeout, a port): a batch
    # leaves them out of its result key, so changing one does not redo finished articles.
    run_only: ClassVar[frozenset[str]] = frozenset()

    def result_options(self) -> dict[str, Any]:
        """The user options (fields with a description) that decide the brief and differ from
        their defaults: what a batch adds to its result key."""
        from pydantic_core import to_jsonable_python

        return {name: to_jsonable_python(value) for name, field in type(self).model_fields.items()
                if field.description and name not in self.run_only
                and (value := getattr(self, name)) != field.default}


class Backend(ABC):
    """Fills a ``Draft`` from a segmented article. Subclass it and register the class under the
    ``summarizer.backends`` entry-point group; the CLI's ``summarize``, ``batch`` and ``eval`` then
    take it by name, exactly like a built-in.

    What a backend declares about itself, as class attributes (instances may refine them):

    - ``name``: the name it is registered and reported under;
    - ``Options``: a pydantic model of the options it takes (``self.options`` holds the values);
    - ``needs_candidates``: whether ``extract`` reads the rule candidates (False skips their parse);
    - ``calls_a_model``: whether it sends model requests, which an eval can record as cassettes
      and replay (its Options then take ``cache``, ``record`` and ``offline``);
    - ``default_concurrency``: articles in flight at once in a batch when the user says nothing;
    - ``worker_processes_ok``: whether ``batch --workers`` may fork copies of it (False for a
      backend owning a server or a device: each copy would start its own).

    and, per instance, ``model``, ``prompt_version`` and ``strategy``, which go into each brief's
    run record and into the batch result key (with the options that decide the brief: see
    ``Options.run_only``). A backend with ``needs_candidates = False`` gets empty ``Candidates``.
    An exception other than ``BackendError`` from ``extract`` is reported as the backend's failure.
    """

    name: ClassVar[str] = ""
    Options: ClassVar[type[Options]] = Options
    needs_candidates: bool = True
    calls_a_model: ClassVar[bool] = False
    default_concurrency: ClassVar[int] = 1
    worker_processes_ok: ClassVar[bool] = False

    model: str | None = None
    prompt_version: str | None = None
    strategy: str = ""

    def __init__(self, **options: Any):
        try:
            self.options = self.Options(**options)
        except ValidationError as error:
            raise BackendUsageError(f"{self.name} backend: {_first_problem(error)}") from None

    def default_workers(self, concurrency: int) -> int:
        """Worker processes for a batch with ``concurrency`` articles in flight (1 unless
        ``worker_processes_ok``; subclasses that may be copied say how many pay off)."""
        return 1

    def prepare(self) -> None:
        """Called once before a batch starts its threads or worker processes, to build shared
        state they would otherwise race or wait for. Never starts a server or sends a request."""

    @abstractmethod
    def extract(self, document: Document, candidates: Candidates, stats: CallStats) -> Draft:
        """The draft brief of one article; add every model call's tokens and attempts to ``stats``.
        Raise ``BackendError`` (one readable line) when it cannot be made."""

    def close(self) -> None:
        """Release what the backend holds (a server, a cache). Called once, at the end."""

    def __enter__(self) -> "Backend":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _first_problem(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first.get("loc", ()))
    if first.get("type") == "extra_forbidden":
        return f"no option {where!r}"
    return f"option {where!r}: {first.get('msg')}" if where else str(first.get("msg"))


def cpu_cores() -> int:
    return os.cpu_count() or 1


# The default backend needs no key and no network; an endpoint URL alone means the endpoint one.
DEFAULT_BACKEND = "embedded"
ENDPOINT_BACKEND = "openai"
# The model-free floor every model backend is measured against: the eval's default.
BASELINE_BACKEND = "rules"


@lru_cache(maxsize=1)
def _registered_backends() -> tuple[tuple[str, str], ...]:
    # Scanning entry points costs milliseconds; once per process is enough.
    return tuple((entry.name, entry.value) for entry in entry_points(group="summarizer.backends"))


def available_backends() -> dict[str, str]:
    """Every registered backend: name -> "module:Class" (the built-ins are registered too)."""
    return dict(_registered_backends())


def backend_class(name: str) -> type[Backend]:
    """The class registered as ``name``; unknown names list the known ones."""
    target = available_backends().get(name)
    if target is None:
        known = ", ".join(sorted(available_backends()))
        raise BackendUsageError(f"unknown backend {name!r} (known: {known})")
    module_name, _, attribute = target.partition(":")
    import importlib

    try:
        factory = getattr(importlib.import_module(module_name), attribute)
    except Exception as error:  # a broken plugin: one line naming it, never a traceback
        raise BackendUsageError(f"backend {name!r} ({target}) cannot be loaded: "
                                f"{type(error).__name__}: {error}") from None
    if not (isinstance(factory, type) and issubclass(factory, Backend)):
        raise BackendUsageError(f"backend {name!r} ({target}) is not a summarizer.backends.Backend subclass")
    return factory


def choose_backend(name: str | None, options: dict[str, Any]) -> str:
    """The backend to use when the user may not have named one: an endpoint URL implies the
    endpoint backend, otherwise the default one."""
    if name is not None:  # "" is a name too (an unknown one), not "choose for me"
        return name
    return ENDPOINT_BACKEND if options.get("base_url") else DEFAULT_BACKEND


def load_backend(name: str, **options: Any) -> Backend:
    """Instantiate a backend by name with its options; unknown names list the known ones."""
    return backend_class(name)(**options)
