"""Run every benchmark (each in its own process), then print bench/results/latest.md.

`make bench` runs this. The embedded benchmark (about a minute per article, CPU-bound) is left
out unless --embedded. Extra flags for one benchmark: --args NAME "FLAGS", e.g.
`--args concurrency "--delay 0.2"`.
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
import time

from _common import BENCH, RESULTS, write_latest_md

DEFAULT = ["concurrency", "overhead", "cached_rerun", "rules_throughput", "report", "faults"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedded", action="store_true", help="also run bench/embedded.py (slow)")
    parser.add_argument("--only", nargs="+", choices=DEFAULT + ["embedded"], help="run just these")
    parser.add_argument("--args", nargs=2, action="append", default=[], metavar=("NAME", "FLAGS"),
                        help="extra flags for one benchmark")
    args = parser.parse_args()
    names = args.only or DEFAULT + (["embedded"] if args.embedded else [])
    extra = {name: shlex.split(flags) for name, flags in args.args}

    failed = []
    started = time.perf_counter()
    for name in names:
        code = subprocess.call([sys.executable, str(BENCH / f"{name}.py"), *extra.get(name, [])])
        if code:
            failed.append(f"{name} (exit {code})")
        print()
    path = write_latest_md()
    print(f"all done in {time.perf_counter() - started:.0f} s; figures in {RESULTS}/<name>.json and {path}")
    if failed:
        sys.exit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
