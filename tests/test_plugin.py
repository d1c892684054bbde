"""A plugin backend, registered through the entry point, runs through summarize, batch and eval
exactly like a built-in, and receives its options from --option."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from summarizer.backends import _base

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_c9bcf58343b8f793.txt"


@pytest.fixture()
def plugin_path(tmp_path, monkeypatch) -> str:
    """A folder on the path holding the plugin module and its installed metadata (entry points)."""
    site = tmp_path / "site"
    dist = site / "lede_plugin-1.0.dist-info"
    dist.mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "plugin" / "lede_plugin.py", site / "lede_plugin.py")
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: lede-plugin\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[summarizer.backends]\nlede = lede_plugin:LedeBackend\n")
    monkeypatch.syspath_prepend(str(site))
    _base._registered_backends.cache_clear()
    yield str(site)
    _base._registered_backends.cache_clear()


def cli(plugin_site: str, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([plugin_site, str(ROOT)])}
    return subprocess.run([sys.executable, "-c", "from summarizer.cli import main; main()", *args],
                          capture_output=True, text=True, env=env, cwd=cwd, timeout=300)


def test_the_plugin_is_found_and_used_in_python(plugin_path):
    from summarizer import summarize

    assert "lede" in _base.available_backends()
    brief = summarize(SEED, backend="lede", sentences=2)
    assert brief.run.backend == "lede" and brief.run.strategy == "lede"
    assert brief.summary and brief.statements == []


def test_summarize_passes_options_and_help_lists_them(plugin_path):
    one = cli(plugin_path, "summarize", str(SEED), "--backend", "lede", "--format", "json")
    two = cli(plugin_path, "summarize", str(SEED), "-b", "lede", "--option", "sentences=3", "-f", "json")
    assert one.returncode == 0 and two.returncode == 0, one.stderr + two.stderr
    assert len(json.loads(two.stdout)["summary"]) > len(json.loads(one.stdout)["summary"])
    shown = cli(plugin_path, "summarize", "--help").stdout
    assert "Options of the lede backend" in shown and "how many opening sentences" in shown


@pytest.mark.parametrize("pair, message", [
    ("sentences=0", "greater than or equal to 1"),
    ("sentences=many", "valid integer"),
    ("paragraphs=2", "no option 'paragraphs'"),
    ("sentences", "expected KEY=VALUE"),
])
def test_a_bad_option_is_one_line_and_exit_2_or_3(plugin_path, pair, message):
    result = cli(plugin_path, "summarize", str(SEED), "-b", "lede", "--option", pair)
    assert result.returncode in (2, 3) and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_batch_runs_the_plugin_with_worker_processes(plugin_path, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for name in ("000_c9bcf58343b8f793.txt", "003_25786f08469f8fca.txt"):
        shutil.copy(ROOT / "seeds" / name, src / name)
    result = cli(plugin_path, "batch", str(src), "-o", str(tmp_path / "out"), "-b", "lede", "-O", "sentences=2",
                 "-w", "2", "-j", "2", "--quiet")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in (tmp_path / "out" / "index.jsonl").read_text().splitlines()]
    assert [line["status"] for line in lines] == ["ok", "ok"]
    assert json.loads((tmp_path / "out" / "000_c9bcf58343b8f793.txt.json").read_text())["run"]["backend"] == "lede"


def test_eval_scores_the_plugin(plugin_path, tmp_path):
    root = tmp_path / "repo"
    for part in ("evals/gold", "evals/articles", "schemas"):
        shutil.copytree(ROOT / part, root / part)
    shutil.copy(ROOT / "evals" / "gates.toml", root / "evals" / "gates.toml")
    result = cli(plugin_path, "eval", "-b", "lede", "-O", "sentences=2", "--split", "dev", "--root", str(root),
                 "--no-gate")
    assert result.returncode == 0, result.stderr
    scored = json.loads((root / "evals" / "results" / "lede-dev.json").read_text())
    assert scored["backend"] == "lede"


def test_a_registered_class_that_is_not_a_backend_is_refused(tmp_path, monkeypatch):
    site = tmp_path / "site"
    dist = site / "bogus-1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: bogus\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[summarizer.backends]\nbogus = json:JSONDecoder\n")
    monkeypatch.syspath_prepend(str(site))
    _base._registered_backends.cache_clear()
    try:
        with pytest.raises(_base.BackendError, match="not a summarizer.backends.Backend"):
            _base.load_backend("bogus")
    finally:
        _base._registered_backends.cache_clear()


BUILT_IN = {"rules", "openai", "embedded"}


def built_in_names_in(source: str) -> list[str]:
    """Where code names a built-in backend: a string equal to its name, or an import of its module.
    Prose in docstrings and comments may mention them."""
    import ast

    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and node.value in BUILT_IN:
            found.append(f"{node.lineno}: {node.value!r}")
        elif isinstance(node, ast.ImportFrom) and set((node.module or "").split(".")) & BUILT_IN:
            found.append(f"{node.lineno}: from {node.module}")
    return found


def test_no_module_outside_backends_names_a_built_in_backend():
    """Built-ins are plugins like any other: only summarizer/backends/ may name one."""
    offences = [f"{path.name}:{where}" for path in sorted((ROOT / "summarizer").rglob("*.py"))
                if "backends" not in path.relative_to(ROOT / "summarizer").parts
                for where in built_in_names_in(path.read_text(encoding="utf-8"))]
    assert offences == []


def test_the_names_check_sees_an_offence():
    source = 'DEFAULT = "embedded"\nfrom .backends.rules import RulesBackend\nTEXT = "rules of thumb"\n'
    assert sorted(built_in_names_in(source)) == ["1: 'embedded'", "2: from backends.rules"]


def test_a_broken_or_unknown_backend_is_one_line_and_exit_2(plugin_path, tmp_path):
    broken = tmp_path / "site" / "broken-1.0.dist-info"
    broken.mkdir(parents=True)
    (broken / "METADATA").write_text("Metadata-Version: 2.1\nName: broken\nVersion: 1.0\n")
    (broken / "entry_points.txt").write_text("[summarizer.backends]\nbroken = nosuchmodule:Thing\n")
    for name, message in (("broken", "cannot be loaded: ModuleNotFoundError"), ("", "unknown backend ''")):
        result = cli(plugin_path, "summarize", str(SEED), "-b", name)
        assert result.returncode == 2 and message in result.stderr, result.stderr
        assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "cannot be loaded" in cli(plugin_path, "summarize", "--help").stdout  # --help still works


def test_a_plugin_bug_is_the_backends_failure_in_one_line(plugin_path, monkeypatch):
    import lede_plugin

    from summarizer import BackendError, summarize

    def broken(self, document, candidates, stats):
        raise KeyError("boom")

    monkeypatch.setattr(lede_plugin.LedeBackend, "extract", broken)
    with pytest.raises(BackendError, match="the lede backend failed: KeyError: 'boom'"):
        summarize(SEED, backend="lede")


def test_changing_an_option_that_decides_the_brief_redoes_a_batch(plugin_path, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEED, src / SEED.name)
    out = tmp_path / "out"
    runs = [cli(plugin_path, "batch", str(src), "-o", str(out), "-b", "lede", *extra, "--quiet")
            for extra in ([], [], ["-O", "sentences=3"], ["-O", "sentences=3"])]
    assert all(run.returncode == 0 for run in runs), runs[-1].stderr
    statuses = [json.loads(line)["status"] for line in (out / "index.jsonl").read_text().splitlines()]
    assert statuses == ["skipped"]  # the last run: up to date at sentences=3
    assert "1 ok" in runs[2].stderr and "skipped" in runs[1].stderr
