"""The rules-only backend: a brief from the deterministic candidate pass alone, no model.

It is the fast path for very large batches on CPU and the floor every LLM backend must beat.
Pronoun and role speakers ("she", "the tweet") resolve to the most recent named person speaker;
with none before them they stay unresolved and are flagged.
"""

from __future__ import annotations

import re

from .._assemble import split_name_and_role
from .._candidates import Candidates, StatementCandidate
from .._candidates.speakers import all_forms, role_fits
from .._lexicon import (BODY_NAME, BODY_NOUNS, INDEFINITE_DETERMINERS, PERSON_NOUNS, PRONOUNS, QUANTIFIERS,
                        ROLE_HEAD_NOUNS, SPEECH_ACT_NOUNS, UNNAMING_WORDS, WORK_NOUNS, is_nationality_adjective,
                        names_a_person_or_body)
from .._models import Draft, DraftFigure, DraftStatement
from .._segment import Document
from ._base import Backend, CallStats, cpu_cores

_ROLE_HEADS = re.compile(
    r"^(?:the|a|an|this|that|another|his|her|their)\s+(?:[\w\-]+\s+){0,3}?"
    r"(" + "|".join(sorted(SPEECH_ACT_NOUNS | ROLE_HEAD_NOUNS)) + r")$",
    re.IGNORECASE,
)
# What "it" can refer to: a named body ("the news agency KCNA", "the Interior Ministry", "AFP").
_BODY = re.compile(r"(?i:" + BODY_NAME.pattern + r")|\b[A-Z]{2,6}\)?$")


class RulesBackend(Backend):
    """No model, no options: the brief the candidate pass alone gives."""

    name = "rules"
    strategy = "rules"
    # Pure Python, where threads only add the GIL: one article per core, in forked worker processes.
    worker_processes_ok = True
    default_concurrency = cpu_cores()

    def default_workers(self, concurrency: int) -> int:
        return cpu_cores()

    def extract(self, document: Document, candidates: Candidates, stats: CallStats) -> Draft:
        return draft_from_candidates(document, candidates)


def resolve_speakers(candidates: list[StatementCandidate]) -> list[tuple[str, bool]]:
    """(speaker, resolved) per candidate: "he", "she" and role nouns go to the last named person,
    "it" to the last named body (an agency, a ministry, "KCNA"), both within two paragraphs."""
    resolved: list[tuple[str, bool]] = []
    last_person: str | None = None
    last_body: tuple[str, int] | None = None  # (mention, paragraph)
    short_forms: dict[str, str] = {}  # "CalFire" -> "The California Department of Forestry and Fire Protection"
    issued: dict[str, tuple[str, int]] = {}  # "statement" -> (who was named issuing the last one, paragraph)
    roles = {c.speaker.text: c.role for c in candidates if c.speaker is not None and c.role}
    named = [c.speaker.text for c in candidates if c.speaker is not None]
    persons: dict[str, int] = {}  # named people so far, in the order last named -> their paragraph
    for candidate in candidates:
        if candidate.speaker is None:
            resolved.append(("unknown", False))
            continue
        if candidate.refers_to is not None:
            resolved.append((candidate.refers_to.text, True))
            continue
        mention = candidate.speaker.text
        lowered = mention.lower()
        paragraph = candidate.sentence.block_index
        if lowered == "it" and last_body is not None and paragraph - last_body[1] <= 1:
            resolved.append((last_body[0], True))
            last_body = (last_body[0], paragraph)
            continue
        act = _ROLE_HEADS.match(mention)
        if act is not None and act.group(1).lower() in issued and paragraph - issued[act.group(1).lower()][1] <= 2:
            # "According to a statement released by Erdogan's office, ... The Turkish statement called
            # for ...": the statement is the one its author was named with
            resolved.append((issued[act.group(1).lower()][0], True))
            continue
        # (only a work has authors: "The president's spokesman" does not speak for "the president")
        owners = [c.speaker.text for c in reversed(candidates[: len(resolved)]) if c.speaker is not None and
                  act is not None and act.group(1).lower() in WORK_NOUNS and
                  re.search(rf"\b{act.group(1)}[’']s\s+\w", c.speaker.text, re.IGNORECASE)]
        if owners:
            # "The report's authors say ... The report said ...": the report speaks as its authors did
            resolved.append((owners[0], not _unnamed(owners[0])))
            continue
        if lowered in PRONOUNS or _ROLE_HEADS.match(mention):
            # a role resolves only to someone it can be: not "a Turkish official" (someone new), not
            # "the health minister" for the aviation minister
            fits = lowered in PRONOUNS or lowered.split()[-1] not in ROLE_HEAD_NOUNS or (
                lowered.split()[0] not in INDEFINITE_DETERMINERS and last_person is not None
                and role_fits(mention, all_forms(last_person, named), roles.get(last_person)))
            # "The president said" after "President Olav Brekke ... Prime Minister Ines Duarte": the
            # last person who bears that title, when one does
            titled = next((p for p in reversed(persons) if lowered.split()[-1] in ROLE_HEAD_NOUNS and
                           lowered.split()[0] not in INDEFINITE_DETERMINERS and
                           lowered.split()[-1] in all_forms(p, named).lower().split() and
                           role_fits(mention, all_forms(p, named), roles.get(p))), None)
            if titled is not None and paragraph - persons[titled] <= 2:
                resolved.append((titled, True))
            elif last_person and lowered not in ("they", "them", "we", "it") and fits:
                resolved.append((last_person, True))
            else:
                resolved.append((mention or "unknown", False))
            continue
        if mention in short_forms:  # "CalFire" after "The California Department of ... (CalFire)"
            resolved.append((short_forms[mention], True))
            continue
        resolved.append((mention, not _unnamed(mention)))
        short = _SHORT_FORM.match(candidate.sentence.text, candidate.speaker.end - candidate.sentence.start)
        if short is not None and short.group(1) != mention:
            short_forms.setdefault(short.group(1), mention)
        for noun in _speech_acts_between(candidate):
            issued[noun] = (mention, paragraph)
        name, _ = split_name_and_role(mention)
        # "the president's spokesman" names no one that a later "he" or "the president" could be
        names_a_person = not _unnamed(mention) and (
            len(name.split()) >= 2 and not _BODY.search(name)
            or len(name.split()) == 1 and name[:1].isupper() and last_person and name in last_person)
        if names_a_person:
            last_person = mention
            persons.pop(mention, None)
            persons[mention] = paragraph
        elif _BODY.search(mention):
            last_body = (mention, paragraph)
    return resolved


# "The California Department of Forestry and Fire Protection (CalFire) said": the short form in brackets
_SHORT_FORM = re.compile(r"\s*\(([A-Z][\w&.\-]{1,15})\)")


def _speech_acts_between(candidate: StatementCandidate) -> set[str]:
    """The speech-act nouns between a cue and its named speaker ("according to a statement released
    by Erdogan's office", "Trump, in a statement delivered via the press secretary, announced")."""
    sentence, speaker, cue = candidate.sentence, candidate.speaker, candidate.cue_span
    start, end = sorted((speaker.end, cue.start)) if speaker.end <= cue.start else sorted((cue.end, speaker.start))
    between = sentence.text[max(0, start - sentence.start): max(0, end - sentence.start)].lower()
    return {noun for noun in SPEECH_ACT_NOUNS if re.search(rf"\b{noun}\b", between)}


def _unnamed(mention: str) -> bool:
    """"the police", "Officials", "an eyewitness", "a spokesman for the fire service": people or a
    body the article does not name; kept as the speaker, marked unresolved (a reader cannot check
    who). A capital past the first word names them ("US officials", "the Foreign Office")."""
    words = mention.split()
    if not words or any(w[:1].isupper() or w[:1].isdigit() for w in words[1:]):
        return False
    own = []
    for word in words:
        if word.lower() in ("of", "for", "at", "in", "from", "with", "on"):
            break
        own.append(word.lower())
    first = words[0].lower()
    if words[0][:1].isupper() and (is_nationality_adjective(words[0]) or len(own) == 1 and first not in PERSON_NOUNS | BODY_NOUNS
                                   or len(own) > 1 and first not in QUANTIFIERS | UNNAMING_WORDS and not names_a_person_or_body(first)):
        return False  # "Iraqi military", "Reuters", "Biden and others": a capital that names them
    return names_a_person_or_body(own[-1]) if own else False


_CONJUNCT = r"(?:the\s+)?[A-Z][\w'’.\-]*(?:\s+(?:of|for|on|de|al|bin)?\s*[A-Z][\w'’.\-]*)*"
_COORDINATED_NAMES = re.compile(rf"(?:[Bb]oth\s+)?(?P<names>{_CONJUNCT}(?:,\s+{_CONJUNCT})*,?\s+and\s+{_CONJUNCT})")


def _each_named(speaker: str, sentence: str) -> list[str]:
    """"both Mugabe and Tsvangirai claimed victory": each named speaker made the statement; one
    name with "and" in it ("Pacific Gas and Electric", "the Ministry of Trade and Industry")
    stays one."""
    found = _COORDINATED_NAMES.fullmatch(speaker)
    if found is None:
        return [speaker]
    names = re.split(r",?\s+and\s+|,\s+", found.group("names"))
    if BODY_NAME.search(speaker) and not all(BODY_NAME.search(n) for n in names):
        return [speaker]  # "the Department of Forestry and Fire Protection": one body (but "the Center for X
        # and Center for Y" are two)
    if len(names[-1].split()) == 1 and any(len(n.split()) > 1 for n in names[:-1]):
        return [speaker]  # "Pacific Gas and Electric", "Johnson Controls and Sons": one company's name
    from .._parse import add_entities, parse
    doc = parse([sentence])[0]
    add_entities([doc])
    if any(e.label_ in ("GPE", "LOC", "NORP") and e.text in names for e in doc.ents):
        return [speaker]  # "Malaysia and Indonesia said": countries acting together, one party
    return names


def draft_from_candidates(document: Document, candidates: Candidates, *, keep_orphans: bool = False) -> Draft:
    """The brief's raw material from the rule pass. Orphans (cues with no speaker found) are kept,
    as speaker "unknown", only when ``keep_orphans`` (a model will try to name the speaker); the
    returned statements then align one-to-one with ``candidates.statements``."""
    speakers = resolve_speakers(candidates.statements)
    statements = []
    roles: dict[str, str] = {}
    for candidate, (speaker, resolved) in zip(candidates.statements, speakers):
        if candidate.speaker is None and not keep_orphans:
            continue
        content = candidate.content.text
        if candidate.role is not None and resolved:
            roles.setdefault(speaker, candidate.role)
        # "both Mugabe and Tsvangirai claimed victory": each named speaker made the statement (a
        # model's draft keeps one statement per candidate)
        for speaker in _each_named(speaker, candidate.sentence.text) if resolved and not keep_orphans else [speaker]:
            statements.append(
                DraftStatement(
                    speaker=speaker,
                    kind=candidate.kind,
                    text=content,
                    quote=content if candidate.direct else None,
                    addressee=candidate.addressee.text if candidate.addressee else None,
                    request=candidate.request.text if candidate.request else None,
                    denied=content if candidate.kind == "denial" else None,
                    alleged_by=candidate.alleged_by,
                    reported_via=candidate.reported_via,
                    speaker_resolved=resolved,
                    hint=candidate.content.start,
                )
            )
    figures = [
        DraftFigure(
            raw=f.number.raw,
            what=f.what.text if f.what else (f.number.counted_noun or ""),
            unit=f.number.unit or f.number.counted_noun,
            hint=f.number.start,
        )
        for f in candidates.figures
    ]
    return Draft(statements=statements, figures=figures, sources=candidates.sources, roles=roles)
