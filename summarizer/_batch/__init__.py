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
backend's name, model, prompt version and strategy, the backend options that decide the brief
when set away from their defaults (``Options.result_options``), the brief schema version and
--keep-ungrounded.
A re-run marks an article "skipped", without running the pipeline, when the index holds an ok or
skipped line for it with the same key and its output files exist; failed articles are retried.
``--force`` redoes everything. Model responses are also cached on disk by the backends, so redoing
an article after a crash costs no repeated model calls (unless --no-cache).

Scale beyond one machine goes through the OpenAI Batch API file format (see ``export_openai_batch``
and ``import_openai_batch``), which OpenAI and ``vllm run-batch`` both read and write.

By job: ``discovery`` finds the articles, ``index`` keeps index.jsonl and the folder's lock,
``runner`` turns articles into outputs and records, ``openai_batch`` is the export and import (the
file format itself is ``summarizer.backends.openai_batch``'s), ``progress`` tallies and shows a run.
"""

from .discovery import ARTICLE_SUFFIXES, find_articles
from .errors import BatchError
from .index import INDEX_NAME, Index, Record, read_index
from .openai_batch import export_openai_batch, import_openai_batch
from .progress import Summary, make_reporter
from .runner import run_batch, run_directory

# process_article, write_outputs and what they call are not re-exported: to wrap one (tests, bench),
# patch it on ``summarizer._batch.runner``, where the runner looks it up.
__all__ = [
    "ARTICLE_SUFFIXES", "find_articles", "BatchError", "INDEX_NAME", "Index", "Record", "read_index",
    "export_openai_batch", "import_openai_batch", "Summary", "make_reporter",
    "run_batch", "run_directory",
]
