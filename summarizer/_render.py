"""Stage 7, render: a Brief -> Markdown for people, or JSON (valid against the schema) for programs."""

from __future__ import annotations

from ._models import Brief


def render_json(brief: Brief) -> str:
    # pydantic-core's serializer: the same text as json.dumps(model_dump(), ensure_ascii=False,
    # indent=2), which falls back to the pure-Python encoder whenever indent is set (6x slower).
    return brief.model_dump_json(indent=2) + "\n"


def _cell(text: str | None, limit: int = 220) -> str:
    if not text:
        return "—"
    text = " ".join(text.split()).replace("|", "\\|")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def _section(title: str, body: list[str], empty: str | None = "_None._") -> list[str]:
    """``## title``, a blank line, the body (or ``empty``; no section at all when that is None)."""
    if not body and empty is None:
        return []
    return [f"## {title}", "", *(body or [empty]), ""]


def _statement_rows(brief: Brief) -> list[str]:
    if not brief.statements:
        return []
    rows = ["| # | Speaker | Kind | What was said | Chars |", "|---|---|---|---|---|"]
    for number, statement in enumerate(brief.statements, 1):
        said = f"“{statement.quote}”" if statement.direct and statement.quote else statement.text
        speaker = statement.speaker + ("" if statement.speaker_resolved else " (unresolved)")
        if statement.reported_via:
            speaker += f" (via {', '.join(statement.reported_via)})"
        rows.append(f"| {number} | {_cell(speaker, 80)} | {statement.kind} | {_cell(said)} | "
                    f"{statement.evidence.start}–{statement.evidence.end} |")
    return rows


def _figure_rows(brief: Brief) -> list[str]:
    if not brief.figures:
        return []
    rows = ["| As written | Value | Unit | What |", "|---|---|---|---|"]
    for figure in brief.figures:
        value = _number(figure.value)
        if figure.value_max is not None:
            value += f" – {_number(figure.value_max)}"
        if figure.comparator:
            value = f"{figure.comparator} {value}"
        elif figure.approximate:
            value = f"≈ {value}"
        rows.append(f"| {_cell(figure.raw, 60)} | {value} | {_cell(figure.unit, 30)} | {_cell(figure.what, 80)} |")
    return rows


def model_calls(run) -> str:
    """"2 model call(s)", and how many answers came from the cache: a re-run that asked nothing says so."""
    stored = f" ({run.stored_answers} answer(s) from the cache)" if run.stored_answers else ""
    return f"{run.attempts} model call(s){stored}"


def render_markdown(brief: Brief) -> str:
    source = brief.article.path or "text"
    model = f" ({brief.run.model})" if brief.run.model else ""
    lines = [
        f"# {brief.article.title or brief.article.path or 'Brief'}",
        "",
        f"_{source} · sha256 {brief.article.sha256[:12]} · {brief.article.chars:,} chars · "
        f"backend {brief.run.backend}{model}_",
        "",
        *_section("Summary", [brief.summary or "_(none)_"]),
        *_section("Key points", [f"- {point}" for point in brief.key_points], empty=None),
        *_section("Who said what", _statement_rows(brief), empty="_No attributed statements found._"),
        *_section("Denials", [f"- **{denial.speaker}** denied: {_cell(denial.denied, 300)}"
                              + (f" (claim made by {denial.alleged_by})" if denial.alleged_by else "")
                              for denial in brief.denials]),
        *_section("Appeals", [f"- **{appeal.speaker}**" + (f" → **{appeal.addressee}**" if appeal.addressee else "")
                              + f": {_cell(appeal.request, 300)}" for appeal in brief.appeals]),
        *_section("Figures", _figure_rows(brief)),
        *_section("Actors", [f"- `{actor.id}` **{actor.name}**" + (f", {actor.role}" if actor.role else "")
                             + (f" (also: {'; '.join(actor.aliases)})" if actor.aliases else "")
                             for actor in brief.actors], empty=None),
    ]
    if brief.sources:
        lines += [f"**Sources credited:** {', '.join(brief.sources)}", ""]
    run = brief.run
    lines += ["---", f"_Run: {run.backend}, strategy {run.strategy or '—'}, prompts {run.prompt_version or '—'}, "
              f"{run.tokens.total:,} tokens, {model_calls(run)}, {run.seconds:.1f} s._"]
    lines += [f"- ⚠ {warning}" for warning in run.warnings]
    return "\n".join(lines) + "\n"
