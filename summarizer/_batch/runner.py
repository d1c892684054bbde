"""Running a batch: one article from its file to its output files and index record (skipping it
when its result key says the brief is up to date), and many articles at once, in threads or forked
worker processes (how many: the caller's choice, or the backend's declared defaults)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from .._files import atomic_write_text, file_sha256
from .._ingest import InputError, read_article
from .._jobs import WorkerFailed, can_fork, run_processes, run_threads
from .._models import SCHEMA_VERSION, Brief
from .._parse import parser
from .._pipeline import run
from .._render import render_json, render_markdown
from .._render_html import render_html
from ..backends import AccessDenied, Backend, BackendError
from .discovery import require_articles
from .errors import BatchError
from .index import Index, Record, prepare_output_folder
from .progress import Reporter, Summary

# --- one article -------------------------------------------------------------------------------
def result_key(article_sha256: str, backend: Backend, keep_ungrounded: bool) -> str:
    """Hash of everything that decides an article's brief; equal keys mean the brief is up to date."""
    parts = {
        "article": article_sha256, "backend": backend.name, "model": backend.model,
        "prompt_version": backend.prompt_version, "strategy": backend.strategy,
        "schema_version": SCHEMA_VERSION, "keep_ungrounded": keep_ungrounded,
    }
    options = backend.options.result_options()
    if options:  # only options set away from their defaults, so a default run's key never changes
        parts["options"] = options
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


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


def failed_job(path: str, reason: str) -> Job:
    """A job that only records why ``path`` failed before any work could start."""
    return Job(path, Record, (path, "failed", None, reason))


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
    rels = require_articles(root, pattern, out)
    index = prepare_output_folder(out)
    previous = index.open()
    if not backend.worker_processes_ok:
        workers = 1
    if concurrency > 1:  # before the threads and workers that share what it builds
        backend.prepare()
    if backend.needs_candidates:
        parser()  # loaded once, before threads and forked workers share it; a missing model stops here
    return run_batch(ArticleJobs(rels, backend, settings, previous), concurrency=concurrency,
                     reporter=reporter, index=index, workers=workers)
