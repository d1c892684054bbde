"""Any OpenAI-compatible endpoint: OpenAI, vLLM, Ollama, llama.cpp, LM Studio, ..."""

from __future__ import annotations

from typing import Any, Literal, Optional, Union

from pydantic import Field

from .. import _environment
from .._candidates import Candidates
from .._models import Draft
from .._prompts import DEFAULT_PROMPT_VERSION
from .._segment import Document
from ._base import Backend, BackendError, CallStats, Options, cpu_cores
from .embedded import MODEL_ALIAS
from ._llm import MODES, LLMSettings, StructuredCaller
from ._store import DiskCache
from ._transport import connection_refused
from ._strategies import decomposed, whole_article

STRATEGIES = ("whole-article", "decomposed")


def resolve_api_key(api_key_env: str | None) -> str:
    """--api-key-env NAME, else SUMMARIZER_API_KEY, else OPENAI_API_KEY; local servers need none."""
    try:
        return _environment.api_key(api_key_env) or "not-needed"
    except LookupError:
        raise BackendError(f"the environment variable {api_key_env} (from --api-key-env) is not set") from None


class OpenAIOptions(Options):
    base_url: Optional[str] = Field(None, description="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8000/v1 "
                                    "(none: api.openai.com, with an API key)")
    model: Optional[str] = Field(None, description="model name at the endpoint (default: the first it lists)")
    api_key_env: Optional[str] = Field(None, description="environment variable holding the API key (default: "
                                       "SUMMARIZER_API_KEY, then OPENAI_API_KEY)")
    timeout: float = Field(120.0, gt=0, description="seconds to wait for one model response")
    mode: Optional[Literal[MODES]] = Field(None, description="how structured output is requested: json_schema "
                                           "(OpenAI, vLLM, Ollama; the default), llamacpp, json, md_json, tools")
    strategy: Optional[Literal[STRATEGIES]] = Field(None, description="whole-article (strong models; the "
                                                    "default) or decomposed (small models)")
    prompt_version: str = Field(DEFAULT_PROMPT_VERSION, description="prompt set under prompts/")
    resolve_speakers: Optional[bool] = Field(None, description="decomposed strategy: let the model choose the "
                                             "speakers the rules could not name (default: yes, except for "
                                             "the bundled model, which loses to the rules at it)")
    max_reasks: int = Field(1, ge=0, description="re-asks after an answer that fails validation")
    max_transient_retries: int = Field(4, ge=0, description="retries after a timeout, 429 or 5xx")
    run_only = frozenset({"base_url", "api_key_env", "timeout", "max_transient_retries"})
    # Library plumbing, not user options (no description: not listed): the response store or cassette.
    cache: Union[bool, Any] = True
    record: Any = None
    offline: bool = False
    transport: Any = None  # an httpx transport instead of the network (tests: httpx.MockTransport)


class OpenAICompatibleBackend(Backend):
    """Any OpenAI-compatible endpoint, asked for the brief through structured output."""

    name = "openai"
    Options = OpenAIOptions
    calls_a_model = True
    # Model calls are I/O-bound: the server batches concurrent requests.
    default_concurrency = 8
    # `batch --workers` may fork it: it holds no server, and its HTTP clients are per thread.
    worker_processes_ok = True

    def __init__(self, **options: Any):
        super().__init__(**options)
        opts = self.options
        base_url = opts.base_url or ("http://replay.invalid/v1" if opts.offline else None)
        api_key = resolve_api_key(opts.api_key_env)
        if base_url is None and api_key == "not-needed":
            raise BackendError(
                "no endpoint configured: pass --base-url (or set SUMMARIZER_BASE_URL), or set "
                "SUMMARIZER_API_KEY / OPENAI_API_KEY to use api.openai.com"
            )
        self.prompt_version = opts.prompt_version
        self.base_url = base_url
        store = DiskCache(_environment.response_cache_dir()) if opts.cache is True else (opts.cache or None)
        self._settings = LLMSettings(
            base_url=base_url, model=opts.model or "", api_key=api_key,
            mode=opts.mode or "json_schema", timeout=opts.timeout, max_reasks=opts.max_reasks,
            max_transient_retries=opts.max_transient_retries,
        )
        self._caller = StructuredCaller(self._settings, store, record=opts.record, offline=opts.offline,
                                        transport=opts.transport)
        served: list[str] = []
        if not self._settings.model:
            served = self._served_models(required=True)
            self._settings.model = served[0]
        elif opts.mode is None and base_url is not None and not opts.offline:
            served = self._served_models(required=False)
        # `summarizer serve` (llama.cpp with the bundled model) needs the llama.cpp mode and the
        # small-model strategy: recognised by the model it serves, so --base-url alone is enough.
        ours = MODEL_ALIAS in served
        if ours and opts.mode is None:
            self._settings.mode = "llamacpp"
        self.strategy = opts.strategy or ("decomposed" if ours else "whole-article")
        self.needs_candidates = self.strategy == "decomposed"
        self.resolve_speakers = (not ours) if opts.resolve_speakers is None else opts.resolve_speakers
        self.model = self._settings.model

    def default_workers(self, concurrency: int) -> int:
        # Answers need the GIL to parse, ground and write; one process keeps up with about 16 in
        # flight (bench/concurrency.py).
        return max(1, min(cpu_cores(), -(-concurrency // 16)))

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
            return decomposed(self._caller, document, candidates, stats, self.prompt_version,
                              resolve_speakers=self.resolve_speakers)
        return whole_article(self._caller, document, stats, self.prompt_version)

    def close(self) -> None:
        store = self._caller.store
        if isinstance(store, DiskCache):
            store.close()
