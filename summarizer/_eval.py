"""The eval harness: score briefs against hand-labeled gold (format: evals/README.md).

Matching is one-to-one and order-insensitive: every (gold, prediction) pair that passes the
field's rule gets a score, and pairs are taken greedily, best score first.

- Text overlap is over lower-cased word stems (first 5 letters) without stop words:
  |gold ∩ predicted| / |gold|.
- Speakers match by alias: any form of the gold actor (name or alias) equals, or occurs as whole
  words in, any form of the predicted speaker (its name and its actor's aliases), or the reverse.
- statements: speaker by alias and content overlap ≥ 0.5.
- denials: speaker by alias and overlap of the gold `denied` with the prediction's denied text
  and evidence ≥ 0.25.
- appeals: speaker by alias, request overlap ≥ 0.25, and when the gold names an addressee the
  prediction's addressee must share a word stem with it.
- figures: value within 1% (both null for vague figures), and the same unit class: percent, a
  currency code, or a count.
- actors: a name or alias of the prediction equals a name or alias of the gold (case-insensitive).

Optional gold items are matched like the rest, but a match to one is neither a true positive nor
a false positive; unmatched optional items are not misses.
"""

from __future__ import annotations

import json
import math
import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from ._models import Brief, GoldArticle

FIELDS = ("statements", "denials", "appeals", "figures", "actors")
STATEMENT_OVERLAP = 0.5
DENIAL_OVERLAP = 0.25
APPEAL_OVERLAP = 0.25
FIGURE_TOLERANCE = 0.01
_STOP = {"the", "a", "an", "of", "to", "in", "on", "and", "or", "for", "that", "this", "is", "was", "are",
         "were", "be", "been", "it", "its", "by", "with", "as", "at", "from", "has", "have", "had", "will",
         "would", "not", "but", "they", "their", "he", "she", "his", "her", "we", "our", "i", "you", "said",
         "says", "also", "which", "who", "there", "any", "all"}


def stems(text: str | None) -> set[str]:
    return {w[:5] for w in re.findall(r"\w+", (text or "").lower()) if w not in _STOP}


def overlap(gold: str | None, predicted: str | None) -> float:
    wanted = stems(gold)
    return len(wanted & stems(predicted)) / len(wanted) if wanted else 0.0


def _contains_words(haystack: str, needle: str) -> bool:
    return bool(needle) and re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack) is not None


def forms_match(gold_forms: Iterable[str], predicted_forms: Iterable[str]) -> bool:
    gold = [g.lower().strip() for g in gold_forms if g and g.strip()]
    predicted = [p.lower().strip() for p in predicted_forms if p and p.strip()]
    for g in gold:
        for p in predicted:
            if g == p or (len(g) >= 4 and _contains_words(p, g)) or (len(p) >= 4 and _contains_words(g, p)):
                return True
    return False


def unit_class(unit: str | None) -> str:
    if unit is None:
        return "count"
    if unit.lower() in ("percent", "%", "per cent", "percentage"):
        return "percent"
    if re.fullmatch(r"[A-Z]{3}", unit):
        return "currency"
    return "count"


@dataclass
class FieldScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def empty(self) -> bool:
        return self.tp + self.fp + self.fn == 0


def _greedy(gold: list, predicted: list, score: Callable[[Any, Any], float | None]) -> list[tuple[int, int]]:
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            value = score(g, p)
            if value is not None:
                # required gold first, so an optional twin never steals the match
                pairs.append((value + (1.0 if getattr(g, "required", True) else 0.0), gi, pi))
    pairs.sort(key=lambda item: -item[0])
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    matched = []
    for _, gi, pi in pairs:
        if gi not in used_gold and pi not in used_predicted:
            used_gold.add(gi)
            used_predicted.add(pi)
            matched.append((gi, pi))
    return matched


def _tally(gold: list, predicted: list, matched: list[tuple[int, int]], show_gold, show_predicted) -> FieldScore:
    result = FieldScore()
    matched_gold = {gi for gi, _ in matched}
    matched_predicted = {pi for _, pi in matched}
    for gi, _ in matched:
        if getattr(gold[gi], "required", True):
            result.tp += 1
    for gi, g in enumerate(gold):
        if gi not in matched_gold and getattr(g, "required", True):
            result.fn += 1
            result.misses.append(show_gold(g))
    for pi, p in enumerate(predicted):
        if pi not in matched_predicted:
            result.fp += 1
            result.false_positives.append(show_predicted(p))
    return result


def score_article(gold: GoldArticle, brief: Brief) -> dict[str, FieldScore]:
    aliases = {a.name: [a.name, *a.aliases] for a in gold.actors}
    actor_forms = {a.id: [a.name, *a.aliases] for a in brief.actors}

    def gold_forms(name: str | None) -> list[str]:
        return aliases.get(name or "", [name or ""])

    def predicted_forms(speaker: str, actor_id: str | None) -> list[str]:
        return [speaker, *actor_forms.get(actor_id or "", [])]

    def statement_score(g, p):
        if not forms_match(gold_forms(g.speaker), predicted_forms(p.speaker, p.actor_id)):
            return None
        value = overlap(g.text, f"{p.text} {p.quote or ''}")
        return value if value >= STATEMENT_OVERLAP else None

    def denial_score(g, p):
        if not forms_match(gold_forms(g.speaker), predicted_forms(p.speaker, p.actor_id)):
            return None
        value = overlap(g.denied, f"{p.denied} {p.evidence.text}")
        return value if value >= DENIAL_OVERLAP else None

    def appeal_score(g, p):
        if not forms_match(gold_forms(g.speaker), predicted_forms(p.speaker, p.actor_id)):
            return None
        value = overlap(g.request, f"{p.request} {p.evidence.text}")
        if value < APPEAL_OVERLAP:
            return None
        if g.addressee and not (stems(g.addressee) & stems(f"{p.addressee or ''} {p.evidence.text}")):
            return None
        return value

    def figure_score(g, p):
        if unit_class(g.unit) != unit_class(p.unit):
            return None
        if g.value is None or p.value is None:
            return 0.5 if g.value is None and p.value is None and overlap(g.raw, p.raw) > 0 else None
        close = math.isclose(g.value, p.value, rel_tol=FIGURE_TOLERANCE, abs_tol=1e-9)
        return 1.0 - abs(g.value - p.value) / max(abs(g.value), 1e-9) if close else None

    def actor_score(g, p):
        gold_set = {f.lower() for f in [g.name, *g.aliases]}
        return 1.0 if any(f.lower() in gold_set for f in [p.name, *p.aliases]) else None

    specs = {
        "statements": (gold.statements, brief.statements, statement_score,
                       lambda g: f"{g.speaker} ({g.kind}): {g.text}", lambda p: f"{p.speaker} ({p.kind}): {p.text}"),
        "denials": (gold.denials, brief.denials, denial_score,
                    lambda g: f"{g.speaker} denied: {g.denied}", lambda p: f"{p.speaker} denied: {p.denied}"),
        "appeals": (gold.appeals, brief.appeals, appeal_score,
                    lambda g: f"{g.speaker} → {g.addressee}: {g.request}",
                    lambda p: f"{p.speaker} → {p.addressee}: {p.request}"),
        "figures": (gold.figures, brief.figures, figure_score,
                    lambda g: f"{g.raw} = {g.value} {g.unit or ''} ({g.what})",
                    lambda p: f"{p.raw} = {p.value} {p.unit or ''} ({p.what})"),
        "actors": (gold.actors, brief.actors, actor_score, lambda g: g.name, lambda p: p.name),
    }
    scores = {}
    for name, (gold_items, predicted, scorer, show_gold, show_predicted) in specs.items():
        matched = _greedy(gold_items, predicted, scorer)
        scores[name] = _tally(gold_items, predicted, matched, show_gold, show_predicted)
    return scores


def gold_problems(gold: GoldArticle, article_text: str) -> list[str]:
    """What in a gold file does not hold against its article; empty when it is consistent."""
    problems = []
    names = {a.name for a in gold.actors}
    folded = article_text.lower()
    for actor in gold.actors:
        if not any(form.lower() in folded for form in [actor.name, *actor.aliases]):
            problems.append(f"actor {actor.name!r}: neither its name nor an alias occurs in the article")
    for kind in ("statements", "denials", "appeals"):
        for item in getattr(gold, kind):
            if item.speaker not in names:
                problems.append(f"{kind}: speaker {item.speaker!r} is not an actor's name")
    for item in gold.statements:
        if item.text not in article_text:
            problems.append(f"statement text not copied from the article: {item.text!r}")
    for kind, items in (("denial", gold.denials), ("appeal", gold.appeals)):
        for item in items:
            if not any(s.kind == kind and s.speaker == item.speaker for s in gold.statements):
                problems.append(f"{kind} by {item.speaker!r} has no statement of kind {kind!r}")
    for figure in gold.figures:
        if figure.raw not in article_text:
            problems.append(f"figure raw not in the article: {figure.raw!r}")
    for fact in gold.key_facts:
        for keyword in fact.keywords:
            if keyword.lower() not in folded:
                problems.append(f"key fact keyword not in the article: {keyword!r} ({fact.fact})")
    return problems


def load_gold(directory: Path, split: str = "all") -> list[tuple[str, GoldArticle]]:
    golds = []
    for path in sorted(directory.glob("*.json")):
        gold = GoldArticle.model_validate_json(path.read_text(encoding="utf-8"))
        if split == "all" or gold.split == split:
            golds.append((path.stem, gold))
    return golds


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))
    return ordered[index]


@dataclass
class ArticleResult:
    name: str
    split: str
    scores: dict[str, FieldScore] | None
    error: str | None = None
    schema_valid: bool = True
    grounding_rate: float = 1.0
    verify_problems: list[str] = field(default_factory=list)
    attempts: int = 0
    tokens: int = 0
    seconds: float = 0.0


def aggregate(results: list[ArticleResult]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name in FIELDS:
        total = FieldScore()
        per_article_f1 = []
        for result in results:
            if result.scores is None:
                continue
            score = result.scores[name]
            total.tp += score.tp
            total.fp += score.fp
            total.fn += score.fn
            if not score.empty:
                per_article_f1.append(score.f1)
        fields[name] = {
            "precision": round(total.precision, 4), "recall": round(total.recall, 4), "f1": round(total.f1, 4),
            "macro_f1": round(statistics.fmean(per_article_f1), 4) if per_article_f1 else 1.0,
            "tp": total.tp, "fp": total.fp, "fn": total.fn,
        }
    ran = [r for r in results if r.scores is not None]
    seconds = [r.seconds for r in ran]
    tokens = [float(r.tokens) for r in ran]
    return {
        "articles": len(results),
        "failed": len(results) - len(ran),
        "fields": fields,
        "grounding_rate": round(statistics.fmean([r.grounding_rate for r in ran]), 4) if ran else 0.0,
        "schema_valid_rate": round(sum(r.schema_valid for r in results) / len(results), 4) if results else 0.0,
        "attempts_per_article": round(statistics.fmean([r.attempts for r in ran]), 3) if ran else 0.0,
        "tokens": {"mean": round(statistics.fmean(tokens), 1) if tokens else 0.0, "p95": _percentile(tokens, 0.95)},
        "seconds": {"mean": round(statistics.fmean(seconds), 3) if seconds else 0.0,
                    "p95": round(_percentile(seconds, 0.95), 3)},
    }


def results_json(backend: str, split: str, results: list[ArticleResult], summary: dict) -> str:
    articles = []
    for r in results:
        entry: dict[str, Any] = {"name": r.name, "split": r.split, "error": r.error, "schema_valid": r.schema_valid,
                                 "grounding_rate": r.grounding_rate, "verify_problems": r.verify_problems,
                                 "attempts": r.attempts, "tokens": r.tokens, "seconds": r.seconds}
        if r.scores:
            entry["fields"] = {
                name: {"tp": s.tp, "fp": s.fp, "fn": s.fn, "misses": s.misses, "false_positives": s.false_positives}
                for name, s in r.scores.items()
            }
        articles.append(entry)
    return json.dumps({"backend": backend, "split": split, "summary": summary, "articles": articles},
                      indent=2, ensure_ascii=False) + "\n"


def markdown_report(backend: str, split: str, results: list[ArticleResult], summary: dict,
                    baseline: dict | None) -> str:
    lines = [f"# Eval: backend `{backend}`, split `{split}`", "", summary_table(summary, baseline), ""]
    lines += [f"Grounding rate {summary['grounding_rate']:.3f} · schema-valid rate {summary['schema_valid_rate']:.3f} · "
              f"attempts/article {summary['attempts_per_article']} · tokens mean {summary['tokens']['mean']} "
              f"p95 {summary['tokens']['p95']} · seconds mean {summary['seconds']['mean']} p95 {summary['seconds']['p95']}",
              ""]
    for r in results:
        lines.append(f"## {r.name} ({r.split})")
        if r.error:
            lines += ["", f"**failed:** {r.error}", ""]
            continue
        for problem in r.verify_problems:
            lines.append(f"- verifier: {problem}")
        for name, score in (r.scores or {}).items():
            if not score.misses and not score.false_positives:
                continue
            lines.append(f"### {name}: P {score.precision:.2f} R {score.recall:.2f}")
            lines += [f"- miss: {m}" for m in score.misses]
            lines += [f"- false positive: {fp}" for fp in score.false_positives]
        lines.append("")
    return "\n".join(lines) + "\n"


def summary_table(summary: dict, baseline: dict | None = None) -> str:
    rows = ["| field | P | R | F1 | macro F1 | Δ F1 vs baseline |", "|---|---|---|---|---|---|"]
    for name in FIELDS:
        f = summary["fields"][name]
        delta = "—"
        if baseline and name in baseline.get("fields", {}):
            change = f["f1"] - baseline["fields"][name]["f1"]
            delta = f"{change:+.3f}"
        rows.append(f"| {name} | {f['precision']:.3f} | {f['recall']:.3f} | {f['f1']:.3f} | {f['macro_f1']:.3f} | {delta} |")
    return "\n".join(rows)


def check_gates(summary: dict, gates: dict) -> list[str]:
    """Gate failures as readable lines; `gates` is one backend's table from evals/gates.toml."""
    failures = []
    for name, floor in gates.get("min_f1", {}).items():
        value = summary["fields"][name]["f1"]
        if value < floor:
            failures.append(f"{name} F1 {value:.3f} < gate {floor}")
    for key in ("grounding_rate", "schema_valid_rate"):
        if key in gates and summary[key] < gates[key]:
            failures.append(f"{key} {summary[key]:.3f} < gate {gates[key]}")
    if "max_failed" in gates and summary["failed"] > gates["max_failed"]:
        failures.append(f"{summary['failed']} article(s) failed > gate {gates['max_failed']}")
    return failures
