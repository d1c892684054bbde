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

from ._eval import ArticleResult, aggregate, load_gold, score_article
from ._files import atomic_write_text
from ._ingest import InputError, read_article
from ._pipeline import run
from ._verify import verify
from .backends import BackendError, load_backend


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
    backend: str = "rules"
    split: str = "dev"
    mode: str = "live"  # live, record or replay
    root: Path = Path(".")
    backend_options: dict | None = None
    limit_seconds: float | None = None  # stop starting new live articles after this long
    only: list[str] | None = None  # gold names to run (default: all in the split)


def run_eval(options: EvalOptions, progress: Callable[[str], None] | None = None) -> tuple[list[ArticleResult], dict]:
    golds = load_gold(options.root / "evals" / "gold", options.split)
    if options.only:
        golds = [(name, gold) for name, gold in golds if name in options.only]
    results: list[ArticleResult] = []
    cassette_dir = options.root / "evals" / "cassettes" / options.backend
    started = time.monotonic()
    shared_backend = None
    try:
        for name, gold in golds:
            if options.limit_seconds is not None and time.monotonic() - started > options.limit_seconds:
                if progress:
                    progress(f"time budget reached; {name} and later articles not run")
                break
            cassette = Cassette(cassette_dir / f"{name}.json", fresh=options.mode == "record") \
                if options.mode != "live" and options.backend != "rules" else None
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
            result = _one(name, gold, backend, options.root)
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


def _one(name: str, gold, backend, root: Path) -> ArticleResult:
    try:
        article = read_article(root / gold.article)
        brief = run(article, backend)
    except (InputError, BackendError) as error:
        return ArticleResult(name=name, split=gold.split, scores=None, error=str(error), schema_valid=False)
    from ._models import Brief

    try:
        Brief.model_validate_json(brief.model_dump_json())
        valid = True
    except ValueError:
        valid = False
    report = verify(brief, article.text)
    return ArticleResult(
        name=name, split=gold.split, scores=score_article(gold, brief), schema_valid=valid,
        grounding_rate=round(report.grounding_rate, 4), verify_problems=report.problems,
        attempts=brief.run.attempts, tokens=brief.run.tokens.total, seconds=brief.run.seconds,
    )


def load_gates(root: Path, backend: str) -> dict:
    path = root / "evals" / "gates.toml"
    if not path.is_file():
        return {}
    return tomllib.loads(path.read_text(encoding="utf-8")).get(backend, {})


def load_baseline(root: Path, backend: str, split: str) -> dict | None:
    path = root / "evals" / "baselines" / f"{backend}-{split}.json"
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))
