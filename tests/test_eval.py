"""The eval harness: gold files, matching rules, and the quality gates CI enforces."""

from __future__ import annotations

import pytest

from summarizer._eval import check_gates, forms_match, overlap, score_article
from summarizer._eval_run import EvalOptions, load_gates, run_eval
from summarizer._models import (
    ArticleInfo, Brief, Evidence, Figure, GoldActor, GoldArticle, GoldFigure, GoldStatement, RunInfo, Statement,
)
from summarizer._eval import load_gold
from tests.conftest import ROOT

EVIDENCE = Evidence(start=0, end=1, text="x")


def brief_with(statements=(), figures=()) -> Brief:
    return Brief(article=ArticleInfo(path=None, sha256="0" * 64, title=None, chars=1), summary="",
                 statements=list(statements), figures=list(figures), run=RunInfo(backend="test"))


def statement(speaker: str, text: str) -> Statement:
    return Statement(speaker=speaker, kind="claim", text=text, direct=False, evidence=EVIDENCE)


def test_every_gold_file_is_valid_and_quotes_its_article():
    golds = load_gold(ROOT / "evals" / "gold", "all")
    assert len(golds) >= 14
    assert {g.split for _, g in golds} == {"dev", "test"}
    for name, gold in golds:
        text = (ROOT / gold.article).read_text(encoding="utf-8")
        names = {a.name for a in gold.actors}
        for item in gold.statements:
            assert item.text in text, (name, item.text)
            assert item.speaker in names, (name, item.speaker)
        for figure in gold.figures:
            assert figure.raw in text, (name, figure.raw)


def test_speaker_matches_by_alias_but_not_by_fragment():
    assert forms_match(["Maria Zakharova", "Zakharova"], ["Russian MFA spokesperson Maria Zakharova"])
    assert forms_match(["Amrullah Saleh"], ["Saleh"])  # a surname occurring in the name, as whole words
    assert not forms_match(["Ali Maisam Nazari"], ["Ali"])
    assert not forms_match(["Russia"], ["Prussian army"])


def test_content_overlap_uses_stems_without_stop_words():
    assert overlap("supplying weapons to the NRF", "Russia supplied weapons to NRF fighters") == 1.0
    assert overlap("the economy grew", "nothing related") == 0.0


def test_matching_is_one_to_one_and_optional_items_are_neutral():
    gold = GoldArticle(
        article="x", split="dev", source="s",
        actors=[GoldActor(name="Jane Doe", aliases=["Doe"])],
        statements=[GoldStatement(speaker="Jane Doe", kind="claim", text="the bridge will reopen in May", direct=False),
                    GoldStatement(speaker="Jane Doe", kind="claim", text="tolls will rise", direct=False,
                                  required=False)],
        figures=[GoldFigure(raw="2,50,000", value=250000, unit="residents", what="residents")],
    )
    predicted = brief_with(
        statements=[statement("Doe", "the bridge will reopen in May"),
                    statement("Doe", "the bridge will reopen in May, she added"),  # a duplicate: one FP
                    statement("Doe", "tolls will rise next year")],  # matches the optional item: neutral
        figures=[Figure(raw="250,000", value=250000.0, unit="people", what="x", evidence=EVIDENCE),
                 Figure(raw="5%", value=5.0, unit="percent", what="y", evidence=EVIDENCE)],
    )
    scores = score_article(gold, predicted)
    assert (scores["statements"].tp, scores["statements"].fp, scores["statements"].fn) == (1, 1, 0)
    assert (scores["figures"].tp, scores["figures"].fp) == (1, 1)


def test_gates_report_each_failure():
    summary = {"fields": {"statements": {"f1": 0.5}}, "grounding_rate": 0.9, "schema_valid_rate": 1.0, "failed": 1}
    failures = check_gates(summary, {"min_f1": {"statements": 0.6}, "grounding_rate": 1.0, "max_failed": 0})
    assert len(failures) == 3


def test_rules_backend_passes_its_gates_on_every_labeled_article():
    results, summary = run_eval(EvalOptions(backend="rules", split="all", root=ROOT))
    assert summary["articles"] >= 14
    for result in results:
        assert not result.verify_problems, (result.name, result.verify_problems)
    assert check_gates(summary, load_gates(ROOT, "rules")) == []


def test_embedded_replay_from_cassettes_passes_its_gates():
    """Re-scores the recorded embedded run with no model. A failure saying 'no recorded response'
    means prompts or candidate rules changed: re-record with
    `summarizer eval --backend embedded --split all --record`."""
    results, summary = run_eval(EvalOptions(backend="embedded", split="all", mode="replay", root=ROOT))
    failed = [r.error for r in results if r.error]
    assert not failed, failed
    assert check_gates(summary, load_gates(ROOT, "embedded-replay")) == []


@pytest.mark.embedded
def test_live_embedded_eval_passes_its_gates():
    """The live eval with the real model: the seeds always, then as many other labeled articles as
    fit in the time budget (SUMMARIZER_LIVE_EVAL_SECONDS, default 240 s)."""
    import os

    seeds = EvalOptions(backend="embedded", split="dev", root=ROOT, only=["seed_000", "seed_003"],
                        backend_options={"cache": False})
    results, summary = run_eval(seeds)
    assert summary["articles"] == 2
    for result in results:
        assert not result.verify_problems, result.verify_problems
    assert check_gates(summary, load_gates(ROOT, "embedded")) == []
    budget = float(os.environ.get("SUMMARIZER_LIVE_EVAL_SECONDS", "240"))
    others = [name for name, _ in load_gold(ROOT / "evals" / "gold", "all") if not name.startswith("seed_")]
    more, more_summary = run_eval(EvalOptions(backend="embedded", split="all", root=ROOT, only=others,
                                              backend_options={"cache": False}, limit_seconds=budget))
    print(f"live embedded eval: seeds + {len(more)} more article(s); statements "
          f"{summary['fields']['statements']} / {more_summary['fields']['statements']}")
    for result in more:
        assert result.error is None and not result.verify_problems, (result.name, result.error, result.verify_problems)


def test_a_record_run_keeps_only_the_requests_it_made(tmp_path):
    """Re-recording replaces an article's cassette: answers to prompts that no longer exist are dropped."""
    import json
    import shutil

    from tests.fake_openai import FakeOpenAI, echo_brief

    for folder in ("gold", "articles"):
        shutil.copytree(ROOT / "evals" / folder, tmp_path / "evals" / folder)
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    cassette = tmp_path / "evals" / "cassettes" / "openai" / "seed_000.json"
    cassette.parent.mkdir(parents=True)
    stale = {"request": {"messages": "an old prompt"}, "response": {"choices": []}}
    cassette.write_text(json.dumps({"interactions": {"stale-key": stale}}), encoding="utf-8")
    with FakeOpenAI(default=echo_brief) as server:
        options = {"base_url": server.base_url, "model": "fake-model"}
        recorded, _ = run_eval(EvalOptions(backend="openai", split="dev", mode="record", root=tmp_path,
                                           only=["seed_000"], backend_options=options))
        assert recorded[0].error is None and len(server.requests) == 1
    kept = json.loads(cassette.read_text(encoding="utf-8"))["interactions"]
    assert "stale-key" not in kept and len(kept) == 1
    replayed, _ = run_eval(EvalOptions(backend="openai", split="dev", mode="replay", root=tmp_path,
                                       only=["seed_000"], backend_options={"model": "fake-model"}))
    assert replayed[0].error is None and replayed[0].scores == recorded[0].scores
