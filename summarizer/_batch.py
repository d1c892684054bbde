"""`summarizer batch`: every article under a folder -> one brief each, resumably, with bounded concurrency.

Output layout, for an article at ``DIR/<rel>`` (``rel`` is its path relative to DIR):

- ``OUTDIR/<rel>.json``: the brief, exactly as ``summarize --format json`` writes it;
  ``OUTDIR/<rel>.md`` too with ``--markdown``, ``OUTDIR/<rel>.html`` with ``--html``. Every file is
  written atomically (temp file + rename).
- ``OUTDIR/index.jsonl``: one JSON object per article::

      {"path": rel, "sha256": ..., "status": "ok" | "failed" | "skipped", "error": one line or null,
       "tokens": total tokens this run spent on it (failed articles included), "attempts": model
       requests this run sent for it, "seconds": wall time this run spent on it,
       "warnings": [...the brief's run warnings...], "key": result key or null}

  Outputs never go stale: an article that now fails has its earlier brief files removed (its
  index line says why it failed), and a re-run without --markdown removes an earlier ``.md``.

  While a batch runs, the index is append-only: an article's line is appended (and flushed) right
  after its files are written, so a crash or Ctrl-C loses nothing already done. A reader takes the
  LAST line for each path (last-line-wins). At the start and at the end of every run the file is
  compacted: rewritten atomically with one line per path, sorted by path, merging earlier runs'
  lines with this run's (the start-of-run compaction also drops a line cut short by a crash).
  One batch at a time per OUTDIR: two concurrent runs would interleave their compactions.

Resuming: an article's *result key* hashes what decides its brief: the article's sha256, the
backend's name, model, prompt version and strategy, the brief schema version and --keep-ungrounded.
A re-run marks an article "skipped", without running the pipeline, when the index holds an ok or
skipped line for it with the same key and its output files exist; failed articles are retried.
``--force`` redoes everything. Model responses are also cached on disk by the backends, so redoing
an article after a crash costs no repeated model calls (unless --no-cache).

Scale beyond one machine goes through the OpenAI Batch API file format (see ``export_openai_batch``
and ``import_openai_batch``), which OpenAI and ``vllm run-batch`` both read and write.
"""

from __future__ import annotations

import contextlib
import fcntl

import hashlib
import json
import os
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Protocol, Sequence, TextIO

from ._files import atomic_stream, atomic_write_text
from ._ingest import InputError, read_article
from ._jobs import WorkerFailed, can_fork, run_processes, run_threads
from ._models import SCHEMA_VERSION, Brief, Draft
from ._parse import parser
from ._pipeline import run
from ._prompts import DEFAULT_PROMPT_VERSION
from ._render import render_json, render_markdown
from ._render_html import render_html
from ._segment import Document, segment
from .backends import AccessDenied, Backend, BackendError, CallStats
from .backends._answers import LLMBrief

ARTICLE_SUFFIXES = {".txt", ".md", ".html", ".htm"}
INDEX_NAME = "index.jsonl"
LOCK_NAME = ".summarizer.lock"  # held by the run writing to OUTDIR
# Model calls are I/O-bound (a remote server batches them); the embedded llama.cpp server is
# CPU-bound and serves one request at a time; rules is pure Python, where threads only add the GIL,
# so it runs one article per core in worker processes (see default_workers).
DEFAULT_CONCURRENCY = {"openai": 8, "embedded": 1, "rules": os.cpu_count() or 1}
OPENAI_BATCH_URL = "/v1/chat/completions"
IMPORT_BACKEND_NAME = "openai-batch"


class BatchError(InputError):
    """The batch as a whole cannot run (no such folder, nothing to do, output not writable...).

    An ``InputError`` so the CLI reports it like any bad input: one line, exit code 2.
    """


def default_concurrency(backend_name: str) -> int:
    return DEFAULT_CONCURRENCY.get(backend_name, 1)


def default_workers(backend_name: str, concurrency: int) -> int:
    """Worker processes: rules is pure Python, so one per core; an endpoint's answers need the GIL
    to parse, ground and write, and one process keeps up with about 16 in flight (bench/concurrency.py)."""
    cores = os.cpu_count() or 1
    if backend_name == "rules":
        return cores
    if backend_name == "openai":
        return max(1, min(cores, -(-concurrency // 16)))
    return 1


# --- finding the articles ----------------------------------------------------------------------
def find_articles(root: Path, pattern: str | None = None, exclude: Path | None = None) -> list[str]:
    """Relative POSIX paths of the articles under ``root``, sorted.

    With no ``pattern`` every .txt/.md/.html/.htm file at any depth is taken. A pattern with no "/"
    matches file names at any depth (``*.txt``); one with "/" is matched from ``root``
    (``2024/**/*.html``). Hidden files and folders, and anything inside ``exclude`` (the output
    folder, when it sits inside the input folder), are left out.
    """
    if not root.is_dir():
        raise BatchError(f"{root}: not a directory")
    if pattern is None:
        matches: Iterable[Path] = (p for p in root.rglob("*") if p.suffix.lower() in ARTICLE_SUFFIXES)
    else:
        matches = root.glob(pattern) if "/" in pattern else root.rglob(pattern)
    excluded = exclude.resolve() if exclude is not None else None
    found = []
    for path in matches:
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        if excluded is not None and path.resolve().is_relative_to(excluded):
            continue
        found.append(relative.as_posix())
    return sorted(found)


# --- result keys and index records -------------------------------------------------------------
def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def result_key(article_sha256: str, backend: Backend, keep_ungrounded: bool) -> str:
    """Hash of everything that decides an article's brief; equal keys mean the brief is up to date."""
    parts = {
        "article": article_sha256, "backend": backend.name, "model": backend.model,
        "prompt_version": backend.prompt_version, "strategy": backend.strategy,
        "schema_version": SCHEMA_VERSION, "keep_ungrounded": keep_ungrounded,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


@dataclass
class Record:
    """One line of index.jsonl (see the module docstring)."""

    path: str
    status: str  # "ok", "failed" or "skipped"
    sha256: str | None = None
    error: str | None = None
    tokens: int = 0
    attempts: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    key: str | None = None

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)


def read_index(path: Path) -> dict[str, dict]:
    """The index as {path: last line for that path}; unreadable lines (a crash mid-write) are ignored."""
    records: dict[str, dict] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return records
    for line in lines:
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(record, dict) and isinstance(record.get("path"), str):
            records[record["path"]] = record
    return records


class Index:
    """OUTDIR/index.jsonl: compacted on open and close, appended to in between. Thread-safe."""

    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()
        self._stream: TextIO | None = None
        self._owner: TextIO | None = None

    def open(self) -> dict[str, dict]:
        """Take the folder for this run, compact the index and start appending; returns the
        earlier runs' records. A second run on the same folder is refused: it would lose index
        lines and pay for every article twice."""
        try:
            self._take_folder()
            previous = self.compact()
            self._stream = self.path.open("a", encoding="utf-8")
        except OSError as error:  # a full or read-only output disk: nothing can be kept, so say so now
            self._release()
            raise BatchError(f"{self.path.parent}: cannot write ({error.strerror or error})") from None
        return previous

    def _take_folder(self) -> None:
        lock_path = self.path.with_name(LOCK_NAME)
        owner = lock_path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(owner, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            owner.seek(0)
            holder = owner.read().strip() or "?"
            owner.close()
            raise BatchError(f"{self.path.parent}: another summarizer batch (pid {holder}) is writing to this "
                             f"folder; wait for it or use another --output-dir") from None
        owner.seek(0)
        owner.truncate()
        owner.write(str(os.getpid()))
        owner.flush()
        self._owner = owner  # the lock lasts as long as this file is open, and dies with the process

    def append(self, record: Record) -> None:
        with self._lock:
            assert self._stream is not None, "Index.open() first"
            try:
                self._stream.write(record.to_json() + "\n")
                self._stream.flush()
            except OSError as error:  # the output disk filled up: every later article would be lost too
                raise BatchError(f"{self.path}: cannot write ({error.strerror or error})") from None

    def close(self) -> None:
        with self._lock:
            if self._stream is not None:
                with contextlib.suppress(OSError):  # a full disk fails the final flush; lines before it are kept
                    self._stream.close()
                self._stream = None
        # If compacting fails (say, the disk is full) the appended file is still a valid index.
        with contextlib.suppress(OSError):
            self.compact()
        self._release()

    def _release(self) -> None:
        if self._owner is not None:
            with contextlib.suppress(OSError):
                self._owner.close()
            self._owner = None

    def compact(self) -> dict[str, dict]:
        records = read_index(self.path)
        if records or self.path.exists():
            lines = [json.dumps(records[p], ensure_ascii=False) for p in sorted(records)]
            atomic_write_text(self.path, "".join(line + "\n" for line in lines))
        return records


# --- one article -------------------------------------------------------------------------------
@dataclass(frozen=True)
class BatchSettings:
    root: Path
    out: Path
    markdown: bool = False
    keep_ungrounded: bool = False
    force: bool = False
    html: bool = False


def outputs(settings: BatchSettings, rel: str,
            article_text: str = "") -> list[tuple[Path, Callable[[Brief], str]]]:
    """The files one article's brief is written to, each with its renderer (the HTML page also
    embeds ``article_text``, the text the brief's offsets index)."""
    files = [(settings.out / f"{rel}.json", render_json)]
    if settings.markdown:
        files.append((settings.out / f"{rel}.md", render_markdown))
    if settings.html:
        files.append((settings.out / f"{rel}.html", lambda brief: render_html(brief, article_text)))
    return files


def output_paths(settings: BatchSettings, rel: str) -> list[Path]:
    return [path for path, _ in outputs(settings, rel)]


def is_up_to_date(previous: dict | None, key: str, settings: BatchSettings, rel: str) -> bool:
    return (previous is not None and previous.get("key") == key
            and previous.get("status") in ("ok", "skipped")
            and all(path.exists() for path in output_paths(settings, rel)))


def one_line(error: BaseException, label: str) -> str:
    """The error as one line, without the file name the index line already carries."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text[len(label) + 2:] if text.startswith(f"{label}: ") else text


def process_article(rel: str, backend: Backend, settings: BatchSettings, previous: dict[str, dict]) -> Record:
    """Summarize one article into its output files; every per-article failure becomes a failed Record."""
    started = time.perf_counter()
    file = settings.root / rel

    def seconds() -> float:
        return round(time.perf_counter() - started, 3)

    try:
        sha256 = file_sha256(file)
    except OSError as error:
        return Record(rel, "failed", error=f"cannot read ({error.strerror or error})", seconds=seconds())
    key = result_key(sha256, backend, settings.keep_ungrounded)
    if not settings.force and is_up_to_date(previous.get(rel), key, settings, rel):
        remove_unasked_outputs(settings, rel)
        return Record(rel, "skipped", sha256, warnings=previous[rel].get("warnings") or [], key=key,
                      seconds=seconds())
    try:
        article = read_article(file)
        brief = run(article, backend, keep_ungrounded=settings.keep_ungrounded)
    except AccessDenied:
        raise  # the same credentials would be refused for every article: stop the batch
    except (InputError, BackendError) as error:
        remove_outputs(settings, rel)
        spent = getattr(error, "stats", None)
        return Record(rel, "failed", sha256, error=one_line(error, str(file)), seconds=seconds(), key=key,
                      tokens=spent.tokens.total if spent else 0, attempts=spent.attempts if spent else 0)
    except Exception as error:  # a bug met on one odd article must not end a batch of thousands
        remove_outputs(settings, rel)
        reason = f"internal error: {type(error).__name__}: {one_line(error, str(file))}"
        return Record(rel, "failed", sha256, error=reason, seconds=seconds(), key=key)
    write_outputs(settings, rel, brief, article.text)
    return Record(rel, "ok", sha256, tokens=brief.run.tokens.total, attempts=brief.run.attempts,
                  seconds=seconds(), warnings=list(brief.run.warnings), key=key)


def write_outputs(settings: BatchSettings, rel: str, brief: Brief, article_text: str = "") -> None:
    for path, render in outputs(settings, rel, article_text):
        try:
            atomic_write_text(path, render(brief))
        except OSError as error:  # a full disk or a read-only folder fails every article alike: stop
            raise BatchError(f"{path}: cannot write ({error.strerror or error})") from None
    remove_unasked_outputs(settings, rel)


def remove_unasked_outputs(settings: BatchSettings, rel: str) -> None:
    """An .md or .html from an earlier run with --markdown or --html would no longer match the .json."""
    for suffix, asked in ((".md", settings.markdown), (".html", settings.html)):
        if not asked:
            _unlink_quietly(settings.out / f"{rel}{suffix}")


def remove_outputs(settings: BatchSettings, rel: str) -> None:
    """An article that fails now must not keep a brief from an earlier run: a reader would take it
    for this run's result."""
    for suffix in (".json", ".md", ".html"):
        _unlink_quietly(settings.out / f"{rel}{suffix}")


def _unlink_quietly(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


# --- running many ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Job:
    """One article's work: ``function(*args)`` returns its index record."""

    path: str
    function: Callable[..., Record]
    args: tuple = ()

    def __call__(self) -> Record:
        return self.function(*self.args)


class ArticleJobs(Sequence[Job]):
    """``process_article`` for each path, built on demand: a million paths, not a million jobs."""

    def __init__(self, rels: list[str], backend: Backend, settings: BatchSettings, previous: dict[str, dict]):
        self._rels, self._rest = rels, (backend, settings, previous)

    def __len__(self) -> int:
        return len(self._rels)

    def __getitem__(self, position):  # type: ignore[override]
        if isinstance(position, slice):
            return [self[i] for i in range(*position.indices(len(self)))]
        rel = self._rels[position]
        return Job(rel, process_article, (rel, *self._rest))


@dataclass
class Summary:
    counts: dict[str, int] = field(default_factory=lambda: {"ok": 0, "failed": 0, "skipped": 0})
    tokens: int = 0
    attempts: int = 0
    seconds: float = 0.0
    interrupted: bool = False

    def add(self, record: Record) -> None:
        self.counts[record.status] = self.counts.get(record.status, 0) + 1
        self.tokens += record.tokens
        self.attempts += record.attempts

    @property
    def exit_code(self) -> int:
        """130 after Ctrl-C, 1 if any article failed, else 0."""
        return 130 if self.interrupted else 1 if self.counts["failed"] else 0


class Reporter(Protocol):
    def start(self, total: int, title: str) -> None: ...

    def record(self, record: Record) -> None: ...

    def finish(self, summary: Summary, where: str | None) -> None: ...


def run_batch(jobs: Sequence[Job], *, concurrency: int, reporter: Reporter, index: Index,
              title: str = "summarizing", workers: int = 1) -> Summary:
    """Run jobs, appending each record to the index as it ends; Ctrl-C ends the batch early."""
    summary = Summary()
    started = time.perf_counter()
    workers = max(1, min(workers, concurrency, len(jobs))) if can_fork() else 1

    def recorded(job: Job) -> Job:
        def go() -> Record:
            record = job()
            index.append(record)  # in the worker thread, so work finishing after Ctrl-C is kept too
            return record
        return go

    def on_record(record: Record) -> None:
        if workers > 1:
            index.append(record)  # the parent is the index's only writer
        summary.add(record)
        reporter.record(record)

    def lost(position: int, reason: str) -> Record:
        return Record(jobs[position].path, "failed", error=reason)

    reporter.start(len(jobs), title)
    try:
        if workers > 1:
            run_processes(jobs, workers, concurrency, on_record, lost)
        else:
            run_threads((recorded(job) for job in jobs), concurrency, on_record)
    except KeyboardInterrupt:
        summary.interrupted = True
    except WorkerFailed as failure:
        raise failure.error from None
    finally:  # also on a fatal error, so the progress bar stops before the error is shown
        index.close()
        summary.seconds = round(time.perf_counter() - started, 3)
        reporter.finish(summary, str(index.path))
    return summary


def run_directory(root: Path, out: Path, backend: Backend, *, pattern: str | None = None,
                  markdown: bool = False, keep_ungrounded: bool = False, force: bool = False,
                  concurrency: int = 1, workers: int = 1, reporter: Reporter, html: bool = False) -> Summary:
    """The live batch: every article under ``root`` through ``backend`` (shared by all threads).

    ``workers > 1`` forks processes only for backends that declare ``worker_processes_ok``: the
    embedded one owns a local server that forked copies would each start again."""
    settings = BatchSettings(root, out, markdown=markdown, keep_ungrounded=keep_ungrounded, force=force,
                             html=html)
    rels = _articles_or_fail(root, pattern, out)
    index = _open_index(out)
    previous = index.open()
    if not getattr(backend, "worker_processes_ok", False):
        workers = 1
    prepare = getattr(backend, "prepare", None)
    if prepare is not None and concurrency > 1:  # before the threads and workers that share what it builds
        prepare()
    if backend.strategy != "whole-article":
        parser()  # loaded once, before threads and forked workers share it; a missing model stops here
    return run_batch(ArticleJobs(rels, backend, settings, previous), concurrency=concurrency,
                     reporter=reporter, index=index, workers=workers)


def _failed(path: str, reason: str) -> Job:
    return Job(path, Record, (path, "failed", None, reason))


def _articles_or_fail(root: Path, pattern: str | None, out: Path | None) -> list[str]:
    rels = find_articles(root, pattern, exclude=out)
    if not rels:
        what = f"matching {pattern!r}" if pattern else "(.txt, .md, .html, .htm)"
        raise BatchError(f"{root}: no article files {what}")
    return rels


def _open_index(out: Path) -> Index:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BatchError(f"{out}: cannot create the output folder ({error.strerror or error})") from None
    return Index(out / INDEX_NAME)


# --- the OpenAI Batch API: export requests, import results ---------------------------------------
def openai_batch_body(document: Document, model: str, prompt_version: str = DEFAULT_PROMPT_VERSION) -> dict:
    """The chat request the live whole-article strategy sends for this document."""
    from .backends._llm import LLMSettings
    from .backends._strategies import WHOLE_ARTICLE_MAX_TOKENS, whole_article_messages

    return {
        "model": model,
        "messages": whole_article_messages(document, prompt_version),
        "response_format": {"type": "json_schema",
                            "json_schema": {"name": "LLMBrief", "schema": LLMBrief.model_json_schema()}},
        "temperature": LLMSettings.temperature,  # the live caller's sampling default
        "max_tokens": WHOLE_ARTICLE_MAX_TOKENS,
    }


def export_openai_batch(root: Path, destination: Path, model: str, *, pattern: str | None = None,
                        prompt_version: str = DEFAULT_PROMPT_VERSION, reporter: Reporter) -> Summary:
    """Write one Batch API request line per article; no model is called.

    ``custom_id`` is the article's path relative to ``root``: unique within one walk, and what
    ``import_openai_batch`` maps results back with. Articles that cannot be read are failed (and
    not exported); an interrupted export leaves no file behind.
    """
    if not model:
        raise BatchError("--export-openai-batch needs --model (or SUMMARIZER_MODEL): "
                         "each request names its model")
    rels = _articles_or_fail(root, pattern, None)
    summary = Summary()
    started = time.perf_counter()
    reporter.start(len(rels), "exporting")
    try:
        with atomic_stream(destination) as stream:
            for rel in rels:
                record = _export_one(root, rel, model, prompt_version, stream)
                summary.add(record)
                reporter.record(record)
    except KeyboardInterrupt:
        summary.interrupted = True
    except OSError as error:
        raise BatchError(f"{destination}: cannot write ({error.strerror or error})") from None
    finally:
        summary.seconds = round(time.perf_counter() - started, 3)
        reporter.finish(summary, None if summary.interrupted else str(destination))
    return summary


def _export_one(root: Path, rel: str, model: str, prompt_version: str, stream: TextIO) -> Record:
    started = time.perf_counter()
    file = root / rel
    try:
        article = read_article(file)
    except InputError as error:
        return Record(rel, "failed", error=one_line(error, str(file)))
    line = {"custom_id": rel, "method": "POST", "url": OPENAI_BATCH_URL,
            "body": openai_batch_body(segment(article), model, prompt_version)}
    stream.write(json.dumps(line, ensure_ascii=False) + "\n")
    return Record(rel, "ok", article.sha256, seconds=round(time.perf_counter() - started, 3))


@dataclass
class BatchAnswer:
    """One result line: a chat completion, or why there is none."""

    custom_id: str  # "line N" for a line too broken to name one
    completion: dict | None = None
    error: str | None = None
    malformed: bool = False


def parse_result_line(line: str, number: int) -> BatchAnswer:
    """Read one results line, in OpenAI's (and current vLLM's) shape or older vLLM's.

    OpenAI: ``{"custom_id", "response": {"status_code", "body": <chat completion>}, "error"}``;
    older ``vllm run-batch``: ``"response"`` is the chat completion itself.
    """
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        return BatchAnswer(f"line {number}", error=f"not JSON ({error.msg})", malformed=True)
    if not isinstance(data, dict) or not isinstance(data.get("custom_id"), str):
        return BatchAnswer(f"line {number}", error="no custom_id", malformed=True)
    answer = BatchAnswer(data["custom_id"])
    response = data.get("response")
    if data.get("error"):
        answer.error = _error_text(data["error"])
    elif not isinstance(response, dict):
        answer.error = "no response"
    elif "choices" in response:  # older vLLM: the response is the completion
        answer.completion = response
    elif response.get("status_code", 200) != 200:
        reason = _error_text((response.get("body") or {}).get("error"))
        answer.error = f"HTTP {response.get('status_code')}: {reason}"
    elif isinstance(response.get("body"), dict):
        answer.completion = response["body"]
    else:
        answer.error = "no response body"
    return answer


def _error_text(error: Any) -> str:
    if isinstance(error, dict):
        text = error.get("message") or json.dumps(error)
        return f"{error['code']}: {text}" if error.get("code") else str(text)
    return " ".join(str(error).split()) if error else "unknown error"


class AnsweredBackend:
    """A Backend whose one whole-article call the Batch API already made: extract() parses its answer.

    Passed to ``_pipeline.run``, so grounding and assembly are exactly those of a live run.
    """

    name = IMPORT_BACKEND_NAME
    strategy = "whole-article"

    def __init__(self, completion: dict, prompt_version: str = DEFAULT_PROMPT_VERSION):
        self.completion = completion
        self.model = completion.get("model")
        self.prompt_version = prompt_version

    def extract(self, document, candidates, stats: CallStats) -> Draft:
        from pydantic import ValidationError

        from .backends._strategies import draft_from_llm_brief

        usage = self.completion.get("usage") or {}
        stats.attempts = 1
        stats.tokens.add(usage.get("prompt_tokens") or 0, usage.get("completion_tokens") or 0)
        choices = self.completion.get("choices") or [{}]
        if choices[0].get("finish_reason") == "length":
            raise BackendError("the model's output was truncated at max_tokens; the answer is incomplete")
        content = (choices[0].get("message") or {}).get("content")
        if not content:
            raise BackendError("the result holds no answer")
        try:
            return draft_from_llm_brief(LLMBrief.model_validate_json(content))
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first.get("loc", ())) or "answer"
            reason = f"the model's answer is not a valid brief ({where}: {first.get('msg')})"
            raise BackendError(reason) from None

    def close(self) -> None:
        pass


def read_results(path: Path) -> list[BatchAnswer]:
    try:
        with path.open(encoding="utf-8") as stream:
            return [parse_result_line(line, number) for number, line in enumerate(stream, 1) if line.strip()]
    except OSError as error:
        raise BatchError(f"{path}: cannot read ({error.strerror or error})") from None
    except UnicodeDecodeError:
        raise BatchError(f"{path}: not a UTF-8 JSON Lines file") from None


def import_openai_batch(root: Path, results: Path, out: Path, *, pattern: str | None = None,
                        markdown: bool = False, keep_ungrounded: bool = False, force: bool = False,
                        prompt_version: str = DEFAULT_PROMPT_VERSION, reporter: Reporter,
                        html: bool = False) -> Summary:
    """Write briefs from a Batch API results file, exactly as a live run would write them.

    Each article under ``root`` is matched to its result by custom_id (its relative path). An error
    line, a non-200 status, an invalid answer, an article with no result line, and a result whose
    custom_id names no article all become failed records with their reason.
    """
    settings = BatchSettings(root, out, markdown=markdown, keep_ungrounded=keep_ungrounded, force=force,
                             html=html)
    rels = _articles_or_fail(root, pattern, out)
    answers: dict[str, BatchAnswer] = {}
    for answer in read_results(results):
        answers[answer.custom_id] = answer  # a retried request's later line wins
    index = _open_index(out)
    previous = index.open()

    def job_for(rel: str) -> Job:
        answer = answers.pop(rel, None)
        if answer is None:
            return _failed(rel, f"no result for this article in {results.name}")
        if answer.completion is None:
            return _failed(rel, f"batch request failed: {answer.error}")
        answered = AnsweredBackend(answer.completion, prompt_version)
        return Job(rel, process_article, (rel, answered, settings, previous))

    jobs = [job_for(rel) for rel in rels]
    for answer in answers.values():  # what is left names no article under root
        reason = answer.error if answer.malformed else f"unknown custom_id: no such article under {root}"
        jobs.append(_failed(answer.custom_id, reason or "unknown custom_id"))
    # Parsing and grounding are CPU work, where threads only add the GIL: one at a time.
    return run_batch(jobs, concurrency=1, reporter=reporter, index=index, title="importing")


# --- progress on stderr --------------------------------------------------------------------------
class LineReporter:
    """One plain line per article (for logs and pipes), then a summary; ``quiet`` keeps only the summary."""

    def __init__(self, stream: TextIO | None = None, quiet: bool = False):
        self._stream = stream
        self.quiet = quiet

    @property
    def stream(self) -> TextIO:
        return self._stream or sys.stderr  # resolved late, so test runners that swap stderr see it

    def start(self, total: int, title: str) -> None:
        if not self.quiet:
            self._print(f"{title} {total} article(s)")

    def record(self, record: Record) -> None:
        if self.quiet:
            return
        if record.status == "failed":
            self._print(f"FAILED {record.path}: {record.error}")
        else:
            self._print(f"{record.status:<7} {record.path}  {record.seconds:.1f}s")

    def finish(self, summary: Summary, where: str | None) -> None:
        if self.quiet:
            self._print(summary_line(summary, where))
        else:
            print_summary_table(summary, where, self.stream)

    def _print(self, line: str) -> None:
        print(line, file=self.stream, flush=True)


def print_summary_table(summary: Summary, where: str | None, stream: TextIO | None = None) -> None:
    """Counts, tokens and time as a small table (plain text when ``stream`` is not a terminal)."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(title="batch interrupted" if summary.interrupted else "batch", show_header=False,
                  title_justify="left", box=box.SIMPLE)
    table.add_column(style="bold")
    table.add_column(justify="right")
    for status in ("ok", "failed", "skipped"):
        table.add_row(status, str(summary.counts[status]))
    table.add_row("tokens", f"{summary.tokens:,}")
    table.add_row("model requests", f"{summary.attempts:,}")
    table.add_row("seconds", f"{summary.seconds:.1f}")
    if where:
        table.add_row("written", where)
    Console(file=stream, stderr=stream is None, highlight=False).print(table)


def summary_line(summary: Summary, where: str | None) -> str:
    counts = summary.counts
    line = (f"{'interrupted: ' if summary.interrupted else ''}{counts['ok']} ok, {counts['failed']} failed, "
            f"{counts['skipped']} skipped in {summary.seconds:.1f} s, {summary.tokens:,} tokens, "
            f"{summary.attempts:,} model requests")
    return line + (f"; index: {where}" if where else "")


class RichReporter:
    """A live progress bar (done/failed/skipped, ETA) on a terminal, then a summary table."""

    def __init__(self):
        from rich.console import Console

        self.console = Console(stderr=True)
        self._progress = None
        self._task = None

    def start(self, total: int, title: str) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, \
            TimeRemainingColumn

        self._progress = Progress(
            TextColumn(f"[bold]{title}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("[green]{task.fields[ok]} ok[/] [red]{task.fields[failed]} failed[/] "
                       "[dim]{task.fields[skipped]} skipped[/]"),
            TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
            console=self.console, transient=False,
        )
        self._progress.start()
        self._task = self._progress.add_task(title, total=total, ok=0, failed=0, skipped=0)

    def record(self, record: Record) -> None:
        assert self._progress is not None and self._task is not None
        if record.status == "failed":  # printed above the bar; Text, so a "[" in a path is not markup
            from rich.text import Text

            self._progress.console.print(Text.assemble(("FAILED", "red"), f" {record.path}: {record.error}"))
        fields = self._progress.tasks[0].fields
        self._progress.update(self._task, advance=1, **{record.status: fields.get(record.status, 0) + 1})

    def finish(self, summary: Summary, where: str | None) -> None:
        if self._progress is not None:
            self._progress.stop()
        print_summary_table(summary, where, self.console.file)


def make_reporter(quiet: bool = False) -> Reporter:
    """A progress bar on an interactive stderr; plain lines otherwise (logs, CI, pipes)."""
    if not quiet and sys.stderr.isatty():
        return RichReporter()
    return LineReporter(quiet=quiet)
