"""Structured calls to any OpenAI-compatible endpoint: instructor over openai, tenacity for faults.

Layers, innermost first:
- ``_send``: one HTTP request. Transient faults (timeouts, connection errors, 429 honouring
  Retry-After, 5xx) are retried with capped exponential backoff by tenacity. Output cut off by
  ``max_tokens`` is retried once with twice the budget, then reported, never parsed half-way.
  Every request that reaches the server is one attempt; its token usage is added to the stats.
- a response store (disk cache, or an eval cassette) answers repeated identical requests.
- instructor validates the JSON against the pydantic model and re-asks the model with the
  validation errors, at most ``max_reasks`` times.
"""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import json
import logging
import os
import time
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, Protocol, TypeVar

from pydantic import BaseModel

from .._models import ANSWER_CONTEXT
from ._base import AccessDenied, BackendError, CallStats

T = TypeVar("T", bound=BaseModel)

# instructor wraps a plain pydantic model in a fresh ResponseSchema subclass on every call
# (pydantic.create_model, about 1 ms); a model that is already one is used as it is. So each
# answer model is wrapped once, here, with instructor's own public ``response_schema``.
_WRAPPED_MODELS: dict[type, type] = {}


_CHECK_CACHE_INSTALLED = False


def _cache_instructors_async_validator_check() -> None:
    """instructor walks the answer model's classes for async validators four times per call
    (0.34 ms a walk for the brief: 1.4 ms of the ~7 ms an article costs). The walk is a pure
    function of the class, so each class that passed is remembered. Only a speed-up: if a later
    instructor moves the function, nothing is replaced and every call still checks."""
    global _CHECK_CACHE_INSTALLED
    if _CHECK_CACHE_INSTALLED:
        return
    _CHECK_CACHE_INSTALLED = True
    import importlib

    try:
        validators = importlib.import_module("instructor.v2.validation.async_validators")
        patch = importlib.import_module("instructor.v2.core.patch")
    except ImportError:
        return
    original = getattr(validators, "reject_async_validators", None)
    if original is None or getattr(original, "_summarizer_cached", False):
        return
    passed: set = set()

    def reject_async_validators(response_model: Any) -> None:
        try:
            if response_model in passed:
                return
        except TypeError:  # unhashable: check every time
            return original(response_model)
        original(response_model)  # raises if the model has async validators
        passed.add(response_model)

    reject_async_validators._summarizer_cached = True  # type: ignore[attr-defined]
    validators.reject_async_validators = reject_async_validators
    if getattr(patch, "reject_async_validators", None) is original:
        patch.reject_async_validators = reject_async_validators


def _wrapped_for_instructor(model: type[T]) -> type[T]:
    wrapped = _WRAPPED_MODELS.get(model)
    if wrapped is None:
        import instructor

        _cache_instructors_async_validator_check()
        wrapped = model if issubclass(model, instructor.ResponseSchema) else instructor.response_schema(model)
        _WRAPPED_MODELS[model] = wrapped  # a race only builds the same class twice
    return wrapped

# instructor logs every failed attempt at ERROR; with no logging configured Python would print
# those to stderr. Failures reach the user once, as one line, through BackendError instead.
logging.getLogger("instructor").addHandler(logging.NullHandler())
logging.getLogger("instructor").propagate = False

# Which instructor mode each kind of server gets, and why:
# - "json_schema" (OpenAI, vLLM, Ollama): response_format={"type": "json_schema", ...} makes the
#   server enforce the schema.
# - "llamacpp": llama-cpp-python's server rejects json_schema with HTTP 500 but enforces a grammar
#   built from {"type": "json_object", "schema": ...}; instructor's JSON mode sends only
#   {"type": "json_object"}, so ``_send`` adds the schema to it.
# - "json" / "md_json": unconstrained JSON for servers with no structured output at all.
MODES = ("json_schema", "llamacpp", "json", "md_json", "tools")


class TruncatedOutput(BackendError):
    pass


class NotRecorded(BackendError):
    """Replay mode met a request that no cassette answers."""


class ResponseStore(Protocol):
    def get(self, key: str) -> dict | None: ...

    def put(self, key: str, request: dict, response: dict) -> None: ...


class DiskCache:
    """Model responses cached on disk (diskcache, SQLite underneath), keyed by the request body.

    The cache is only an optimisation: when its disk is full, unwritable or corrupt it is
    switched off with one warning (on the ``summarizer`` logger) and the run goes on without it."""

    def __init__(self, directory: str | os.PathLike):
        self._directory = str(directory)
        self._cache = None
        self._broken = False
        self._guard(self._open)

    def _open(self) -> None:
        import diskcache

        self._cache = diskcache.Cache(self._directory, size_limit=2**30)

    def _guard(self, action: Callable[[], Any]) -> Any:
        if self._broken:
            return None
        try:
            return action()
        except Exception as error:  # OSError, sqlite3.Error, a corrupt pickle: all mean "no cache"
            self._broken = True
            reason = getattr(error, "strerror", None) or _one_line(error)
            logging.getLogger("summarizer").warning(
                "the response cache at %s is unusable (%s); going on without it", self._directory, reason)
            return None

    def get(self, key: str) -> dict | None:
        return self._guard(lambda: self._cache.get(key)) if self._cache is not None else None

    def put(self, key: str, request: dict, response: dict) -> None:
        if self._cache is not None:
            self._guard(lambda: self._cache.set(key, response))

    def close(self) -> None:
        if self._cache is not None:
            with contextlib.suppress(Exception):
                self._cache.close()


def request_key(body: dict) -> str:
    """Stable hash of what decides the answer: model, messages, format, sampling. Never the API key."""
    wanted = {k: body.get(k) for k in ("model", "messages", "response_format", "temperature", "max_tokens",
                                         "tools", "tool_choice", "seed")}
    return hashlib.sha256(json.dumps(wanted, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _retry_after_seconds(error: BaseException) -> float | None:
    """The server's Retry-After, in seconds or as an HTTP date (RFC 9110), capped at a minute."""
    response = getattr(error, "response", None)
    headers = getattr(response, "headers", None) or {}
    value = headers.get("retry-after") if hasattr(headers, "get") else None
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        seconds = (when - datetime.now(timezone.utc)).total_seconds()
    return min(max(seconds, 0.0), 60.0)


def _is_transient(error: BaseException) -> bool:
    import openai

    if isinstance(error, (openai.APITimeoutError, openai.APIConnectionError, openai.RateLimitError,
                          openai.InternalServerError)):
        return True
    return isinstance(error, openai.APIStatusError) and error.status_code >= 500


def backoff_wait(longest: float):
    """Exponential backoff from 0.5 s, plus up to 0.5 s of jitter: the threads of a batch that
    failed together (a server restarting) do not all retry in the same instant."""
    from tenacity import wait_exponential, wait_random

    return wait_exponential(multiplier=0.5, max=longest) + wait_random(0, 0.5)


def connection_refused(error: BaseException) -> bool:
    """Nothing listens at the address: the connection was refused, not lost or slow."""
    return any(isinstance(e, ConnectionRefusedError) or "connection refused" in str(e).lower()
               for e in _exception_chain(error))


def _deadline_transport(seconds: float):
    """An httpx transport whose responses must arrive whole within ``seconds``.

    httpx's timeouts bound each read, so a server trickling its answer a few bytes at a time would
    never trip them; this bounds the whole response. A transport is httpx's documented extension
    point, and openai reports the ReadTimeout raised here as an ordinary timeout."""
    import httpx

    class DeadlineStream(httpx.SyncByteStream):
        def __init__(self, inner: httpx.SyncByteStream, deadline: float, request: httpx.Request):
            self._inner, self._deadline, self._request = inner, deadline, request

        def __iter__(self):
            for chunk in self._inner:
                if time.monotonic() > self._deadline:
                    raise httpx.ReadTimeout(f"no complete response within {seconds:g} s", request=self._request)
                yield chunk

        def close(self) -> None:
            self._inner.close()

    class DeadlineTransport(httpx.BaseTransport):
        def __init__(self):
            self._inner = httpx.HTTPTransport(verify=shared_tls_context())

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            deadline = time.monotonic() + seconds
            response = self._inner.handle_request(request)
            return httpx.Response(response.status_code, headers=response.headers, extensions=response.extensions,
                                  stream=DeadlineStream(response.stream, deadline, request))

        def close(self) -> None:
            self._inner.close()

    return DeadlineTransport()


_TLS_CONTEXT = None
_TLS_LOCK = threading.Lock()


def shared_tls_context():
    """One TLS context (the CA bundle loaded) per process, for every client of every caller.

    Loading the bundle takes about 30 ms. Built inside a batch's first request it held up every
    thread of the first wave behind the caller's lock (in each worker process); ``prepare`` builds
    it before the batch fans out, and forked workers inherit it."""
    global _TLS_CONTEXT
    with _TLS_LOCK:
        if _TLS_CONTEXT is None:
            import httpx

            _TLS_CONTEXT = httpx.create_ssl_context()
        return _TLS_CONTEXT


@dataclass
class LLMSettings:
    base_url: str | None
    model: str
    api_key: str
    mode: str = "json_schema"
    timeout: float = 120.0
    max_tokens: int = 1024
    max_output_tokens_cap: int = 4096
    temperature: float = 0.0
    max_reasks: int = 1
    max_transient_retries: int = 4
    backoff_max: float = 20.0


class StructuredCaller:
    """Calls one endpoint for pydantic-typed answers. Thread-safe: batch runs share one."""

    def __init__(self, settings: LLMSettings, store: ResponseStore | None = None, *,
                 record: ResponseStore | None = None, offline: bool = False,
                 connect: Callable[[], str] | None = None):
        """``offline``: answer only from the stores (eval replay). ``connect``: called once, before
        the first request that no store answers, to start a server and return its base URL."""
        self.settings = settings
        self.store = store
        self.record = record
        self.offline = offline
        self._connect = connect
        self._connected = False
        self._local = threading.local()
        self._generation = 0
        self._lock = threading.Lock()
        # Until one request has been answered, a refused connection means a wrong --base-url (or a
        # server not started): fail at once. Later in a run it is a restarting server: retry.
        self._answered_once = False

    @property
    def client(self):
        """This thread's openai client. One per thread: batch threads sharing a single httpx
        connection pool queue on its lock, and a thread holding that lock can lose the GIL to
        one of the others, which then waits on both (measured: 9 ms of client CPU per article
        at 32 threads, against 6.5 ms with one thread). They share one TLS context (``shared_tls_context``)."""
        client = getattr(self._local, "client", None)
        if client is None or self._local.generation != self._generation:
            client = self._local.client = self._new_client()
            self._local.generation = self._generation
        return client

    def _new_client(self):
        import openai

        with self._lock:
            if self._connect is not None and not self._connected:
                self.settings.base_url = self._connect()
                self._connected = True
        # openai's own retries are off: tenacity owns retrying, so attempts are counted once.
        return openai.OpenAI(base_url=self.settings.base_url, api_key=self.settings.api_key,
                             timeout=self.settings.timeout, max_retries=0,
                             http_client=openai.DefaultHttpxClient(
                                 transport=_deadline_transport(self.settings.timeout)))

    def prepare(self) -> None:
        """Build, before a batch fans out to threads or worker processes, what each would otherwise
        wait for in its first request (the TLS context). Never starts a server or sends a request."""
        if not self.offline:
            shared_tls_context()

    @property
    def connected(self) -> bool:
        """Whether ``connect`` has run (the embedded server was started for this caller)."""
        return self._connected or self._connect is None

    def reset_connection(self) -> None:
        """Drop every thread's client (after a server restart, or in a forked child)."""
        with self._lock:
            self._generation += 1

    # -- the public call -------------------------------------------------------------------
    def call(self, response_model: type[T], messages: list[dict], stats: CallStats, *,
             max_tokens: int | None = None, validation_context: dict | None = None) -> T:
        import instructor
        from instructor.core.exceptions import InstructorRetryException

        schema = response_model.model_json_schema() if self.settings.mode == "llamacpp" else {}
        mode = {
            "json_schema": instructor.Mode.JSON_SCHEMA,
            "llamacpp": instructor.Mode.JSON,
            "json": instructor.Mode.JSON,
            "md_json": instructor.Mode.MD_JSON,
            "tools": instructor.Mode.TOOLS,
        }[self.settings.mode]

        original_system = messages[0]["content"] if messages and messages[0]["role"] == "system" else None
        # Fresh answers of this call, (key, body, response); only the one that validates is cached,
        # so an invalid or empty answer is never replayed from the cache.
        answers: list[tuple[str, dict, dict]] = []

        def create(**body: Any):
            if self.settings.mode == "llamacpp" and original_system is not None:
                # instructor's JSON mode appends the whole JSON Schema to the system message. With
                # llama.cpp the grammar already enforces it, and the extra text would cost
                # hundreds of prompt tokens and break the shared-prefix cache between calls.
                body["messages"] = [{**body["messages"][0], "content": original_system}, *body["messages"][1:]]
            return self._send(body, schema, stats, answers)

        patched = instructor.patch(create=create, mode=mode)
        # Validators get their context from ANSWER_CONTEXT; instructor's own ``context=`` would
        # render the article as a Jinja template (see ANSWER_CONTEXT).
        context_token = ANSWER_CONTEXT.set(validation_context)
        try:
            answer = patched(
                model=self.settings.model,
                messages=[dict(message) for message in messages],  # instructor appends re-asks to it
                response_model=_wrapped_for_instructor(response_model),
                max_retries=self.settings.max_reasks,
                max_tokens=max_tokens or self.settings.max_tokens,
                temperature=self.settings.temperature,
            )
            if answers and self.store is not None:
                # The accepted answer, under the key of the call's first request: a re-run asks that
                # first, and gets the outcome at once (an invalid first answer is never replayed).
                (key, body, _), accepted = answers[0], answers[-1][2]
                self.store.put(key, body, accepted)
            return answer
        except BackendError as error:
            raise self._masked(error) from None
        except Exception as error:  # instructor wraps provider and validation errors in several ways
            chain = _exception_chain(error)
            ours = next((e for e in chain if isinstance(e, BackendError)), None)
            if ours is not None:
                raise self._masked(ours) from None
            if isinstance(error, InstructorRetryException) or any(isinstance(e, ValueError) for e in chain):
                raise self._masked(BackendError(
                    f"the model's answer failed validation after {self.settings.max_reasks + 1} attempt(s): "
                    f"{_one_line(chain[-1])}"
                )) from None
            raise self._masked(BackendError(f"model call failed: {_one_line(chain[-1])}")) from None
        finally:
            ANSWER_CONTEXT.reset(context_token)

    def _masked(self, error: BackendError) -> BackendError:
        """The same error with the API key blotted out: a server may echo it in its error body."""
        key = self.settings.api_key or ""
        text = str(error)
        if len(key) >= 6 and key in text:
            masked = type(error)(text.replace(key, "***"))
            return masked
        return error

    # -- one request, with retries for transient faults ------------------------------------
    def _send(self, body: dict, schema: dict, stats: CallStats, answers: list | None = None):
        import openai
        from openai.types.chat import ChatCompletion
        from tenacity import Retrying, retry_if_exception, stop_after_attempt

        body = dict(body)
        if self.settings.mode == "llamacpp":
            body["response_format"] = {"type": "json_object", "schema": schema}
        stores = [store for store in (self.store, self.record) if store is not None]
        key = request_key(body) if stores else ""  # hashing the body costs ~0.3 ms: only when used
        for store in stores:
            cached = store.get(key)
            if cached is not None:
                return ChatCompletion.model_validate(cached)
        if self.offline:
            raise NotRecorded("no recorded response for this request (replay mode); record it with --record")

        backoff = backoff_wait(self.settings.backoff_max)

        def wait(state) -> float:
            error = state.outcome.exception() if state.outcome else None
            told = _retry_after_seconds(error) if error else None
            return told if told is not None else backoff(state)

        def worth_retrying(error: BaseException) -> bool:
            return _is_transient(error) and (self._answered_once or not connection_refused(error))

        retrying = Retrying(
            retry=retry_if_exception(worth_retrying),
            wait=wait,
            stop=stop_after_attempt(self.settings.max_transient_retries + 1),
            reraise=True,
        )
        budget = body.get("max_tokens") or self.settings.max_tokens
        for _ in range(2):  # the second round only after a truncated answer, with twice the budget
            body["max_tokens"] = budget
            try:
                response = retrying(self._post, body, stats)
            except openai.APIStatusError as error:
                refused = error.status_code in (401, 403)
                raise (AccessDenied if refused else BackendError)(
                    f"the endpoint answered HTTP {error.status_code}: {_one_line(error)}") from None
            except (openai.APITimeoutError, openai.APIConnectionError) as error:
                if connection_refused(error) and not self._answered_once:
                    raise BackendError(f"cannot reach the model endpoint {self.settings.base_url}: "
                                       "connection refused (is the server running?)") from None
                raise BackendError(
                    f"cannot reach the model endpoint {self.settings.base_url or 'api.openai.com'} "
                    f"after {self.settings.max_transient_retries + 1} attempts ({type(error).__name__})"
                ) from None
            choice = response.choices[0] if response.choices else None
            if choice is None or choice.finish_reason != "length":
                break
            stats.warnings.append(f"model output truncated at max_tokens={budget}; retried with {budget * 2}")
            budget = min(budget * 2, self.settings.max_output_tokens_cap)
        else:
            raise TruncatedOutput(
                f"model output was truncated at max_tokens={budget} twice; the answer is incomplete"
            )
        if stores:
            dumped = response.model_dump(mode="json")
            if self.record is not None:  # a cassette keeps every answer, re-asks included, for replay
                self.record.put(key, _redacted(body), dumped)
            if self.store is not None and answers is not None:
                answers.append((key, _redacted(body), dumped))
        return response

    def _post(self, body: dict, stats: CallStats):
        from openai.types.chat import ChatCompletion

        stats.attempts += 1
        # client.post (openai's documented way to send a raw body) rather than
        # chat.completions.create: the body is already plain JSON, and create's recursive
        # TypedDict transform walks the whole response_format schema on every call (about 2 ms).
        response = self.client.post("/chat/completions", body=body, cast_to=ChatCompletion)
        self._answered_once = True
        if response.usage is not None:
            stats.tokens.add(response.usage.prompt_tokens or 0, response.usage.completion_tokens or 0)
        return response


def _redacted(body: dict) -> dict:
    # Bodies never hold credentials (the key travels in a header), but be explicit about it.
    return {k: v for k, v in body.items() if k.lower() not in {"api_key", "authorization", "extra_headers"}}


def _exception_chain(error: BaseException) -> list[BaseException]:
    """The error and everything it wraps, outermost first (instructor keeps the cause in several places)."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain and len(chain) < 20:
        chain.append(current)
        nested = getattr(current, "last_exception", None)
        current = nested if isinstance(nested, BaseException) else (current.__cause__ or current.__context__)
    return chain


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return (text[:300] + "…") if len(text) > 300 else text or type(error).__name__
