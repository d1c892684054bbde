"""`summarizer batch`: folders of articles, resumable runs, bounded concurrency, the Batch API round trip.

All offline: the rules backend, or the scripted OpenAI-compatible server on 127.0.0.1.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer import _batch, _jobs
from summarizer._batch import runner
from summarizer._models import Brief
from summarizer.cli import app
from tests.conftest import ROOT
from tests.fake_openai import FakeOpenAI, Reply, echo_brief

GOOD = {
    "000_c9bcf58343b8f793.txt": ROOT / "seeds" / "000_c9bcf58343b8f793.txt",
    "news/003_25786f08469f8fca.txt": ROOT / "seeds" / "003_25786f08469f8fca.txt",
    "news/world/afghan.txt": ROOT / "evals" / "articles" / "GUM_news_afghan.txt",
    "news/world/asia/korea.md": ROOT / "evals" / "articles" / "GUM_news_korea.txt",
}


def make_tree(root: Path, files: dict[str, Path] = GOOD) -> Path:
    for rel, source in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, root / rel)
    return root


def add_bad_files(root: Path) -> None:
    (root / "bad").mkdir(exist_ok=True)
    (root / "bad" / "empty.txt").write_bytes(b"")
    (root / "bad" / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)


def invoke(*args: str):
    return CliRunner().invoke(app, ["batch", *map(str, args)])


def index_of(out: Path) -> dict[str, dict]:
    lines = (out / "index.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert len({r["path"] for r in records}) == len(records), "the final index has one line per article"
    return {r["path"]: r for r in records}


def temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


# --- live runs with the rules backend -------------------------------------------------------------
def test_writes_a_brief_per_article_and_an_index(tmp_path):
    src, out = make_tree(tmp_path / "in"), tmp_path / "out"
    result = invoke(src, "-o", out, "-b", "rules")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # progress and summary go to stderr
    index = index_of(out)
    assert set(index) == set(GOOD)
    for rel, record in index.items():
        assert record["status"] == "ok" and record["error"] is None
        assert set(record) == {"path", "sha256", "status", "error", "tokens", "attempts", "seconds", "warnings", "key"}
        brief = Brief.model_validate_json((out / f"{rel}.json").read_text(encoding="utf-8"))
        assert brief.article.sha256 == record["sha256"] and brief.run.backend == "rules"
        assert not (out / f"{rel}.md").exists()
    # Without a terminal, one plain line per article.
    assert "ok      news/world/afghan.txt" in result.stderr
    assert temp_files(out) == []


def test_bad_files_fail_alone_and_the_exit_code_says_so(tmp_path):
    src, out = make_tree(tmp_path / "in"), tmp_path / "out"
    add_bad_files(src)
    result = invoke(src, "-o", out, "-b", "rules")
    assert result.exit_code == 1, result.output
    index = index_of(out)
    assert index["bad/empty.txt"]["status"] == "failed" and index["bad/empty.txt"]["error"] == "empty file"
    assert index["bad/binary.txt"]["status"] == "failed" and "binary" in index["bad/binary.txt"]["error"]
    assert all(index[rel]["status"] == "ok" for rel in GOOD)
    assert "FAILED bad/empty.txt: empty file" in result.stderr
    assert not (out / "bad" / "empty.txt.json").exists()


def test_rerun_skips_up_to_date_articles_and_force_redoes_them(tmp_path):
    src, out = make_tree(tmp_path / "in"), tmp_path / "out"
    assert invoke(src, "-o", out, "-b", "rules").exit_code == 0
    first = {rel: (out / f"{rel}.json").stat().st_mtime_ns for rel in GOOD}

    again = invoke(src, "-o", out, "-b", "rules")
    assert again.exit_code == 0
    assert {r["status"] for r in index_of(out).values()} == {"skipped"}
    assert {rel: (out / f"{rel}.json").stat().st_mtime_ns for rel in GOOD} == first  # nothing rewritten

    # A changed article is redone; the rest stay skipped.
    changed = src / "news/world/afghan.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nA closing line added later by an editor.\n",
                       encoding="utf-8")
    third = index_of(out) if invoke(src, "-o", out, "-b", "rules").exit_code == 0 else None
    assert third is not None and third["news/world/afghan.txt"]["status"] == "ok"
    assert {third[rel]["status"] for rel in GOOD if rel != "news/world/afghan.txt"} == {"skipped"}

    assert invoke(src, "-o", out, "-b", "rules", "--force").exit_code == 0
    assert {r["status"] for r in index_of(out).values()} == {"ok"}


def test_options_that_change_the_brief_change_the_key(tmp_path):
    src, out = make_tree(tmp_path / "in"), tmp_path / "out"
    assert invoke(src, "-o", out, "-b", "rules").exit_code == 0
    assert invoke(src, "-o", out, "-b", "rules", "--keep-ungrounded").exit_code == 0
    assert {r["status"] for r in index_of(out).values()} == {"ok"}
    # A deleted output file is rewritten even though the index says it is up to date.
    (out / "000_c9bcf58343b8f793.txt.json").unlink()
    assert invoke(src, "-o", out, "-b", "rules", "--keep-ungrounded").exit_code == 0
    assert index_of(out)["000_c9bcf58343b8f793.txt"]["status"] == "ok"
    assert (out / "000_c9bcf58343b8f793.txt.json").exists()


def test_markdown_writes_md_beside_json(tmp_path):
    src, out = make_tree(tmp_path / "in"), tmp_path / "out"
    assert invoke(src, "-o", out, "-b", "rules", "--markdown").exit_code == 0
    for rel in GOOD:
        assert (out / f"{rel}.md").read_text(encoding="utf-8").startswith("# ")
    # Asking for Markdown later redoes articles whose .md is missing.
    out2 = tmp_path / "out2"
    assert invoke(src, "-o", out2, "-b", "rules").exit_code == 0
    assert invoke(src, "-o", out2, "-b", "rules", "--markdown").exit_code == 0
    assert {r["status"] for r in index_of(out2).values()} == {"ok"}


def test_glob_selects_files_and_the_output_folder_is_never_read_back(tmp_path):
    src = make_tree(tmp_path / "in")
    (src / ".hidden").mkdir()
    shutil.copy(GOOD["000_c9bcf58343b8f793.txt"], src / ".hidden" / "copy.txt")
    out = src / "briefs"  # inside the input folder
    assert invoke(src, "-o", out, "-b", "rules", "--markdown").exit_code == 0
    assert set(index_of(out)) == set(GOOD)
    assert invoke(src, "-o", out, "-b", "rules", "--markdown").exit_code == 0
    assert set(index_of(out)) == set(GOOD)  # its own .md files were not taken as articles

    only_txt = tmp_path / "txt"
    assert invoke(src, "-o", only_txt, "-b", "rules", "--glob", "*.txt").exit_code == 0
    assert set(index_of(only_txt)) == {rel for rel in GOOD if rel.endswith(".txt")}
    assert invoke(tmp_path / "missing", "-o", only_txt, "-b", "rules").exit_code == 2
    assert invoke(src, "-o", only_txt, "-b", "rules", "--glob", "*.pdf").exit_code == 2


def test_index_is_append_only_while_running_and_survives_a_torn_line(tmp_path):
    src, out = make_tree(tmp_path / "in"), tmp_path / "out"
    assert invoke(src, "-o", out, "-b", "rules").exit_code == 0
    # A crash mid-append leaves a torn last line, and stale lines for the same path before it.
    stale = dict(index_of(out)["000_c9bcf58343b8f793.txt"], status="failed", error="old")
    with (out / "index.jsonl").open("a", encoding="utf-8") as stream:
        stream.write(json.dumps(stale) + "\n" + '{"path": "news/003_2578')
    assert _batch.read_index(out / "index.jsonl")["000_c9bcf58343b8f793.txt"]["error"] == "old"  # last wins
    assert invoke(src, "-o", out, "-b", "rules").exit_code == 0
    index = index_of(out)  # compacted: one well-formed line per path, sorted
    assert index["000_c9bcf58343b8f793.txt"]["status"] == "ok"  # the failed line was retried
    assert list(index) == sorted(index)


def test_ctrl_c_keeps_what_was_written_and_exits_130(tmp_path, monkeypatch):
    src, out = make_tree(tmp_path / "in"), tmp_path / "out"
    real = runner.process_article
    calls = []

    def interrupted_on_the_third(rel, *args):
        calls.append(rel)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(rel, *args)

    monkeypatch.setattr(runner, "process_article", interrupted_on_the_third)
    result = invoke(src, "-o", out, "-b", "rules", "-j", "1")  # one at a time, in this process
    assert result.exit_code == 130
    index = index_of(out)
    assert len(index) == 2 and {r["status"] for r in index.values()} == {"ok"}
    assert all((out / f"{rel}.json").exists() for rel in index)
    assert temp_files(out) == [] and len(calls) == 3  # nothing started after the interrupt

    monkeypatch.setattr(runner, "process_article", real)
    resumed = invoke(src, "-o", out, "-b", "rules")
    assert resumed.exit_code == 0
    assert sorted(r["status"] for r in index_of(out).values()) == ["ok", "ok", "skipped", "skipped"]


def test_interrupted_thread_pool_reports_running_work_and_cancels_the_queue():
    started, release = threading.Event(), threading.Event()
    ran: list[int] = []

    def job(number: int):
        def go():
            ran.append(number)
            if number == 0:
                started.set()
                release.wait(5)
            return _batch.Record(str(number), "ok")
        return go

    reported: list[str] = []

    def on_record(record):
        reported.append(record.path)

    def jobs():
        yield job(0)
        started.wait(5)
        threading.Timer(0.1, release.set).start()
        raise KeyboardInterrupt  # Ctrl-C while job 0 is still running
        yield job(1)  # pragma: no cover

    with pytest.raises(KeyboardInterrupt):
        _jobs.run_threads(jobs(), 2, on_record)
    assert reported == ["0"] and ran == [0]


# --- worker processes (`--workers`) ----------------------------------------------------------------
def briefs_of(out: Path) -> dict[str, dict]:
    """Every brief under ``out``, without the run's timing (the only field that differs run to run)."""
    briefs = {}
    for path in sorted(out.rglob("*.json")):
        brief = json.loads(path.read_text(encoding="utf-8"))
        brief["run"].pop("seconds", None)
        briefs[str(path.relative_to(out))] = brief
    return briefs


def test_worker_processes_write_what_one_process_writes(tmp_path):
    src = make_tree(tmp_path / "in")
    add_bad_files(src)
    one, two = tmp_path / "one", tmp_path / "two"
    assert invoke(src, "-o", one, "-b", "rules", "-j", "1", "-w", "1").exit_code == 1  # the bad files
    assert invoke(src, "-o", two, "-b", "rules", "-j", "4", "-w", "2").exit_code == 1
    assert briefs_of(two) == briefs_of(one) and len(briefs_of(one)) == len(GOOD)

    def statuses(out):
        return {path: (r["status"], r["error"], r["key"]) for path, r in index_of(out).items()}

    assert statuses(two) == statuses(one)
    assert temp_files(two) == []
    again = invoke(src, "-o", two, "-b", "rules", "-w", "2")  # resumes like any run
    assert sorted(r["status"] for r in index_of(two).values()).count("skipped") == len(GOOD)
    assert again.exit_code == 1  # the bad files are retried, and fail again


def test_a_worker_process_that_dies_fails_only_its_own_work():
    import os

    def job(number: int):
        def go():
            if number == 3:
                os._exit(7)  # a crash no exception handler sees (a segfault, the OOM killer)
            return _batch.Record(str(number), "ok")
        return go

    results: list = []
    _jobs.run_processes([job(n) for n in range(12)], workers=2, concurrency=2, on_result=results.append,
                        on_lost=lambda i, why: _batch.Record(str(i), "failed", error=why))
    by_path = {r.path: r for r in results}
    assert sorted(by_path, key=int) == [str(n) for n in range(12)]  # every job reported exactly once
    assert len(results) == 12
    assert by_path["3"].status == "failed" and "exit code 7" in by_path["3"].error
    assert {r.status for path, r in by_path.items() if path != "3"} == {"ok"}  # the other worker went on


def test_a_fatal_error_in_a_worker_process_ends_the_run_with_that_error():
    def job(number: int):
        def go():
            if number == 1:
                raise _batch.BatchError("out/x.json: cannot write (No space left on device)")
            time.sleep(0.05)
            return _batch.Record(str(number), "ok")
        return go

    results: list = []
    with pytest.raises(_jobs.WorkerFailed) as failure:
        _jobs.run_processes([job(n) for n in range(40)], workers=2, concurrency=2, on_result=results.append,
                            on_lost=lambda i, why: _batch.Record(str(i), "failed", error=why))
    assert isinstance(failure.value.error, _batch.BatchError) and "No space left" in str(failure.value)
    assert len(results) < 39  # the other worker stopped taking articles


@pytest.mark.parametrize("signal_name, to_group", [("SIGINT", True), ("SIGTERM", False), ("SIGHUP", False)])
def test_ctrl_c_with_worker_processes_keeps_finished_work_and_exits_130(tmp_path, signal_name, to_group):
    """Ctrl-C reaches the whole process group; SIGTERM and SIGHUP (kill, a closed terminal) reach
    the parent alone. Each ends the run the same way."""
    import os
    import signal
    import subprocess
    import sys

    src, out = make_tree(tmp_path / "in", EIGHT), tmp_path / "out"
    with FakeOpenAI(default=echo_brief, delay=0.4) as server:
        # A shell that runs a job in the background (CI, `cmd &`) starts it with SIGINT ignored, and
        # Python keeps an inherited SIG_IGN; a terminal's foreground job has SIGINT at its default.
        as_in_a_terminal = ("import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
                            "from summarizer.cli import main; main()")
        command = [sys.executable, "-c", as_in_a_terminal, "batch", str(src),
                   "-o", str(out), "--base-url", server.base_url, "--model", "fake-model",
                   "-j", "2", "-w", "2", "--quiet"]
        # Its own process group, as in a terminal: Ctrl-C reaches the parent and both workers.
        process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, start_new_session=True,
                                   env={**os.environ, "PYTHONPATH": str(ROOT)})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(server.requests) < 3:
            time.sleep(0.02)
        if to_group:
            os.killpg(process.pid, getattr(signal, signal_name))
        else:
            os.kill(process.pid, getattr(signal, signal_name))
        _, stderr = process.communicate(timeout=60)
        sent = len(server.requests)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    index = index_of(out)
    assert 2 <= len(index) < len(EIGHT) and {r["status"] for r in index.values()} == {"ok"}
    assert len(index) == sent  # requests in flight at Ctrl-C were answered, written and indexed
    assert all((out / f"{rel}.json").exists() for rel in index) and temp_files(out) == []


# --- live runs against an OpenAI-compatible server --------------------------------------------------
EIGHT = {f"set{i % 2}/{source.stem}.txt": source
         for i, source in enumerate(sorted((ROOT / "evals" / "articles").glob("*.txt"))[:8])}


def test_concurrent_requests_overlap_but_stay_bounded(tmp_path):
    src, out = make_tree(tmp_path / "in", EIGHT), tmp_path / "out"
    lock = threading.Lock()
    in_flight, peak, times = [0], [0], []

    def slow(body):
        with lock:
            in_flight[0] += 1
            peak[0] = max(peak[0], in_flight[0])
            times.append(time.perf_counter())
        time.sleep(0.2)
        with lock:
            in_flight[0] -= 1
            times.append(time.perf_counter())
        return echo_brief(body)

    with FakeOpenAI(default=slow) as server:
        result = invoke(src, "-o", out, "--base-url", server.base_url, "--model", "fake-model",
                        "--concurrency", 4)
        assert len(server.requests) == 8
    assert result.exit_code == 0, result.output
    assert 2 <= peak[0] <= 4  # requests overlapped, never more than --concurrency at once
    # From the first request in to the last answer out (one-time imports excluded): well under serial.
    assert max(times) - min(times) < 0.75 * 8 * 0.2
    index = index_of(out)
    assert all(r["status"] == "ok" and r["tokens"] == 150 for r in index.values())


def test_a_failing_request_fails_only_its_article(tmp_path):
    src, out = make_tree(tmp_path / "in"), tmp_path / "out"

    def refuse_afghan(body):
        return Reply(status=400, body={"error": {"message": "context too long"}}) if "Afghan" in str(body) \
            else echo_brief(body)

    with FakeOpenAI(default=refuse_afghan) as server:
        result = invoke(src, "-o", out, "--base-url", server.base_url, "--model", "fake-model")
    assert result.exit_code == 1, result.output
    index = index_of(out)
    failed = {rel for rel, r in index.items() if r["status"] == "failed"}
    assert failed and all("HTTP 400" in index[rel]["error"] for rel in failed)
    assert {r["status"] for rel, r in index.items() if rel not in failed} == {"ok"}


def test_rerun_after_a_crash_costs_no_model_calls_unless_no_cache(tmp_path):
    src, out = make_tree(tmp_path / "in"), tmp_path / "out"
    with FakeOpenAI() as server:
        args = [src, "-o", out, "--base-url", server.base_url, "--model", "fake-model"]
        assert invoke(*args).exit_code == 0
        calls = len(server.requests)
        (out / "index.jsonl").unlink()  # as if the run had crashed before recording anything
        assert invoke(*args).exit_code == 0
        assert len(server.requests) == calls  # every answer came from the response cache
        assert invoke(*args, "--force", "--no-cache").exit_code == 0
        assert len(server.requests) == 2 * calls


# --- the OpenAI Batch API: export, results, import ---------------------------------------------------
def results_line(request: dict, form: str) -> dict:
    completion = echo_brief(request["body"]).body
    if form == "error":
        return {"id": "r", "custom_id": request["custom_id"], "response": None,
                "error": {"code": "batch_expired", "message": "This request could not be executed before expiry."}}
    if form == "bare":  # older vllm run-batch
        return {"id": "r", "custom_id": request["custom_id"], "response": completion, "error": None}
    return {"id": "r", "custom_id": request["custom_id"], "error": None,
            "response": {"status_code": 200, "request_id": "q", "body": completion}}


def without_timing(brief: dict) -> dict:
    return {**brief, "run": {k: v for k, v in brief["run"].items() if k not in ("backend", "seconds")}}


def test_export_then_import_writes_what_a_live_run_writes(tmp_path):
    src = make_tree(tmp_path / "in")
    add_bad_files(src)
    requests = tmp_path / "requests.jsonl"
    exported = invoke(src, "--export-openai-batch", requests, "--model", "fake-model")
    assert exported.exit_code == 1  # the two bad files cannot be exported
    lines = [json.loads(line) for line in requests.read_text(encoding="utf-8").splitlines()]
    assert sorted(line["custom_id"] for line in lines) == sorted(GOOD)
    for line in lines:
        assert line["method"] == "POST" and line["url"] == "/v1/chat/completions"
        body = line["body"]
        assert body["model"] == "fake-model" and body["max_tokens"] == 2048 and body["temperature"] == 0.0
        assert body["response_format"]["type"] == "json_schema"
        assert body["response_format"]["json_schema"]["name"] == "LLMBrief"
        assert [m["role"] for m in body["messages"]] == ["system", "user"]
        assert "<article>" in body["messages"][-1]["content"]

    # The live run sends the same messages and sampling.
    live = tmp_path / "live"
    with FakeOpenAI() as server:
        assert invoke(src, "-o", live, "--base-url", server.base_url, "--model", "fake-model").exit_code == 1
        sent = {json.dumps(r["messages"]) for r in server.requests}
    assert sent == {json.dumps(line["body"]["messages"]) for line in lines}

    by_id = {line["custom_id"]: line for line in lines}
    forms = {"000_c9bcf58343b8f793.txt": "body", "news/003_25786f08469f8fca.txt": "bare",
             "news/world/afghan.txt": "body", "news/world/asia/korea.md": "error"}
    results = tmp_path / "results.jsonl"
    results.write_text("".join(json.dumps(results_line(by_id[rel], form)) + "\n" for rel, form in forms.items()),
                       encoding="utf-8")

    out = tmp_path / "imported"
    imported = invoke(src, "--import-openai-batch", results, "-o", out)
    assert imported.exit_code == 1
    index, live_index = index_of(out), index_of(live)
    assert index["news/world/asia/korea.md"]["status"] == "failed"
    assert "batch_expired" in index["news/world/asia/korea.md"]["error"]
    assert index["bad/empty.txt"]["status"] == "failed"
    for rel in ("000_c9bcf58343b8f793.txt", "news/003_25786f08469f8fca.txt", "news/world/afghan.txt"):
        assert index[rel]["status"] == "ok" and index[rel]["tokens"] == live_index[rel]["tokens"] == 150
        assert set(index[rel]) == set(live_index[rel])
        ours = json.loads((out / f"{rel}.json").read_text(encoding="utf-8"))
        theirs = json.loads((live / f"{rel}.json").read_text(encoding="utf-8"))
        assert ours["run"]["backend"] == "openai-batch" and ours["run"]["model"] == "fake-model"
        assert without_timing(ours) == without_timing(theirs)

    # Importing again changes nothing; it is resumable like a live run.
    assert invoke(src, "--import-openai-batch", results, "-o", out).exit_code == 1
    assert index_of(out)["news/world/afghan.txt"]["status"] == "skipped"


def test_import_turns_every_bad_result_into_a_failed_article(tmp_path):
    src = make_tree(tmp_path / "in")
    requests = tmp_path / "requests.jsonl"
    assert invoke(src, "--export-openai-batch", requests, "--model", "m").exit_code == 0
    by_id = {r["custom_id"]: r for r in map(json.loads, requests.read_text(encoding="utf-8").splitlines())}
    invalid = results_line(by_id["000_c9bcf58343b8f793.txt"], "body")
    invalid["response"]["body"]["choices"][0]["message"]["content"] = '{"summary": 42}'
    http_500 = {"custom_id": "news/003_25786f08469f8fca.txt", "error": None,
                "response": {"status_code": 500, "body": {"error": {"message": "server overloaded"}}}}
    unknown = dict(results_line(by_id["news/world/afghan.txt"], "body"), custom_id="gone.txt")
    lines = [json.dumps(invalid), json.dumps(http_500), json.dumps(unknown), "not json at all"]
    results = tmp_path / "results.jsonl"
    results.write_text("\n".join(lines) + "\n", encoding="utf-8")

    out = tmp_path / "out"
    result = invoke(src, "--import-openai-batch", results, "-o", out)
    assert result.exit_code == 1, result.output
    index = index_of(out)
    assert {r["status"] for r in index.values()} == {"failed"}
    assert "not a valid brief" in index["000_c9bcf58343b8f793.txt"]["error"]
    assert index["news/003_25786f08469f8fca.txt"]["error"] == "batch request failed: HTTP 500: server overloaded"
    assert "unknown custom_id" in index["gone.txt"]["error"]
    assert "no result for this article" in index["news/world/afghan.txt"]["error"]
    assert "not JSON" in index["line 4"]["error"]


def test_export_needs_a_model_and_excludes_import(tmp_path, monkeypatch):
    monkeypatch.delenv("SUMMARIZER_MODEL", raising=False)
    src = make_tree(tmp_path / "in")
    requests = tmp_path / "requests.jsonl"
    result = invoke(src, "--export-openai-batch", requests)
    assert result.exit_code == 2 and "--model" in result.output and not requests.exists()
    assert invoke(src, "--export-openai-batch", requests, "--import-openai-batch", requests).exit_code == 2
    assert invoke(src, "-b", "rules").exit_code == 2  # a live run needs -o


def test_a_second_batch_on_the_same_output_folder_is_refused(tmp_path):
    src, out = make_tree(tmp_path / "in"), tmp_path / "out"
    out.mkdir()
    running = _batch.Index(out / _batch.INDEX_NAME)
    running.open()  # another run holds the folder
    try:
        refused = invoke(src, "-o", out, "-b", "rules")
        assert refused.exit_code == 2
        assert "another summarizer batch" in refused.stderr and refused.stderr.count("\n") == 1
        assert not (out / "000_c9bcf58343b8f793.txt.json").exists()
    finally:
        running.close()
    assert invoke(src, "-o", out, "-b", "rules").exit_code == 0  # free again once that run has closed


def test_workers_die_with_their_parent(tmp_path):
    """A worker whose parent is killed (even with SIGKILL) must not run on alone."""
    import os
    import signal
    import subprocess
    import sys

    script = (
        "import os, sys, time\n"
        "from summarizer import _jobs\n"
        "def job():\n"
        "    time.sleep(60)\n"
        "    return 0\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    _jobs.die_with_parent()\n"
        "    sys.stdout.write(str(os.getpid()) + '\\n'); sys.stdout.flush()\n"
        "    time.sleep(60)\n"
        "    os._exit(0)\n"
        "time.sleep(60)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    child_pid = int(parent.stdout.readline())
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait(timeout=10)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(child_pid, 0)
        except ProcessLookupError:
            break
        try:
            os.waitpid(child_pid, os.WNOHANG)
        except ChildProcessError:
            pass
        time.sleep(0.1)
    else:
        os.kill(child_pid, signal.SIGKILL)
        raise AssertionError("the worker outlived its parent")
