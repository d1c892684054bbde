"""Runs the eval: each gold article through a backend, verified and scored.

``--record`` stores every model response as a JSON cassette per article under
``evals/cassettes/<backend>/``; ``--replay`` re-scores from those cassettes with no model at all.
Cassettes hold request bodies and responses only: credentials travel in headers, which are
never stored.
"""

from __future__ import annotations

import json
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ._eval import (
    ArticleResult, aggregate, figure_suspicion, load_gold, pronoun_role_speakers, score_article, score_summary,
)
from ._files import atomic_write_text
from ._ingest import InputError, read_article
from ._pipeline import run
from ._render import render_json
from ._schema import brief_schema
from ._segment import segment
from ._verify import verify
from .backends import BASELINE_BACKEND, BackendError, backend_class, load_backend


class EvalInputError(Exception):
    """The eval has nothing to score: no gold folder, or no article in the split."""


class Cassette:
    """A response store kept in one JSON file; written back atomically by ``save``.

    ``fresh`` (a record run) starts empty, so the saved file holds exactly the requests this run
    made: answers to prompts that no longer exist do not pile up from one recording to the next.
    """

    def __init__(self, path: Path, fresh: bool = False):
        self.path = path
        self.entries: dict[str, dict] = {}
        if path.is_file() and not fresh:
            self.entries = json.loads(path.read_text(encoding="utf-8")).get("interactions", {})
        self.dirty = False

    def get(self, key: str) -> dict | None:
        entry = self.entries.get(key)
        return entry["response"] if entry else None

    def put(self, key: str, request: dict, response: dict) -> None:
        self.entries[key] = {"request": request, "response": response}
        self.dirty = True

    def save(self) -> None:
        if self.dirty:
            text = json.dumps({"interactions": self.entries}, indent=1, ensure_ascii=False, sort_keys=True)
            atomic_write_text(self.path, text + "\n")
            self.dirty = False


@dataclass
class EvalOptions:
    backend: str = BASELINE_BACKEND  # deterministic, no model
    split: str = "dev"
    mode: str = "live"  # live, record or replay
    root: Path = Path(".")
    backend_options: dict | None = None
    limit_seconds: float | None = None  # stop starting new live articles after this long
    only: list[str] | None = None  # gold names to run, in this order (default: all in the split)


def run_eval(options: EvalOptions, progress: Callable[[str], None] | None = None) -> tuple[list[ArticleResult], dict]:
    gold_dir = options.root / "evals" / "gold"
    if not gold_dir.is_dir():
        raise EvalInputError(f"no gold folder: {gold_dir} does not exist (is --root the repository root?)")
    golds = load_gold(gold_dir, options.split)
    if options.only:  # in the order given
        by_name = dict(golds)
        golds = [(name, by_name[name]) for name in options.only if name in by_name]
    if not golds:
        raise EvalInputError(f"no gold article in split {options.split!r} under {gold_dir}")
    schema = _brief_schema(options.root)
    results: list[ArticleResult] = []
    cassette_dir = options.root / "evals" / "cassettes" / options.backend
    started = time.monotonic()
    # Only a backend that calls a model has responses to record or replay.
    records = options.mode != "live" and backend_class(options.backend).calls_a_model
    shared_backend = None
    try:
        for name, gold in golds:
            if options.limit_seconds is not None and time.monotonic() - started > options.limit_seconds:
                if progress:
                    progress(f"time budget reached; {name} and later articles not run")
                break
            cassette = Cassette(cassette_dir / f"{name}.json", fresh=options.mode == "record") \
                if records else None
            extra = dict(options.backend_options or {})
            if cassette is not None:
                if options.mode == "replay":
                    extra.update(cache=cassette, offline=True)
                else:
                    extra.update(cache=False, record=cassette)
                backend = load_backend(options.backend, **extra)
            else:
                if shared_backend is None:
                    shared_backend = load_backend(options.backend, **extra)
                backend = shared_backend
            result = _one(name, gold, backend, options.root, schema)
            if cassette is not None:
                backend.close()
                if options.mode == "record":
                    cassette.save()
            results.append(result)
            if progress:
                progress(_progress_line(result))
    finally:
        if shared_backend is not None:
            shared_backend.close()
    return results, aggregate(results)


def _progress_line(result: ArticleResult) -> str:
    if result.error:
        return f"{result.name}: FAILED {result.error}"
    s = result.scores["statements"]
    return f"{result.name}: statements P {s.precision:.2f} R {s.recall:.2f} · {result.seconds:.1f} s"


def _brief_schema(root: Path) -> dict:
    """The committed schema file when there is one (what users validate against), else the model's."""
    path = root / "schemas" / "brief.schema.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else brief_schema()


def schema_errors(brief_json: str, schema: dict) -> list[str]:
    """Problems of the brief's JSON text against the JSON Schema, checked by jsonschema."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema)
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
            for e in validator.iter_errors(json.loads(brief_json))]


def _one(name: str, gold, backend, root: Path, schema: dict) -> ArticleResult:
    try:
        article = read_article(root / gold.article)
        brief = run(article, backend)
    except (InputError, BackendError) as error:
        return ArticleResult(name=name, split=gold.split, scores=None, error=str(error), schema_valid=False)
    problems = schema_errors(render_json(brief), schema)
    report = verify(brief, article.text)
    document = segment(article)
    sentences = [document.title.text] if document.title else []
    sentences += [s.text for s in document.sentences]
    suspects = []
    for figure in brief.figures:
        kind = figure_suspicion(figure.raw, figure.evidence.start, figure.evidence.end, article.text)
        if kind:
            suspects.append(f"{kind}: {figure.raw!r} at {figure.evidence.start} ({figure.what})")
    items = [*brief.statements, *brief.figures]
    grounded = sum(item.grounded for item in items)  # (with --keep-ungrounded some are kept ungrounded)
    scores = score_article(gold, brief, article.text)
    body_sentences = [(s.start, s.end) for s in document.sentences]
    return ArticleResult(
        name=name, split=gold.split, scores=scores,
        pronoun_role=pronoun_role_speakers(gold, scores["statements"], article.text, body_sentences),
        schema_valid=not problems, schema_errors=problems,
        produced=grounded + brief.run.ungrounded, grounded=grounded,
        verify_problems=report.problems,
        summary=score_summary(gold, brief, document.body_text(), sentences) if gold.key_facts else None,
        suspect_figures=suspects,
        attempts=brief.run.attempts, tokens=brief.run.tokens.total, seconds=brief.run.seconds,
    )


def load_gates(root: Path, label: str, split: str | None = None) -> dict:
    """One backend's gates: its table in evals/gates.toml, with its ``<split>`` sub-table laid over."""
    path = root / "evals" / "gates.toml"
    if not path.is_file():
        return {}
    table = tomllib.loads(path.read_text(encoding="utf-8")).get(label, {})
    gates = {k: v for k, v in table.items() if k not in ("dev", "dev2", "dev3", "test", "all")}
    if split and isinstance(table.get(split), dict):
        gates.update(table[split])
    return gates


def load_baseline(root: Path, backend: str, split: str) -> dict | None:
    path = root / "evals" / "baselines" / f"{backend}-{split}.json"
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))
