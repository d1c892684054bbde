"""Orchestration CPU per article: what `summarizer batch` itself costs beyond waiting for the model.

The fake server answers at once (delay 0) from its own process, so the CPU this process spends is
the client's: segmenting, candidates, prompting, HTTP, instructor/pydantic parsing, grounding,
assembling, rendering and writing, the index. Measured in-process with time.process_time() (all
threads) around `summarizer batch ... --concurrency 1`, after a warm-up batch, so interpreter
start-up and imports are not counted; they are reported separately, as is the first (cold) batch.
Target: <= 10 ms per article for --backend openai. The same is reported for --backend rules (the
whole rules pipeline, no model).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import pstats
import time
from collections.abc import Iterator

from _common import FakeServer, Report, check_all, make_articles, run_cli_inprocess, startup_cost, workdir

TARGET_MS = 10.0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200, help="articles per measured batch (200)")
    parser.add_argument("--warmup", type=int, default=8, help="articles in the unmeasured warm-up batch (8)")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="also print the N most expensive functions (cProfile, cumulative) of the openai run")
    parser.add_argument("--stage-articles", type=int, default=50,
                        help="articles for the per-stage CPU breakdown of the openai run (50; 0 skips it)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)

    report = Report("overhead", "client CPU per article in `summarizer batch` (delay-0 server, concurrency 1)",
                    vars(args))
    start = startup_cost()
    report.figure("interpreter start-up + imports (own process, CPU)", 1000 * start.cpu_s, "ms", digits=0,
                  note=f"{start.wall_s:.2f} s wall; not included below")
    with workdir(args.keep) as tmp, FakeServer(0.0) as server:
        openai = ["--backend", "openai", "--base-url", server.base_url, "--model", "fake-model", "--no-cache",
                  "--force", "--quiet", "--concurrency", "1"]
        rules = ["--backend", "rules", "--force", "--quiet", "--concurrency", "1"]

        make_articles(tmp / "warmup", args.warmup, start=90_000)
        cold = run_cli_inprocess(["batch", str(tmp / "warmup"), "-o", str(tmp / "warmup-out"), *openai])
        check_all(cold, tmp / "warmup-out", args.warmup)
        report.figure("openai, first (cold) batch: CPU per article", 1000 * cold.cpu_s / args.warmup, "ms",
                      digits=1, note=f"{args.warmup} articles; includes lazy imports of openai/instructor")

        make_articles(tmp / "articles", args.articles)
        before = server.stats()
        profiler = cProfile.Profile() if args.profile else None
        if profiler:
            profiler.enable()
        run = run_cli_inprocess(["batch", str(tmp / "articles"), "-o", str(tmp / "out-openai"), *openai])
        if profiler:
            profiler.disable()
        check_all(run, tmp / "out-openai", args.articles)
        after = server.stats()
        per_article = 1000 * run.cpu_s / args.articles
        report.figure("openai: client CPU per article", per_article, "ms", target=TARGET_MS, direction="<=",
                      digits=2, note=f"{args.articles} articles, {after['requests'] - before['requests']} requests, "
                                     f"{run.wall_s:.2f} s wall" + (" (under cProfile)" if profiler else ""))
        report.figure("openai: fake server CPU per article (other process)",
                      1000 * (after["cpu_s"] - before["cpu_s"]) / args.articles, "ms", digits=2)

        rules_run = run_cli_inprocess(["batch", str(tmp / "articles"), "-o", str(tmp / "out-rules"), *rules])
        check_all(rules_run, tmp / "out-rules", args.articles)
        report.figure("rules: CPU per article", 1000 * rules_run.cpu_s / args.articles, "ms", digits=2,
                      note=f"{rules_run.wall_s:.2f} s wall for {args.articles}")
        report.figure("openai minus rules (the model round trip's client share)",
                      per_article - 1000 * rules_run.cpu_s / args.articles, "ms", digits=2,
                      note="approximate: the openai path skips the rule-based extraction but parses an answer")
        report.details |= {"openai_cpu_s": run.cpu_s, "openai_wall_s": run.wall_s, "rules_cpu_s": rules_run.cpu_s,
                          "rules_wall_s": rules_run.wall_s, "cold_cpu_s": cold.cpu_s,
                          "startup_cpu_s": start.cpu_s, "startup_wall_s": start.wall_s}
        if args.stage_articles:
            make_articles(tmp / "stages", args.stage_articles, start=70_000)
            with stage_timers() as spent:
                staged = run_cli_inprocess(["batch", str(tmp / "stages"), "-o", str(tmp / "out-stages"), *openai])
            check_all(staged, tmp / "out-stages", args.stage_articles)
            total = 1000 * staged.cpu_s / args.stage_articles
            breakdown = {name: round(1000 * cpu / args.stage_articles, 2) for name, cpu in spent.items()}
            breakdown["everything else (batch loop, index, records)"] = round(total - sum(breakdown.values()), 2)
            report.details["openai_stage_ms_per_article"] = breakdown
            report.note("openai CPU per article by stage (ms, separate run of "
                        f"{args.stage_articles} articles, {total:.1f} ms in all): "
                        + "; ".join(f"{name} {ms}" for name, ms in breakdown.items()))
        if profiler:
            text = io.StringIO()
            pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(args.profile)
            print(text.getvalue())
    report.save()


@contextlib.contextmanager
def stage_timers() -> Iterator[dict[str, float]]:
    """Wrap the pipeline's stages (as the batch code looks them up) to sum each one's thread CPU.

    Only for --concurrency 1: thread_time() is this thread's CPU. Nested stages are not
    subtracted, so the stages chosen here do not nest.
    """
    from summarizer import _pipeline
    from summarizer._batch import runner
    from summarizer.backends import openai_compat

    spent: dict[str, float] = {}
    targets = [
        (runner, "file_sha256", "hash the file"), (runner, "read_article", "read + decode"),
        (_pipeline, "segment", "segment"), (_pipeline, "find_candidates", "rule candidates"),
        (openai_compat.OpenAICompatibleBackend, "extract", "model call: prompt, HTTP, instructor, parse"),
        (_pipeline, "ground_draft", "ground"), (_pipeline, "assemble", "assemble"),
        (runner, "write_outputs", "render JSON + write"),
    ]
    originals = []
    for owner, attribute, label in targets:
        original = getattr(owner, attribute)
        originals.append((owner, attribute, original))

        def timed(*args, __original=original, __label=label, **kwargs):
            started = time.thread_time()
            try:
                return __original(*args, **kwargs)
            finally:
                spent[__label] = spent.get(__label, 0.0) + time.thread_time() - started

        setattr(owner, attribute, timed)
    try:
        yield spent
    finally:
        for owner, attribute, original in originals:
            setattr(owner, attribute, original)


if __name__ == "__main__":
    main()
