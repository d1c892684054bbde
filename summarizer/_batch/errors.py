"""The one error a batch as a whole fails with; per-article failures are index records instead."""

from __future__ import annotations

from .._ingest import InputError


class BatchError(InputError):
    """The batch as a whole cannot run (no such folder, nothing to do, output not writable...).

    An ``InputError`` so the CLI reports it like any bad input: one line, exit code 2.
    """
