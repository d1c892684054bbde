"""Throughput of `summarizer batch --backend openai` against --concurrency, with a fixed-latency server.

The fake OpenAI-compatible server (tests/fake_openai.py, in its own process) answers every chat
request with a valid brief after --delay seconds. With N articles in flight and one request per
article, the ideal throughput is N / delay articles/s; the target is >= 0.9 of it. The batch runs
in this process through the CLI entry point (imports and a warm-up paid beforehand), so the time is
the batch itself: walking, hashing, prompting, HTTP, parsing, grounding, writing, the index.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from _common import FakeServer, Report, check_all, make_articles, run_cli_inprocess, workdir

TARGET_RATIO = 0.9


def steady_throughput(out: Path, n: int) -> float | None:
    """Articles/s once the batch is under way: briefs completed between the end of the first round
    trip and the start of the last, from the output files' modification times. The whole-batch
    figure also carries the start (N requests prepared together, answers arriving together) and
    the tail; this one shows what a long batch settles to."""
    times = sorted(path.stat().st_mtime_ns for path in out.rglob("*.json"))
    if len(times) <= 2 * n:
        return None
    span = (times[len(times) - n - 1] - times[n - 1]) / 1e9
    return (len(times) - 2 * n) / span if span > 0 else None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=0.5, help="server latency per request, seconds (0.5)")
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 4, 16, 32], help="concurrency levels")
    # Ten round trips per level: a batch of hundreds, not a burst. The first round trip carries
    # the start-up (threads, connections, N requests prepared one after another); a 4-round run
    # would weigh it at a quarter of the whole. `--waves 4` shows that short-batch figure.
    parser.add_argument("--waves", type=int, default=10,
                        help="articles per level = max(WAVES * N, --min-articles) (10)")
    parser.add_argument("--compare-workers", type=int, default=32,
                        help="also run this level in one process (--workers 1), to show what worker "
                             "processes add (32; 0 = skip)")
    parser.add_argument("--min-articles", type=int, default=16)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)

    report = Report("concurrency", "openai-backend batch throughput vs --concurrency (fixed-latency server)",
                    vars(args))
    rows = []
    with workdir(args.keep) as tmp, FakeServer(args.delay) as server:
        common = ["--backend", "openai", "--base-url", server.base_url, "--model", "fake-model",
                  "--no-cache", "--force", "--quiet"]
        # Warm-up: the first batch imports openai/instructor and builds schemas; not measured.
        make_articles(tmp / "warmup", 4, start=90_000)
        check_all(run_cli_inprocess(["batch", str(tmp / "warmup"), "-o", str(tmp / "warmup-out"), *common,
                                     "--concurrency", "4"]), tmp / "warmup-out", 4)
        start = 0
        runs = [(n, None) for n in args.levels]
        if args.compare_workers:
            runs.append((args.compare_workers, 1))
        for n, workers in runs:
            count = max(args.waves * n, args.min_articles)
            name = f"n{n}" + (f"-w{workers}" if workers else "")
            articles, out = tmp / name, tmp / f"{name}-out"
            make_articles(articles, count, start=start)  # distinct across levels too
            start += count
            before = server.stats()
            pinned = ["--workers", str(workers)] if workers else []  # else the CLI's default for N
            run = run_cli_inprocess(["batch", str(articles), "-o", str(out), *common, "--concurrency", str(n),
                                     *pinned])
            found = check_all(run, out, count)
            after = server.stats()
            requests = after["requests"] - before["requests"]
            throughput = count / run.wall_s
            ideal = n / args.delay
            from summarizer._batch import default_workers

            processes = workers or default_workers("openai", n)
            steady = steady_throughput(out, n)
            label = f"N={n}" + (" in one process (--workers 1)" if workers else "")
            row = {
                "concurrency": n, "worker_processes": processes, "articles": count, "wall_s": round(run.wall_s, 3),
                "throughput": round(throughput, 2), "ideal": round(ideal, 2), "ratio": round(throughput / ideal, 3),
                "steady_throughput": round(steady, 2) if steady else None,
                "steady_ratio": round(steady / ideal, 3) if steady else None,
                "requests": requests, "mean_article_seconds": found["mean_article_seconds"],
                "client_cpu_s": round(run.cpu_s, 3), "client_cpu_ms_per_article": round(1000 * run.cpu_s / count, 2),
                "client_cpu_utilisation": round(run.cpu_s / run.wall_s, 2),
                "server_cpu_s": round(after["cpu_s"] - before["cpu_s"], 3),
                # How late the harness's server sent its answers (should be ~0: it is not the client's).
                "server_late_ms_mean": round(1000 * (after["late_s_sum"] - before["late_s_sum"]) / max(1, requests), 2),
            }
            rows.append(row)
            report.figure(f"{label}: throughput", throughput, "articles/s", digits=2,
                          note=f"{processes} worker process(es), {count} articles in {run.wall_s:.2f} s, {requests} requests, "
                               f"mean article {found['mean_article_seconds']} s, client CPU "
                               f"{row['client_cpu_ms_per_article']} ms/article ({row['client_cpu_utilisation']} cores), "
                               f"server late by {row['server_late_ms_mean']} ms/answer")
            report.figure(f"{label}: ideal N/delay", ideal, "articles/s", digits=2)
            report.figure(f"{label}: ratio", throughput / ideal, "", target=None if workers else TARGET_RATIO,
                          direction=">=")
            if steady:
                report.figure(f"{label}: steady-state ratio (first and last round trip left out)", steady / ideal, "",
                              note=f"{steady:.2f} articles/s over briefs {n + 1}..{count - n} of {count}")
    report.details["levels"] = rows
    cpu = sum(r["client_cpu_s"] for r in rows) / sum(r["articles"] for r in rows)
    report.figure("client CPU per article (all levels)", 1000 * cpu, "ms", digits=1,
                  note="the batch process and its worker processes; the fake server's CPU is not included")
    report.note(f"with c = {1000 * cpu:.0f} ms of client CPU per article, N answers arriving together in one "
                f"process are handled one after another (one GIL): a round trip takes about delay + N*c in "
                f"the worst case (fully synchronised), so reaching {TARGET_RATIO} of N/delay at N={max(args.levels)} "
                f"and delay {args.delay} s in one process needs c <= "
                f"{1000 * args.delay * (1 / TARGET_RATIO - 1) / max(args.levels):.1f} ms; worker processes divide "
                f"N*c among themselves, but on this machine they share its cores with the fake server")
    report.save()


if __name__ == "__main__":
    main()
