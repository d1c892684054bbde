"""The `summarizer` command line. Results go to stdout (or -o); progress and errors go to stderr."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import sys
from enum import Enum
from pathlib import Path
from typing import Iterator, Optional

import typer

from . import __version__
from .backends import BASELINE_BACKEND

app = typer.Typer(
    name="summarizer",
    help="Turn news articles into structured, verifiable briefs: who said what, denials, appeals and "
    "figures, every item tied to character offsets in the article.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class OutputFormat(str, Enum):
    markdown = "markdown"
    md = "md"  # what people type for markdown (the file extension)
    json = "json"
    html = "html"


EXIT_INPUT = 2
EXIT_BACKEND = 3
EXIT_VERIFY = 1


def _error(message: str, code: int) -> typer.Exit:
    typer.echo(f"summarizer: error: {message}", err=True)
    return typer.Exit(code)


@contextlib.contextmanager
def friendly_errors() -> Iterator[None]:
    """Turn every expected failure into one line on stderr and a documented exit code."""
    from ._ingest import InputError
    from ._parse import ParserError
    from .backends import BackendError, BackendUsageError

    try:
        yield
    except (InputError, ParserError, BackendUsageError) as error:
        raise _error(str(error), EXIT_INPUT) from None
    except BackendError as error:
        raise _error(str(error), EXIT_BACKEND) from None
    except KeyboardInterrupt:
        raise _error("interrupted", 130) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"summarizer {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
) -> None:
    pass


def backend_options(backend: Optional[str], option_pairs: Optional[list[str]] = None, **shorthands) -> tuple[str, dict]:
    """The backend to run and its options: ``--option KEY=VALUE`` pairs over the shorthand flags
    (``--base-url``, ``--model``...). A shorthand the chosen backend does not take is ignored (it may
    come from the environment); an ``--option`` it does not take is an error."""
    from .backends import backend_class, choose_backend

    given = {key: value for key, value in shorthands.items() if value is not None}
    name = choose_backend(backend, given)
    chosen = backend_class(name)
    options = {key: value for key, value in given.items() if key in chosen.Options.model_fields}
    listed = _listed_options(chosen)
    for pair in option_pairs or []:
        key, separator, value = pair.partition("=")
        key = key.strip().replace("-", "_")
        if not separator or not key:
            raise _error(f"--option {pair!r}: expected KEY=VALUE", EXIT_INPUT)
        if key not in listed:
            takes = ", ".join(listed) or "none"
            raise _error(f"the {name} backend has no option {key!r} (its options: {takes})", EXIT_INPUT)
        options[key] = value
    if options.get("base_url"):
        _check_url(str(options["base_url"]))
    return name, options


def _listed_options(backend_type) -> dict[str, str]:
    """The options a user may set: fields with a description (the rest is library plumbing)."""
    return {name: field.description + ("" if field.default is None else f" (default: {field.default})")
            for name, field in backend_type.Options.model_fields.items() if field.description}


class _WithBackendOptions(typer.core.TyperCommand):
    """--help ends with every registered backend's options, read from its Options model when the
    help is shown (importing every backend at start-up would slow each command)."""

    def format_epilog(self, ctx, formatter) -> None:
        super().format_epilog(ctx, formatter)
        from .backends import BackendError, available_backends, backend_class

        for name in sorted(available_backends()):
            try:
                listed = _listed_options(backend_class(name))
            except BackendError as error:  # a broken plugin (backend_class says why) must not break --help
                listed = {"": f"(cannot be loaded: {error})"}
            with formatter.section(f"Options of the {name} backend (--option KEY=VALUE)"):
                formatter.write_dl(list(listed.items()) or [("", "none")])


def _check_url(url: str) -> None:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _error(f"the base URL {url!r} is not an http(s) URL (e.g. http://127.0.0.1:8000/v1)", EXIT_INPUT)
    try:
        parts.port  # noqa: B018 -- urlsplit checks the port only when asked
    except ValueError:
        raise _error(f"the base URL {url!r} has an invalid port", EXIT_INPUT) from None


def _output_target(output: Optional[Path]) -> Optional[Path]:
    """Where a result goes: None for stdout (no -o, or -o -). A path that cannot be written is
    refused before any work is done, so no model call is paid for a result with nowhere to go."""
    if output is None or str(output) == "-":
        return None
    if output.is_dir():
        raise _error(f"{output}: is a directory; -o takes a file name", EXIT_INPUT)
    parent = output.parent
    if not parent.is_dir():
        raise _error(f"{output}: no such folder {str(parent)!r}", EXIT_INPUT)
    if not os.access(parent, os.W_OK | os.X_OK) or (output.exists() and not os.access(output, os.W_OK)):
        raise _error(f"{output}: permission denied", EXIT_INPUT)
    return output


def _write_result(output: Optional[Path], text: str) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        _atomic_write(output, text)
    except OSError as error:  # a full disk, a folder removed meanwhile: one line, nothing half-written
        raise _error(f"{output}: cannot write ({error.strerror or error})", EXIT_INPUT) from None
    typer.echo(f"wrote {output}", err=True)


# Shared option declarations (typer reads defaults from these objects). The shorthands below are
# --option KEY=VALUE for the options most used; each goes to whichever backend takes it.
BACKEND = typer.Option(None, "--backend", "-b", help="The backend: one of those listed below, or a plugin's. "
                       "Default: the local model; --base-url alone: the OpenAI-compatible endpoint.")
OPTION = typer.Option(None, "--option", "-O", metavar="KEY=VALUE", help="An option of the backend (repeatable); "
                      "the options of each are listed at the end of this help.")
BASE_URL = typer.Option(None, "--base-url", envvar="SUMMARIZER_BASE_URL",
                        help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8000/v1 (--option base_url=URL).")
MODEL = typer.Option(None, "--model", "-m", envvar="SUMMARIZER_MODEL",
                     help="Model name at the endpoint (--option model=NAME).")
API_KEY_ENV = typer.Option(None, "--api-key-env", help="Name of the environment variable holding the API key "
                           "(default: SUMMARIZER_API_KEY, then OPENAI_API_KEY).")
TIMEOUT = typer.Option(None, "--timeout", help="Seconds to wait for one model response (--option timeout=S).")
MODEL_PATH = typer.Option(None, "--model-path", envvar="SUMMARIZER_MODEL_PATH",
                          help="A GGUF file for the local model instead of the bundled one.")
THREADS = typer.Option(None, "--threads", help="CPU threads of the local model (default: all cores).")
CTX_SIZE = typer.Option(None, "--ctx-size", help="Context window of the local model in tokens (default 4096).")
MODE = typer.Option(None, "--mode", envvar="SUMMARIZER_MODE", help="How an endpoint is asked for structured "
                    "output: json_schema (OpenAI, vLLM, Ollama; default), llamacpp, json, md_json, tools.")
STRATEGY = typer.Option(None, "--strategy", envvar="SUMMARIZER_STRATEGY", help="whole-article (strong models; "
                        "default for an endpoint) or decomposed (small models).")
NO_CACHE = typer.Option(False, "--no-cache", help="Neither read nor write the on-disk response cache (ask the "
                        "model again; the cache is SUMMARIZER_CACHE_DIR or the user cache directory).")
KEEP_UNGROUNDED = typer.Option(False, "--keep-ungrounded", help="Keep items that cannot be tied to the article "
                               "text, marked \"grounded\": false (default: drop them and warn).")


@app.command(cls=_WithBackendOptions)
def summarize(
    article: Path = typer.Argument(..., help="Article file (.txt, .md or .html), or - for standard input."),
    output_format: OutputFormat = typer.Option(
        OutputFormat.markdown, "--format", "-f", help="markdown (default; also md), json (valid against `summarizer "
        "schema`), or html: one self-contained page, the brief above the article with every item highlighted "
        "(opens offline; use -o FILE.html)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the brief to this file "
                                          "(atomically; - or no -o: standard output)."),
    backend: Optional[str] = BACKEND,
    option: Optional[list[str]] = OPTION,
    base_url: Optional[str] = BASE_URL,
    model: Optional[str] = MODEL,
    api_key_env: Optional[str] = API_KEY_ENV,
    timeout: Optional[float] = TIMEOUT,
    model_path: Optional[Path] = MODEL_PATH,
    threads: Optional[int] = THREADS,
    ctx_size: Optional[int] = CTX_SIZE,
    mode: Optional[str] = MODE,
    strategy: Optional[str] = STRATEGY,
    keep_ungrounded: bool = KEEP_UNGROUNDED,
    no_cache: bool = NO_CACHE,
) -> None:
    """Summarize one article into a brief (Markdown by default, JSON, or an HTML page)."""
    from ._ingest import article_from_bytes, read_article, read_capped
    from ._pipeline import summarize as run_summarize
    from .backends import load_backend

    with friendly_errors():
        name, options = backend_options(backend, option, base_url=base_url, model=model, api_key_env=api_key_env,
                                        timeout=timeout, model_path=model_path, threads=threads, ctx_size=ctx_size,
                                        mode=mode, strategy=strategy)
        if no_cache:
            options["cache"] = False
        output = _output_target(output)
        # Ingested here, not by the pipeline, because the HTML page embeds the text the offsets index.
        source = article_from_bytes(read_capped(sys.stdin.buffer, "stdin"), path=None) if str(article) == "-" \
            else read_article(article)
        with load_backend(name, **options) as engine:  # bad options fail here, before any phase line
            if engine.calls_a_model:  # without a model it takes well under a second: no phases
                logging.getLogger("summarizer.phase").info(f"extracting with the {name} backend…")
            brief = run_summarize(source, backend=engine, keep_ungrounded=keep_ungrounded)
        _write_result(output, _rendered(brief, output_format, source.text))


def _rendered(brief, output_format: OutputFormat, article_text: str) -> str:
    from ._render import render_json, render_markdown

    if output_format is OutputFormat.html:
        from ._render_html import render_html

        return render_html(brief, article_text)
    return render_json(brief) if output_format is OutputFormat.json else render_markdown(brief)


@app.command()
def schema(
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the schema to this file (- : stdout)."),
) -> None:
    """Print the JSON Schema of the brief."""
    from ._schema import brief_schema_json

    _write_result(_output_target(output), brief_schema_json())


@app.command()
def verify(
    brief: Path = typer.Argument(..., help="A brief in JSON, as written by `summarize --format json`."),
    article: Path = typer.Argument(..., help="The article the brief was made from."),
) -> None:
    """Check a brief against its article: the article's sha256 and length, every offset, quote,
    speaker and figure value. Exit 1 when anything does not hold, 2 on a usage error."""
    from ._ingest import read_article
    from ._verify import verify_json

    with friendly_errors():
        try:
            brief_text = brief.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
            raise _error(f"{brief}: cannot read ({reason})", EXIT_INPUT) from None
        if not _looks_like_json(brief_text):
            swapped = article.is_file() and _looks_like_json(article.read_text(encoding="utf-8", errors="replace"))
            hint = "the arguments are swapped? " if swapped else ""
            raise _error(f"{brief}: not a JSON brief; {hint}usage: summarizer verify BRIEF.json ARTICLE", EXIT_INPUT)
        source = read_article(article)
        report = verify_json(brief_text, source.text, source.sha256)
    for problem in report.problems:
        typer.echo(f"FAIL {problem}")
    typer.echo(f"{'ok' if report.ok else 'FAILED'}: {report.checked} item(s) checked, "
               f"{len(report.problems)} problem(s), {report.ungrounded} marked ungrounded")
    if not report.ok:
        raise typer.Exit(EXIT_VERIFY)


def _looks_like_json(text: str) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except ValueError:
        return False


@app.command()
def serve(
    port: int = typer.Option(8080, "--port", help="Port on 127.0.0.1."),
    model_path: Optional[Path] = MODEL_PATH,
    threads: Optional[int] = THREADS,
    ctx_size: Optional[int] = CTX_SIZE,
) -> None:
    """Keep the bundled local model running as an OpenAI-compatible server, for batch runs and other tools.

    Point clients at it with --base-url http://127.0.0.1:PORT/v1 (or SUMMARIZER_BASE_URL); the
    llama.cpp mode and the small-model strategy are then chosen by themselves. Stop it with Ctrl-C.
    """
    import time as _time

    from .backends import local_model_server

    with friendly_errors():
        server = local_model_server(model_path, port=port, threads=threads, ctx_size=ctx_size)
        try:
            server.start()
            typer.echo(f"serving {server.settings.model.name} at {server.base_url} (Ctrl-C stops it)", err=True)
            typer.echo(f"  summarizer summarize ARTICLE --base-url {server.base_url}", err=True)
            while server.alive():
                _time.sleep(0.5)
            raise _error(f"the server exited: {server.log_tail()}", EXIT_BACKEND)
        finally:
            server.stop()


class EvalSplit(str, Enum):
    dev = "dev"
    dev2 = "dev2"
    dev3 = "dev3"
    test = "test"
    all = "all"


@app.command("eval", cls=_WithBackendOptions)
def eval_command(
    backend: str = typer.Option(BASELINE_BACKEND, "--backend", "-b", help="Backend to evaluate (default: the "
                                "model-free one; see the list below)."),
    option: Optional[list[str]] = OPTION,
    split: EvalSplit = typer.Option(EvalSplit.dev, "--split", help="dev, dev2, dev3 (for tuning), test (reporting only), all."),
    replay: bool = typer.Option(False, "--replay", help="Re-score from recorded cassettes, with no model."),
    record: bool = typer.Option(False, "--record", help="Record every model response as a cassette."),
    root: Path = typer.Option(Path("."), "--root", help="Repository root: the folder holding evals/ (gold, "
                              "gates), schemas/ and the articles the gold names (seeds/, evals/articles/)."),
    base_url: Optional[str] = BASE_URL,
    model: Optional[str] = MODEL,
    time_budget: Optional[float] = typer.Option(None, "--time-budget", help="Seconds after which no further "
                                                "article is started (live runs)."),
    gate: bool = typer.Option(True, "--gate/--no-gate", help="Exit 1 when a gate in evals/gates.toml fails."),
    write_baseline: bool = typer.Option(False, "--write-baseline", help="Save this run as the new baseline."),
) -> None:
    """Score a backend against the hand-labeled gold articles in evals/."""
    from ._eval import check_gates, markdown_report, overview_lines, results_json, summary_table
    from ._eval_run import EvalInputError, EvalOptions, load_baseline, load_gates, run_eval

    if replay and record:
        raise _error("--replay and --record exclude each other", EXIT_INPUT)
    mode = "replay" if replay else "record" if record else "live"
    with friendly_errors():
        backend, options = backend_options(backend, option, base_url=base_url, model=model)
        try:
            results, summary = run_eval(
                EvalOptions(backend=backend, split=split.value, mode=mode, root=root, backend_options=options,
                            limit_seconds=time_budget),
                progress=lambda line: typer.echo(line, err=True),
            )
        except EvalInputError as error:
            raise _error(str(error), EXIT_INPUT) from None
    baseline = load_baseline(root, backend, split.value)
    label = f"{backend}{'-replay' if replay else ''}"
    results_dir = root / "evals" / "results"
    _atomic_write(results_dir / f"{label}-{split.value}.json", results_json(backend, split.value, results, summary))
    _atomic_write(results_dir / f"{label}-{split.value}.md",
                  markdown_report(backend, split.value, results, summary, baseline))
    typer.echo(summary_table(summary, baseline))
    for line in overview_lines(summary):
        typer.echo(line)
    typer.echo(f"report: {results_dir / (label + '-' + split.value + '.md')}", err=True)
    if write_baseline:
        _atomic_write(root / "evals" / "baselines" / f"{backend}-{split.value}.json",
                      json.dumps(summary, indent=2) + "\n")
    failures: list[str] = []
    if gate:
        gates = load_gates(root, label, split.value)
        if not gates:
            typer.echo(f"no gates for {label} ({split.value}) in {root / 'evals' / 'gates.toml'}: nothing checked",
                       err=True)
        failures = check_gates(summary, gates)
    for failure in failures:
        typer.echo(f"GATE FAILED: {failure}", err=True)
    if failures:
        raise typer.Exit(1)


@app.command(cls=_WithBackendOptions)
def batch(
    directory: Path = typer.Argument(..., help="Folder of articles, walked recursively."),
    output_dir: Optional[Path] = typer.Option(
        None, "--output-dir", "-o", help="Where the briefs and index.jsonl go: OUTDIR/<relative path>.json."),
    glob: Optional[str] = typer.Option(
        None, "--glob", help="Files to take: '*.txt' matches at any depth, '2024/**/*.html' from DIR "
        "(default: every .txt, .md, .html, .htm)."),
    markdown: bool = typer.Option(False, "--markdown", help="Also write OUTDIR/<relative path>.md."),
    html: bool = typer.Option(False, "--html", help="Also write OUTDIR/<relative path>.html: the brief above its "
                              "article, every item highlighted (what `summarizer report` links to)."),
    concurrency: Optional[int] = typer.Option(
        None, "--concurrency", "-j", min=1, help="Articles in flight at once (default: the backend's: 8 for an "
        "endpoint, 1 for the local model, one per core with no model)."),
    workers: Optional[int] = typer.Option(
        None, "--workers", "-w", min=1, help="Worker processes sharing the articles in flight (default: the "
        "backend's: one per core with no model; for an endpoint one per 16 in flight, up to one per core; always "
        "1 for the local model, whose server already uses every core). Linux/macOS only (fork)."),
    force: bool = typer.Option(False, "--force", help="Redo every article, even those already up to date."),
    no_cache: bool = NO_CACHE,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress, only a one-line summary on stderr."),
    export_openai_batch: Optional[Path] = typer.Option(
        None, "--export-openai-batch", help="Write an OpenAI Batch API requests file instead (needs --model); "
        "no model is called."),
    import_openai_batch: Optional[Path] = typer.Option(
        None, "--import-openai-batch", help="Write the briefs from an OpenAI Batch API (or `vllm run-batch`) "
        "results file."),
    backend: Optional[str] = BACKEND,
    option: Optional[list[str]] = OPTION,
    base_url: Optional[str] = BASE_URL,
    model: Optional[str] = MODEL,
    api_key_env: Optional[str] = API_KEY_ENV,
    timeout: Optional[float] = TIMEOUT,
    model_path: Optional[Path] = MODEL_PATH,
    threads: Optional[int] = THREADS,
    ctx_size: Optional[int] = CTX_SIZE,
    mode: Optional[str] = MODE,
    strategy: Optional[str] = STRATEGY,
    keep_ungrounded: bool = KEEP_UNGROUNDED,
) -> None:
    """Summarize every article under a folder: resumable, concurrent, one bad article never stops the rest.

    Writes OUTDIR/<relative path>.json per article and OUTDIR/index.jsonl. Progress and the summary go
    to stderr; stdout stays empty. Exit code 0 when every article is ok or skipped, 1 when any failed,
    130 after Ctrl-C (everything finished is kept; a re-run resumes).
    """
    from . import _batch
    from .backends import load_backend

    if export_openai_batch and import_openai_batch:
        raise _error("--export-openai-batch and --import-openai-batch exclude each other", EXIT_INPUT)
    if export_openai_batch and output_dir:
        raise _error("--export-openai-batch writes only the requests file; -o is for runs and imports", EXIT_INPUT)
    if not export_openai_batch and output_dir is None:
        raise _error("missing -o OUTDIR (where the briefs go)", EXIT_INPUT)
    reporter = _batch.make_reporter(quiet)
    logging.getLogger("summarizer.phase").setLevel(logging.WARNING)  # per-article phases: the reporter's job
    written = {"markdown": markdown, "html": html, "keep_ungrounded": keep_ungrounded, "force": force}
    with friendly_errors():
        if export_openai_batch:
            summary = _batch.export_openai_batch(directory, export_openai_batch,
                                                 model or "",
                                                 pattern=glob, reporter=reporter)
        elif import_openai_batch:
            summary = _batch.import_openai_batch(directory, import_openai_batch, output_dir, pattern=glob,
                                                 reporter=reporter, **written)
        else:
            name, options = backend_options(backend, option, base_url=base_url, model=model,
                                            api_key_env=api_key_env, timeout=timeout, model_path=model_path,
                                            threads=threads, ctx_size=ctx_size, mode=mode, strategy=strategy)
            if no_cache:
                options["cache"] = False
            engine = load_backend(name, **options)  # one instance, shared by every worker thread
            in_flight = concurrency or engine.default_concurrency
            try:
                summary = _batch.run_directory(directory, output_dir, engine, pattern=glob, reporter=reporter,
                                               concurrency=in_flight, workers=workers
                                               or engine.default_workers(in_flight), **written)
            finally:
                engine.close()
    if summary.exit_code:
        raise typer.Exit(summary.exit_code)


@app.command()
def report(
    output_dir: Path = typer.Argument(..., metavar="OUTDIR", help="The -o folder of a `summarizer batch` run "
                                      "(its *.json briefs and index.jsonl)."),
    report_dir: Optional[Path] = typer.Option(None, "--output", "-o", help="Where the report goes "
                                              "(default: OUTDIR/report)."),
) -> None:
    """One HTML page and CSV files over every brief in a batch's folder.

    Writes OUTDIR/report/index.html (or -o DIR): actors across articles, who said what, denials,
    appeals, figures, failed articles and merged names, as sortable, filterable, paged tables that
    open offline; and one CSV file per table beside it. Links go to each item in its article's HTML
    brief when the batch ran with --html. Actors are merged across articles through their aliases;
    every merge is listed with its reason.
    """
    from ._report import ReportError, make_report

    try:
        summary = make_report(output_dir, report_dir)
    except ReportError as error:
        raise _error(str(error), EXIT_INPUT) from None
    typer.echo(f"wrote {summary.report_dir / 'index.html'} and its CSV files: {summary.line()}", err=True)


def _atomic_write(path: Path, text: str) -> None:
    from ._files import atomic_write_text

    atomic_write_text(path, text)


def main() -> None:
    # SIGTERM (kill, a service manager) and SIGHUP (a closed terminal) end a run the way Ctrl-C
    # does: work in flight is finished or dropped whole, the local model server is stopped, and
    # nothing half-written is left behind.
    for name in ("SIGTERM", "SIGHUP"):
        signal.signal(getattr(signal, name), _interrupted)
    # Library warnings (the response cache switched off, ...) and phases of a long run ("starting
    # the local model…") reach the user as one stderr line each.
    handler = logging.StreamHandler()
    handler.setFormatter(_OneLine())
    logger = logging.getLogger("summarizer")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    app()


class _OneLine(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        kind = "warning: " if record.levelno >= logging.WARNING else ""
        return f"summarizer: {kind}{record.getMessage()}"


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":  # pragma: no cover
    main()
