"""Is a speaker (or addressee, or claimant) a mention of a person or a body? A check for tests.

A mention passes when its words overlap a PERSON, ORG, NORP or GPE entity of the sentence's
parse, when its head is a proper noun or a person/body noun of the lexicon ("the spokeswoman",
"police", "the ministry"), or when it is a pronoun (which the brief resolves or flags). A clause
fragment, a time, place or manner phrase ("in a statement", "On the other side") or a thing ("a
tweet") fails. It shares no code with the extraction it checks, only the parser and the lexicon.
"""

from __future__ import annotations

import re

from summarizer._lexicon import PART_OF_GROUP, POSSESSIVE_PRONOUNS, PRONOUNS, names_a_person_or_body
from summarizer._parse import parser

_ENTITY_LABELS = {"PERSON", "ORG", "NORP", "GPE"}


def mention_problem(sentence: str, start: int, end: int, article: str | None = None) -> str | None:
    """Why ``sentence[start:end]`` is not a person or a body, or None when it is one. ``article``,
    the whole text, lets a capitalised word the tagger missed count as a name."""
    text = sentence[start:end].strip()
    if not text:
        return "empty"
    if text.lower() in PRONOUNS:
        return None
    doc = parser()(sentence)
    tokens = [t for t in doc if t.idx < end and t.idx + len(t) > start]
    if not tokens:
        return "no words"
    if any(e.label_ in _ENTITY_LABELS and e.start_char < end and e.end_char > start for e in doc.ents):
        return None
    inside = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in inside or t.head is t]
    head = heads[0] if len(heads) == 1 else max(heads, key=lambda t: len(list(t.subtree)))
    if head.lower_ in PART_OF_GROUP:  # "one of the students", "a number of senators": the group
        group = next((p for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                      for p in c.children if p.dep_ == "pobj"), None)
        if group is not None:
            head = group
    if head.pos_ == "PROPN" or names_a_person_or_body(head.lower_):
        return None
    if head.lower_ in PRONOUNS | POSSESSIVE_PRONOUNS:
        return None
    if head.text.isupper() and len(head.text) > 1:  # an acronym ("WHO", "NTC")
        return None
    if head.text[:1].isupper() and re.search(rf"[^.!?\s]\s+{re.escape(head.text)}\b", article or ""):
        return None  # a name the tagger missed at the start of a sentence: capitalised mid-sentence too
    return f"head {head.text!r} ({head.pos_}) names no person or body"


def brief_problems(article: str, brief) -> list[str]:
    """Every statement, denial and appeal speaker of a brief, every claimant and addressee, checked
    where the article names them: the mention nearest before the item's evidence (or after it).
    A pronoun the brief leaves unresolved (``speaker_resolved`` false) passes."""
    items = [("statement speaker", s.speaker, s.evidence.start, s.speaker_resolved) for s in brief.statements]
    items += [("denial speaker", d.speaker, d.evidence.start, True) for d in brief.denials]
    items += [("alleged_by", d.alleged_by, d.evidence.start, True) for d in brief.denials if d.alleged_by]
    items += [("appeal speaker", a.speaker, a.evidence.start, True) for a in brief.appeals]
    items += [("addressee", a.addressee, a.evidence.start, True) for a in brief.appeals if a.addressee]
    problems = []
    for field, mention, near, resolved in items:
        if not resolved and mention.lower() in PRONOUNS:
            continue
        problem = article_problem(article, mention, near)
        if problem:
            problems.append(f"{field} {mention!r}: {problem}")
    return problems


def article_problem(article: str, mention: str, near: int) -> str | None:
    """``mention_problem`` for ``mention`` at its occurrence in ``article`` nearest before ``near``."""
    places = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(mention)}(?!\w)", article)]
    if not places:
        return "not written in the article"
    before = [p for p in places if p <= near]
    at = before[-1] if before else places[0]
    # the paragraph around it, as the sentence to parse
    start = article.rfind("\n", 0, at) + 1
    end = article.find("\n", at + len(mention))
    end = len(article) if end < 0 else end
    return mention_problem(article[start:end], at - start, at - start + len(mention), article)
