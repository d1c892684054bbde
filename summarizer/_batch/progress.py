"""How a run is tallied and shown on stderr: the Summary of counts, tokens and time, the Reporter
interface the runner calls as articles finish, and its two displays: plain lines (logs, pipes,
--quiet) and a live progress bar on a terminal."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Protocol, TextIO

from .index import Record


@dataclass
class Summary:
    """What one run (batch, export or import) did: counts by status, tokens, model requests, time."""

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
