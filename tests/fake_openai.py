"""A scriptable OpenAI-compatible server, for tests and benchmarks: on 127.0.0.1, or in process.

``FakeOpenAI`` listens on a loopback port; ``MockOpenAI`` answers the same script through an
``httpx.MockTransport`` handed to the backend (``transport=``), with no socket and no thread, for
tests where real HTTP is not the point. Both answer ``GET /v1/models`` and
``POST /v1/chat/completions``. Each chat request is recorded (body and headers) and answered by the
next scripted reply, or by ``default`` when the script is empty. Replies are ``Reply`` objects
(status, JSON body, headers, delay) or callables building one from the request body.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

import httpx


class _Server(ThreadingHTTPServer):
    # The default listen backlog (5) drops SYNs when a batch opens many connections at once, and
    # a dropped SYN costs a 1 s retransmit: a stall no real server (uvicorn, llama.cpp) would add.
    request_queue_size = 128
    daemon_threads = True


@dataclass
class Reply:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    trickle: float = 0.0  # seconds between body bytes: headers at once, then a byte at a time


def completion(content: str, *, prompt_tokens: int = 100, completion_tokens: int = 50,
               finish_reason: str = "stop", model: str = "fake-model") -> Reply:
    return Reply(body={
        "id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()), "model": model,
        "choices": [{"index": 0, "finish_reason": finish_reason,
                     "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    })


def article_in(body: dict) -> str:
    """The article text the prompt layer fenced into the user message."""
    for message in body.get("messages", []):
        found = re.search(r"<article>\n(.*?)\n</article>", str(message.get("content", "")), re.DOTALL)
        if found:
            return found.group(1)
    return ""


def echo_brief(body: dict) -> Reply:
    """A valid whole-article brief built from the prompt's own article: its first sentence is a
    statement, its first number a figure. Every item can therefore be grounded."""
    article = article_in(body)
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", article) if len(s.split()) > 5]
    first = sentences[1] if len(sentences) > 1 else (sentences[0] if sentences else article[:80])
    number = re.search(r"\d[\d,]*", article)
    brief = {
        "summary": first,
        "key_points": [first[:100]],
        "statements": [{"speaker": "unknown", "kind": "claim", "quote": None, "text": first}],
        "figures": [{"raw": number.group(0), "what": "a number"}] if number else [],
    }
    return completion(json.dumps(brief))


class FakeOpenAI:
    def __init__(self, default: Callable[[dict], Reply] | Reply | None = None, delay: float = 0.0, port: int = 0):
        self.script: list[Reply | Callable[[dict], Reply]] = []
        self.default = default or echo_brief
        self.delay = delay
        self.requests: list[dict] = []
        self.models = ["fake-model"]  # what GET /v1/models lists
        self.headers: list[dict[str, str]] = []
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", port), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> "FakeOpenAI":
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _next(self, body: dict) -> Reply:
        with self._lock:
            self.requests.append(body)
            step = self.script.pop(0) if self.script else self.default
        return step(body) if callable(step) else step

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes; with Nagle on, the body waits ~40 ms for
            # the client's delayed ACK.
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def _send(self, reply: Reply) -> None:
                payload = json.dumps(reply.body if reply.body is not None else {"error": {"message": "fake"}}).encode()
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                if not reply.trickle:
                    self.wfile.write(payload)
                    return
                self.wfile.flush()
                try:
                    for byte in payload:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(reply.trickle)
                except OSError:  # the client gave up: the point of the test
                    pass

            def do_GET(self) -> None:
                if self.path.rstrip("/").endswith("/models"):
                    self._send(Reply(body={"object": "list",
                                           "data": [{"id": m, "object": "model"} for m in fake.models]}))
                else:
                    self._send(Reply(status=404))

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                with fake._lock:
                    fake.headers.append({k.lower(): v for k, v in self.headers.items()})
                reply = fake._next(body)
                wait = reply.delay or fake.delay
                if wait:
                    time.sleep(wait)
                self._send(reply)

        return Handler


class MockOpenAI:
    """FakeOpenAI's script, answered in process: pass ``transport`` to the backend (a caller's
    network transport), with any ``base_url``. Delays and trickling need a real socket: FakeOpenAI."""

    base_url = "http://fake-openai.invalid/v1"

    def __init__(self, default: Callable[[dict], Reply] | Reply | None = None):
        self.script: list[Reply | Callable[[dict], Reply]] = []
        self.default = default or echo_brief
        self.requests: list[dict] = []
        self.headers: list[dict[str, str]] = []
        self.urls: list[str] = []  # of the chat requests
        self.models = ["fake-model"]
        self.transport = httpx.MockTransport(self._handle)

    def __enter__(self) -> "MockOpenAI":  # used like FakeOpenAI
        return self

    def __exit__(self, *exc: Any) -> None:
        pass

    def _handle(self, request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            if request.url.path.rstrip("/").endswith("/models"):
                return httpx.Response(200, json={"object": "list",
                                                 "data": [{"id": m, "object": "model"} for m in self.models]})
            return httpx.Response(404, json={"error": {"message": "fake"}})
        body = json.loads(request.content or b"{}")
        self.requests.append(body)
        self.headers.append({k.lower(): v for k, v in request.headers.items()})
        self.urls.append(str(request.url))
        step = self.script.pop(0) if self.script else self.default
        reply = step(body) if callable(step) else step
        assert not (reply.delay or reply.trickle), "delays need a real socket: use FakeOpenAI"
        return httpx.Response(reply.status, headers=reply.headers,
                              json=reply.body if reply.body is not None else {"error": {"message": "fake"}})
