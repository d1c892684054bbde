"""Structured calls to any OpenAI-compatible endpoint: instructor over the openai client.

``instructor.from_openai`` turns a pydantic model into the request, validates the answer and
re-asks the model with the validation errors, at most ``max_reasks`` times. Below the openai
client, httpx transports do the rest (see ``_store`` and ``_transport``): a response store
answers requests it has seen, and transient faults are retried there, the only retry layer.
Output cut off at ``max_tokens`` is asked again once with twice the budget, then reported, never
parsed half-way. Token usage is counted by an instructor hook; every request that reaches the
server is one attempt (counted by the retrying transport). Failures, re-asks and retries
included, end as one ``BackendError`` line with the API key masked.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, TypeVar

from pydantic import BaseModel

from ._answers import AnswerContext, instructor_ready
from ._base import AccessDenied, BackendError, CallStats
from ._store import ResponseStore, ServerNeeded, StoreTransport
from ._transport import (
    CURRENT_CALL, CallState, DeadlineTransport, RetryingTransport, RunState, connection_refused, exception_chain,
    one_line, shared_tls_context,
)

if TYPE_CHECKING:
    import httpx

T = TypeVar("T", bound=BaseModel)

# instructor logs every failed attempt at ERROR; with no logging configured Python would print
# those to stderr. Failures reach the user once, as one line, through BackendError instead.
logging.getLogger("instructor").addHandler(logging.NullHandler())
logging.getLogger("instructor").propagate = False

# Which instructor mode each kind of server gets, and why:
# - "json_schema" (OpenAI, vLLM, Ollama): response_format={"type": "json_schema", ...} makes the
#   server enforce the schema.
# - "llamacpp": llama-cpp-python's server, see ``llama_cpp_response_format``.
# - "json" / "md_json": unconstrained JSON for servers with no structured output at all.
# - "tools": a forced function call, for servers that constrain tool arguments only.
MODES = ("json_schema", "llamacpp", "json", "md_json", "tools")
_INSTRUCTOR_MODES = {"json_schema": "JSON_SCHEMA", "llamacpp": "JSON_SCHEMA", "json": "JSON", "md_json": "MD_JSON",
                     "tools": "TOOLS"}


def llama_cpp_response_format(model: type[BaseModel]) -> dict:
    """The response_format llama-cpp-python's server enforces: {"type": "json_object", "schema": …}.

    Its server rejects {"type": "json_schema", …} with HTTP 500 but builds a grammar from this
    form (abetlen/llama-cpp-python#1122); accepting OpenAI's form is abetlen/llama-cpp-python#1677,
    still open. Mode "llamacpp" therefore asks instructor for JSON_SCHEMA, which leaves the
    messages as written (instructor's JSON mode would append the whole schema to the system
    message: hundreds of prompt tokens, and no prefix shared between calls), and sends this in its
    place through the openai client's ``extra_body``, which overrides keys of the body."""
    return {"type": "json_object", "schema": model.model_json_schema()}


class TruncatedOutput(BackendError):
    pass


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
    # How errors name the server: the embedded backend's own server is "the local model", never
    # an endpoint the user would go and check.
    server_name: str | None = None


class StructuredCaller:
    """Calls one endpoint for pydantic-typed answers. Thread-safe: batch runs share one."""

    def __init__(self, settings: LLMSettings, store: ResponseStore | None = None, *,
                 record: ResponseStore | None = None, offline: bool = False,
                 connect: Callable[[], str] | None = None, transport: "httpx.BaseTransport | None" = None):
        """``store``: answers repeated requests, and keeps validated answers. ``record``: a cassette
        that keeps every answer. ``offline``: answer only from them (eval replay). ``connect``:
        called once, before the first request that no store answers, to start a server and return
        its base URL. ``transport``: the network under the caller's own transports (tests pass an
        ``httpx.MockTransport``); by default httpx's, with the shared TLS context."""
        self.settings = settings
        self.store = store
        self.record = record
        self.offline = offline
        self._connect = connect
        self._connected = False
        self._transport = transport
        self._local = threading.local()
        self._generation = 0
        self._lock = threading.Lock()
        self._run = RunState()

    # -- clients: one openai client (and its instructor) per thread -------------------------
    @property
    def client(self):
        """This thread's openai client. One per thread: batch threads sharing a single httpx
        connection pool queue on its lock, and a thread holding that lock can lose the GIL to
        one of the others, which then waits on both (measured: 9 ms of client CPU per article
        at 32 threads, against 6.5 ms with one thread). They share one TLS context (``shared_tls_context``)."""
        return self._thread_clients()[0]

    def _thread_clients(self):
        local, generation = self._local, self._generation  # (read first: a reset while building rebuilds)
        if getattr(local, "generation", None) != generation:
            local.clients = self._new_clients()
            local.generation = generation
        return local.clients

    def _new_clients(self):
        import httpx
        import instructor
        import openai

        network = self._transport or httpx.HTTPTransport(verify=shared_tls_context())
        transport = StoreTransport(
            RetryingTransport(DeadlineTransport(network, self.settings.timeout),
                              retries=self.settings.max_transient_retries, backoff_max=self.settings.backoff_max,
                              run=self._run),
            store=self.store, record=self.record, offline=self.offline, server_needed=not self.connected)
        # The openai client's own retries are off: RetryingTransport is the one retry layer.
        client = openai.OpenAI(base_url=self.settings.base_url, api_key=self.settings.api_key,
                               timeout=self.settings.timeout, max_retries=0,
                               http_client=openai.DefaultHttpxClient(transport=transport))
        structured = instructor.from_openai(client, mode=instructor.Mode[_INSTRUCTOR_MODES[self.settings.mode]])
        structured.on("completion:response", _count_tokens)
        return client, structured

    def prepare(self) -> None:
        """Build, before a batch fans out to threads or worker processes, what each would otherwise
        wait for in its first request (the TLS context). Never starts a server or sends a request."""
        if not self.offline:
            shared_tls_context()

    @property
    def connected(self) -> bool:
        """Whether ``connect`` has run (the embedded server was started for this caller)."""
        return self._connected or self._connect is None

    def _start_server(self) -> None:
        with self._lock:
            if not self._connected:
                self.settings.base_url = self._connect()
                self._connected = True
                self._generation += 1  # every thread's client is rebuilt for the new address

    def reset_connection(self) -> None:
        """Drop every thread's client (after a server restart, or in a forked child)."""
        with self._lock:
            self._generation += 1

    # -- the public call -------------------------------------------------------------------
    def call(self, response_model: type[T], messages: list[dict], stats: CallStats, *,
             max_tokens: int | None = None, validation_context: dict | None = None) -> T:
        """The model's answer to ``messages`` as a ``response_model``; ``validation_context`` is
        what its validators read (``info.context``)."""
        from instructor.core import IncompleteOutputException

        call = CallState(stats)
        token = CURRENT_CALL.set(call)
        budget = max_tokens or self.settings.max_tokens
        context = AnswerContext(validation_context) if validation_context is not None else None
        try:
            for second_round in (False, True):  # the second only after a truncated answer
                try:
                    answer = self._ask(response_model, messages, budget, context)
                    break
                except IncompleteOutputException:
                    if second_round:
                        raise TruncatedOutput(f"model output was truncated at max_tokens={budget} twice; "
                                              "the answer is incomplete") from None
                    stats.warnings.append(f"model output truncated at max_tokens={budget}; retried with {budget * 2}")
                    budget = min(budget * 2, self.settings.max_output_tokens_cap)
            if call.fresh and self.store is not None:
                # The accepted answer, under the key of the call's first request: a re-run asks that
                # first, and gets the outcome at once (an invalid first answer is never replayed).
                (key, body, _), accepted = call.fresh[0], call.fresh[-1][2]
                self.store.put(key, body, accepted)
            return answer
        except BackendError as error:
            raise self._masked(error) from None
        except Exception as error:  # instructor wraps provider and validation errors in several ways
            raise self._masked(self._failure(error)) from None
        finally:
            CURRENT_CALL.reset(token)

    def _ask(self, response_model: type[T], messages: list[dict], max_tokens: int, context: AnswerContext | None) -> T:
        extra: dict[str, Any] = {}
        if self.settings.mode == "llamacpp":
            extra["extra_body"] = {"response_format": llama_cpp_response_format(response_model)}
        for _ in range(2):  # the second only after starting the server
            try:
                return self._thread_clients()[1].create(
                    response_model=instructor_ready(response_model),
                    messages=messages,
                    max_retries=self.settings.max_reasks,
                    context=context,
                    model=self.settings.model,
                    max_tokens=max_tokens,
                    temperature=self.settings.temperature,
                    **extra,
                )
            except Exception as error:
                if not any(isinstance(e, ServerNeeded) for e in exception_chain(error)):
                    raise
                # No store had the answer: the server is needed now (another thread may have started
                # it already), and this thread's client, built without its address, is replaced.
                self._start_server()
        raise BackendError("the model server was started, but this thread's client could not reach it")

    def _failure(self, error: Exception) -> BackendError:
        """The one-line BackendError for whatever instructor, openai or httpx raised."""
        import openai
        from instructor.core import InstructorRetryException

        chain = exception_chain(error)
        ours = next((e for e in chain if isinstance(e, BackendError)), None)
        if ours is not None:
            return ours
        for cause in chain:
            if isinstance(cause, openai.APIStatusError):
                refused = cause.status_code in (401, 403)
                return (AccessDenied if refused else BackendError)(
                    f"the endpoint answered HTTP {cause.status_code}: {one_line(cause)}")
            if isinstance(cause, openai.APIConnectionError):  # (timeouts too)
                server = self.settings.server_name or \
                    f"the model endpoint {self.settings.base_url or 'api.openai.com'}"
                attempts = self.settings.max_transient_retries + 1
                if isinstance(cause, openai.APITimeoutError):
                    return BackendError(f"{server} did not answer within {self.settings.timeout:g} s "
                                        f"({attempts} attempt(s)); a slower machine may need a longer --timeout")
                if connection_refused(cause) and not self._run.answered:
                    return BackendError(f"cannot reach {server}: connection refused (is the server running?)")
                return BackendError(f"cannot reach {server} after {attempts} attempts ({type(cause).__name__})")
        if isinstance(error, InstructorRetryException) or any(isinstance(e, ValueError) for e in chain):
            return BackendError(f"the model's answer failed validation after {self.settings.max_reasks + 1} "
                                f"attempt(s): {one_line(chain[-1])}")
        return BackendError(f"model call failed: {one_line(chain[-1])}")

    def _masked(self, error: BackendError) -> BackendError:
        """The same error with the API key blotted out: a server may echo it in its error body."""
        key = self.settings.api_key or ""
        text = str(error)
        if len(key) >= 6 and key in text:
            return type(error)(text.replace(key, "***"))
        return error


def _count_tokens(response: Any) -> None:
    """instructor's completion:response hook: add the usage of each answer the server gave."""
    call = CURRENT_CALL.get()
    usage = getattr(response, "usage", None)
    if call is not None and not call.from_store and usage is not None:
        call.stats.tokens.add(usage.prompt_tokens or 0, usage.completion_tokens or 0)
