"""Extraction strategies over a StructuredCaller.

- ``whole-article``: one call returns the whole brief. Good for strong remote models.
- ``decomposed``: the deterministic pass finds candidates; the model only confirms each one,
  picks its speaker from a closed list of names found in the article, labels its kind, and
  writes the summary. Both calls start with the same system message and article, so llama.cpp
  evaluates the article once and reuses it as a cached prefix. Good for small local models.
"""

from __future__ import annotations

import re

from .._assemble import split_name_and_role
from .._candidates import PRONOUNS, Candidates
from .._ground import Aligner, fold
from .._models import (
    NOT_A_STATEMENT, Draft, DraftFigure, DraftStatement, LLMBriefChecked, LLMSummary, candidate_verdicts_model,
)
from .._prompts import load_prompt
from .._segment import Document
from ._base import CallStats
from ._llm import StructuredCaller
from .rules import draft_from_candidates

# Past this many characters the article is cut for the prompt: a 4k-token context must also hold
# the candidates and the answer. Items are still grounded against the whole text.
MAX_PROMPT_CHARS = 7000
# Cue verbs that name their kind outright; the model's kind is taken only for plain "said".
_EXPLICIT_KINDS = {"denial", "appeal", "warning", "pledge"}
_PERSON_NAME = re.compile(r"\b[A-Z][a-z'’\-]+(?:\s+(?:al-|bin\s+|de\s+|van\s+)?[A-Z][a-z'’\-]+){1,3}\b")


def prompt_article(document: Document, candidates: Candidates | None = None) -> str:
    """The article as the model sees it: headline and body, without boilerplate or captions.

    Candidate sentences are marked inline ("[C3] ...") rather than listed again after the
    article, so the prompt carries each sentence once.
    """
    markers: dict[int, list[int]] = {}
    for number, candidate in enumerate(candidates.statements if candidates else [], 1):
        markers.setdefault(candidate.sentence.index, []).append(number)
    parts: list[str] = []
    for block in document.blocks:
        if block.kind in ("title", "heading"):
            parts.append(block.text)
        elif block.kind == "body":
            sentences = [s for s in document.sentences if s.block_index == block.index]
            parts.append(" ".join(
                "".join(f"[C{n}] " for n in markers.get(s.index, [])) + s.text for s in sentences
            ))
    text = "\n\n".join(parts)
    return text if len(text) <= MAX_PROMPT_CHARS else text[:MAX_PROMPT_CHARS] + " […]"


def whole_article(caller: StructuredCaller, document: Document, stats: CallStats, version: str) -> Draft:
    prompt = load_prompt("whole_article", version)
    aligner = Aligner(document.text)
    context = {"quote_is_verbatim": lambda q: fold(q) in aligner.folded.text, "strict_quotes": True}
    brief = caller.call(LLMBriefChecked, prompt.messages(article=prompt_article(document)), stats,
                        max_tokens=2048, validation_context=context)
    statements = [
        DraftStatement(
            speaker=s.speaker, kind=s.kind, text=s.text, quote=s.quote, addressee=s.addressee,
            request=s.request, denied=s.text if s.kind == "denial" else None, alleged_by=s.alleged_by,
            speaker_resolved=s.speaker.lower() not in PRONOUNS,
        )
        for s in brief.statements
    ]
    figures = [DraftFigure(raw=f.raw, what=f.what) for f in brief.figures]
    return Draft(summary=brief.summary, key_points=brief.key_points, statements=statements, figures=figures)


def candidate_names(document: Document, candidates: Candidates) -> list[str]:
    """Names the model may choose a speaker from: rule-found speakers, then names in the body."""
    names: list[str] = []
    for candidate in candidates.statements:
        if candidate.speaker and candidate.speaker.text.lower() not in PRONOUNS:
            name, _ = split_name_and_role(candidate.speaker.text)
            names.append(name)
    for sentence in document.sentences:
        names.extend(m.group(0) for m in _PERSON_NAME.finditer(sentence.text))
    unique: list[str] = []
    for name in names:
        if len(name) > 2 and name not in unique and not name.lower().startswith(("the ", "a ")):
            unique.append(name)
    return unique[:24]


def decomposed(caller: StructuredCaller, document: Document, candidates: Candidates, stats: CallStats,
               version: str) -> Draft:
    draft = draft_from_candidates(document, candidates)
    system = load_prompt("decomposed_system", version).system
    article = prompt_article(document, candidates)
    count = len(candidates.statements)
    if count:
        names = candidate_names(document, candidates)
        prompt = load_prompt("attribution", version)
        answer = caller.call(
            candidate_verdicts_model(names, count),
            prompt.messages(system=system, article=article, names="; ".join(names), count=str(count)),
            stats,
            max_tokens=40 + 16 * count,
        )
        draft.statements = _apply_verdicts(draft.statements, candidates, answer.verdicts)
    summary_prompt = load_prompt("summary", version)
    summary = caller.call(LLMSummary, summary_prompt.messages(system=system, article=article), stats, max_tokens=320)
    draft.summary, dropped = supported_summary(summary.summary, document)
    draft.key_points = [p for p in summary.key_points if _supported(p, document)]
    if dropped:
        draft.warnings.append(f"{dropped} summary sentence(s) not supported by the article were removed")
    return draft


_CONTENT_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]{2,}")
_STOP = {"the", "and", "for", "with", "that", "this", "from", "has", "have", "had", "was", "were", "are",
         "its", "their", "his", "her", "who", "which", "while", "into", "over", "about", "also", "been",
         "will", "would", "said", "says", "after", "amid", "not", "but", "they", "them", "there", "than"}
# A summary sentence must draw this share of its content words from the article.
SUPPORT_THRESHOLD = 0.85


def _supported(sentence: str, document: Document) -> bool:
    words = [w.lower() for w in _CONTENT_WORD.findall(sentence) if w.lower() not in _STOP]
    if not words:
        return False
    article_words = _article_words(document)
    found = sum(1 for w in words if w in article_words or w.rstrip("s") in article_words)
    return found / len(words) >= SUPPORT_THRESHOLD


def _article_words(document: Document) -> set[str]:
    cached = getattr(document, "_word_set", None)
    if cached is None:
        cached = {w.lower() for w in _CONTENT_WORD.findall(document.text)}
        cached |= {w.rstrip("s") for w in cached}
        document._word_set = cached  # type: ignore[attr-defined]
    return cached


def supported_summary(summary: str, document: Document) -> tuple[str, int]:
    """Keep the summary sentences whose words come from the article; fall back to the lede.

    A 1.5B model sometimes invents a detail ("Tajikistan's ambassador"); a sentence made of words
    the article does not contain is dropped rather than shown to a reader as fact.
    """
    from .._segment import split_sentences

    sentences = [summary[a:b] for a, b in split_sentences(summary.strip())]
    kept = [s for s in sentences if _supported(s, document)]
    return " ".join(kept), len(sentences) - len(kept)


def _apply_verdicts(statements: list[DraftStatement], candidates: Candidates, verdicts) -> list[DraftStatement]:
    kept: list[DraftStatement] = []
    for statement, candidate, verdict in zip(statements, candidates.statements, verdicts):
        if verdict == NOT_A_STATEMENT:
            if not candidate.direct:
                continue  # reported speech the model rejects is narration, not a statement
            kept.append(statement)
            continue
        speaker, _, kind = verdict.rpartition(": ")
        update: dict = {}
        if speaker != "unknown":
            if not statement.speaker_resolved or candidate.speaker_is_pronoun or _is_role(statement.speaker):
                update.update(speaker=speaker, speaker_resolved=True)
        if candidate.kind not in _EXPLICIT_KINDS and kind != candidate.kind:
            update["kind"] = kind
        kept.append(statement.model_copy(update=update) if update else statement)
    return kept


def _is_role(speaker: str) -> bool:
    return speaker[:1].islower() or speaker.lower().startswith(("the ", "a ", "an "))
