"""Any OpenAI-compatible endpoint: OpenAI, vLLM, Ollama, llama.cpp, LM Studio, ..."""

from __future__ import annotations

import os
from typing import Any

from .._candidates import Candidates
from .._models import Draft
from .._prompts import DEFAULT_PROMPT_VERSION
from .._segment import Document
from ._base import BackendError, CallStats
from .embedded import MODEL_ALIAS
from ._llm import MODES, LLMSettings, StructuredCaller
from ._store import DiskCache, ResponseStore
from ._transport import connection_refused
from ._strategies import decomposed, whole_article

STRATEGIES = ("whole-article", "decomposed")


def resolve_api_key(api_key_env: str | None) -> str:
    """--api-key-env NAME, else SUMMARIZER_API_KEY, else OPENAI_API_KEY; local servers need none."""
    if api_key_env:
        value = os.environ.get(api_key_env)
        if not value:
            raise BackendError(f"the environment variable {api_key_env} (from --api-key-env) is not set")
        return value
    return os.environ.get("SUMMARIZER_API_KEY") or os.environ.get("OPENAI_API_KEY") or "not-needed"


def default_cache_dir() -> str:
    from platformdirs import user_cache_dir

    return os.environ.get("SUMMARIZER_CACHE_DIR") or os.path.join(user_cache_dir("summarizer"), "responses")


class OpenAICompatibleBackend:
    name = "openai"
    # `batch --workers` may fork it: it holds no server, and its HTTP clients are per thread.
    worker_processes_ok = True

    def __init__(
        self,
        base_url: str | None = None,
        model: str | None = None,
        api_key_env: str | None = None,
        timeout: float = 120.0,
        mode: str | None = None,
        strategy: str | None = None,
        prompt_version: str = DEFAULT_PROMPT_VERSION,
        cache: bool | ResponseStore = True,
        record: ResponseStore | None = None,
        max_reasks: int = 1,
        max_transient_retries: int = 4,
        offline: bool = False,
        transport: Any = None,
        **_: Any,
    ):
        """``transport``: an httpx transport to use instead of the network (tests pass an
        ``httpx.MockTransport``); see ``StructuredCaller``."""
        base_url = base_url or os.environ.get("SUMMARIZER_BASE_URL") or ("http://replay.invalid/v1" if offline else None)
        api_key = resolve_api_key(api_key_env)
        if base_url is None and api_key == "not-needed":
            raise BackendError(
                "no endpoint configured: pass --base-url (or set SUMMARIZER_BASE_URL), or set "
                "SUMMARIZER_API_KEY / OPENAI_API_KEY to use api.openai.com"
            )
        chosen_mode = mode or os.environ.get("SUMMARIZER_MODE")
        chosen_strategy = strategy or os.environ.get("SUMMARIZER_STRATEGY")
        for value, known, what in ((chosen_mode, MODES, "mode"), (chosen_strategy, STRATEGIES, "strategy")):
            if value is not None and value not in known:
                raise BackendError(f"unknown {what} {value!r} (known: {', '.join(known)})")
        self.prompt_version = prompt_version
        self.base_url = base_url
        store = DiskCache(default_cache_dir()) if cache is True else (cache or None)
        self._settings = LLMSettings(
            base_url=base_url, model=model or os.environ.get("SUMMARIZER_MODEL") or "", api_key=api_key,
            mode=chosen_mode or "json_schema", timeout=timeout, max_reasks=max_reasks,
            max_transient_retries=max_transient_retries,
        )
        self._caller = StructuredCaller(self._settings, store, record=record, offline=offline, transport=transport)
        served: list[str] = []
        if not self._settings.model:
            served = self._served_models(required=True)
            self._settings.model = served[0]
        elif chosen_mode is None and base_url is not None and not offline:
            served = self._served_models(required=False)
        # `summarizer serve` (llama.cpp with the bundled model) needs the llama.cpp mode and the
        # small-model strategy: recognised by the model it serves, so --base-url alone is enough.
        ours = MODEL_ALIAS in served
        if ours and chosen_mode is None:
            self._settings.mode = "llamacpp"
        self.strategy = chosen_strategy or ("decomposed" if ours else "whole-article")
        self.model = self._settings.model

    def _served_models(self, *, required: bool) -> list[str]:
        """The endpoint's model ids. With no --model the first is the obvious choice, and failing to
        list them is an error; otherwise the list only tells which server this is."""
        client = self._caller.client
        try:
            served = [entry.id for entry in client.models.list()]
        except Exception as error:  # any failure here is "cannot tell"
            if not required:
                return []
            if connection_refused(error):
                raise BackendError(f"cannot reach the model endpoint {self.base_url}: connection refused "
                                   "(is the server running?)") from None
            raise BackendError(
                f"no --model given and the endpoint {self.base_url} did not list its models "
                f"({type(error).__name__}); pass --model or set SUMMARIZER_MODEL"
            ) from None
        finally:
            # No connection may stay open: `batch --workers` forks after this, and a keep-alive
            # socket shared by forked processes hangs whichever of them reads it next.
            client.close()
            self._caller.reset_connection()
        if required and not served:
            raise BackendError("no --model given and the endpoint lists no models; pass --model")
        return served

    @property
    def caller(self) -> StructuredCaller:
        return self._caller

    def prepare(self) -> None:
        self._caller.prepare()

    def extract(self, document: Document, candidates: Candidates, stats: CallStats) -> Draft:
        if self.strategy == "decomposed":
            return decomposed(self._caller, document, candidates, stats, self.prompt_version)
        return whole_article(self._caller, document, stats, self.prompt_version)

    def close(self) -> None:
        store = self._caller.store
        if isinstance(store, DiskCache):
            store.close()
