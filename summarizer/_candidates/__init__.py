"""Stage 3, find candidates: a deterministic pass over body sentences, every finding with offsets.

It finds quotations (``quotes``), attribution cues (``cues``), who spoke, to whom and for whom a
pronoun stands (``speakers``, reading the syntactic parse through ``_attribution``), the statement
each attribution makes (``statements``), relaying outlets (``sources``) and number expressions
(``figures``). Only sentences that can hold an attribution are parsed.
The rules backend turns these straight into a brief; the LLM backends use them as the items a
small model only has to confirm and resolve.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .._lexicon import PRONOUNS
from .._segment import Document
from .cues import has_cue
from .figures import find_figures
from .quotes import QuoteSpan, find_quotes, is_scare_quote, quotations_in
from .sources import find_sources
from .speakers import find_referents, parse_sentences, resolve_addressee
from .spans import Candidates, FigureCandidate, Span, StatementCandidate
from .statements import (appeals_inside_quote, attribution_beside_quote, continuation_quote, denial_in_context,
                         in_a_work, introduced_quote, kind_from_quote, quotation_excerpts, quote_after_attribution,
                         quote_ending_reported_speech, second_statement, statement_in)

__all__ = ["Candidates", "FigureCandidate", "QuoteSpan", "Span", "StatementCandidate", "find_candidates",
           "find_quotes", "find_sources", "is_scare_quote"]


def find_candidates(document: Document) -> Candidates:
    text = document.text
    quotes = [q for block in document.blocks if block.kind == "body" for q in find_quotes(text, block.start, block.end)]
    # Only sentences that can hold an attribution are parsed: those with a cue word or a quotation.
    cued = {sentence.index for sentence in document.sentences if has_cue(sentence)}
    quoting = {sentence.index for sentence in document.sentences if quotations_in(sentence, quotes)}
    parses = parse_sentences(document, cued | quoting, {})
    statements: list[StatementCandidate] = []
    for sentence in document.sentences:
        candidate = from_cue = statement_in(sentence, text, quotes, document, parses.get(sentence.index))
        # A sentence whose cue found no speaker, or that has none: a quotation with its speaker where
        # the parse does not look, one introduced without a cue, a work's author, a quotation running on.
        if (candidate is None or candidate.speaker is None) and sentence.index in quoting:
            candidate = attribution_beside_quote(sentence, text, quotes, parses[sentence.index]) or \
                introduced_quote(sentence, text, quotes, parses[sentence.index]) or candidate
        if candidate is None and sentence.index in cued:
            candidate = in_a_work(sentence, parses.get(sentence.index))
        if candidate is None:
            candidate = continuation_quote(sentence, text, quotes, statements)
        if candidate is not None and candidate is not from_cue:
            denial_in_context(candidate, document)  # (statement_in reads it for its own)
        if candidate is not None:
            kind_from_quote(candidate, parses.get(sentence.index))
            resolve_addressee(candidate, statements)
            statements.append(candidate)
            statements.extend(appeals_inside_quote(candidate, parses.get(sentence.index)))
            another = second_statement(candidate, text, quotes, document, parses.get(sentence.index))
            while another is not None and len(statements) < 10_000:
                kind_from_quote(another, parses.get(sentence.index))
                resolve_addressee(another, statements)
                statements.append(another)
                another = second_statement(another, text, quotes, document, parses.get(sentence.index))
            own_quotes = quotations_in(sentence, quotes)
            second = quote_after_attribution(candidate, text, own_quotes) or \
                quote_ending_reported_speech(candidate, text, own_quotes)
            if second is not None:
                kind_from_quote(second, parses.get(sentence.index))
                statements.append(second)
    statements = _split_at_omissions(statements, parses)
    statements = _one_appeal_each(statements)
    find_referents(document, statements, parses)
    _claimants_from_earlier_statements(statements)
    return Candidates(statements=statements, figures=find_figures(document, parses), sources=find_sources(document),
                      quotes=quotes)


def _shown_speaker(candidate: StatementCandidate) -> str | None:
    """The speaker as a reader can check it: the named mention a pronoun stands for, else the words."""
    if candidate.refers_to is not None:
        return candidate.refers_to.text
    if candidate.speaker is None or candidate.speaker.text.lower() in PRONOUNS:
        return None
    return candidate.speaker.text


def _claimants_from_earlier_statements(statements: list[StatementCandidate]) -> None:
    """A denial whose sentence names no claimant answers the statement just before it, in the same
    sentence or the one before, by someone else: "According to Rathbun the property was returned by
    mail. Scientology officials have stated they have not received the materials"; "Trump ...,
    arguing that he should be immune. Marrero rejected this argument"."""
    for index, denial in enumerate(statements):
        if denial.kind != "denial" or denial.alleged_by is not None or denial.speaker is None:
            continue
        denier = _shown_speaker(denial)
        for earlier in reversed(statements[:index]):
            if denial.sentence.index - earlier.sentence.index > 1:
                break
            who = _shown_speaker(earlier)
            if earlier.kind == "denial" or who is None or denier is None or \
                    _words(who) <= _words(denier) or _words(denier) <= _words(who):
                continue
            denial.alleged_by = who
            break


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[\w'’\-]+", text.lower()) if w not in ("the", "a", "an"))


def _one_appeal_each(statements: list[StatementCandidate]) -> list[StatementCandidate]:
    """An appeal the article reports twice (the lede, then the body: "the ministry has asked the front
    to start a dialogue") by the same speaker asking the same thing is one appeal: the fuller one."""
    appeals = [c for c in statements if c.kind == "appeal" and c.speaker is not None and c.request is not None]
    dropped = set()
    for i, first in enumerate(appeals):
        for second in appeals[i + 1:]:
            if id(first) in dropped or id(second) in dropped or _words(first.speaker.text) != _words(second.speaker.text):
                continue
            a, b = _words(first.request.text), _words(second.request.text)
            if a <= b or b <= a:
                dropped.add(id(first) if len(a) < len(b) else id(second))
    return [c for c in statements if id(c) not in dropped]


def _split_at_omissions(statements: list[StatementCandidate], parses) -> list[StatementCandidate]:
    """A quotation of excerpts (``quotation_excerpts``) is one statement per excerpt, by the same
    speaker: the first keeps the candidate's kind (from its cue), unless the request of an appeal
    sits in a later one; the others take their kind from their own words (``kind_from_quote``).
    An appeal already taken from a later sentence of the quotation (``appeals_inside_quote``) is
    read again from its excerpt."""
    out: list[StatementCandidate] = []
    split: list[StatementCandidate] = []  # the quotations read as excerpts
    excerpts: set[int] = set()  # ids of the statements made from them
    for candidate in statements:
        if not candidate.direct or candidate.speaker is None:
            out.append(candidate)
            continue
        pieces = quotation_excerpts(candidate)
        if len(pieces) < 2:
            out.append(candidate)
            continue
        split.append(candidate)
        doc = parses.get(candidate.sentence.index)
        keeper = 0
        if candidate.request is not None:
            keeper = next((i for i, p in enumerate(pieces) if p.start <= candidate.request.start <= p.end), 0)
        for i, piece in enumerate(pieces):
            new = replace(candidate, content=piece, continuation=candidate.continuation or i > 0)
            if i != keeper:
                new.kind, new.addressee, new.request, new.alleged_by = "claim", None, None, None
                if candidate.sentence.start <= piece.start and piece.end <= candidate.sentence.end:
                    kind_from_quote(new, doc)
            excerpts.add(id(new))
            out.append(new)

    def read_again(statement: StatementCandidate) -> bool:
        # an appeal ``appeals_inside_quote`` took from a quotation that is now excerpts, each read for its kind
        return id(statement) not in excerpts and statement.continuation and not statement.cue and any(
            statement.sentence is quote.sentence and
            quote.content.start <= statement.content.start and statement.content.end <= quote.content.end
            for quote in split)

    return [statement for statement in out if not read_again(statement)]
