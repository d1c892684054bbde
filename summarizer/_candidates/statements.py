"""Statements: one candidate per attribution, with its content, kind and relays.

A cued sentence gives a statement whose content is the quotation at the cue or the reported
clause; a quotation introduced by a clause with no cue verb, a paragraph that is only a
quotation (it continues the previous speaker), and a second quotation after the attribution give
statements too. Which words are cues is ``cues``; who spoke is ``speakers``; where quotations are
is ``quotes``.
"""

from __future__ import annotations

import re

from .._attribution import appeal_offsets, has_to_infinitive, person_or_body, speaker_offsets, subjunctive
from .._lexicon import (ALLEGATION_NOUNS, CONSEQUENCE_ADVERBS, MODALS_OF_CHANCE, PRONOUNS, SPEAKER_AS_OBJECT,
                        SPEECH_ACT_NOUNS, STATE_VERBS, VERDICT_NOUNS, WARNING_NOUNS, names_a_person_or_body)
from .._models import StatementKind
from .._parse import parse
from .._segment import Document, Sentence
from .cues import (COMMITTED, CUE_KIND, CUE_RE, IN_A_WORK, SUGGESTING, VERDICTS, cue_word, declares_a_thing, feeling_kind,
                   is_verb_in_parse, is_verb_use, negates_an_allegation)
from .quotes import QuoteSpan, inside_any_quote, main_quote, quotations_in
from .sources import according_to_outlet
from .speakers import ALIAS_AFTER_ROLE, appeal_parts, claimant, primary_attribution, speaker_for
from .spans import Span, StatementCandidate, span_in


def statement_in(sentence: Sentence, text: str, quotes: list[QuoteSpan], document: Document, doc, *,
                 at: int | None = None):
    """``doc`` is the sentence's parse; only sentences without a cue (returned at once) have none.
    ``at``: the statement of the cue at that offset of the sentence only (see ``second_statement``)."""
    cues = [m for m in CUE_RE.finditer(sentence.text) if not inside_any_quote(sentence.start + m.start(), quotes)]
    cues = [m for m in cues if is_verb_use(sentence.text, m) and is_verb_in_parse(doc, sentence.text, m)]
    if at is not None:
        cues = [m for m in cues if m.start() == at]
    if not cues:
        return None
    found = []
    for cue in cues:
        speaker = speaker_for(sentence, cue, doc)
        if speaker is not None:
            found.append((cue, speaker))
    if not found:
        return _orphan(sentence, text, cues[0], quotes) if at is None else None
    cue, speaker, relays = primary_attribution(sentence, found)
    alias = ALIAS_AFTER_ROLE.match(sentence.text, speaker.end - sentence.start)
    if alias and not re.search(r"\s[A-Z]", speaker.text):  # a role ("A weapons expert"), not a name
        # "A weapons expert, who tweets as Calibre Obscura, said": the name is who can be checked.
        speaker = span_in(sentence, alias.start("name"), alias.end("name"))
    if cue_word(cue) == "according to":
        # "According to Yonhap, quoting the state news agency KCNA, ...": KCNA spoke, Yonhap relays.
        after_speaker = speaker.end - sentence.start
        relayed = re.match(r"\s*,\s*quoting\s+(?P<who>[^,]{2,100}?)\s*,", sentence.text[after_speaker:])
        if relayed:
            relays.append(speaker.text)
            speaker = span_in(sentence, after_speaker + relayed.start("who"), after_speaker + relayed.end("who"))
    quoting = re.match(r"\s*Quoting\s+([^,]{2,60}),", sentence.text)
    if quoting:
        relays.append(quoting.group(1).strip())
    kind: StatementKind = feeling_kind(sentence.text, cue) or CUE_KIND[cue_word(cue)]
    if declares_a_thing(doc, sentence.text, cue):
        kind = "other"
    cue_span = span_in(sentence, cue.start(), cue.end())
    sentence_quotes = quotations_in(sentence, quotes)
    addressee = request = None
    if kind in ("claim", "warning") and _asks_someone_to_act(doc, cue) or \
            kind == "claim" and _suggests_an_act(doc, cue):
        # "she reiterated the leaders to discuss ...", "told the crowd to go home", "warned people in the
        # vicinity to stay inside"
        kind = "appeal"
    if kind == "appeal":
        addressee, request = appeal_parts(sentence, cue, doc)
    quote = main_quote(sentence, cue, sentence_quotes)
    if quote is not None:
        content = Span(quote.start, quote.end, text[quote.start : quote.end])
        direct = True
    else:
        content = _reported_content(sentence, cue, speaker, request, doc)
        direct = False
    if content is not None:
        content = _trim_content(content)
    issued = _issued_noun(doc, cue) if content is not None and not direct and kind == "claim" else None
    if issued is not None and sentence.start + issued.idx < content.start:
        # "issued warnings against attempts to enter the base, saying it was dangerous": a warning, and
        # what it warned against is part of what was said; "issued an opinion on the suspension,
        # finding it unlawful": what the opinion was on too
        if issued.lower_ in WARNING_NOUNS:
            kind = "warning"
        content = Span(sentence.start + issued.idx, content.end, text[sentence.start + issued.idx : content.end])
    if (content is None or len(content.text.split()) < 3) and quote is None:
        content = _block_after_colon(sentence, document, cue) or content
    if content is None or len(content.text.split()) < 3 and not _denies_allegations(kind, content) or \
            _is_only_speaker(content.text, speaker.text):
        # "The result was described by X as a mandate, saying ...": the first cue reports too little;
        # a later one in the sentence may report the statement
        later = [c for c, _ in found if c.start() > cue.start()] if at is None else []
        return next((s for s in (statement_in(sentence, text, quotes, document, doc, at=c.start()) for c in later)
                     if s is not None), None)
    if kind == "appeal" and direct and cue_word(cue).startswith("ask") and \
            content.text.rstrip(" \"”'’").endswith("?"):
        kind, addressee, request = "claim", None, None  # `"How can people vote if ...?" asked Lee`: a question
    via = according_to_outlet(sentence.text)
    if via and via not in relays and via != speaker.text:
        relays.append(via)
    relays = [r for r in relays if _is_named(r)]  # "(via he)", "(via the news agency)" name no one to check
    candidate = StatementCandidate(
        sentence=sentence, cue=cue_word(cue), cue_span=cue_span, kind=kind, speaker=speaker,
        content=content, direct=direct, addressee=addressee, request=request, reported_via=relays,
    )
    if kind == "claim" and not direct and (_denies_own_act(doc, cue) or _reports_a_denial(doc, sentence.text, cue)):
        candidate.kind = "denial"  # "officials stated they have not received the materials"
    denial_in_context(candidate, document)
    if candidate.kind == "denial" and candidate.alleged_by is None:
        candidate.alleged_by = _other_claimant(candidate, document)
    return candidate


def _other_claimant(candidate: StatementCandidate, document: Document) -> str | None:
    """Who made the claim a denial answers (``claimant``), unless that is the denier: "Murphy claimed
    she decided alone, insisting she was never pressured" names no one she denies."""
    who = claimant(candidate.sentence, document)
    return None if who is not None and candidate.speaker is not None and who == candidate.speaker.text else who


def denial_in_context(candidate: StatementCandidate, document: Document) -> None:
    """A statement that opens by negating right after an allegation is reported nearby is a denial
    (``negates_an_allegation``), whoever attributed it and however: a cue, a quotation introduced
    without one, a paragraph that only continues a quotation. Not a court's or panel's ruling ("the
    court decided their actions did not qualify"): a verdict on the allegation, no one denying it."""
    if candidate.kind in ("claim", "warning") and candidate.cue not in VERDICTS and \
            negates_an_allegation(candidate.content.text, candidate.sentence, document):
        candidate.kind = "denial"
        candidate.alleged_by = _other_claimant(candidate, document)


_SELF = {"he", "she", "they", "it", "we", "i"}


def _token_at(doc, offset: int):
    """The parse token that starts at ``offset`` of the sentence (None without a parse, or when the
    parser split the text elsewhere)."""
    return next((t for t in doc if t.idx == offset), None) if doc is not None else None


def _token_starting_at_cue(doc, cue: re.Match):
    return _token_at(doc, cue.start())


def _reported_clause(token):
    """The clause a reporting verb's token reports (its clausal complement after it), or None."""
    return next((c for c in token.children if c.dep_ == "ccomp" and c.i > token.i), None) if token is not None else None


def _denies_a_past_act(verb) -> bool:
    """"I never signed them", "we did not take the money", "they have not received ...": a negated
    act in the past, not where things stand ("has not yet received")."""
    words = {c.lower_ for c in verb.children if c.dep_ in ("aux", "neg")}
    if words & {"will", "shall", "'ll", "wo"}:
        return False  # "we will never take your support for granted": a vow about what is to come
    return bool(words & {"not", "n't", "never"}) and verb.tag_ in ("VBD", "VBN", "VB") and not _not_yet(verb) and \
        bool(words & {"never"} or words & {"did", "have", "has", "had"})


def _denies_own_act(doc, cue: re.Match) -> bool:
    """Reported speech in which the speaker says they did not do something ("stated they have not
    received the materials", "said he never signed them"): the same reading as a quotation's "I
    never saw the documents", with the speaker as a pronoun subject of the reported clause."""
    clause = _reported_clause(_token_starting_at_cue(doc, cue))
    if clause is None or not any(c.dep_ == "nsubj" and c.lower_ in _SELF for c in clause.children):
        return False
    return _denies_a_past_act(clause)


def _not_yet(verb) -> bool:
    """"We haven't yet agreed on ...", "has not yet received": where things stand, not a denial."""
    return any(c.dep_ == "advmod" and c.lower_ == "yet" for c in verb.children)


def _denies_allegations(kind: StatementKind, content: Span) -> bool:
    """"denied the allegations", "rejected such claims": a denial whose words are only what it denies
    says enough (other statements need three words)."""
    words = re.findall(r"[\w'’]+", content.text.lower())
    return kind == "denial" and len(words) == 2 and words[-1] in ALLEGATION_NOUNS


def _block_after_colon(sentence: Sentence, document: Document, cue: re.Match) -> Span | None:
    """"Marrero rejected this argument:" closing its paragraph, the next paragraph set off without
    quotation marks: what was said is that paragraph's first sentence."""
    if not sentence.text.rstrip().endswith(":") or len(sentence.text[cue.end():].split()) > 6:
        return None
    following = next((s for s in document.sentences if s.index == sentence.index + 1), None)
    if following is None or following.block_index != sentence.block_index + 1:
        return None
    if re.match(r"\s*[\"“'‘]", following.text):
        return None  # a quotation: its own statement
    text = following.text.rstrip()
    return Span(following.start, following.start + len(text), text)


def _reports_a_denial(doc, sentence_text: str, cue: re.Match) -> bool:
    """Reported speech whose clause is itself a denial by the speaker ("said that it strongly opposes
    such insinuations", "said he rejected the claims"): the statement denies."""
    clause = _reported_clause(_token_starting_at_cue(doc, cue))
    if clause is None or not any(c.dep_ == "nsubj" and c.lower_ in _SELF for c in clause.children):
        return False
    inner = CUE_RE.match(sentence_text, clause.idx)
    return inner is not None and CUE_KIND[cue_word(inner)] == "denial" and is_verb_in_parse(doc, sentence_text, inner)


def second_statement(candidate: StatementCandidate, text: str, quotes: list[QuoteSpan], document: Document,
                     doc) -> StatementCandidate | None:
    """A second reporting verb in the sentence with a subject and a reported clause of its own, not
    inside what the first one reports: "Officials did not say why ..., but Ambassador X says there
    were concerns ..." (two speakers), "X declared ... so he could ..., claiming this would ..." (one
    speaker, two statements). The first statement's content then stops where the second begins."""
    if doc is None or candidate.speaker is None or not candidate.cue_span.text or candidate.cue == "according to":
        return None
    sentence = candidate.sentence
    first = _token_at(doc, candidate.cue_span.start - sentence.start)
    if first is None:
        return None
    reported = {t.i for c in first.children if c.dep_ in ("ccomp", "xcomp") for t in c.subtree}
    for token in doc:
        joins = token.i in reported and _joins_the_speaker(token, sentence.text)
        aside = token.i in reported and _aside_about_a_name(token)
        if token.i <= first.i or token.i in reported and not (joins or aside) or token.pos_ != "VERB" or token.tag_ == "VBN" or \
                not any(c.dep_ == "ccomp" and c.i > token.i or c.dep_ == "nsubj" and c.i < token.i
                        for c in token.children):
            continue
        if sentence.start + token.idx < candidate.speaker.end or inside_any_quote(sentence.start + token.idx, quotes):
            continue
        second = statement_in(sentence, text, quotes, document, doc, at=token.idx)
        # a participle after the first verb ("called on X to ..., adding "..."") may quote
        participle = joins or token.tag_ == "VBG" and token.dep_ == "advcl"
        if second is None or second.content.start < candidate.cue_span.end or second.direct and not participle or \
                candidate.direct or second.content.start == candidate.content.start:  # the same words
            continue
        if joins:
            # the parser hung the verb inside what the first one reports; its speaker is the first's
            second.speaker, second.reported_via = candidate.speaker, list(candidate.reported_via)
            if second.alleged_by == second.speaker.text:
                second.alleged_by = None
        if candidate.content.start < second.content.start < candidate.content.end:
            # the first statement's words end before the second attribution's clause begins
            clause_start = min(t.idx for t in token.subtree) + sentence.start
            head = text[candidate.content.start : clause_start].rstrip()
            head = re.sub(r"[\s,;:]*(?:\b(?:but|and|while|whereas|although|though)\b)?[\s,;:]*$", "", head)
            if len(head.split()) < 3:
                continue
            candidate.content = Span(candidate.content.start, candidate.content.start + len(head), head)
        return second
    return _second_that_clause(candidate, doc)


def _joins_the_speaker(token, sentence_text: str) -> bool:
    """A reporting verb with no subject of its own that the parser hung inside the reported clause of
    the verb before it, though it goes with that verb's speaker: a participle after a comma ("told
    reporters she considered the deal fair, saying ...", "claimed she decided alone, insisting ...")
    or a verb joined by "and"/"but" ("said that he did ... but denied that he made ...")."""
    cue = CUE_RE.match(sentence_text, token.idx)
    if cue is None or not is_verb_use(sentence_text, cue) or \
            any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in token.children):
        return False
    before = token.doc[token.i - 1] if token.i > 0 else None
    if token.tag_ == "VBG" and token.dep_ == "advcl":
        return before is not None and before.text == ","
    return token.dep_ == "conj" and token.tag_ == "VBD" and before is not None and before.lower_ in ("and", "but")


def _aside_about_a_name(token) -> bool:
    """"urged him to move on, as did Chris Christie, who denounced the claims as ...": a relative
    clause set off by a comma about a name, inside what the first verb reports, has its own speaker."""
    head = token.head
    subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
    return token.dep_ == "relcl" and head.pos_ == "PROPN" and subject is not None and \
        subject.lower_ in ("who", "which") and subject.i > 0 and token.doc[subject.i - 1].text == ","


def _issued_noun(doc, cue: re.Match):
    """The noun of "issued a warning ..., saying ..." / "issued an opinion ..., finding ...": a
    participle after a comma whose verb has a warning or a verdict as its object; None otherwise."""
    token = _token_starting_at_cue(doc, cue)
    if token is None or token.tag_ != "VBG" or token.dep_ != "advcl" or token.head.i > token.i:
        return None
    return next((c for c in token.head.children if c.dep_ == "dobj" and c.lower_ in WARNING_NOUNS | VERDICT_NOUNS),
                None)


def _second_that_clause(candidate: StatementCandidate, doc) -> StatementCandidate | None:
    """"noted that A, and that B": a reported clause joined to a second one with its own "that" says
    two things, by the same speaker through the same cue; the first statement stops before "and that"."""
    if doc is None or candidate.direct or not candidate.cue_span.text:
        return None
    sentence = candidate.sentence
    clause = _reported_clause(_token_at(doc, candidate.cue_span.start - sentence.start))
    joined = next((c for c in clause.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and
                   any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)), None) if clause is not None else None
    if joined is None or _follows_from(joined):
        return None
    opening = _clause_opening(joined)
    start = sentence.start + opening if opening is not None else None
    if start is None or not candidate.content.start < start < candidate.content.end:
        return None
    cut = min(t.idx for t in joined.subtree) + sentence.start
    head = sentence.text[candidate.content.start - sentence.start : cut - sentence.start]
    head = re.sub(r"[\s,;:]*(?:\b(?:and|but)\b)?[\s,;:]*$", "", head)
    last = max(joined.subtree, key=lambda t: t.i)
    end = sentence.start + last.idx + len(last)
    if len(head.split()) < 3 or end <= start:
        return None
    second = StatementCandidate(
        sentence=sentence, cue=candidate.cue, cue_span=candidate.cue_span, kind=CUE_KIND.get(candidate.cue, "claim"),
        speaker=candidate.speaker, content=span_in(sentence, start - sentence.start, end - sentence.start),
        direct=False, reported_via=list(candidate.reported_via),
    )
    candidate.content = Span(candidate.content.start, candidate.content.start + len(head), head)
    return second


def _follows_from(clause) -> bool:
    """"that A, and that, by extension, B could likewise ...": the second clause draws its point from
    the first, and the two are one argument."""
    return any(t.lower_ in CONSEQUENCE_ADVERBS or t.lower_ == "extension" and t.head.lower_ == "by"
               for t in clause.subtree if clause.i in (t.head.i, t.head.head.i))


def _asks_someone_to_act(doc, cue: re.Match) -> bool:
    """A reporting verb with a listener and a "to" clause after it, and nothing reported ("told
    the crowd to go home", "reiterated the leaders to discuss their grievances"): an appeal."""
    token = _token_starting_at_cue(doc, cue)
    if token is None:
        return False
    clauses = [c for c in token.children if c.dep_ == "ccomp"]
    if clauses:  # "reiterated the leaders to settle ...": the listener parsed as the clause's subject
        clause = clauses[0]
        asked = next((c for c in clause.children if c.dep_ == "nsubj" and c.i < clause.i), None)
        return len(clauses) == 1 and asked is not None and clause.pos_ == "VERB" and \
            clause.lower_ not in ("be", "have") and has_to_infinitive(clause) \
            and (asked.pos_ == "PROPN" or names_a_person_or_body(asked.lower_))
    listener = next((c for c in token.children if c.dep_ in ("dobj", "dative") and c.i > token.i), None)
    action = next((c for c in token.children if c.dep_ == "xcomp" and c.pos_ == "VERB" and listener is not None
                   and c.i > listener.i and c.lower_ not in ("be", "have")
                   and has_to_infinitive(c)), None)
    return action is not None and (listener.pos_ in ("PROPN", "PRON") or names_a_person_or_body(listener.lower_)) \
        and listener.lower_ not in ("it", "this", "that")


def _suggests_an_act(doc, cue: re.Match) -> bool:
    """"Northern Ireland has suggested people "think about" it": a suggesting verb whose clause, in
    the subjunctive, has a person or body as its subject asks them to act."""
    token = _token_starting_at_cue(doc, cue)
    if token is None or cue_word(cue) not in SUGGESTING:
        return False
    clause = _reported_clause(token)
    if clause is None or not subjunctive(clause):
        return False
    asked = next((c for c in clause.children if c.dep_ == "nsubj" and c.i < clause.i), None)
    return asked is not None and asked.pos_ != "PRON" and (asked.pos_ == "PROPN" or names_a_person_or_body(asked.lower_))


def _is_named(mention: str) -> bool:
    """Whether a mention holds a name (a capitalised word past its first, or a first word that is no
    pronoun and no article): what a relay must be for a reader to check it."""
    words = mention.split()
    if not words or mention.lower() in PRONOUNS:
        return False
    first = words[0].lower() not in ("the", "a", "an", "this", "that", "its", "their", "his", "her") and words[0][:1].isupper()
    return first or any(w[:1].isupper() for w in words[1:])


def _orphan(sentence: Sentence, text: str, cue: re.Match, quotes: list[QuoteSpan]) -> StatementCandidate | None:
    """A cue whose speaker the rules cannot find ("..., it added", a clause-initial quote).

    Kept with ``speaker=None``: the rules backend drops it, a model backend may name the speaker
    from a closed list of names in the article.
    """
    quote = next(iter(quotations_in(sentence, quotes)), None)
    if quote is not None:
        content = Span(quote.start, quote.end, text[quote.start : quote.end])
    else:
        after = sentence.text[cue.end():].strip(" ,.")
        if len(after.split()) < 4:
            return None
        start = sentence.text.find(after, cue.end())
        content = _trim_content(span_in(sentence, start, start + len(after)))
        lead = re.match(r"that\s+", content.text)
        if lead:
            content = Span(content.start + lead.end(), content.end, content.text[lead.end():])
    kind: StatementKind = CUE_KIND[cue_word(cue)]
    return StatementCandidate(sentence=sentence, cue=cue_word(cue), cue_span=span_in(sentence, cue.start(), cue.end()),
                              kind=kind, speaker=None, content=content, direct=quote is not None)


def _according_to_content(sentence: Sentence, cue: re.Match, speaker: Span, doc) -> Span | None:
    """"According to X, CLAUSE" / "CLAUSE, according to X, the economist at Y." / "One child was,
    according to the fire service, among the dead": the source phrase is all of "to"'s words in
    the parse (appositions and relative clauses too); the content is what stands around it."""
    text = sentence.text
    source_end = speaker.end - sentence.start
    according = _token_starting_at_cue(doc, cue)
    to = next((t for t in doc if according is not None and t.i == according.i + 1 and t.lower_ == "to"), None) \
        if doc is not None else None
    if to is not None:
        # "according to Al Jazeera, US$3.6 billion from ..., $2.5 billion from ...": amounts the parser
        # hangs on the source as appositions are what it reported, not part of who it is
        source = next((c for c in to.children if c.dep_ == "pobj"), None)
        reported = {t.i for c in (source.children if source is not None else ()) if c.dep_ in ("appos", "conj")
                    and (c.pos_ == "NUM" or c.like_num) for t in c.subtree}
        last = max((t for t in to.subtree if t.i not in reported and not (reported and t.is_punct)),
                   key=lambda t: t.i)
        source_end = max(source_end, last.idx + len(last))
    rest = text[source_end:].strip(" ,.")
    head = text[: cue.start()].rstrip(" ,")
    coordinated = re.match(r"(?:but|and|while|although|though|whereas)\b", rest, re.IGNORECASE) is not None
    if len(head.split()) >= 3 and (len(rest.split()) < 3 or coordinated):
        return span_in(sentence, 0, len(head))  # "CLAUSE, according to X[, but ...]"
    if head and len(rest.split()) >= 3:
        return span_in(sentence, 0, len(text.rstrip(". ")))  # "One child was, according to X, among the dead"
    if len(rest.split()) >= 3:
        start = text.index(rest, source_end)
        return span_in(sentence, start, start + len(rest))
    return span_in(sentence, 0, len(head)) if head else None


def _reported_content(sentence: Sentence, cue: re.Match, speaker: Span, request: Span | None, doc=None) -> Span | None:
    if request is not None and request.start > sentence.start + cue.start():
        # "called on all the groups to refrain from ...": the appeal reads whole, listener and all.
        return span_in(sentence, cue.start(), request.end - sentence.start)
    text = sentence.text
    speaker_start = speaker.start - sentence.start
    if cue_word(cue) == "according to":
        return _according_to_content(sentence, cue, speaker, doc)
    if cue_word(cue) in COMMITTED and speaker_start < cue.start():
        # "committed to proceeding with the trial": the pledge reads whole, the verb with its act
        return span_in(sentence, cue.start(), len(text.rstrip(" .")))
    if speaker_start > cue.end():
        # "CLAUSE, X said."
        that = re.match(r"\s*(?:on \w+\s+|in a \w+\s+)*,?\s*that\s+", text[speaker.end - sentence.start:])
        if that:  # "Residents were warned by the weather service that CLAUSE"
            start = speaker.end - sentence.start + that.end()
            return span_in(sentence, start, len(text.rstrip(". ")))
        # "CLAUSE, X said." / "The decision was announced by X": the clause before the cue
        head = re.sub(r"(?:\s+(?:was|were|is|are|has been|have been|had been|been|be))+$", "",
                      text[: cue.start()].rstrip(" ,"))
        return span_in(sentence, 0, len(head)) if head else None
    after = text[cue.end():]
    token = _token_starting_at_cue(doc, cue)
    if re.match(r"\s*,", after) and speaker_start > 0 and token is not None and token.dep_ == "parataxis" and \
            token.head.i > token.i and token.head.pos_ in ("VERB", "AUX"):
        # "The new rules, the minister said, will take effect in March": the attribution interrupts the
        # clause it reports, which runs on past it (as "One child was, according to X, among the dead")
        return span_in(sentence, 0, len(text.rstrip(" .")))
    if re.match(r"\s*[,.;]", after) and speaker_start > 0:
        # "The council approved it, officials said, after a debate": the claim is the head clause.
        head = text[:speaker_start].rstrip(" ,")
        return span_in(sentence, 0, len(head)) if len(head.split()) >= 3 else None
    listener_end = _listener_end(doc, cue)
    if listener_end is not None:  # "told NBC News that ...": the listener is no part of what was said
        after = text[listener_end:]
    lead = re.match(r"\s*(?:on \w+\s+|in a \w+\s+|last \w+\s+|clearly\s+|that\b[\s,]*|,\s*)*", after)
    start = (listener_end if listener_end is not None else cue.end()) + (lead.end() if lead else 0)
    clause_start = _clause_start(doc, cue)
    if clause_start is not None and start < clause_start < start + 60 and \
            re.search(r"\bthat\s*$", text[:clause_start]):
        # "told Kamloops This Week that ...", "stated to the CBC in late June that ...": what was said
        # is the reported clause; the listener and the time before it are not
        start = clause_start
    joined_start = _joined_clause_start(doc, cue)
    if joined_start is not None and start <= joined_start < start + 60:
        start = joined_start  # "maintained his stand and said the group ...": the group ...
    end = len(text.rstrip(" ."))
    token = _token_starting_at_cue(doc, cue)
    if token is not None and token.dep_ == "relcl":
        # "Smith, who has denied the allegations, will appear in court": the relative clause only
        last = max(token.subtree, key=lambda t: t.i)
        end = min(end, last.idx + len(last))
    trailing = re.search(r",\s*(?:according to|reported|said)\b[^,]*$", text[start:end])
    if trailing:
        end = start + trailing.start()
    if end - start < 8:
        head = text[: speaker_start].rstrip(" ,")
        return span_in(sentence, 0, len(head)) if len(head.split()) >= 3 else None
    return span_in(sentence, start, end)


def _clause_start(doc, cue: re.Match) -> int | None:
    """Where the cue's reported clause begins (after its "that"), read from the parse."""
    clause = _reported_clause(_token_starting_at_cue(doc, cue))
    return _clause_opening(clause) if clause is not None else None


def _clause_opening(clause) -> int | None:
    """Where a clause's own words begin: past a leading "that" and punctuation."""
    words = sorted(clause.subtree, key=lambda t: t.i)
    while words and (words[0].lower_ == "that" and words[0].tag_ == "IN" or words[0].is_punct):
        words = words[1:]
    return words[0].idx if words else None


def _joined_clause_start(doc, cue: re.Match) -> int | None:
    """"maintained his stand and said the group would never bow": a cue whose object is a noun,
    joined to a second verb with a reported clause. The words reported are that clause, not "his
    stand and said ..."; where it begins, or None."""
    token = _token_starting_at_cue(doc, cue)
    if token is None or not any(c.dep_ == "dobj" for c in token.children) or \
            any(c.dep_ in ("ccomp", "xcomp") for c in token.children):
        return None
    joined = next((c for c in token.children if c.dep_ == "conj" and c.pos_ == "VERB" and c.i > token.i), None)
    clause = _reported_clause(joined)
    return _clause_opening(clause) if clause is not None else None


_TAKES_LISTENER = frozenset({"told", "tells", "tell", "telling", "informed", "informs", "assured", "assures",
                             "reminded", "reminds", "warned", "warns", "advised", "advises", "briefed", "showed",
                             "promised", "promises", "wrote", "writes", "emailed", "texted", "notified", "urged",
                             "asked", "asks", "convinced", "persuaded", "taught"})


def _listener_end(doc, cue: re.Match) -> int | None:
    """Where the listener of "told" ends ("told the BBC the rescue teams had ...", "stated to LA
    Weekly that ..."), read from the parse: the object before the reported clause."""
    if doc is None:
        return None
    token = _token_starting_at_cue(doc, cue)
    if token is None or not any(c.dep_ == "ccomp" and c.i > token.i for c in token.children):
        return None
    # a noun object is a listener only for verbs that take one ("told the BBC"); after "commented",
    # "said", "noted" it is the reported clause's subject that the parser split off ("commented the
    # president's tweets are ...")
    takes_listener = token.lower_ in _TAKES_LISTENER
    listeners = [c for c in token.children if c.i > token.i and (c.dep_ in ("dobj", "dative") and takes_listener or
                 c.dep_ == "prep" and c.lower_ == "to")]
    clause = min(c.i for c in token.children if c.dep_ == "ccomp" and c.i > token.i)
    listeners = [c for c in listeners if max(t.i for t in c.subtree) < clause]
    if not listeners:
        return None
    last = max((t for c in listeners for t in c.subtree), key=lambda t: t.i)
    return last.idx + len(last)


def _trim_content(span: Span) -> Span:
    lead = re.match(r"[\s;:,\-–—]*(?:(?:and|but|or|then|later|also),?\s+)*[\s;:,\-–—]*", span.text)
    cut = lead.end() if lead else 0
    return Span(span.start + cut, span.end, span.text[cut:]) if cut else span


def _is_only_speaker(content: str, speaker: str) -> bool:
    return content.strip(" .,\"”“").lower() in {speaker.lower(), ""}


# --- statements that quotations make ---------------------------------------------------------------
# Between the attribution and a further quotation: `, "` continues one quotation split by the
# attribution; `; and, later, "` or `, adding, "` starts another one, by the same speaker.
_SPLIT_QUOTE_GAP = re.compile(r"[\s,:;]*[\"“”'‘’]*")
_SECOND_QUOTE_GAP = re.compile(r"[\s,:;]*(?:and|then|later|adding|before adding|and later|and,? later)?"
                               r"[\s,:;]*(?:later|then)?[\s,:;]*[\"“”'‘’]*", re.IGNORECASE)


def quote_after_attribution(candidate: StatementCandidate, text: str,
                            quotes: list[QuoteSpan]) -> StatementCandidate | None:
    """``quotes``: the quotations of the candidate's sentence (``quotations_in``).

    `"A," X said, "B."`: A and B are one quotation, so the content is extended to cover both
    (returns None). `"A", it added; and, later, "B"`: B is a second statement by the same speaker
    (returned). Only a quotation right after the attribution counts, with nothing but punctuation
    or a connective between them."""
    if not candidate.direct or candidate.speaker is None:
        return None
    attribution_end = max(candidate.content.end, candidate.cue_span.end, candidate.speaker.end)
    later = [q for q in quotes if q.start >= attribution_end]
    if not later:
        return None
    quote = later[0]
    gap = text[attribution_end : quote.start]
    if candidate.content.end < candidate.cue_span.start and _SPLIT_QUOTE_GAP.fullmatch(gap) and \
            re.search(r",\s*[\"“”'‘’]+$", gap):
        start = candidate.content.start
        candidate.content = Span(start, quote.end, text[start : quote.end])
        return None
    if not re.search(r"\b(?:and|then|later|adding)\b", gap, re.IGNORECASE) or not _SECOND_QUOTE_GAP.fullmatch(gap):
        return None
    return _further_quotation(candidate, text, quote)


def _further_quotation(candidate: StatementCandidate, text: str, quote: QuoteSpan) -> StatementCandidate:
    """Another quotation in the candidate's sentence, by the same speaker through the same cue."""
    return StatementCandidate(
        sentence=candidate.sentence, cue=candidate.cue, cue_span=candidate.cue_span, kind="claim",
        speaker=candidate.speaker, content=Span(quote.start, quote.end, text[quote.start : quote.end]),
        direct=True, continuation=True, reported_via=list(candidate.reported_via),
    )


_FINITE_VERB = re.compile(r"\b(?:is|are|was|were|be|been|has|have|had|will|would|can|could|shall|should|may|"
                          r"might|must|do|does|did)\b|\b[a-z]{3,}(?:ed|es)\b")
_SUBORDINATE = re.compile(r"(?:although|though|while|when|whenever|if|unless|because|since|as|once|after|before|"
                          r"until|whereas|even though|even if)\b", re.IGNORECASE)


def quote_ending_reported_speech(candidate: StatementCandidate, text: str,
                                 quotes: list[QuoteSpan]) -> StatementCandidate | None:
    """Reported speech that ends in a quotation, `said X, "Q"` / `told the court that, over
    five months, "Q"` / `said he was "humbled" and "Q"`: when X is a clause of its own, X and Q are
    two statements (Q is returned);
    when it is only a lead-in phrase, Q alone is the statement (the candidate is changed)."""
    if candidate.direct or candidate.speaker is None:
        return None
    content = candidate.content
    ending = [q for q in quotes if content.start < q.start and q.end >= content.end - 1]
    if not ending:
        return None
    quote = ending[0]
    lead_in = text[content.start : quote.start]
    joined = re.search(r"\s+and\s*[\"“”'‘]+$", lead_in)
    # after "and", only a quotation that is a sentence of its own (`and "...I will ..."`); not one that
    # goes on with the clause (`had gone to "defend ..." and "secure ..."`)
    own_sentence = text[quote.start : quote.end].lstrip(".… ")[:1].isupper()
    if not re.search(r"[,:]\s*[\"“”'‘]+$", lead_in) and not (joined and quote.words >= 4 and own_sentence):
        return None
    lead_in = lead_in[: joined.start()] if joined else lead_in.rstrip(" ,:\"“”'‘")
    if joined and not _FINITE_VERB.search(lead_in):
        return None  # `said the "new rules" and "..."`: no clause of its own before the quotation
    if _SUBORDINATE.match(lead_in):
        return None  # "although X is known, "Q"": one sentence of reported speech, kept whole
    if len(lead_in.split()) >= 4 and _FINITE_VERB.search(lead_in):
        candidate.content = Span(content.start, content.start + len(lead_in), lead_in)
        return _further_quotation(candidate, text, quote)
    candidate.content = Span(quote.start, quote.end, text[quote.start : quote.end])
    candidate.direct = True
    return None


def introduced_quote(sentence: Sentence, text: str, quotes: list[QuoteSpan], doc) -> StatementCandidate | None:
    """A quotation introduced by a clause whose verb is no reporting cue: `Graham spoke on Fox News,
    "..."`, `Trump defended his decision: "..."`. The speaker is that clause's subject."""
    quote = next(iter(quotations_in(sentence, quotes)), None)
    if quote is None:
        return None
    lead = text[sentence.start : quote.start].rstrip(" \"“'`‘")
    if not lead.endswith((",", ":")) or len(lead.split()) < 2:
        return None
    if lead.endswith(",") and not text[quote.start : quote.start + 1].isupper() and \
            not re.match(r"that\s", text[quote.start : quote.end]):
        # `travelled to Ohio, "a place none had seen"`: a description, not words spoken (but `decided,
        # according to the summary, "that ..."` quotes the clause decided)
        return None
    # the clause before the quotation: its first verb that has a subject of its own
    verb = next((t for t in doc if t.idx < len(lead) and t.pos_ in ("VERB", "AUX")
                 and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)), None)
    if verb is None:
        return _labelled_quote(sentence, text, quote, lead, doc)
    found = speaker_offsets(doc, verb.idx, verb.idx + len(verb))
    if found is not None:
        found = person_or_body(doc, *found)
    if found is None:
        found = _message_author(verb)
    if found is None:
        return None
    return _quoted_by_subject_of(verb, found, sentence, text, quote)


def _quoted_by_subject_of(verb, speaker: tuple[int, int], sentence: Sentence, text: str,
                          quote: QuoteSpan) -> StatementCandidate:
    """The quotation as a claim by ``speaker`` (sentence offsets), the subject of ``verb``, its cue."""
    return _quotation_by(span_in(sentence, *speaker), verb.lower_, verb.idx, verb.idx + len(verb), "claim",
                         sentence, text, quote)


def _quotation_by(speaker: Span, cue: str, cue_start: int, cue_end: int, kind: StatementKind, sentence: Sentence,
                  text: str, quote: QuoteSpan) -> StatementCandidate:
    """The quotation as a statement of ``kind`` by ``speaker``, its cue at [cue_start, cue_end) of the sentence."""
    return StatementCandidate(
        sentence=sentence, cue=cue, cue_span=span_in(sentence, cue_start, cue_end), kind=kind, speaker=speaker,
        content=Span(quote.start, quote.end, text[quote.start : quote.end]), direct=True,
    )


# `Remarked X, "..."`: a reporting verb that opens the sentence, its speaker, then the quotation.
_VERB_FIRST = re.compile(r"(?P<cue>[A-Z][a-z]+(?: out)?)\s+(?P<who>[^,\"“”:;]{3,120}?)\s*[,:]?")
# `"...," tweeted X.`: after the quotation, the reporting verb and its speaker, then the sentence ends.
_CUE_THEN_SPEAKER = re.compile(r"[\"”'’`]*\s*(?P<cue>[a-z]+(?: out)?)\s+(?P<who>[^,.;:\"“”]{3,120}?)\s*[.;,]?\s*$")
_TAIL_WORDS = 8  # `"...," the party informed the press.`: the clause after the quotation, at most


def attribution_beside_quote(sentence: Sentence, text: str, quotes: list[QuoteSpan], doc) -> StatementCandidate | None:
    """A quotation whose speaker stands where the parse does not look for a subject: `Remarked X,
    "..."` (the reporting verb first) and `"...," tweeted X.` (the parser takes X for the verb's
    object); X is read as the subject of "said". And `"...," the party informed the press.`: a
    quotation that opens the sentence, closed by a comma, and a short clause after it whose subject
    is a person or body, with any verb (the words in the marks are what the clause reports)."""
    quote = next(iter(quotations_in(sentence, quotes)), None)
    if quote is None:
        return None
    lead = sentence.text[: quote.start - sentence.start].rstrip(" \"“'`‘")
    first = _VERB_FIRST.fullmatch(lead)
    if first is not None and CUE_KIND.get(first.group("cue").lower()) is not None and \
            _not_a_noun_at(doc, first.start("cue")):
        speaker = _as_subject_of_said(sentence, first.start("who"), first.end("who"))
        return _beside(sentence, text, quote, first, speaker, CUE_KIND[first.group("cue").lower()]) if speaker else None
    if quote.start - sentence.start > 2 or not (text[quote.end : quote.end + 1] == "," or
                                                text[quote.end - 1 : quote.end] in ("?", "!")):
        return None
    tail_start = quote.end - sentence.start + 1
    tail = sentence.text[tail_start:]
    inverted = _CUE_THEN_SPEAKER.fullmatch(tail)
    if inverted is not None and CUE_KIND.get(inverted.group("cue")) is not None and \
            _not_a_noun_at(doc, tail_start + inverted.start("cue")):
        speaker = _as_subject_of_said(sentence, tail_start + inverted.start("who"), tail_start + inverted.end("who"))
        return _beside(sentence, text, quote, inverted, speaker, CUE_KIND[inverted.group("cue")], tail_start) \
            if speaker else None
    if doc is None or len(tail.split()) > _TAIL_WORDS:
        return None
    verb = next((t for t in doc if t.idx >= tail_start and t.pos_ == "VERB" and t.tag_ in ("VBD", "VBZ", "VBP")), None)
    if verb is None or not any(c.dep_ == "nsubj" and c.idx >= tail_start and c.i < verb.i for c in verb.children):
        return None
    found = speaker_offsets(doc, verb.idx, verb.idx + len(verb))
    found = person_or_body(doc, *found) if found is not None and found[0] >= tail_start else None
    if found is None:
        return None
    return _quoted_by_subject_of(verb, found, sentence, text, quote)


def _not_a_noun_at(doc, offset: int) -> bool:
    """Whether the parse reads the word at ``offset`` as no noun: "States like Ohio, "...," will vote"
    opens with a cue's spelling, not a reporting verb. (Not "is a verb": a sentence-opening
    "Remarked X," is tagged as an adjective.)"""
    token = _token_at(doc, offset)
    return token is not None and not token.tag_.startswith("NN")


def _as_subject_of_said(sentence: Sentence, start: int, end: int) -> Span | None:
    """The speaker in ``sentence.text[start:end]`` ("former thinktank executive Ken Gude"), read as
    the subject of "said" in a parse of its own: the words are where a subject stands in no
    sentence the parser knows ("Remarked X", "tweeted X")."""
    who = sentence.text[start:end]
    (said,) = parse([f"{who} said."])
    found = speaker_offsets(said, len(who) + 1, len(who) + 5)
    found = person_or_body(said, *found) if found is not None else None
    if found is None or found[1] > len(who):
        return None
    return span_in(sentence, start + found[0], start + found[1])


def _beside(sentence: Sentence, text: str, quote: QuoteSpan, match: re.Match, speaker: Span, kind: StatementKind,
            offset: int = 0) -> StatementCandidate:
    return _quotation_by(speaker, match.group("cue").lower(), offset + match.start("cue"), offset + match.end("cue"),
                         kind, sentence, text, quote)


def _message_author(verb) -> tuple[int, int] | None:
    """`The palace issued the following statement from the king: "..."`: the message the verb issues
    (its object, or the noun after a preposition: "concluded with a statement from ...") names its
    author, who spoke the quotation. None when the message names no author."""
    for child in verb.children:
        noun = child if child.dep_ == "dobj" else \
            next((c for c in child.children if c.dep_ == "pobj"), None) if child.dep_ == "prep" else None
        if noun is None or noun.lower_ not in SPEECH_ACT_NOUNS:
            continue
        words = list(noun.subtree)
        start, end = words[0].idx, words[-1].idx + len(words[-1])
        found = person_or_body(noun.doc, start, end)
        if found is not None and found != (start, end):
            return found
    return None


def _labelled_quote(sentence: Sentence, text: str, quote: QuoteSpan, lead: str, doc) -> StatementCandidate | None:
    """`Meghan McCain, Twitter: "..."`: a name (and where it was said) with no verb, then a colon."""
    if not lead.endswith(":") or any(t.pos_ in ("VERB", "AUX") for t in doc if t.idx < len(lead)):
        return None
    name = next((t for t in doc if t.idx < len(lead) and t.pos_ == "PROPN" and t.dep_ not in ("compound", "flat")), None)
    found = person_or_body(doc, *found) if name is not None and (found := _name_offsets(name)) else None
    if found is None:
        return None
    return StatementCandidate(
        sentence=sentence, cue="", cue_span=span_in(sentence, len(lead) - 1, len(lead)), kind="claim",
        speaker=span_in(sentence, *found), content=Span(quote.start, quote.end, text[quote.start : quote.end]),
        direct=True,
    )


def _name_offsets(name) -> tuple[int, int] | None:
    words = [t for t in name.subtree if t.i <= name.i and (t is name or t.dep_ in ("compound", "flat"))]
    first = min(words, key=lambda t: t.i)
    if name.i - first.i != len(words) - 1:
        return None
    return first.idx, name.idx + len(name)


_FIRST_PERSON = {"i", "we"}


def kind_from_quote(candidate: StatementCandidate, doc) -> None:
    """What is said tells what kind of statement it is where the reporting verb does not ("said").
    In a quotation, the speaker's own "We urge the governments to ..." is an appeal (listener and
    request read from the parse), "I never saw the documents" a denial, "We will find whoever did
    this" a pledge, "I warn ..." a warning, "We thank ..." other: read from the first clause in the
    quotation whose subject is "I" or "we"; "Please stay at home" is an appeal too. In quoted or
    reported words alike, "it is time (for X) to do Y" asks X to do Y."""
    if candidate.kind != "claim" or doc is None:
        return
    start = candidate.content.start - candidate.sentence.start
    end = candidate.content.end - candidate.sentence.start
    if candidate.direct:
        _kind_from_own_words(candidate, doc, start, end)
        if candidate.kind == "claim":
            _please(candidate, doc, start, end)
    elif candidate.request is None:
        _third_person_appeal(candidate, doc, start, end, any_clause=True)
    if candidate.kind == "claim":
        _time_to_act(candidate, doc, start, end)
    if candidate.kind == "claim" and not candidate.direct and _own_future_act(candidate, doc):
        candidate.kind = "pledge"
    if candidate.kind == "claim" and _warns(candidate, doc, start, end):
        candidate.kind = "warning"


def _warns(candidate: StatementCandidate, doc, start: int, end: int) -> bool:
    """What may come of something, said as a danger: "this is going to lead to ISIS' reemergence",
    "iodine deficiency can lead to brain damage" (a modal and "lead to"), "mass starvation may occur
    if the world does not pay attention" (a modal main clause with an "if" clause). Not a question."""
    if candidate.content.text.rstrip(" \"”'’").endswith("?"):
        return False
    first = next((sent for sent in doc.sents if sent.start_char <= start < sent.end_char), None)
    end = min(end, first.end_char) if first is not None else end  # what the statement opens with
    for token in doc:
        if not start <= token.idx < end or token.pos_ not in ("VERB", "AUX"):
            continue
        auxiliaries = {c.lower_ for c in token.children if c.dep_ == "aux"}
        modal = auxiliaries & MODALS_OF_CHANCE or (token.dep_ == "xcomp" and token.head.lower_ == "going" and {"going"})
        if not modal or "have" in auxiliaries or any(c.dep_ == "neg" for c in token.children):
            continue  # "it would have been OK if I did": what might have been, no danger ahead
        if not candidate.direct and any(c.dep_ == "nsubj" and c.lower_ in ("he", "she", "we", "i") for c in token.children):
            continue  # "said he would only vote for it if ...": the speaker's own condition
        if token.lower_ in ("lead", "leads") and any(c.dep_ == "prep" and c.lower_ == "to" for c in token.children):
            return True
        if any(c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ == "if" for g in c.children)
               for c in token.children):
            return True
    return False


def _own_future_act(candidate: StatementCandidate, doc) -> bool:
    """Reported speech in which the speaker says what they will do ("said he will not approve a
    budget that ...", "said he would stand down"): a pledge. The reported clause's subject is the
    speaker's pronoun, its verb an act in the future ("will", "would", "shall")."""
    token = _token_at(doc, candidate.cue_span.start - candidate.sentence.start) if candidate.cue_span.text else None
    clause = _reported_clause(token)
    if clause is None or clause.pos_ != "VERB" or clause.lower_ in STATE_VERBS:  # a base form after "will"
        return False
    if not any(c.dep_ == "nsubj" and c.lower_ in ("he", "she", "we", "i", "they") for c in clause.children):
        return False
    aux = {c.lower_ for c in clause.children if c.dep_ == "aux"}
    return bool(aux & {"will", "would", "'ll", "shall", "wo"}) and not aux & {"have", "could", "might", "may"}


# A quotation that opens with grief or sympathy ("Deeply saddened by the loss of lives", "Our thoughts
# are with the families"): a condolence, kind "other".
_CONDOLENCE = re.compile(r"[\s\"“]*(?:(?:deeply|truly|so|very|extremely|profoundly)\s+)?(?:saddened|shocked|"
                         r"heartbroken|devastated|grieved|distressed|pained|anguished)\b|[\s\"“]*(?:my|our)\s+"
                         r"(?:(?:deepest|sincere|sincerest|heartfelt)\s+)?(?:condolences|thoughts|prayers|sympathies|"
                         r"sympathy)\b", re.IGNORECASE)


def _kind_from_own_words(candidate: StatementCandidate, doc, start: int, end: int) -> None:
    if _CONDOLENCE.match(candidate.content.text):
        candidate.kind = "other"
        return
    verbs = [t for t in doc if start <= t.idx < end and t.pos_ in ("VERB", "AUX") and t.dep_ != "aux"
             and any(c.dep_ == "nsubj" and c.lower_ in _FIRST_PERSON for c in t.children)]
    if not verbs:
        _third_person_appeal(candidate, doc, start, end)
        return
    # "We are continuing to investigate ... and I would urge anyone to contact police": an appeal in
    # any of the speaker's own clauses makes the quotation an appeal
    verb = next((v for v in verbs if CUE_KIND.get(v.lower_) == "appeal" and
                 appeal_offsets(doc, v.idx, v.idx + len(v))[1] is not None), verbs[0])
    words = {c.lower_ for c in verb.children if c.dep_ in ("aux", "neg")}
    word = verb.lower_ + (" " + doc[verb.i + 1].lower_ if verb.i + 1 < len(doc) else "")
    if CUE_KIND.get(verb.lower_) == "appeal" or CUE_KIND.get(word) == "appeal":
        addressee, request = appeal_offsets(doc, verb.idx, verb.idx + len(verb))
        if request is not None:
            candidate.kind = "appeal"
            candidate.addressee = span_in(candidate.sentence, *addressee) if addressee else None
            candidate.request = span_in(candidate.sentence, *request)
    elif _denies_a_past_act(verb):
        candidate.kind = "denial"  # "I never signed them", "we did not take the money"
    elif CUE_KIND.get(verb.lower_) in ("pledge", "warning", "other") and verb.tag_ == "VBP" and \
            not words & {"not", "n't", "never"}:
        candidate.kind = CUE_KIND[verb.lower_]  # "I pledge that ...", "We warn ...", "We thank ..."
    elif words & {"will", "'ll", "shall"} and not words & {"not", "n't"}:
        candidate.kind = "pledge"  # "we will find whoever did this", "we will never forget them"


def _please(candidate: StatementCandidate, doc, start: int, end: int) -> None:
    """"Please stay at home": a quotation that opens a clause with "please" and a verb in the
    imperative asks its listeners (unnamed) for the act."""
    please = next((t for t in doc if start <= t.idx < end and t.lower_ == "please" and
                   (t.i == 0 or doc[t.i - 1].is_punct or doc[t.i - 1].is_sent_start or t.idx == start)), None)
    if please is None or please.i + 1 >= len(doc):
        return
    verb = next((t for t in doc[please.i + 1 : please.i + 3] if t.text != ","), None)
    if verb is None or verb.tag_ != "VB" or verb.idx >= end:
        return
    # the rest of the clause from the verb on, to the end of its sentence
    words = [t for t in doc[verb.i:] if t.idx < end]
    words = words[: next((i for i, t in enumerate(words) if t.text in (".", ";", "!", "?")), len(words))]
    while words and (words[-1].is_punct or words[-1].dep_ == "cc"):
        words.pop()
    if not words:
        return
    candidate.kind = "appeal"
    candidate.request = span_in(candidate.sentence, words[0].idx, words[-1].idx + len(words[-1]))


# "it is time for IE6 users to move away from ...", "it's time to give the public the final say"
_TIME_TO = re.compile(r"\b(?:it is|it's|it’s|it was|now is the)\s+(?:high\s+|about\s+)?time(?:\s+now)?"
                      r"(?:\s+for\s+(?P<who>[^.;:!?\"“”]{2,80}?))?\s*,?\s+to\s+(?P<what>[a-z][^.;!?\"“”\[\]]*)")


def _time_to_act(candidate: StatementCandidate, doc, start: int, end: int) -> None:
    """"It is time (now) for X to do Y": an appeal to X (or to no one named) to do Y; not where X is
    the speaker ("it was time for him to retire" is a decision, not a request)."""
    text = candidate.sentence.text
    found = _TIME_TO.search(text, start, end)
    if found is None:
        return
    who = found.group("who")
    if who is not None:
        who = who.split(",")[0].strip()
        if who.lower() in SPEAKER_AS_OBJECT or not who:
            return
    verb = _token_at(doc, found.start("what"))
    if verb is None or verb.pos_ not in ("VERB", "AUX"):
        return
    what_end = min(found.end("what"), end)
    what = text[found.start("what") : what_end].rstrip(" ,;:-–—")
    candidate.kind = "appeal"
    if who:
        who_start = found.start("who")
        candidate.addressee = span_in(candidate.sentence, who_start, who_start + len(who))
    candidate.request = span_in(candidate.sentence, found.start("what"), found.start("what") + len(what))


_OBLIGATION = {"must", "should"}


def appeals_inside_quote(candidate: StatementCandidate, doc) -> list[StatementCandidate]:
    """A later sentence of a long quotation (`Trump wrote, "... . They must watch over the captured
    fighters. ..."`) that asks someone else to act is an appeal of its own, by the same speaker."""
    if not candidate.direct or candidate.speaker is None or doc is None:
        return []
    offset = candidate.sentence.start
    start, end = candidate.content.start - offset, candidate.content.end - offset
    found = []
    for inner in list(doc.sents)[1:]:
        if inner.start_char <= start or inner.end_char > end + 2:
            continue
        span_end = min(inner.end_char, end)
        appeal = StatementCandidate(
            sentence=candidate.sentence, cue="", cue_span=Span(offset + inner.start_char, offset + inner.start_char, ""),
            kind="claim", speaker=candidate.speaker,
            content=span_in(candidate.sentence, inner.start_char, span_end), direct=True, continuation=True,
            reported_via=list(candidate.reported_via),
        )
        _third_person_appeal(appeal, doc, inner.start_char, span_end)
        if appeal.kind == "claim":
            _time_to_act(appeal, doc, inner.start_char, span_end)
        if appeal.kind == "appeal":
            found.append(appeal)
    return found


def _third_person_appeal(candidate: StatementCandidate, doc, start: int, end: int, *, any_clause: bool = False) -> None:
    """"They must, with Europe and others, watch over the captured fighters": a quotation that says
    what someone else must or should do is an appeal to them (the first clause of the quotation
    only; "we must ..." is the speaker's own resolve, no appeal). ``any_clause``: the first clause
    that says so, wherever it stands (reported speech: "said ... so the general public should use
    ...")."""
    verbs = [t for t in doc if start <= t.idx < end and t.pos_ == "VERB" and
             t.dep_ in ("ROOT", "ccomp", "conj") + (("advcl",) if any_clause else ())]
    if any_clause:
        verbs = [v for v in verbs if _obliged(v) is not None]
    if not verbs:
        return
    verb = verbs[0]
    found = _obliged(verb)
    if found is None:
        return
    subject, modal = found
    if any_clause and subject.pos_ == "PRON" and subject.lower_ not in ("they", "you"):
        return  # "said he should ...": the speaker's own duty, or someone the sentence does not name
    words = [t for t in verb.subtree if t.i > modal.i and start <= t.idx < end]
    while words and (words[-1].is_punct or words[-1].dep_ == "cc"):
        words.pop()
    # the request runs to the end of the verb's own clause, not into a clause coordinated after it
    words = [t for t in words if not any(a.dep_ in ("conj",) and a.head is verb and a.pos_ == "VERB"
                                         for a in [t, *t.ancestors] if a.i > verb.i)]
    while words and (words[-1].is_punct or words[-1].dep_ == "cc"):
        words.pop()
    if not words:
        return
    first, last = words[0], words[-1]
    subject_span = _subject_span(subject)
    candidate.kind = "appeal"
    candidate.addressee = span_in(candidate.sentence, *subject_span)
    candidate.request = span_in(candidate.sentence, first.idx, last.idx + len(last))


def _obliged(verb):
    """(subject, modal) of a clause that says what someone other than the speaker must or should do
    ("the owners should come back to the table"), or None. Not "should have ..." (a reproach of what
    was done), nor a subject that is the speaker or no one ("we", "it", "there")."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    modal = next((c for c in verb.children if c.dep_ == "aux" and c.lower_ in _OBLIGATION), None)
    if subject is None or modal is None or subject.lower_ in _FIRST_PERSON | {"it", "this", "that", "there"}:
        return None
    if any(c.dep_ == "aux" and c.lower_ == "have" and c.i > modal.i for c in verb.children):
        return None
    if subject.pos_ not in ("PRON", "PROPN") and not names_a_person_or_body(subject.lower_):
        return None
    return subject, modal


def _subject_span(subject) -> tuple[int, int]:
    tokens = [t for t in subject.subtree]
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def continuation_quote(sentence, text, quotes, previous):
    """A paragraph that is only a quotation continues the speaker of the paragraph before it."""
    if not previous:
        return None
    last = previous[-1]
    if last.sentence.block_index not in (sentence.block_index - 1, sentence.block_index) or last.speaker is None:
        return None
    own = quotations_in(sentence, quotes)
    if not own or own[0].start - sentence.start > 2:
        return None
    quote = own[0]
    return StatementCandidate(
        sentence=sentence, cue="", cue_span=Span(quote.start, quote.start, ""), kind="claim",
        speaker=last.speaker, content=Span(quote.start, quote.end, text[quote.start : quote.end]),
        direct=True, continuation=True, reported_via=list(last.reported_via),
    )


def in_a_work(sentence: Sentence, doc) -> StatementCandidate | None:
    """"In a situational report of the council, 143 buildings were damaged": the author of a work that
    opens the sentence (``IN_A_WORK``) says the clause after it, when the author names a person or a
    body and the clause holds a verb."""
    found = IN_A_WORK.match(sentence.text)
    if found is None or doc is None or len(found.group("what").split()) < 4:
        return None
    who = person_or_body(doc, found.start("who"), found.end("who"))
    if who is None or not any(t.pos_ in ("VERB", "AUX") and t.idx >= found.start("what") for t in doc):
        return None
    article = re.match(r"(?:the|The)\s+(?=[A-Z])", sentence.text[who[0]:who[1]])
    if article:  # "of the German Institute for Economic Research": the name proper, without its article
        who = (who[0] + article.end(), who[1])
    return StatementCandidate(
        sentence=sentence, cue="", cue_span=span_in(sentence, found.start(), found.start("who")), kind="claim",
        speaker=span_in(sentence, *who), content=span_in(sentence, found.start("what"), found.end("what")),
        direct=False,
    )


# "[...]" (or "[…]"): words the article left out of a quotation.
_OMISSION = re.compile(r"\s*\[(?:\.\.\.|…)\]\s*")
_EXCERPT_WORDS = 8  # an excerpt shorter than this is a lead-in or a tail of its neighbour, not a statement


def quotation_excerpts(candidate: StatementCandidate) -> list[Span]:
    """A direct quotation that leaves words out ("A [...] B") quotes excerpts, each a statement of its
    own (article spans, each inside the quotation marks). An excerpt under ``_EXCERPT_WORDS`` words
    stays with its neighbour ("Parts of the island are ruined [...] There is flooding ..."), and so
    does one that goes on with the sentence before it ("Even though she left [...] she still ...")."""
    content = candidate.content
    text = content.text
    excerpts, start = [], 0
    for omission in _OMISSION.finditer(text):
        excerpts.append((start, omission.start()))
        start = omission.end()
    excerpts.append((start, len(text)))
    merged: list[tuple[int, int]] = []
    for a, b in excerpts:
        if merged and (len(text[merged[-1][0]:merged[-1][1]].split()) < _EXCERPT_WORDS or
                       len(text[a:b].split()) < _EXCERPT_WORDS or text[a:a + 1].islower()):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    pieces = []
    for a, b in merged:
        piece = text[a:b]
        stripped = piece.strip(" ,;")
        offset = a + piece.find(stripped)
        pieces.append(Span(content.start + offset, content.start + offset + len(stripped), stripped))
    return pieces
