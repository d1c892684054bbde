"""Embedded backend: wall time for articles of about 450, 700 and 900 words, server start
included, and peak memory.

Each article is one `summarizer summarize ARTICLE --format json` subprocess with a fresh, empty
SUMMARIZER_CACHE_DIR (nothing answered from the response cache), so the time covers interpreter
start-up, starting llama.cpp's server, loading the model and both model calls. The model file
itself is assembled beforehand (first use only). Target (issue 14): <= 20 s per 700 words. The
three articles are unlabeled 2019-2020 Wikinews articles that no eval split uses.

Peak memory, two ways: os.wait4's ru_maxrss is the largest single process of the tree (the
llama.cpp server is waited for by the summarizer process, so it is counted); a sampler summing
VmRSS over the child and all its descendants every 0.1 s gives the tree's combined peak.

With --batch-levels, also `summarizer batch` over the same articles at each --concurrency level
(one server for the whole batch), in articles per minute. llama-cpp-python's server answers one
request at a time (it has no parallel slots), so a second article in flight can only overlap its
rule pass and parse with the other's model call; the figures show what that is worth on 2 cores.

Slow (about a minute per article) and CPU-bound: not in `run_all.py` unless --embedded, and it
refuses to run while a `summarizer eval` is running unless --even-if-busy.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _common import FRESH_CORPUS, Report, eval_processes, summarizer_command

TARGET_S = 20.0
DEFAULT_ARTICLES = [FRESH_CORPUS / f"{name}.txt" for name in (
    "2019-10-22_aftershocks-increase-death-toll-of-magnitude-6-3-earthquake",  # 455 words
    "2019-09-09_longtime-leader-of-zimbabwe-robert-mugabe-dies-aged-95",  # 726 words
    "2019-09-30_u-s-house-issues-subpoena-to-secretary-of-state-as-special",  # 924 words
)]


def tree_rss_kb(root_pid: int) -> tuple[int, int]:
    """(sum of VmRSS over root_pid and its descendants, number of processes), from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stream:
                stat = stream.read()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/status") as stream:
                kb = next((int(line.split()[1]) for line in stream if line.startswith("VmRSS:")), 0)
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = kb
    total, count, todo = 0, 0, [root_pid]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        count += 1
        todo.extend(children.get(pid, []))
    return total, count


class TreeSampler(threading.Thread):
    def __init__(self, pid: int, interval: float = 0.1):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_kb, self.peak_processes = 0, 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            kb, count = tree_rss_kb(self.pid)
            if kb > self.peak_kb:
                self.peak_kb, self.peak_processes = kb, count
            self.stop.wait(self.interval)


def summarize_once(article: Path, threads: int | None) -> dict:
    with tempfile.TemporaryDirectory(prefix="summarizer-bench-cache-") as cache, \
            tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        command = summarizer_command() + ["summarize", str(article), "--format", "json"]
        if threads:
            command += ["--threads", str(threads)]
        wall = time.perf_counter()
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr,
                                   env={**os.environ, "SUMMARIZER_CACHE_DIR": cache})
        sampler = TreeSampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - wall
        sampler.stop.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        stderr.seek(0)
        output, errors = stdout.read(), stderr.read()
    result = {"article": str(article), "words": len(article.read_text(encoding="utf-8").split()),
              "exit_code": process.returncode, "wall_s": round(elapsed, 2),
              "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
              "max_single_process_rss_mb": usage.ru_maxrss // 1024,
              "peak_tree_rss_mb": sampler.peak_kb // 1024, "tree_processes_at_peak": sampler.peak_processes}
    if process.returncode != 0:
        result["error"] = errors.strip().splitlines()[-1:] or ["(no stderr)"]
        return result
    run = json.loads(output)["run"]
    result.update(run_seconds=run["seconds"], tokens=run["tokens"]["total"] if isinstance(run["tokens"], dict)
                  else run["tokens"], attempts=run["attempts"], model=run["model"])
    return result


def batch_once(articles: list[Path], concurrency: int, threads: int | None) -> dict:
    """`summarizer batch` over copies of the articles with -j CONCURRENCY, fresh cache and output."""
    with tempfile.TemporaryDirectory(prefix="summarizer-bench-batch-") as scratch:
        source, out, cache = Path(scratch, "in"), Path(scratch, "out"), Path(scratch, "cache")
        source.mkdir()
        for article in articles:
            (source / article.name).write_bytes(article.read_bytes())
        command = summarizer_command() + ["batch", str(source), "-o", str(out), "-j", str(concurrency), "-q"]
        if threads:
            command += ["--threads", str(threads)]
        wall = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                   env={**os.environ, "SUMMARIZER_CACHE_DIR": str(cache)})
        sampler = TreeSampler(process.pid)
        sampler.start()
        _, errors = process.communicate()
        elapsed = time.perf_counter() - wall
        sampler.stop.set()
        sampler.join()
        done = len(list(out.rglob("*.txt.json")))
    return {"concurrency": concurrency, "articles": len(articles), "briefs_written": done,
            "exit_code": process.returncode, "wall_s": round(elapsed, 2),
            "articles_per_minute": round(60 * done / elapsed, 2) if elapsed else None,
            "peak_tree_rss_mb": sampler.peak_kb // 1024, "stderr_tail": errors.strip().splitlines()[-1:]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="*", type=Path, default=DEFAULT_ARTICLES,
                        help="articles to summarize (default: wikinews soccer and election, seed 003)")
    parser.add_argument("--threads", type=int, default=None, help="--threads for the embedded server")
    parser.add_argument("--batch-levels", type=int, nargs="*", default=[],
                        help="also time `summarizer batch` over the articles at these -j levels, e.g. 1 2")
    parser.add_argument("--skip-single", action="store_true", help="only the batch levels")
    parser.add_argument("--even-if-busy", action="store_true",
                        help="run even while a `summarizer eval` is running (the figures will be inflated)")
    args = parser.parse_args(argv)

    busy = eval_processes()
    if busy and not args.even_if_busy:
        sys.exit("a `summarizer eval` is running; the embedded benchmark would compete with it for the CPU. "
                 "Try again later, or pass --even-if-busy.\n  " + "\n  ".join(busy))

    from summarizer.backends.embedded import ensure_model

    print(f"model: {ensure_model()}")  # assembled on first use; not timed
    # The batch-only run keeps its own results file, beside the per-article one.
    report = Report("embedded_batch" if args.skip_single else "embedded",
                    "embedded backend: wall per article (server start included) and peak RSS",
                    {"articles": [str(a) for a in args.articles], "threads": args.threads})
    rows = []
    for article in [] if args.skip_single else args.articles:
        row = summarize_once(article, args.threads)
        rows.append(row)
        if "error" in row:
            report.note(f"{article.name} failed (exit {row['exit_code']}): {row['error'][0]}")
            continue
        report.figure(f"{article.name} ({row['words']} words): wall", row["wall_s"], "s", target=TARGET_S,
                      direction="<=", digits=1, note=f"pipeline {row['run_seconds']} s, {row['tokens']} tokens, "
                                                     f"{row['attempts']} attempts, CPU {row['cpu_s']} s")
        report.figure(f"{article.name}: peak RSS, whole tree (sampled)", row["peak_tree_rss_mb"], "MB", digits=0,
                      note=f"largest single process {row['max_single_process_rss_mb']} MB (wait4)")
    report.details["articles"] = rows
    batches = []
    for level in args.batch_levels:
        row = batch_once(args.articles, level, args.threads)
        batches.append(row)
        if row["exit_code"] != 0 or row["briefs_written"] != row["articles"]:
            report.note(f"batch -j {level}: exit {row['exit_code']}, {row['briefs_written']} of "
                        f"{row['articles']} briefs: {row['stderr_tail']}")
        report.figure(f"batch of {row['articles']} articles, -j {level}: throughput", row["articles_per_minute"],
                      "articles/min", digits=2, note=f"wall {row['wall_s']} s, one server start included; "
                                                     f"peak RSS {row['peak_tree_rss_mb']} MB")
    report.details["batches"] = batches
    report.save()


if __name__ == "__main__":
    main()
