"""Throughput of `summarizer batch --backend openai` against --concurrency, with a fixed-latency server.

The fake OpenAI-compatible server (tests/fake_openai.py, in its own process) answers every chat
request with a valid brief after --delay seconds. With N articles in flight and one request per
article, the ideal throughput is N / delay articles/s; the target is >= 0.9 of it. The batch runs
in this process through the CLI entry point (imports and a warm-up paid beforehand), so the time is
the batch itself: walking, hashing, prompting, HTTP, parsing, grounding, writing, the index.
"""

from __future__ import annotations

import argparse

from _common import FakeServer, Report, check_all, make_articles, run_cli_inprocess, workdir

TARGET_RATIO = 0.9


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=0.5, help="server latency per request, seconds (0.5)")
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 4, 16, 32], help="concurrency levels")
    parser.add_argument("--waves", type=int, default=4,
                        help="articles per level = max(WAVES * N, --min-articles) (4)")
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
        for n in args.levels:
            count = max(args.waves * n, args.min_articles)
            articles, out = tmp / f"n{n}", tmp / f"n{n}-out"
            make_articles(articles, count, start=start)  # distinct across levels too
            start += count
            before = server.stats()
            run = run_cli_inprocess(["batch", str(articles), "-o", str(out), *common, "--concurrency", str(n)])
            found = check_all(run, out, count)
            after = server.stats()
            requests = after["requests"] - before["requests"]
            throughput = count / run.wall_s
            ideal = n / args.delay
            row = {
                "concurrency": n, "articles": count, "wall_s": round(run.wall_s, 3),
                "throughput": round(throughput, 2), "ideal": round(ideal, 2), "ratio": round(throughput / ideal, 3),
                "requests": requests, "mean_article_seconds": found["mean_article_seconds"],
                "client_cpu_s": round(run.cpu_s, 3), "client_cpu_ms_per_article": round(1000 * run.cpu_s / count, 2),
                "client_cpu_utilisation": round(run.cpu_s / run.wall_s, 2),
                "server_cpu_s": round(after["cpu_s"] - before["cpu_s"], 3),
            }
            rows.append(row)
            report.figure(f"N={n}: throughput", throughput, "articles/s", digits=2,
                          note=f"{count} articles in {run.wall_s:.2f} s, {requests} requests, "
                               f"mean article {found['mean_article_seconds']} s, client CPU "
                               f"{row['client_cpu_ms_per_article']} ms/article ({row['client_cpu_utilisation']} cores)")
            report.figure(f"N={n}: ideal N/delay", ideal, "articles/s", digits=2)
            report.figure(f"N={n}: ratio", throughput / ideal, "", target=TARGET_RATIO, direction=">=")
    report.details["levels"] = rows
    cpu = sum(r["client_cpu_s"] for r in rows) / sum(r["articles"] for r in rows)
    report.figure("client CPU per article (all levels)", 1000 * cpu, "ms", digits=1,
                  note=f"one process (one GIL) cannot exceed about {1 / cpu:.0f} articles/s whatever N is")
    report.note(f"with c = {1000 * cpu:.0f} ms of client CPU per article, N answers arriving together are "
                f"processed one after another: a wave takes about delay + N*c, so throughput is about "
                f"N / (delay + N*c), capped at 1/c; reaching {TARGET_RATIO} of N/delay at N={max(args.levels)} "
                f"and delay {args.delay} s needs c <= {1000 * args.delay * (1 / TARGET_RATIO - 1) / max(args.levels):.1f} ms "
                f"in the worst case (fully synchronised waves)")
    report.save()


if __name__ == "__main__":
    main()
