"""`summarizer report OUTDIR`: the page and CSV files over a batch's briefs, and the actor merges."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer import _report
from summarizer._models import Actor, ArticleInfo, Brief, Denial, Evidence, RunInfo, Statement
from summarizer._report import ActorMerger, core_name, href_to, is_name, make_report
from summarizer.cli import app
from tests.conftest import ROOT
from tests.html_check import page_safety_problems, parse

runner = CliRunner()
SEEDS = ["000_c9bcf58343b8f793.txt", "003_25786f08469f8fca.txt"]


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory) -> Path:
    """A batch's folder: two seeds with --html, one article that failed, one corrupt brief."""
    root = tmp_path_factory.mktemp("report")
    articles, out = root / "in", root / "out"
    (articles / "news").mkdir(parents=True)
    for name in SEEDS:
        shutil.copy(ROOT / "seeds" / name, articles / "news" / name)
    (articles / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["batch", str(articles), "-o", str(out), "--backend", "rules", "--html", "-q",
                                 "--workers", "1"])
    assert result.exit_code == 1, result.output  # the empty article fails
    (out / "broken.txt.json").write_text('{"schema_version": "1.0", "article": {', encoding="utf-8")
    (out / "other.txt.json").write_text('{"hello": "world"}', encoding="utf-8")
    return out


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def report_data(html: str) -> dict:
    return json.loads(parse(html).data_blocks[0])


def test_report_over_a_batch(batch_dir):
    result = runner.invoke(app, ["report", str(batch_dir)])
    assert result.exit_code == 0, result.output
    assert re.search(r"2 brief\(s\), 3 failed; \d+ actors", result.stderr)
    folder = batch_dir / "report"
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert page_safety_problems(html) == []
    failures = {row["path"]: row["reason"] for row in read_csv(folder / "failures.csv")}
    assert failures["empty.txt"] == "empty file"
    assert failures["broken.txt"].startswith("corrupt brief file: not JSON")
    assert failures["other.txt"].startswith("corrupt brief file: not a brief")
    statements = read_csv(folder / "statements.csv")
    briefs = [Brief.model_validate_json((batch_dir / "news" / f"{n}.json").read_text()) for n in SEEDS]
    assert len(statements) == sum(len(b.statements) for b in briefs)
    assert len(read_csv(folder / "figures.csv")) == sum(len(b.figures) for b in briefs)
    assert len(read_csv(folder / "appeals.csv")) == sum(len(b.appeals) for b in briefs)
    # Every link goes to an existing HTML brief, at an item that page anchors.
    for row in statements:
        page_path, _, anchor = row["link"].partition("#")
        target = (folder / page_path).resolve()
        assert target.exists() and f'id="{anchor}"' in target.read_text(encoding="utf-8")
    data = report_data(html)
    assert set(data["tables"]) == {"actors", "statements", "denials", "appeals", "figures", "failures", "merges"}
    assert all(a[2] and a[2].startswith("../news/") for a in data["articles"])
    actors = read_csv(folder / "actors.csv")
    assert sum(int(a["statements"]) for a in actors) == len(statements)


def test_report_without_html_briefs_has_no_links(batch_dir, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(batch_dir, out, ignore=shutil.ignore_patterns("*.html", "report"))
    summary = make_report(out)
    assert summary.briefs == 2
    assert all(row["link"] == "" for row in read_csv(out / "report" / "statements.csv"))


def test_report_errors_are_one_line_exit_2(tmp_path):
    result = runner.invoke(app, ["report", str(tmp_path / "nope")])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "not a directory" in result.stderr
    result = runner.invoke(app, ["report", str(tmp_path)])
    assert result.exit_code == 2 and "no briefs" in result.stderr


def brief(title: str, actors: list[tuple[str, list[str]]], speakers: list[str] = (), denial: str | None = None,
          text: str = "x" * 40) -> Brief:
    ev = Evidence(start=0, end=1, text="x")
    return Brief(article=ArticleInfo(path=f"{title}.txt", sha256="0" * 64, title=title, chars=len(text)),
                 summary=text[:10], actors=[Actor(id=f"a{i + 1}", name=n, aliases=a) for i, (n, a) in enumerate(actors)],
                 statements=[Statement(speaker=s, actor_id=next((f"a{i + 1}" for i, (n, _) in enumerate(actors)
                                                                 if n == s), None), kind="claim", text=s, direct=False,
                                       evidence=ev) for s in speakers],
                 denials=[Denial(speaker=denial, denied="it", alleged_by="</script><script>alert(1)</script>",
                                 evidence=ev)] if denial else [],
                 run=RunInfo(backend="rules"))


def groups_of(briefs: list[Brief]) -> tuple[dict[str, str], ActorMerger, list]:
    merger = ActorMerger([b.article.title for b in briefs])
    for number, b in enumerate(briefs):
        merger.add_brief(number, b)
    groups, assignment = merger.groups()
    return {m.name + f"@{m.article}": groups[assignment[i]].name for i, m in enumerate(merger.mentions)}, merger, groups


def test_aliases_merge_and_every_merge_says_why():
    named, _, groups = groups_of([
        brief("one", [("Donald Trump", ["President Trump", "Trump"])]),
        brief("two", [("Trump", [])]),
        brief("three", [("United States President Donald Trump", ["the president"])]),
        brief("four", [("Donald\u00a0TRUMP", [])]),
    ])
    assert set(named.values()) == {"Donald Trump"}
    trump = next(g for g in groups if g.name == "Donald Trump")
    reasons = " ".join(trump.reasons)
    assert "“Trump” is an alias of “Donald Trump” in one" in reasons
    assert "“United States President Donald Trump”: the same name with a title or role" in reasons
    assert "“Donald\u00a0TRUMP”: the same name, written differently" in reasons


def test_an_alias_two_people_share_merges_nothing_and_is_listed():
    named, merger, _ = groups_of([
        brief("a", [("Donald Trump", ["Trump"])]),
        brief("b", [("Ivanka Trump", ["Trump"])]),
        brief("c", [("Trump", [])]),
    ])
    assert named == {"Donald Trump@0": "Donald Trump", "Ivanka Trump@1": "Ivanka Trump", "Trump@2": "Trump"}
    assert merger.ambiguous == ["“Trump” not merged: it could be “Donald Trump” or “Ivanka Trump”"]


def test_roles_pronouns_and_generic_words_never_merge_across_articles():
    named, _, groups = groups_of([brief("a", [("officials", []), ("The President", [])]),
                                  brief("b", [("officials", []), ("The President", [])])])
    assert len(groups) == 4
    assert not any(is_name(n) for n in ("he", "officials", "The President", "Protesters", "based envoy"))
    assert all(is_name(n) for n in ("Trump", "the BBC", "Russian Foreign Ministry", "Abdel Fattah el-Sisi"))
    assert core_name("Mike Ryan of the World Health Organization") == "Mike Ryan of the World Health Organization"
    assert core_name("New Zealand Prime Minister Jacinda Ardern") == "Jacinda Ardern"
    assert core_name("Thames Valley Police") == "Thames Valley Police"


def test_report_escapes_what_articles_and_models_wrote(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    hostile = brief("<img src=x onerror=alert(2)>", [("Jane Doe", [])], ["Jane Doe"], denial="Jane Doe")
    (out / "a.txt.json").write_text(hostile.model_dump_json(), encoding="utf-8")
    make_report(out)
    html = (out / "report" / "index.html").read_text(encoding="utf-8")
    assert page_safety_problems(html) == []
    assert report_data(html)["articles"][0][0] == "<img src=x onerror=alert(2)>"
    # The check would catch the data block written without escaping: the denial's "</script>" ends
    # it early and the "<script>alert(1)" after it becomes a live script.
    monkeypatch.setattr(_report, "_json_for_script", lambda data: json.dumps(data))
    make_report(out)
    unescaped = (out / "report" / "index.html").read_text(encoding="utf-8")
    assert any("<script> element(s)" in p for p in page_safety_problems(unescaped))


def test_csv_cells_that_a_spreadsheet_would_run_are_quoted(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    formula = brief("f", [("Jane Doe", [])], ["=HYPERLINK(\"http://x\")", "-12 percent", "-rm -rf"])
    (out / "f.txt.json").write_text(formula.model_dump_json(), encoding="utf-8")
    make_report(out)
    texts = [row["text"] for row in read_csv(out / "report" / "statements.csv")]
    assert texts == ["'=HYPERLINK(\"http://x\")", "-12 percent", "'-rm -rf"]


def test_links_never_start_with_a_scheme(tmp_path):
    assert href_to(tmp_path / "javascript:alert(1)" / "a.html", tmp_path) == "./javascript%3Aalert%281%29/a.html"
    assert href_to(tmp_path / "a b.html", tmp_path / "report") == "../a%20b.html"
