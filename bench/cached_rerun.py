"""A cached re-run of a big folder: `summarizer batch` again over articles that are all up to date.

As a user runs it: `summarizer batch DIR -o OUT --backend rules` as a subprocess, wall clock, so
interpreter start-up, imports, walking, hashing every article, reading and compacting the index
are all included. The first run (which writes every brief) is timed and reported too. Target for
the re-run of 1,000 articles: <= 3 s.

Then the openai backend with the on-disk response cache (SUMMARIZER_CACHE_DIR in a temp folder)
and the fake server: a first run fills the cache; a re-run with OUT intact skips everything; a
re-run after deleting OUT redoes every article's pipeline but must take every model answer from
the cache (checked: the server sees no new request).
"""

from __future__ import annotations

import argparse
import shutil

from _common import FakeServer, Report, check_all, make_articles, run_cli_subprocess, startup_cost, workdir

TARGET_S = 3.0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000, help="articles in the rules folder (1000)")
    parser.add_argument("--openai-articles", type=int, default=300,
                        help="articles for the openai + response-cache part (300; 0 skips it)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)

    report = Report("cached_rerun", "re-running `summarizer batch` over a folder that is already done",
                    vars(args))
    start = startup_cost(("summarizer.cli", "summarizer._batch", "summarizer.backends.rules"))
    report.figure("interpreter start-up + imports of a rules batch (wall, own process)", start.wall_s, "s",
                  digits=2, note="the floor of every rules run below; openai runs also import openai/instructor")
    with workdir(args.keep) as tmp:
        articles, out = tmp / "articles", tmp / "out"
        make_articles(articles, args.articles)
        batch = ["batch", str(articles), "-o", str(out), "--backend", "rules"]

        first = run_cli_subprocess(batch)
        check_all(first, out, args.articles)
        report.figure(f"rules: first run, {args.articles} articles (wall)", first.wall_s, "s", digits=2,
                      note=f"{args.articles / first.wall_s:.1f} articles/s, CPU {first.cpu_s:.1f} s")

        again = run_cli_subprocess(batch)
        check_all(again, out, args.articles, status="skipped")
        report.figure(f"rules: re-run, all {args.articles} skipped (wall)", again.wall_s, "s",
                      target=TARGET_S if args.articles == 1000 else None, direction="<=", digits=2,
                      note=f"CPU {again.cpu_s:.2f} s, peak RSS {again.max_rss_kb // 1024} MB; stderr piped "
                           f"(one plain line per article)")
        quiet = run_cli_subprocess([*batch, "--quiet"])
        check_all(quiet, out, args.articles, status="skipped")
        report.figure("rules: re-run with --quiet (wall)", quiet.wall_s, "s", digits=2,
                      note=f"CPU {quiet.cpu_s:.2f} s")
        report.details["rules"] = {"first": vars(first) | {"stderr": None}, "rerun": vars(again) | {"stderr": None},
                                   "rerun_quiet": vars(quiet) | {"stderr": None}}

        if args.openai_articles:
            openai_part(report, tmp, args.openai_articles)
    report.save()


def openai_part(report: Report, tmp, count: int) -> None:
    articles, out = tmp / "openai-articles", tmp / "openai-out"
    make_articles(articles, count, start=50_000)
    env = {"SUMMARIZER_CACHE_DIR": str(tmp / "response-cache")}
    with FakeServer(0.0) as server:
        batch = ["batch", str(articles), "-o", str(out), "--backend", "openai", "--base-url", server.base_url,
                 "--model", "fake-model", "--quiet"]
        first = run_cli_subprocess(batch, env)
        check_all(first, out, count)
        filled = server.stats()["requests"]
        report.figure(f"openai: first run, {count} articles, fills the cache (wall)", first.wall_s, "s", digits=2,
                      note=f"{filled} requests, default concurrency 8, delay-0 server")

        skipped = run_cli_subprocess(batch, env)
        check_all(skipped, out, count, status="skipped")
        report.figure(f"openai: re-run, all {count} skipped (wall)", skipped.wall_s, "s", digits=2,
                      note=f"{count / skipped.wall_s:.0f} articles/s; CPU {skipped.cpu_s:.2f} s")

        shutil.rmtree(out)
        cached = run_cli_subprocess(batch, env)
        check_all(cached, out, count)
        new_requests = server.stats()["requests"] - filled
        report.figure(f"openai: OUT deleted, every answer from the response cache, {count} articles (wall)",
                      cached.wall_s, "s", digits=2,
                      note=f"{count / cached.wall_s:.1f} articles/s; CPU {cached.cpu_s:.2f} s; "
                           f"{new_requests} requests reached the server")
        report.figure("openai from cache: extrapolated to 1,000 articles", cached.wall_s * 1000 / count, "s",
                      digits=1, note="linear in articles, start-up included once per run, so slightly high")
        if new_requests:
            report.note(f"the response cache missed {new_requests} request(s) on an identical re-run")
        report.details["openai"] = {"first": vars(first) | {"stderr": None}, "skipped": vars(skipped) | {"stderr": None},
                                    "from_cache": vars(cached) | {"stderr": None}, "new_requests": new_requests}


if __name__ == "__main__":
    main()
