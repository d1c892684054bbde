"""`summarizer report` over 10,000 briefs: wall clock as a user runs it, and the page in a browser.

Real briefs first: `summarizer batch --backend rules --html` over a few hundred distinct articles
(`_common.make_articles`). Then copies of them, perturbed so that no two are the same article
(path, sha256 and title differ, and one speaker in seven gets a name of its own, so the actor
table grows with the folder as it would), up to 10,000 briefs, each with its HTML page (a hard
link) and a line in index.jsonl; 1 in 200 articles is recorded as failed. Target: the report of
10,000 briefs in under 10 s, start-up included.

With Chromium at /usr/bin/chromium and playwright installed, it also opens the report and times
the first drawing of every table, a filter over all statements and a sort.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
from pathlib import Path

from _common import Report, check_all, make_articles, run_cli_subprocess, workdir

TARGET_S = 10.0


def synthesize(real: Path, out: Path, count: int) -> dict[str, int]:
    """``count`` briefs in ``out`` made from the briefs of the batch in ``real``."""
    sources = sorted(real.rglob("*.json"))
    loaded = [(json.loads(p.read_text(encoding="utf-8")), p.with_suffix(".html")) for p in sources]
    index_lines = []
    failed = 0
    for i in range(count):
        brief, page = loaded[i % len(loaded)]
        brief = json.loads(json.dumps(brief))
        rel = f"{i // 1000:02d}/{i:05d}.txt"
        if i % 200 == 199:
            failed += 1
            index_lines.append({"path": rel, "status": "failed", "error": "internal error: a synthetic failure",
                                "sha256": None, "tokens": 0, "seconds": 0.0, "warnings": [], "key": None})
            continue
        brief["article"]["path"] = rel
        brief["article"]["sha256"] = hashlib.sha256(rel.encode()).hexdigest()
        brief["article"]["title"] = f"{brief['article']['title'] or 'Article'} (copy {i})"
        if i % 7 == 0:  # a speaker of its own: new actors as the folder grows
            for actor in brief["actors"][:1]:
                actor["name"] = f"{actor['name']} Number {i}"
            for item in brief["statements"] + brief["denials"] + brief["appeals"]:
                if item.get("actor_id") == "a1":
                    item["speaker"] = brief["actors"][0]["name"]
        target = out / f"{rel}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(brief, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        if page.exists():
            os.link(page, out / f"{rel}.html")
        index_lines.append({"path": rel, "status": "ok", "sha256": brief["article"]["sha256"], "error": None,
                            "tokens": 0, "seconds": 0.0, "warnings": [], "key": None})
    (out / "index.jsonl").write_text("".join(json.dumps(line) + "\n" for line in index_lines), encoding="utf-8")
    return {"briefs": count - failed, "failed": failed}


def browser_timings(page_path: Path) -> dict | None:
    """Load, filter and sort times of the report page in headless Chromium, or None without one."""
    chromium = Path(os.environ.get("SUMMARIZER_CHROMIUM", "/usr/bin/chromium"))
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not chromium.exists():
        return None
    flags = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync"]
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(chromium), args=flags)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(page_path.as_uri(), wait_until="load", timeout=120_000)
        load_ms = page.evaluate("performance.now()")  # navigation start -> every table drawn (the script ran)
        rows = page.evaluate("window.summarizerReport.statements.rows.length")
        filter_ms = page.evaluate("""() => { const t = window.summarizerReport.statements, s = performance.now();
            t.words = ['said']; t.hay = null; t.apply(); t.words = ['minister']; t.apply();
            return (performance.now() - s) / 2; }""")
        sort_ms = page.evaluate("""() => { const t = window.summarizerReport.statements, s = performance.now();
            t.words = []; t.sort(3); return performance.now() - s; }""")
        browser.close()
    return {"load_ms": load_ms, "filter_ms": filter_ms, "sort_ms": sort_ms, "statement_rows": rows}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefs", type=int, default=10_000, help="briefs in the folder (10000)")
    parser.add_argument("--real", type=int, default=200, help="real articles summarized first (200)")
    parser.add_argument("--no-browser", action="store_true", help="skip the timings in Chromium")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)

    report = Report("report", f"`summarizer report` over {args.briefs:,} briefs", vars(args))
    with workdir(args.keep) as tmp:
        articles, real, out = tmp / "articles", tmp / "real", tmp / "out"
        make_articles(articles, args.real)
        run = run_cli_subprocess(["batch", str(articles), "-o", str(real), "--backend", "rules", "--html", "--quiet"])
        check_all(run, real, args.real)
        made = synthesize(real, out, args.briefs)
        run = run_cli_subprocess(["report", str(out)])
        if run.exit_code != 0:
            raise SystemExit(f"report failed (exit {run.exit_code}): {run.stderr.strip()[-500:]}")
        page = out / "report" / "index.html"
        size_mb = page.stat().st_size / 1e6
        report.figure(f"CLI `report`, {made['briefs']:,} briefs + {made['failed']} failed", run.wall_s, "s",
                      target=TARGET_S, direction="<=", digits=2,
                      note=f"{run.cpu_s:.2f} s CPU, peak RSS {run.max_rss_kb // 1024} MB, page {size_mb:.1f} MB; "
                           f"{run.stderr.strip().split(': ', 1)[-1]}")
        report.details["report"] = {"wall_s": run.wall_s, "cpu_s": run.cpu_s, "max_rss_kb": run.max_rss_kb,
                                    "page_mb": size_mb, "stderr": run.stderr.strip(), **made}
        timings = None if args.no_browser else browser_timings(page)
        if timings is None:
            report.note("no browser timings (no Chromium or playwright, or --no-browser)")
        else:
            report.figure("page load until every table is drawn", timings["load_ms"], "ms", digits=0,
                          note=f"{timings['statement_rows']:,} statement rows")
            report.figure("filter all statements (one word)", timings["filter_ms"], "ms", digits=0)
            report.figure("sort all statements by text", timings["sort_ms"], "ms", digits=0)
            report.details["browser"] = timings
    report.save()


if __name__ == "__main__":
    main()
