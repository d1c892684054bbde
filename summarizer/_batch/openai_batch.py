"""The batch runner's side of the OpenAI Batch API round trip: the export walks the input folder
and writes the requests file; the import reads the results file and runs each answer through the
pipeline into the same outputs and index a live run writes. The file format itself (request lines,
result lines, the answered backend) is ``summarizer.backends.openai_batch``'s."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TextIO

from .._files import atomic_stream
from .._ingest import InputError, read_article
from .._prompts import DEFAULT_PROMPT_VERSION
from .._segment import segment
from ..backends import AnsweredBackend, BatchAnswer, openai_batch_request, parse_result_line
from .discovery import require_articles
from .errors import BatchError
from .index import Record, prepare_output_folder
from .progress import Reporter, Summary
from .runner import BatchSettings, Job, failed_job, one_line, process_article, run_batch


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
    rels = require_articles(root, pattern, None)
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
    line = openai_batch_request(rel, segment(article), model, prompt_version)
    stream.write(json.dumps(line, ensure_ascii=False) + "\n")
    return Record(rel, "ok", article.sha256, seconds=round(time.perf_counter() - started, 3))


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
    rels = require_articles(root, pattern, out)
    answers: dict[str, BatchAnswer] = {}
    for answer in read_results(results):
        answers[answer.custom_id] = answer  # a retried request's later line wins
    index = prepare_output_folder(out)
    previous = index.open()

    def job_for(rel: str) -> Job:
        answer = answers.pop(rel, None)
        if answer is None:
            return failed_job(rel, f"no result for this article in {results.name}")
        if answer.completion is None:
            return failed_job(rel, f"batch request failed: {answer.error}")
        answered = AnsweredBackend(answer.completion, prompt_version)
        return Job(rel, process_article, (rel, answered, settings, previous))

    jobs = [job_for(rel) for rel in rels]
    for answer in answers.values():  # what is left names no article under root
        reason = answer.error if answer.malformed else f"unknown custom_id: no such article under {root}"
        jobs.append(failed_job(answer.custom_id, reason or "unknown custom_id"))
    # Parsing and grounding are CPU work, where threads only add the GIL: one at a time.
    return run_batch(jobs, concurrency=1, reporter=reporter, index=index, title="importing")
