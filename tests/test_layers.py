"""The import contracts in pyproject.toml (checked by lint-imports in CI) can fail: an import
running back up a layer, or the core importing a provider, breaks them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint(tmp_path: Path, module: str, line: str) -> subprocess.CompletedProcess:
    """lint-imports over a copy of the package with ``line`` appended to ``module``."""
    shutil.copytree(ROOT / "summarizer", tmp_path / "summarizer", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    if line:
        with (tmp_path / "summarizer" / module).open("a", encoding="utf-8") as stream:
            stream.write(f"\n{line}\n")
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(tmp_path)}, timeout=300)


pytestmark = pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter is not installed")


def test_the_package_keeps_its_contracts(tmp_path):
    result = lint(tmp_path, "", "")
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("module, line, broken", [
    ("_models.py", "from . import _pipeline", "Layers"),
    ("_segment.py", "from . import _candidates", "Layers"),
    ("_ground.py", "from . import backends", "never imports a provider"),
])
def test_an_import_against_the_layers_breaks_a_contract(tmp_path, module, line, broken):
    result = lint(tmp_path, module, line)
    assert result.returncode != 0 and "BROKEN" in result.stdout
    assert any(broken in row and "BROKEN" in row for row in result.stdout.splitlines()), result.stdout
