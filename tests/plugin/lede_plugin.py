"""A third-party backend, as a plugin author would write it: only summarizer's public API.

It is registered through the ``summarizer.backends`` entry-point group by the tests (see
tests/test_plugin.py), exactly as a package's pyproject.toml would register it.
"""

from pydantic import Field

from summarizer import Candidates, Document, Draft
from summarizer.backends import Backend, CallStats, Options


class LedeOptions(Options):
    sentences: int = Field(1, ge=1, description="how many opening sentences make the summary")


class LedeBackend(Backend):
    """The summary is the article's first sentences; no statements, no model."""

    name = "lede"
    Options = LedeOptions
    strategy = "lede"
    needs_candidates = False
    worker_processes_ok = True

    def extract(self, document: Document, candidates: Candidates, stats: CallStats) -> Draft:
        opening = document.sentences[: self.options.sentences]
        return Draft(summary=" ".join(sentence.text for sentence in opening))
