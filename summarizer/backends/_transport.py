"""The HTTP layer under the openai client: httpx transports, httpx's designed extension point.

Innermost first:
- the network: httpx's own transport (or one a test injects, e.g. ``httpx.MockTransport``);
- ``DeadlineTransport``: a response must arrive whole within the timeout, and arrives read;
- ``RetryingTransport``: the one retry layer for transient faults (timeouts, connection errors,
  429 honouring Retry-After, 5xx), with tenacity; it counts every request it sends as an attempt.
  The openai client's own retries are off (``max_retries=0``) and instructor retries only answers
  that fail validation, so no fault is retried twice over.

The response store (``_store.StoreTransport``) sits on top of these; ``CallState`` is what one
model call shares with the transports it goes through.
"""

from __future__ import annotations

import email.utils
import threading
import time
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING

import httpx

from ._base import CallStats

if TYPE_CHECKING:
    from tenacity import RetryCallState


@dataclass
class CallState:
    """One ``StructuredCaller.call`` as its transports see it."""

    stats: CallStats
    # Answers the server gave to this call, (request key, request body, response); see _store.
    fresh: list[tuple[str, dict, dict]] = field(default_factory=list)
    from_store: bool = False  # whether the latest response came from a response store


# The model call in progress on this thread (the openai client sends from the calling thread).
# Requests outside a call (listing the served models) get one try and count nowhere.
CURRENT_CALL: ContextVar[CallState | None] = ContextVar("summarizer_current_call", default=None)


@dataclass
class RunState:
    """Shared by every thread of one caller: whether any request has been answered yet."""

    answered: bool = False


_TLS_CONTEXT = None
_TLS_LOCK = threading.Lock()


def shared_tls_context():
    """One TLS context (the CA bundle loaded) per process, for every client of every caller.

    Loading the bundle takes about 30 ms. Built inside a batch's first request it held up every
    thread of the first wave (in each worker process); ``StructuredCaller.prepare`` builds it
    before the batch fans out, and forked workers inherit it."""
    global _TLS_CONTEXT
    with _TLS_LOCK:
        if _TLS_CONTEXT is None:
            _TLS_CONTEXT = httpx.create_ssl_context()
        return _TLS_CONTEXT


class DeadlineTransport(httpx.BaseTransport):
    """Responses must arrive whole within ``seconds``; each is returned read, as bytes.

    httpx's timeouts bound each read, so a server trickling its answer a few bytes at a time would
    never trip them; this bounds the whole response. Reading it here also puts a timeout where
    ``RetryingTransport`` can retry it. The bytes stay as sent (still compressed, if they were):
    the client decodes them as usual."""

    def __init__(self, inner: httpx.BaseTransport, seconds: float):
        self._inner, self._seconds = inner, seconds

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        deadline = time.monotonic() + self._seconds
        response = self._inner.handle_request(request)
        chunks = []
        try:
            for chunk in response.stream:
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout(f"no complete response within {self._seconds:g} s", request=request)
                chunks.append(chunk)
        finally:
            response.close()
        return httpx.Response(response.status_code, headers=response.headers, extensions=response.extensions,
                              stream=httpx.ByteStream(b"".join(chunks)))

    def close(self) -> None:
        self._inner.close()


class RetryingTransport(httpx.BaseTransport):
    """Retries the transient faults of a model call, with tenacity.

    Timeouts, connection errors, 429 and 5xx are retried up to ``retries`` times: after the
    server's Retry-After when it gives one, else with exponential backoff and jitter. Until one
    request of the run has been answered, a refused connection means a wrong --base-url (or a
    server not started) and is not retried; later in a run it is a restarting server, and is.
    What is still failing after the last try goes up as it is (the openai client turns it into
    its usual error)."""

    def __init__(self, inner: httpx.BaseTransport, *, retries: int, backoff_max: float, run: RunState):
        self._inner, self._retries, self._run = inner, retries, run
        self._backoff = backoff_wait(backoff_max)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        from tenacity import Retrying, retry_if_exception, retry_if_result, stop_after_attempt

        call = CURRENT_CALL.get()
        if call is None:
            return self._inner.handle_request(request)

        def attempt() -> httpx.Response:
            call.stats.attempts += 1
            response = self._inner.handle_request(request)
            if response.is_success:
                self._run.answered = True
            return response

        retrying = Retrying(
            retry=retry_if_exception(self._worth_retrying) | retry_if_result(lambda r: _transient_status(r.status_code)),
            wait=self._wait,
            stop=stop_after_attempt(self._retries + 1),
            retry_error_callback=lambda state: state.outcome.result(),  # the last response, or its error
        )
        return retrying(attempt)

    def _worth_retrying(self, error: BaseException) -> bool:
        return isinstance(error, httpx.TransportError) and (self._run.answered or not connection_refused(error))

    def _wait(self, state: "RetryCallState") -> float:
        outcome = state.outcome
        told = None if outcome is None or outcome.failed else retry_after_seconds(outcome.result().headers)
        return told if told is not None else self._backoff(state)

    def close(self) -> None:
        self._inner.close()


def _transient_status(status: int) -> bool:
    return status == 429 or status >= 500


def retry_after_seconds(headers: httpx.Headers | dict) -> float | None:
    """The server's Retry-After, in seconds or as an HTTP date (RFC 9110), capped at a minute."""
    value = headers.get("retry-after")
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


def backoff_wait(longest: float):
    """Exponential backoff from 0.5 s, plus up to 0.5 s of jitter: the threads of a batch that
    failed together (a server restarting) do not all retry in the same instant."""
    from tenacity import wait_exponential, wait_random

    return wait_exponential(multiplier=0.5, max=longest) + wait_random(0, 0.5)


def connection_refused(error: BaseException) -> bool:
    """Nothing listens at the address: the connection was refused, not lost or slow."""
    return any(isinstance(e, ConnectionRefusedError) or "connection refused" in str(e).lower()
               for e in exception_chain(error))


def exception_chain(error: BaseException) -> list[BaseException]:
    """The error and everything it wraps, outermost first (instructor keeps the cause in several places)."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain and len(chain) < 20:
        chain.append(current)
        nested = getattr(current, "last_exception", None)
        current = nested if isinstance(nested, BaseException) else (current.__cause__ or current.__context__)
    return chain


def one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return (text[:300] + "…") if len(text) > 300 else text or type(error).__name__
