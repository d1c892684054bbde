"""The command line as a user meets it, and every example in the README."""

from __future__ import annotations

import json
import re
import shlex
import shutil

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from tests.conftest import ROOT, SEED_000, SEED_003
from tests.fake_openai import FakeOpenAI

runner = CliRunner()


def test_help_lists_every_command():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("summarize", "schema", "verify", "eval", "serve", "batch"):
        assert command in result.output


def test_python_dash_m_runs_the_same_command():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "summarizer", "summarize", "--help"], capture_output=True,
                            text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0 and "--backend" in result.stdout
    missing = subprocess.run([sys.executable, "-m", "summarizer", "summarize", "no-such-file.txt", "-b", "rules"],
                             capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert missing.returncode != 0 and "Traceback" not in missing.stderr


def test_markdown_is_the_default_and_json_is_valid(tmp_path):
    markdown = runner.invoke(app, ["summarize", str(SEED_003), "--backend", "rules"])
    assert markdown.exit_code == 0
    assert markdown.stdout.startswith("# Afghanistan: Russia Asks")
    for heading in ("## Summary", "## Who said what", "## Denials", "## Appeals", "## Figures"):
        assert heading in markdown.stdout
    short = runner.invoke(app, ["summarize", str(SEED_003), "--backend", "rules", "-f", "md"]).stdout
    assert short.split("\n## Figures")[0] == markdown.stdout.split("\n## Figures")[0]  # (the footer has the time)
    assert runner.invoke(app, ["summarize", str(SEED_003), "--backend", "rules", "-f", "pdf"]).exit_code == 2
    output = tmp_path / "brief.json"
    written = runner.invoke(app, ["summarize", str(SEED_003), "--backend", "rules", "--format", "json", "-o", str(output)])
    assert written.exit_code == 0 and written.stdout == ""
    brief = json.loads(output.read_text(encoding="utf-8"))
    assert brief["article"]["path"] == str(SEED_003)
    verified = runner.invoke(app, ["verify", str(output), str(SEED_003)])
    assert verified.exit_code == 0 and verified.stdout.startswith("ok")


def test_verify_catches_a_tampered_brief(tmp_path):
    result = runner.invoke(app, ["summarize", str(SEED_000), "--backend", "rules", "--format", "json"])
    brief = json.loads(result.stdout)
    brief["statements"][0]["evidence"]["start"] += 3
    brief["figures"][0]["value"] = 99.0 if brief["figures"] else None
    brief["statements"][1]["quote"] = "words the article never said"
    brief["statements"][1]["direct"] = True
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(brief), encoding="utf-8")
    checked = runner.invoke(app, ["verify", str(tampered), str(SEED_000)])
    assert checked.exit_code == 1
    assert "statement 1" in checked.stdout and "statement 2" in checked.stdout and "FAILED" in checked.stdout


@pytest.mark.parametrize(
    "content, expected",
    [(b"", "empty file"), (b"\x00\x01\x02\x03" * 100, "binary"), (b"\xff\xfe\xfa" * 30 + b"\x81\x8d" * 40, "")],
)
def test_bad_input_is_one_line_on_stderr_exit_2(tmp_path, content, expected):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = runner.invoke(app, ["summarize", str(path), "--backend", "rules"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("summarizer: error: ") and result.stderr.count("\n") == 1
    assert expected in result.stderr
    assert "Traceback" not in result.output


def test_missing_file_and_unknown_backend():
    missing = runner.invoke(app, ["summarize", "no/such/file.txt", "--backend", "rules"])
    assert missing.exit_code == 2 and "no such file" in missing.stderr
    unknown = runner.invoke(app, ["summarize", str(SEED_000), "--backend", "nope"])
    assert unknown.exit_code == 2 and "unknown backend 'nope'" in unknown.stderr


def test_stdin_input():
    result = runner.invoke(app, ["summarize", "-", "--backend", "rules", "--format", "json"],
                           input=SEED_000.read_bytes())
    assert result.exit_code == 0
    assert json.loads(result.stdout)["article"]["path"] is None


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [line[2:].strip() for line in re.findall(r"^\$ .+$", text, flags=re.MULTILINE)]


def test_readme_has_examples():
    assert len(readme_commands()) >= 8


@pytest.mark.parametrize("command", readme_commands())
def test_every_readme_example_runs(command, tmp_path, monkeypatch):
    """Each `$ ...` line of the README, run as written from a scratch copy of the repo's inputs.

    The default backend is the embedded model; here such examples run with `--backend rules`
    (the embedded path itself is exercised by tests/test_embedded.py), and the example endpoint
    is a scripted OpenAI-compatible server on 127.0.0.1.
    """
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    shutil.copytree(ROOT / "evals", tmp_path / "evals", ignore=shutil.ignore_patterns("results", "cassettes"))
    monkeypatch.chdir(tmp_path)
    stdin = None
    if command.startswith("cat "):
        source, _, command = command.partition(" | ")
        stdin = (tmp_path / source.split()[1]).read_bytes()
    words = shlex.split(command)
    assert words[0] == "summarizer"
    args = words[1:]
    if args[0] == "verify":
        runner.invoke(app, ["summarize", "seeds/003_25786f08469f8fca.txt", "--backend", "rules", "--format", "json",
                            "-o", "brief.json"])
    with FakeOpenAI() as server:
        if "--base-url" in args:
            args[args.index("--base-url") + 1] = server.base_url
        elif args[0] in ("summarize", "batch") and "--backend" not in args:
            args += ["--backend", "rules"]
        result = runner.invoke(app, args, input=stdin)
    assert result.exit_code == 0, result.output


def test_summarize_asks_the_model_again_only_with_no_cache():
    from tests.fake_openai import echo_brief

    with FakeOpenAI(default=echo_brief) as server:
        endpoint = ["summarize", str(SEED_000), "--base-url", server.base_url, "--model", "fake-model",
                    "--format", "json"]
        first = runner.invoke(app, endpoint)
        cached = runner.invoke(app, endpoint)
        assert first.exit_code == cached.exit_code == 0
        assert len(server.requests) == 1  # the re-run was answered from the response cache
        fresh = runner.invoke(app, [*endpoint, "--no-cache"])
        assert fresh.exit_code == 0 and len(server.requests) == 2
        again = runner.invoke(app, endpoint)  # --no-cache wrote nothing that changes the cache
        assert again.exit_code == 0 and len(server.requests) == 2
    assert json.loads(cached.stdout)["run"]["attempts"] == 0
    assert json.loads(fresh.stdout)["run"]["attempts"] == 1


def test_endless_input_is_refused_at_the_size_cap_not_read_to_exhaustion():
    import subprocess
    import sys

    for args, stdin in ((["/dev/zero"], subprocess.DEVNULL), (["-"], None)):
        command = [sys.executable, "-c", "from summarizer.cli import main; main()", "summarize", *args,
                   "--backend", "rules"]
        if stdin is None:  # an endless pipe on stdin
            producer = subprocess.Popen(["yes", "endless words of an article"], stdout=subprocess.PIPE)
            result = subprocess.run(command, stdin=producer.stdout, capture_output=True, text=True, timeout=60)
            producer.kill()
            producer.wait()
        else:
            result = subprocess.run(command, stdin=stdin, capture_output=True, text=True, timeout=60)
        assert result.returncode == 2, result.stderr
        assert "too large" in result.stderr and result.stderr.count("\n") == 1
