"""Extraction strategies over a StructuredCaller.

- ``whole-article``: one call returns the whole brief. Good for strong remote models.
- ``decomposed``: the deterministic pass finds candidates and the model writes the summary; with
  ``resolve_speakers`` it also picks, from a closed list of names found in the article, the
  speakers the rules could not name. Good for small local models.
"""

from __future__ import annotations

import logging
import re

from .._assemble import split_name_and_role
from .._candidates import Candidates
from .._lexicon import PRONOUNS, is_nationality_adjective
from .._ground import Aligner, fold
from .._models import Draft, DraftFigure, DraftStatement
from .._prompts import load_prompt
from .._segment import Document
from ._answers import LLMBrief, LLMBriefChecked, LLMSummary, figure_phrases_model, speaker_choices_model
from ._base import CallStats
from ._llm import StructuredCaller
from .rules import draft_from_candidates

# Past this many characters the article is cut for the prompt: a 4k-token context must also hold
# the candidates and the answer. Items are still grounded against the whole text.
MAX_PROMPT_CHARS = 7000
MAX_SPEAKER_QUESTIONS = 12
MAX_FIGURE_QUESTIONS = 16
# Output budget of the whole-article call (the Batch API export sends the same).
WHOLE_ARTICLE_MAX_TOKENS = 2048
# One line per phase of an article's model work on stderr (the CLI shows it for `summarize`; a batch
# turns it off and shows its own progress).
_PHASE = logging.getLogger("summarizer.phase")
_PERSON_NAME = re.compile(r"\b[A-Z][a-z'’\-]+(?:\s+(?:al-|bin\s+|de\s+|van\s+)?[A-Z][a-z'’\-]+){1,3}\b")


def prompt_article(document: Document, candidates: Candidates | None = None, only: list[int] | None = None) -> str:
    """The article as the model sees it: headline and body, without boilerplate or captions.

    Candidate sentences are marked inline ("[C3] ...") rather than listed again after the
    article, so the prompt carries each sentence once.
    """
    markers: dict[int, list[int]] = {}
    for number, candidate in enumerate(candidates.statements if candidates else [], 1):
        if only is None or number - 1 in only:
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


def whole_article_messages(document: Document, version: str) -> list[dict[str, str]]:
    """The whole-article chat messages; `batch --export-openai-batch` sends exactly these."""
    return load_prompt("whole_article", version).messages(article=prompt_article(document))


def whole_article(caller: StructuredCaller, document: Document, stats: CallStats, version: str) -> Draft:
    aligner = Aligner(document.text)
    context = {"quote_is_verbatim": lambda q: fold(q) in aligner.folded.text, "strict_quotes": True}
    brief = caller.call(LLMBriefChecked, whole_article_messages(document, version), stats,
                        max_tokens=WHOLE_ARTICLE_MAX_TOKENS, validation_context=context)
    return draft_from_llm_brief(brief)


def draft_from_llm_brief(brief: LLMBrief) -> Draft:
    """The whole-article answer as a Draft; shared with `batch --import-openai-batch`."""
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


_NOT_A_NAME_START = {"on", "in", "at", "the", "a", "an", "last", "this", "acting", "former", "meanwhile", "however",
                     "notably", "earlier", "later", "while", "after", "before", "according", "quoting", "another",
                     "one", "some", "several"}


def candidate_names(document: Document, candidates: Candidates) -> list[str]:
    """Names the model may choose a speaker from: rule-found speakers first, then names in the body."""
    mentions = [split_name_and_role(c.speaker.text)[0] for c in candidates.statements
                if c.speaker and c.speaker.text.lower() not in PRONOUNS]
    for sentence in document.sentences:
        for match in _PERSON_NAME.finditer(sentence.text):
            # "some American Russophobic experts": a capitalised run used as an adjective is no name.
            if not re.match(r"\s+[a-z]+s\b", sentence.text[match.end():]) or \
                    re.match(r"\s+(?:says|has|was|is|does|added|adds)\b", sentence.text[match.end():]):
                mentions.append(match.group(0))
    unique: list[str] = []
    for mention in mentions:
        name = " ".join(mention.split())  # also folds no-break spaces
        words = name.split()
        if len(name) < 3 or words[0].lower() in _NOT_A_NAME_START or not name[0].isupper():
            continue
        if any(w[0].islower() and w not in ("of", "the", "and", "for", "de", "al", "bin") for w in words):
            continue  # "Russia has already": a clause, not a name
        if len(words) == 1 and is_nationality_adjective(name):
            continue  # a lone nationality adjective ("American")
        if any(name.lower() == u.lower() for u in unique):
            continue
        unique.append(name)
    # "Saleh" is redundant beside "Amrullah Saleh": keep the fullest form only.
    full = [n for n in unique if not any(n != o and re.search(rf"\b{re.escape(n)}\b", o) for o in unique)]
    return full[:20]


def needs_resolution(statement: DraftStatement) -> bool:
    """Pronoun, bare role ("the spokesperson", "another tweet") and unresolved speakers are what
    rules cannot settle; a named body ("the US State Department") is left as the rules found it."""
    speaker = statement.speaker
    if not statement.speaker_resolved or speaker.lower() in PRONOUNS:
        return True
    determiner = re.match(r"(?:the|a|an|another|this|that)\s+(.*)$", speaker, re.IGNORECASE)
    if determiner is not None:
        return not re.search(r"\b[A-Z][a-zA-Z]", determiner.group(1))
    return speaker[:1].islower()


def figure_phrases(caller: StructuredCaller, candidates: Candidates, draft: Draft, stats: CallStats,
                   version: str, system: str | None) -> None:
    """The model says what each figure counts, from the figure's sentence alone (a few hundred
    prompt tokens, not the article). An answer is used only when its words are in that sentence
    and leave the number out; otherwise the rules' phrase stays."""
    asked = list(range(min(len(candidates.figures), len(draft.figures), MAX_FIGURE_QUESTIONS)))
    if not asked:
        return
    _PHASE.info(f"naming what {len(asked)} figure(s) count…")
    listing = "\n".join(f"[F{i + 1}] {candidates.figures[i].number.raw!r} in: {candidates.figures[i].sentence.text}"
                        for i in asked)
    answer = caller.call(figure_phrases_model([i + 1 for i in asked]),
                         load_prompt("figure_what", version).messages(system=system, figures=listing), stats,
                         max_tokens=20 + 16 * len(asked))
    for i in asked:
        phrase = " ".join(getattr(answer, f"F{i + 1}").split()).strip(" .,;:\"'")
        figure = candidates.figures[i]
        if usable_figure_phrase(phrase, figure.sentence.text, figure.number.raw):
            draft.figures[i] = draft.figures[i].model_copy(update={"what": phrase})


def usable_figure_phrase(phrase: str, sentence: str, raw: str) -> bool:
    """Words of the figure's own sentence, without the number, at most 8 words."""
    has_number = re.search(rf"(?<!\w){re.escape(fold(raw))}(?!\w)", fold(phrase)) is not None
    return bool(phrase) and len(phrase.split()) <= 8 and not has_number and fold(phrase) in fold(sentence)


def decomposed(caller: StructuredCaller, document: Document, candidates: Candidates, stats: CallStats,
               version: str, *, resolve_speakers: bool = True, name_figures: bool = False) -> Draft:
    """The rules' draft, with the model's summary; with ``resolve_speakers`` the model also chooses
    the speakers the rules could not name (off for the bundled model: it lost to the rules' own
    resolution on both eval splits, see README "Measured"); with ``name_figures`` it says what each
    figure counts."""
    draft = draft_from_candidates(document, candidates, keep_orphans=True)
    system = load_prompt("decomposed_system", version).system
    ambiguous = [i for i, statement in enumerate(draft.statements) if needs_resolution(statement)]
    article = prompt_article(document, candidates, only=ambiguous)
    # A long article is cut to MAX_PROMPT_CHARS: ask only about statements the model can see, and
    # at most MAX_SPEAKER_QUESTIONS (the answer grows with each; the rest keep the rules' speaker).
    ambiguous = [i for i in ambiguous if f"[C{i + 1}]" in article][:MAX_SPEAKER_QUESTIONS]
    # The closed list of names is read only when the model will be asked (a pass over every sentence).
    names = candidate_names(document, candidates) if resolve_speakers and ambiguous else []
    if names:
        _PHASE.info(f"choosing the speaker of {len(ambiguous)} statement(s) the rules could not name…")
        numbers = [i + 1 for i in ambiguous]
        prompt = load_prompt("attribution", version)
        listing = "\n".join(
            f"[C{i + 1}] speaker written as {candidates.statements[i].speaker.text!r}"
            if candidates.statements[i].speaker else f"[C{i + 1}] speaker not named in the sentence"
            for i in ambiguous
        )
        answer = caller.call(
            speaker_choices_model(numbers, names),
            prompt.messages(system=system, article=article, names="; ".join(names), candidates=listing),
            stats,
            max_tokens=30 + 14 * len(numbers),
        )
        for i in ambiguous:
            choice = getattr(answer, f"C{i + 1}")
            if choice != "unknown":
                draft.statements[i] = draft.statements[i].model_copy(update={"speaker": choice, "speaker_resolved": True})
    # Orphans the model could not attribute are not statements anyone can check: drop them.
    draft.statements = [st for st, c in zip(draft.statements, candidates.statements)
                        if c.speaker is not None or st.speaker != "unknown"]
    if name_figures:
        figure_phrases(caller, candidates, draft, stats, version, system)
    _PHASE.info("writing the summary…")
    summary_prompt = load_prompt("summary", version)
    # The summary reads the article without candidate markers: its request (and so its recorded
    # answer) depends on the article alone, not on the attribution rules of the day.
    summary = caller.call(LLMSummary, summary_prompt.messages(system=system, article=prompt_article(document)),
                          stats, max_tokens=260)
    # (every summary and key point is checked against the article in the ground stage, for any backend)
    draft.summary, draft.key_points = summary.summary, list(summary.key_points)
    return draft
