"""The fault suite: every fault and bad-input condition, tried against loopback servers and small disks.

Runs the tests marked `fault` (tests/test_faults.py: hostile and failing endpoints, full disks,
poisoned caches, inputs that are not articles, injected instructions), and with --embedded also the
tests that send SIGTERM, SIGHUP and SIGKILL to a run holding the local model server. Prints how
many conditions were tried and survived, how many written items were lost (each test that could
lose data reports it), and how many runs printed a traceback; targets: all survived, 0 lost, 0
tracebacks.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from _common import PYTHON, ROOT, Report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedded", action="store_true",
                        help="also the signal tests that start the embedded model server (about a minute)")
    args = parser.parse_args(argv)

    report = Report("faults", "fault and bad-input conditions: survived, data lost, tracebacks", vars(args))
    tests = ["tests/test_faults.py"]
    if args.embedded:
        tests += ["tests/test_embedded.py::test_a_signal_to_serve_leaves_no_model_server_behind",
                  "tests/test_embedded.py::test_sigterm_during_summarize_stops_the_server_and_writes_nothing"]
    with tempfile.TemporaryDirectory() as tmp:
        junit = Path(tmp) / "faults.xml"
        done = subprocess.run([PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests,
                               f"--junitxml={junit}", "-o", "junit_family=xunit1", "-o", "junit_logging=all"],
                              cwd=ROOT, capture_output=True, text=True)
        cases = ElementTree.parse(junit).getroot().iter("testcase")
        tried = survived = skipped = lost = tracebacks = 0
        failures = []
        for case in cases:
            outcome = {child.tag for child in case}
            if "skipped" in outcome:
                skipped += 1
                continue
            tried += 1
            if outcome & {"failure", "error"}:
                failures.append(case.get("name"))
            else:
                survived += 1
            for prop in case.iter("property"):
                if prop.get("name") == "lost":
                    lost += int(prop.get("value") or 0)
            output = "".join(child.text or "" for child in case if child.tag in ("system-out", "system-err"))
            tracebacks += output.count("Traceback (most recent call last)")
    report.figure("conditions tried", tried, "conditions")
    report.figure("conditions survived", survived, "conditions", target=tried, direction=">=", digits=0)
    report.figure("items lost", lost, "items", target=0, direction="<=", digits=0)
    report.figure("tracebacks shown", tracebacks, "tracebacks", target=0, direction="<=", digits=0)
    if skipped:
        report.note(f"{skipped} condition(s) skipped (e.g. no tmpfs mount without root)")
    for name in failures:
        report.note(f"FAILED: {name}")
    report.details["pytest_exit_code"] = done.returncode
    report.save()
    if done.returncode not in (0, 5):
        print(done.stdout[-3000:], file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
