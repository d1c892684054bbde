"""Response stores (the disk cache, an eval cassette) and the transport that answers from them.

A store maps ``request_key(body)`` to a chat completion. ``StoreTransport`` sits on top of the
HTTP transports (see ``_transport``), so the openai client and instructor above it stay as they
are: a request a store answers never reaches the network, and is not an attempt.

What is kept: a cassette (``record``) keeps every answer, re-asks included, for replay. The disk
cache keeps only the answer that validated, under the key of the call's first request; the caller
puts it there once instructor has accepted it (``CallState.fresh`` lists the answers), so an
invalid or empty answer is never replayed, and a re-run gets the outcome from its first request.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from typing import Any, Callable, Protocol

import httpx

from ._base import BackendError
from ._transport import CURRENT_CALL, one_line


class NotRecorded(BackendError):
    """Replay mode met a request that no cassette answers."""


class ServerNeeded(Exception):
    """A request no store answers, before the caller's server has been started (see ``connect``)."""


class ResponseStore(Protocol):
    def get(self, key: str) -> dict | None: ...

    def put(self, key: str, request: dict, response: dict) -> None: ...


def request_key(body: dict) -> str:
    """Stable hash of what decides the answer: model, messages, format, sampling. Never the API key."""
    wanted = {k: body.get(k) for k in ("model", "messages", "response_format", "temperature", "max_tokens",
                                         "tools", "tool_choice", "seed")}
    return hashlib.sha256(json.dumps(wanted, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


class StoreTransport(httpx.BaseTransport):
    """Answers a model call's requests from the stores, by ``request_key`` of the body sent.

    A request no store answers goes to ``inner``; a successful answer is recorded on the cassette
    and listed in the call's ``fresh`` answers. ``offline`` (eval replay) never goes further:
    a request no store answers is ``NotRecorded``. ``server_needed``: the client was built before
    its server was started (the embedded server starts on the first request no store answers), so
    such a request raises ``ServerNeeded`` instead of going to an address that is not the server's."""

    def __init__(self, inner: httpx.BaseTransport, *, store: ResponseStore | None, record: ResponseStore | None,
                 offline: bool, server_needed: bool):
        self._inner = inner
        self._record = record
        self._stores = [s for s in (store, record) if s is not None]
        self._offline = offline
        self._server_needed = server_needed

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        call = CURRENT_CALL.get()
        if call is None or not request.url.path.endswith("/chat/completions"):
            return self._inner.handle_request(request)
        call.from_store = False
        body = json.loads(request.content) if self._stores else {}
        key = request_key(body) if self._stores else ""  # hashing the body costs ~0.3 ms: only when used
        for store in self._stores:
            answer = store.get(key)
            if answer is not None:
                call.from_store = True
                call.stats.stored_answers += 1
                return httpx.Response(200, json=answer)
        if self._offline:
            raise NotRecorded("no recorded response for this request (replay mode); record it with --record")
        if self._server_needed:
            raise ServerNeeded()
        response = self._inner.handle_request(request)
        if self._stores and response.status_code == 200:
            response.read()
            answer = response.json()
            body = _redacted(body)
            if self._record is not None:
                self._record.put(key, body, answer)
            call.fresh.append((key, body, answer))
        return response

    def close(self) -> None:
        self._inner.close()


def _redacted(body: dict) -> dict:
    # Bodies never hold credentials (the key travels in a header), but be explicit about it.
    return {k: v for k, v in body.items() if k.lower() not in {"api_key", "authorization", "extra_headers"}}


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
            reason = getattr(error, "strerror", None) or one_line(error)
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
