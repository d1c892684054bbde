"""Rules-only throughput: articles per second with no model, the fast path for huge batches.

Two figures over the same distinct articles (1,000 by default):
- end to end, as a user runs it: `summarizer batch DIR -o OUT --backend rules --force` as a
  subprocess, wall clock (start-up, hashing, rendering and writing every brief, the index);
  target >= 20 articles/s;
- the pipeline alone, in this process: `summarizer.summarize(path, backend="rules")` in a loop
  (read, segment, candidates, ground, assemble; no rendering, no files written).
"""

from __future__ import annotations

import argparse
import time

from _common import Report, check_all, make_articles, run_cli_subprocess, workdir

TARGET = 20.0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000, help="articles for the CLI run (1000)")
    parser.add_argument("--inprocess-articles", type=int, default=500,
                        help="how many of them the in-process loop summarizes (500; 0 skips it)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)

    report = Report("rules_throughput", "rules-only articles/s, CLI end to end and pipeline in-process", vars(args))
    with workdir(args.keep) as tmp:
        articles, out = tmp / "articles", tmp / "out"
        paths = make_articles(articles, args.articles)
        run = run_cli_subprocess(["batch", str(articles), "-o", str(out), "--backend", "rules", "--force", "--quiet"])
        check_all(run, out, args.articles)
        report.figure(f"CLI `batch --backend rules --force`, {args.articles} articles", args.articles / run.wall_s,
                      "articles/s", target=TARGET, direction=">=", digits=1,
                      note=f"{run.wall_s:.2f} s wall, {run.cpu_s:.2f} s CPU, peak RSS {run.max_rss_kb // 1024} MB")
        report.details["cli"] = {"wall_s": run.wall_s, "cpu_s": run.cpu_s, "max_rss_kb": run.max_rss_kb}

        if args.inprocess_articles:
            from summarizer import summarize

            summarize(paths[0], backend="rules")  # warm-up: lazy imports, compiled regexes
            sample = paths[:args.inprocess_articles]
            wall, cpu = time.perf_counter(), time.process_time()
            for path in sample:
                summarize(path, backend="rules")
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            report.figure(f"in-process `summarize(path, backend='rules')`, {len(sample)} articles",
                          len(sample) / wall, "articles/s", digits=1,
                          note=f"{1000 * wall / len(sample):.1f} ms wall, {1000 * cpu / len(sample):.1f} ms CPU "
                               f"per article")
            report.details["inprocess"] = {"articles": len(sample), "wall_s": wall, "cpu_s": cpu}
    report.save()


if __name__ == "__main__":
    main()
