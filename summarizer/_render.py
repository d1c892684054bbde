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


def render_markdown(brief: Brief) -> str:
    lines: list[str] = []
    add = lines.append
    add(f"# {brief.article.title or brief.article.path or 'Brief'}")
    add("")
    source = brief.article.path or "text"
    add(f"_{source} · sha256 {brief.article.sha256[:12]} · {brief.article.chars:,} chars · "
        f"backend {brief.run.backend}{' (' + brief.run.model + ')' if brief.run.model else ''}_")
    add("")
    add("## Summary")
    add("")
    add(brief.summary or "_(none)_")
    if brief.key_points:
        add("")
        add("## Key points")
        add("")
        lines.extend(f"- {point}" for point in brief.key_points)
    add("")
    add("## Who said what")
    add("")
    if brief.statements:
        add("| # | Speaker | Kind | What was said | Chars |")
        add("|---|---|---|---|---|")
        for number, statement in enumerate(brief.statements, 1):
            said = f"“{statement.quote}”" if statement.direct and statement.quote else statement.text
            speaker = statement.speaker + ("" if statement.speaker_resolved else " (unresolved)")
            if statement.reported_via:
                speaker += f" (via {', '.join(statement.reported_via)})"
            add(f"| {number} | {_cell(speaker, 80)} | {statement.kind} | {_cell(said)} | "
                f"{statement.evidence.start}–{statement.evidence.end} |")
    else:
        add("_No attributed statements found._")
    add("")
    add("## Denials")
    add("")
    if brief.denials:
        for denial in brief.denials:
            claimant = f" (claim made by {denial.alleged_by})" if denial.alleged_by else ""
            add(f"- **{denial.speaker}** denied: {_cell(denial.denied, 300)}{claimant}")
    else:
        add("_None._")
    add("")
    add("## Appeals")
    add("")
    if brief.appeals:
        for appeal in brief.appeals:
            to = f" → **{appeal.addressee}**" if appeal.addressee else ""
            add(f"- **{appeal.speaker}**{to}: {_cell(appeal.request, 300)}")
    else:
        add("_None._")
    add("")
    add("## Figures")
    add("")
    if brief.figures:
        add("| As written | Value | Unit | What |")
        add("|---|---|---|---|")
        for figure in brief.figures:
            value = _number(figure.value)
            if figure.value_max is not None:
                value += f" – {_number(figure.value_max)}"
            if figure.comparator:
                value = f"{figure.comparator} {value}"
            elif figure.approximate:
                value = f"≈ {value}"
            add(f"| {_cell(figure.raw, 60)} | {value} | {_cell(figure.unit, 30)} | {_cell(figure.what, 80)} |")
    else:
        add("_None._")
    if brief.actors:
        add("")
        add("## Actors")
        add("")
        for actor in brief.actors:
            role = f", {actor.role}" if actor.role else ""
            aliases = f" (also: {'; '.join(actor.aliases)})" if actor.aliases else ""
            add(f"- `{actor.id}` **{actor.name}**{role}{aliases}")
    if brief.sources:
        add("")
        add(f"**Sources credited:** {', '.join(brief.sources)}")
    add("")
    add("---")
    run = brief.run
    add(f"_Run: {run.backend}, strategy {run.strategy or '—'}, prompts {run.prompt_version or '—'}, "
        f"{run.tokens.total:,} tokens, {run.attempts} model call(s), {run.seconds:.1f} s._")
    for warning in run.warnings:
        add(f"- ⚠ {warning}")
    return "\n".join(lines) + "\n"
