"""Shared helpers for the benchmarks in bench/: articles, the fake server, running the CLI, results.

Run as a script (``python bench/_common.py serve --delay 0.5``) it is the fake OpenAI-compatible
server the benchmarks start in a separate process; see ``FakeServer``.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
CORPUS = Path(os.environ.get("SUMMARIZER_BENCH_CORPUS", "/work/shared/corpus/wikinews"))
SEEDS = ROOT / "seeds"
# Unlabeled 2019-2020 Wikinews articles (../shared/ beside the repository): fresh text for timing.
FRESH_CORPUS = Path(os.environ.get("SUMMARIZER_BENCH_FRESH_CORPUS",
                                   ROOT.parent / "shared" / "corpus" / "wikinews-2019-2020" / "articles"))
PYTHON = sys.executable
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


# --- the machine -------------------------------------------------------------------------------
def _busy_jiffies() -> tuple[int, int]:
    """(busy, total) CPU jiffies of the whole machine, from /proc/stat."""
    with open("/proc/stat") as stream:
        fields = [int(v) for v in stream.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return sum(fields) - idle, sum(fields)


def eval_processes() -> list[str]:
    """Command lines of running `summarizer eval` processes (another workload competing for CPU)."""
    found = subprocess.run(["pgrep", "-af", "summarizer eval"], check=False, capture_output=True, text=True).stdout
    return [line.strip() for line in found.splitlines() if line.strip()]


def machine_snapshot() -> dict:
    return {
        "time": _dt.datetime.now().isoformat(timespec="seconds"),
        "loadavg": [round(v, 2) for v in os.getloadavg()],
        "eval_running": eval_processes(),
    }


@dataclass
class MachineWatch:
    """Load at the start and end of a benchmark, and how many cores the whole machine kept busy."""

    start: dict = field(default_factory=machine_snapshot)
    _jiffies: tuple[int, int] = field(default_factory=_busy_jiffies)
    _wall: float = field(default_factory=time.perf_counter)

    def finish(self) -> dict:
        busy0, total0 = self._jiffies
        busy1, total1 = _busy_jiffies()
        cores = os.cpu_count() or 1
        busy_cores = cores * (busy1 - busy0) / max(1, total1 - total0)
        return {
            "cpu_count": cores,
            "start": self.start,
            "end": machine_snapshot(),
            "machine_busy_cores_during_run": round(busy_cores, 2),
            "wall_s": round(time.perf_counter() - self._wall, 2),
        }


# --- articles ----------------------------------------------------------------------------------
def source_texts() -> list[tuple[str, str]]:
    """(name, text) of every corpus article (wikinews) and seed, the material benchmark articles copy."""
    files = sorted(CORPUS.glob("*.txt")) + sorted(SEEDS.glob("*.txt"))
    texts = [(f.stem, f.read_text(encoding="utf-8")) for f in files]
    if not texts:
        raise SystemExit(f"no source articles in {CORPUS} or {SEEDS}")
    return texts


def _letters(number: int) -> str:
    """0 -> 'a', 25 -> 'z', 26 -> 'ba', ...: a unique tag with no digits (so it adds no figure)."""
    out = ""
    while True:
        number, digit = divmod(number, 26)
        out = "abcdefghijklmnopqrstuvwxyz"[digit] + out
        if number == 0:
            return out


def make_articles(directory: Path, count: int, *, start: int = 0) -> list[Path]:
    """Write ``count`` distinct articles into ``directory``: corpus texts in turn, each with a unique
    sentence closing its first real paragraph, so no two share a sha256 (result keys) or a model
    request (the response cache; the prompt cuts long articles at 7,000 characters, so the
    sentence must come early)."""
    texts = source_texts()
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + count):
        name, text = texts[i % len(texts)]
        paragraphs = text.rstrip().split("\n\n")
        lede = next((k for k, p in enumerate(paragraphs) if len(p.split()) >= 25), len(paragraphs) - 1)
        paragraphs[lede] = f"{paragraphs[lede].rstrip()} This copy is filed under the archive tag {_letters(i)}."
        path = directory / f"{i:05d}_{name}.txt"
        path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


@contextlib.contextmanager
def workdir(keep: bool = False, prefix: str = "summarizer-bench-") -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield path
    finally:
        if keep:
            print(f"(kept {path})", file=sys.stderr)
        else:
            shutil.rmtree(path, ignore_errors=True)


# --- the fake OpenAI-compatible server, in its own process ---------------------------------------
class FakeServer:
    """An OpenAI-compatible server answering echo_brief after ``delay`` seconds (see ``_serve``), run in a
    separate process so its CPU (and GIL) is not the client's. Protocol on its stdin/stdout:
    it prints ``PORT n`` when listening; each ``stats`` line gets one JSON line back (requests
    answered, server CPU seconds, how late answers left); EOF on stdin stops it."""

    def __init__(self, delay: float = 0.0):
        self.delay = delay
        self.process: subprocess.Popen | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def __enter__(self) -> FakeServer:
        self.process = subprocess.Popen(
            [PYTHON, str(Path(__file__).resolve()), "serve", "--delay", str(self.delay)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
        )
        line = self.process.stdout.readline()
        if not line.startswith("PORT "):
            self.process.kill()
            raise RuntimeError(f"fake server did not start: {line!r}")
        self.port = int(line.split()[1])
        return self

    def stats(self) -> dict:
        assert self.process is not None
        self.process.stdin.write("stats\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            with contextlib.suppress(OSError):
                self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None


def _serve(delay: float) -> None:
    """An asyncio HTTP/1.1 server (keep-alive) answering tests/fake_openai.py's echo_brief after
    ``delay`` seconds from the moment each request has been read. Not FakeOpenAI's http.server:
    there a thread per connection wakes for every answer due and queues for the server's GIL, so
    32 answers due together would leave late, and the lateness would be counted against the
    client. Here one event loop sends each answer on time, and how late each left is measured
    (``late_s_sum``, ``late_s_max`` in the stats) so a benchmark can show the harness added nothing."""
    import asyncio
    import threading

    sys.path.insert(0, str(ROOT))
    from tests.fake_openai import Reply, echo_brief

    models = Reply(body={"object": "list", "data": [{"id": "fake-model", "object": "model"}]})
    # Requests answered, and how many seconds after its due time each answer left (the harness's own lag).
    counts = {"requests": 0, "late_s_sum": 0.0, "late_s_max": 0.0}

    def response(reply: Reply) -> bytes:
        payload = json.dumps(reply.body if reply.body is not None else {"error": {"message": "fake"}}).encode()
        head = [f"HTTP/1.1 {reply.status} {'OK' if reply.status == 200 else 'Error'}",
                "Content-Type: application/json", f"Content-Length: {len(payload)}",
                *(f"{k}: {v}" for k, v in reply.headers.items())]
        return ("\r\n".join(head) + "\r\n\r\n").encode() + payload

    async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, target = lines[0].split()[:2]
                headers = {k.strip().lower(): v.strip() for k, _, v in (l.partition(":") for l in lines[1:] if l)}
                body = await reader.readexactly(int(headers.get("content-length") or 0))
                if method == "GET" and target.rstrip("/").endswith("/models"):
                    writer.write(response(models))
                elif method == "POST" and target.endswith("/chat/completions"):
                    arrived = time.perf_counter()
                    counts["requests"] += 1
                    # Built before the wait, so the answer leaves exactly ``delay`` after the request.
                    reply = response(echo_brief(json.loads(body or b"{}")))
                    await asyncio.sleep(delay - (time.perf_counter() - arrived))
                    writer.write(reply)
                    lag = time.perf_counter() - arrived - delay
                    counts["late_s_sum"] += lag
                    counts["late_s_max"] = max(counts["late_s_max"], lag)
                else:
                    writer.write(response(Reply(status=404)))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    loop = asyncio.new_event_loop()
    # A listen backlog of 256: the default drops SYNs when 32 clients connect at once, and a
    # dropped SYN costs a 1 s retransmit. asyncio sets TCP_NODELAY on every connection.
    server = loop.run_until_complete(asyncio.start_server(connection, "127.0.0.1", 0, backlog=256))
    threading.Thread(target=loop.run_forever, daemon=True).start()
    print(f"PORT {server.sockets[0].getsockname()[1]}", flush=True)
    for line in sys.stdin:
        if line.strip() == "stats":
            usage = resource.getrusage(resource.RUSAGE_SELF)
            print(json.dumps({**counts, "cpu_s": usage.ru_utime + usage.ru_stime}), flush=True)
    loop.call_soon_threadsafe(loop.stop)


# --- running `summarizer` ------------------------------------------------------------------------
@dataclass
class Run:
    exit_code: int
    wall_s: float
    cpu_s: float  # CPU of the process that ran the command (in-process) or of the child tree
    stderr: str = ""
    max_rss_kb: int = 0


def run_cli_inprocess(args: Sequence[str]) -> Run:
    """`summarizer ARGS` in this process (imports already paid): wall and CPU (all threads, and any
    worker processes it forked and reaped)."""
    from summarizer.cli import app

    def cpu_now() -> float:
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.process_time() + children.ru_utime + children.ru_stime

    captured = io.StringIO()
    wall, cpu = time.perf_counter(), cpu_now()
    with contextlib.redirect_stderr(captured):
        try:
            code = app(args=list(args), standalone_mode=False, prog_name="summarizer") or 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
    return Run(int(code), time.perf_counter() - wall, cpu_now() - cpu, captured.getvalue())


def summarizer_command() -> list[str]:
    """The installed console script, as a user runs it."""
    script = Path(PYTHON).parent / "summarizer"
    return [str(script)] if script.exists() else [PYTHON, "-m", "summarizer.cli"]


def run_cli_subprocess(args: Sequence[str], env: dict[str, str] | None = None, *,
                       stdout: Any = subprocess.DEVNULL) -> Run:
    """`summarizer ARGS` as a child process: wall clock (interpreter start-up and imports included),
    CPU and peak RSS of the child and whatever it waited for (os.wait4)."""
    wall = time.perf_counter()
    process = subprocess.Popen(summarizer_command() + list(args), stdout=stdout, stderr=subprocess.PIPE,
                               env={**os.environ, **(env or {})}, text=True)
    stderr_chunks: list[str] = []
    # Read stderr to the end first (it may be long: one line per article), then reap with wait4.
    assert process.stderr is not None
    stderr_chunks.append(process.stderr.read())
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - wall
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(process.returncode, elapsed, usage.ru_utime + usage.ru_stime, "".join(stderr_chunks),
               usage.ru_maxrss)


def startup_cost(modules: Sequence[str] = ("summarizer.cli", "summarizer._batch", "summarizer._pipeline",
                                           "summarizer.backends.openai_compat", "openai", "instructor")) -> Run:
    """Interpreter start-up plus importing ``modules`` (by default what an openai `batch` run
    imports), as its own process: wall, and CPU from os.wait4."""
    code = f"import {', '.join(modules)}"
    wall = time.perf_counter()
    process = subprocess.Popen([PYTHON, "-c", code])
    _, status, usage = os.wait4(process.pid, 0)
    return Run(os.waitstatus_to_exitcode(status), time.perf_counter() - wall, usage.ru_utime + usage.ru_stime)


def index_counts(out: Path) -> dict:
    """Statuses in OUTDIR/index.jsonl, and the mean per-article seconds of the ok ones."""
    counts: dict[str, int] = {}
    seconds = []
    path = out / "index.jsonl"
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            counts[record["status"]] = counts.get(record["status"], 0) + 1
            if record["status"] == "ok":
                seconds.append(record["seconds"])
    return {"counts": counts, "mean_article_seconds": round(sum(seconds) / len(seconds), 4) if seconds else None}


def check_all(run: Run, out: Path, expected: int, status: str = "ok") -> dict:
    """The run's index must show ``expected`` articles with ``status``; stop loudly otherwise."""
    found = index_counts(out)
    if run.exit_code != 0 or found["counts"].get(status, 0) != expected:
        tail = "\n".join(run.stderr.strip().splitlines()[-5:])
        raise SystemExit(f"batch run went wrong (exit {run.exit_code}, {found['counts']}, expected {expected} "
                         f"{status}):\n{tail}")
    return found


# --- results -------------------------------------------------------------------------------------
@dataclass
class Figure:
    name: str
    value: float | None
    unit: str
    target: float | None = None
    direction: str = ""  # ">=" (higher is better) or "<=" (lower is better), with a target
    note: str = ""

    @property
    def ok(self) -> bool | None:
        if self.target is None or self.value is None:
            return None
        return self.value >= self.target if self.direction == ">=" else self.value <= self.target

    def as_dict(self) -> dict:
        return {"name": self.name, "value": self.value, "unit": self.unit, "target": self.target,
                "direction": self.direction or None, "ok": self.ok, "note": self.note or None}


class Report:
    """One benchmark's figures: printed as they come, saved to results/<name>.json and latest.md."""

    def __init__(self, name: str, title: str, params: dict):
        self.name = name
        self.title = title
        self.params = params
        self.figures: list[Figure] = []
        self.details: dict[str, Any] = {}
        self.notes: list[str] = []
        self.watch = MachineWatch()
        start = self.watch.start
        print(f"== {name}: {title}")
        print(f"   load {start['loadavg']} on {os.cpu_count()} cores"
              + (f"; a `summarizer eval` is running ({len(start['eval_running'])} process(es))"
                 if start["eval_running"] else ""))

    def figure(self, name: str, value: float | None, unit: str, *, target: float | None = None,
               direction: str = "", note: str = "", digits: int = 3) -> Figure:
        figure = Figure(name, None if value is None else round(value, digits), unit, target, direction, note)
        self.figures.append(figure)
        verdict = {True: "  [ok]", False: "  [MISSES TARGET]", None: ""}[figure.ok]
        goal = f" (target {direction} {target} {unit})" if target is not None else ""
        print(f"   {name}: {figure.value} {unit}{goal}{verdict}" + (f"  -- {note}" if note else ""))
        return figure

    def note(self, text: str) -> None:
        self.notes.append(text)
        print(f"   note: {text}")

    def save(self) -> Path:
        machine = self.watch.finish()
        data = {"name": self.name, "title": self.title, "params": self.params, "machine": machine,
                "git": _git_state(), "python": sys.version.split()[0],
                "figures": [f.as_dict() for f in self.figures], "notes": self.notes, "details": self.details}
        path = RESULTS / f"{self.name}.json"
        write_atomic(path, json.dumps(data, indent=2) + "\n")
        write_latest_md()
        print(f"   load at end {machine['end']['loadavg']}; machine kept {machine['machine_busy_cores_during_run']} "
              f"of {machine['cpu_count']} cores busy; {machine['wall_s']} s -> {path.relative_to(ROOT)}")
        return path


def _git_state() -> dict:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], check=False, cwd=ROOT, capture_output=True, text=True).stdout.strip()

    return {"commit": git("rev-parse", "--short", "HEAD"), "dirty": bool(git("status", "--porcelain", "--", "summarizer"))}


def write_atomic(path: Path, text: str) -> None:
    from summarizer._files import atomic_write_text  # imported here: the harness itself stays light

    atomic_write_text(path, text)  # its temp file, .<name>.*.tmp, matches the git-ignored bench/results/*.tmp


ORDER = ["concurrency", "overhead", "cached_rerun", "rules_throughput", "report", "embedded", "faults"]


def write_latest_md() -> Path:
    """bench/results/latest.md: every saved result, one section each, newest figures from each file."""
    results = {}
    for path in sorted(RESULTS.glob("*.json")):
        with contextlib.suppress(ValueError, OSError):
            results[path.stem] = json.loads(path.read_text(encoding="utf-8"))
    names = [n for n in ORDER if n in results] + sorted(n for n in results if n not in ORDER)
    lines = ["# Benchmark results", "",
             "Written by `bench/*.py` (see bench/README.md). Each section is the latest run of that benchmark;",
             "the load average is `os.getloadavg()` at its start and end, on the machine's cores.", ""]
    for name in names:
        data = results[name]
        machine = data.get("machine", {})
        start, end = machine.get("start", {}), machine.get("end", {})
        lines += [f"## {name}: {data.get('title', '')}", "",
                  f"Run {start.get('time', '?')} ({machine.get('wall_s', '?')} s) at commit "
                  f"{data.get('git', {}).get('commit', '?')}{' (summarizer/ modified)' if data.get('git', {}).get('dirty') else ''}"
                  f"; load {start.get('loadavg')} → {end.get('loadavg')} on {machine.get('cpu_count')} cores; "
                  f"the whole machine kept {machine.get('machine_busy_cores_during_run')} cores busy"
                  + ("; **a `summarizer eval` was running**" if start.get("eval_running") or end.get("eval_running")
                     else "") + ".", "",
                  "| figure | value | target | | details |", "|---|---|---|---|---|"]
        for f in data.get("figures", []):
            target = f"{f['direction']} {f['target']} {f['unit']}".strip() if f.get("target") is not None else ""
            verdict = {True: "ok", False: "**misses**", None: ""}[f.get("ok")]
            value = "–" if f["value"] is None else f"{f['value']} {f['unit']}".strip()
            lines.append(f"| {f['name']} | {value} | {target} | {verdict} | {f.get('note') or ''} |")
        for text in data.get("notes", []):
            lines += ["", f"- {text}"]
        lines.append("")
    path = RESULTS / "latest.md"
    write_atomic(path, "\n".join(lines))
    return path


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="The benchmarks' fake OpenAI-compatible server.")
    parser.add_argument("command", choices=["serve"])
    parser.add_argument("--delay", type=float, default=0.0, help="seconds before each chat answer")
    _serve(parser.parse_args().delay)
