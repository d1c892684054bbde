"""Stage 3, find candidates: a deterministic pass over body sentences, every finding with offsets.

It finds quotations (pairing quote marks robustly), attribution cues, the claimant behind a
denial, relaying outlets and number expressions; who spoke, to whom and asking what is read from
the syntactic parse of the sentences that can hold an attribution (``_attribution``).
The rules backend turns these straight into a brief; the LLM backends use them as the items a
small model only has to confirm and resolve.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ._models import StatementKind
from ._lexicon import GROUP_PRONOUNS, PRONOUNS
from ._numbers import NumberMatch, find_numbers
from ._parse import add_entities, parse
from ._segment import Document, Sentence
from ._attribution import Mention, antecedent, appeal_offsets, full_names, mentions_in, speaker_offsets


# --- cue lexicon -------------------------------------------------------------------------------
# Claim verbs with other common senses ("the talks concluded on Friday", "conceded a goal"): they
# report speech only in a reporting frame (see _is_verb_use).
_FRAMED_ONLY = ("reasoned", "observed", "concluded", "contended", "asserted", "remarked", "pointed out",
                "testified", "mentioned", "countered", "conceded", "describe", "describes", "explains",
                "announces", "confirms", "predicts", "observes", "concludes", "points out", "recounted",
                "disclosed", "revealed", "continued", "cited", "cites", "expressed", "questioned")
_CUES: dict[StatementKind, tuple[str, ...]] = {
    "denial": ("denied", "denies", "deny", "rejected", "rejects", "dismissed", "dismisses", "refuted",
               "refutes", "disputed", "disputes"),
    "appeal": ("urged", "urges", "urging", "called on", "calls on", "calling on", "called upon",
               "called for", "calls for", "appealed", "appeals", "appealing", "asked", "asks",
               "demanded", "demands", "requested", "requests", "pleaded", "implored", "asking",
               "encouraged", "encouraging", "encourages", "advised", "advises", "recommended",
               "recommends"),
    "warning": ("warned", "warns", "warning", "cautioned", "cautions", "threatened", "threatens"),
    "pledge": ("vowed", "vows", "pledged", "pledges", "promised", "promises"),
    "claim": ("said", "says", "say", "told", "tells", "added", "adds", "stated", "states", "claimed",
              "claims", "noted", "notes", "explained", "argued", "argues", "insisted", "insists",
              "maintained", "reiterated", "reiterates", "recalled", "announced", "confirmed", "wrote",
              "writes", "writing", "tweeted", "replied", "responded", "commented", "declared",
              "stressed", "emphasised", "emphasized", "alleged", "alleges", "acknowledged",
              "admitted", "believes", "estimated", "predicted", "highlighted", "according to",
              "described", "suggested", "reported", "explaining", "estimating", "saying", "accused", "accuses",
              "accusing", "condemned", "condemns", "criticised", "criticized", "criticises", "criticizes",
              "blamed", "blames", *_FRAMED_ONLY),
    "other": ("apologised", "apologized", "apologises", "apologizes", "praised", "praises", "thanked",
              "thanks", "congratulated"),
}
_CUE_KIND = {cue: kind for kind, cues in _CUES.items() for cue in cues}
# "According to" also opens sentences; every other cue is a verb, lower-case in running text.
_CUE_RE = re.compile(r"\b(According to|" + "|".join(sorted(map(re.escape, _CUE_KIND), key=len, reverse=True)) + r")\b")


def _cue_word(cue: re.Match) -> str:
    return cue.group(1).lower()


_OUTLET_WORDS = re.compile(
    r"\b(News|Press|Times|Post|Journal|Agency|Tribune|Herald|Guardian|Reuters|AFP|AP|ANI|PTI|IANS|BBC|"
    r"CNN|Sputnik|TASS|Xinhua|Gazette|Telegraph|Radio|TV|Television|Wire|Daily|Magazine|"
    r"Network|Broadcasting|Bloomberg|Associated)\b"
)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class QuoteSpan:
    start: int  # first character inside the marks
    end: int  # last character inside the marks (exclusive)
    words: int
    closed: bool


@dataclass
class StatementCandidate:
    sentence: Sentence
    cue: str
    cue_span: Span
    kind: StatementKind
    speaker: Span | None
    content: Span
    direct: bool
    addressee: Span | None = None
    request: Span | None = None
    alleged_by: str | None = None
    reported_via: list[str] = field(default_factory=list)
    continuation: bool = False  # a quote paragraph attributed to the previous speaker
    refers_to: "Mention | None" = None  # the fuller named mention a pronoun or surname speaker stands for

    @property
    def speaker_is_pronoun(self) -> bool:
        return self.speaker is not None and self.speaker.text.lower() in PRONOUNS


@dataclass
class FigureCandidate:
    number: NumberMatch
    sentence: Sentence
    what: Span | None


@dataclass
class Candidates:
    statements: list[StatementCandidate]
    figures: list[FigureCandidate]
    sources: list[str]
    quotes: list[QuoteSpan]


def find_candidates(document: Document) -> Candidates:
    text = document.text
    quotes = [q for block in document.blocks if block.kind == "body" for q in find_quotes(text, block.start, block.end)]
    # Only sentences that can hold an attribution are parsed: those with a cue word or a quotation.
    cued = {sentence.index for sentence in document.sentences if _CUE_RE.search(sentence.text)}
    quoting = {sentence.index for sentence in document.sentences if _quotations_in(sentence, quotes)}
    parses = _parse_sentences(document, cued | quoting, {})
    statements: list[StatementCandidate] = []
    for sentence in document.sentences:
        candidate = _statement_in(sentence, text, quotes, document, parses.get(sentence.index))
        if candidate is None and sentence.index in quoting:
            candidate = _introduced_quote(sentence, text, quotes, parses[sentence.index])
        if candidate is None:
            candidate = _continuation_quote(sentence, text, quotes, statements)
        if candidate is not None:
            _resolve_addressee(candidate, statements)
            statements.append(candidate)
            own_quotes = _quotations_in(sentence, quotes)
            second = _quote_after_attribution(candidate, text, own_quotes) or \
                _quote_ending_reported_speech(candidate, text, own_quotes)
            if second is not None:
                statements.append(second)
    _find_referents(document, statements, parses)
    figures = [_figure(sentence, match) for sentence in document.sentences for match in _numbers_in(sentence)
               if not _relative_time(document.text, match) and not _one_as_article(document.text, match)]
    return Candidates(statements=statements, figures=figures, sources=find_sources(document), quotes=quotes)


# --- quotations --------------------------------------------------------------------------------
def find_quotes(text: str, start: int, end: int) -> list[QuoteSpan]:
    """Pair quotation marks inside one paragraph.

    Handles what broke peer tools on real news: straight quotes whose role is read from the
    neighbouring characters, '' used as a double quote, a quote left open at the paragraph end
    (multi-paragraph quotations), a stray opening mark used to close, and apostrophes in
    plural possessives (voters’) that must not close anything.
    """
    spans: list[QuoteSpan] = []
    open_at: int | None = None
    position = start
    while position < end:
        char = text[position]
        width = 1
        is_mark = char in "\"“”"
        if text.startswith("''", position) or text.startswith("``", position):
            is_mark, width = True, 2
        if is_mark:
            before = text[position - 1] if position > start else " "
            after = text[position + width] if position + width < end else " "
            opens = char in "“`" or (char in "\"'" and (before.isspace() or before in "([—–-/") and not after.isspace())
            closes = char == "”" or (char in "\"'" and not before.isspace())
            if open_at is None and (opens or (char == "“")):
                open_at = position + width
            elif open_at is not None and (closes or (char == "“" and after.isspace())):
                spans.append(_quote(text, open_at, position, closed=True))
                open_at = None
            elif open_at is None and closes:
                pass  # a stray closing mark: nothing to pair it with
        position += width
    if open_at is not None and end - open_at > 1:
        spans.append(_quote(text, open_at, end, closed=False))
    return spans


def _quote(text: str, start: int, end: int, *, closed: bool) -> QuoteSpan:
    while end > start and text[end - 1] in ", \t":
        end -= 1  # `"...school," said X`: the comma belongs to the reporting sentence
    inner = text[start:end]
    return QuoteSpan(start=start, end=end, words=len(inner.split()), closed=closed)


def is_scare_quote(quote: QuoteSpan) -> bool:
    """Short quoted phrases ("caretaker government") label words; they are not quotations."""
    return quote.words < 4


def _quotations_in(sentence: Sentence, quotes: list[QuoteSpan]) -> list[QuoteSpan]:
    """The quotations (scare quotes left out) that open inside ``sentence``."""
    return [q for q in quotes if sentence.start <= q.start < sentence.end and not is_scare_quote(q)]


# --- statements --------------------------------------------------------------------------------
def _statement_in(sentence: Sentence, text: str, quotes: list[QuoteSpan], document: Document, doc):
    """``doc`` is the sentence's parse; only sentences without a cue (returned at once) have none."""
    cues = [m for m in _CUE_RE.finditer(sentence.text) if not _inside_any_quote(sentence.start + m.start(), quotes)]
    cues = [m for m in cues if _is_verb_use(sentence.text, m)]
    if not cues:
        return None
    found = []
    for cue in cues:
        speaker = _speaker_for(sentence, cue, doc)
        if speaker is not None:
            found.append((cue, speaker))
    if not found:
        return _orphan(sentence, text, cues[0], quotes)
    cue, speaker, relays = _primary_attribution(sentence, found)
    alias = _ALIAS_AFTER_ROLE.match(sentence.text, speaker.end - sentence.start)
    if alias and not re.search(r"\s[A-Z]", speaker.text):  # a role ("A weapons expert"), not a name
        # "A weapons expert, who tweets as Calibre Obscura, said": the name is who can be checked.
        speaker = _span(sentence, alias.start("name"), alias.end("name"))
    if _cue_word(cue) == "according to":
        # "According to Yonhap, quoting the state news agency KCNA, ...": KCNA spoke, Yonhap relays.
        after_speaker = speaker.end - sentence.start
        relayed = re.match(r"\s*,\s*quoting\s+(?P<who>[^,]{2,100}?)\s*,", sentence.text[after_speaker:])
        if relayed:
            relays.append(speaker.text)
            speaker = _span(sentence, after_speaker + relayed.start("who"), after_speaker + relayed.end("who"))
    quoting = re.match(r"\s*Quoting\s+([^,]{2,60}),", sentence.text)
    if quoting:
        relays.append(quoting.group(1).strip())
    kind: StatementKind = _CUE_KIND[_cue_word(cue)]
    cue_span = _span(sentence, cue.start(), cue.end())
    sentence_quotes = _quotations_in(sentence, quotes)
    addressee = request = None
    if kind == "appeal":
        addressee, request = _appeal_parts(sentence, cue, doc)
    quote = _main_quote(sentence, cue, sentence_quotes)
    if quote is not None:
        content = Span(quote.start, quote.end, text[quote.start : quote.end])
        direct = True
    else:
        content = _reported_content(sentence, cue, speaker, request)
        direct = False
    if content is not None:
        content = _trim_content(content)
    if content is None or len(content.text.split()) < 3 or _is_only_speaker(content.text, speaker.text):
        return None
    via = _according_to_outlet(sentence.text)
    if via and via not in relays and via != speaker.text:
        relays.append(via)
    candidate = StatementCandidate(
        sentence=sentence, cue=_cue_word(cue), cue_span=cue_span, kind=kind, speaker=speaker,
        content=content, direct=direct, addressee=addressee, request=request, reported_via=relays,
    )
    if kind in ("claim", "warning") and _looks_like_denial(candidate, document):
        candidate.kind = "denial"
    if candidate.kind == "denial":
        candidate.alleged_by = _claimant(sentence, document)
    return candidate


def _orphan(sentence: Sentence, text: str, cue: re.Match, quotes: list[QuoteSpan]) -> StatementCandidate | None:
    """A cue whose speaker the rules cannot find ("..., it added", a clause-initial quote).

    Kept with ``speaker=None``: the rules backend drops it, a model backend may name the speaker
    from a closed list of names in the article.
    """
    quote = next(iter(_quotations_in(sentence, quotes)), None)
    if quote is not None:
        content = Span(quote.start, quote.end, text[quote.start : quote.end])
    else:
        after = sentence.text[cue.end():].strip(" ,.")
        if len(after.split()) < 4:
            return None
        start = sentence.text.find(after, cue.end())
        content = _trim_content(_span(sentence, start, start + len(after)))
        lead = re.match(r"that\s+", content.text)
        if lead:
            content = Span(content.start + lead.end(), content.end, content.text[lead.end():])
    kind: StatementKind = _CUE_KIND[_cue_word(cue)]
    return StatementCandidate(sentence=sentence, cue=_cue_word(cue), cue_span=_span(sentence, cue.start(), cue.end()),
                              kind=kind, speaker=None, content=content, direct=quote is not None)


def _primary_attribution(sentence: Sentence, found: list) -> tuple[re.Match, Span, list[str]]:
    """Pick who spoke when a sentence has several cues; the others relayed it.

    "X recalled that Y had said ...": a later cue after "that" is nested, so Y spoke.
    "..., reported Khaama Press." / "..., according to AFP.": a trailing cue relays, so the earlier
    speaker spoke; so does a leading "According to X, Y said". "X vowed ... even as Y announced ...":
    otherwise the first cue is the statement.
    """
    primary = 0
    relays: list[str] = []
    for index in range(1, len(found)):
        cue, speaker = found[index]
        previous_cue = found[primary][0]
        between = sentence.text[previous_cue.end() : min(cue.start(), speaker.start - sentence.start)]
        trailing = re.search(r",\s*$", sentence.text[: cue.start()]) is not None or _cue_word(cue) == "according to"
        follows_source = re.fullmatch(r"\s*,\s*", sentence.text[found[primary][1].end - sentence.start:
                                                                speaker.start - sentence.start]) is not None
        # "According to the Herald, Professor X said ...": the outlet relays what X said.
        leading_source = (_cue_word(previous_cue) == "according to" and previous_cue.start() == 0 and follows_source
                          and not re.search(r"\b(?:who|that|which)$", speaker.text))
        if leading_source or (re.search(r"\bthat\b", between) and not trailing):
            relays.append(found[primary][1].text)
            primary = index
        elif trailing:
            relays.append(speaker.text)
    cue, speaker = found[primary]
    return cue, speaker, [r for r in relays if r != speaker.text]


def _main_quote(sentence: Sentence, cue: re.Match, quotes: list[QuoteSpan]) -> QuoteSpan | None:
    """The quotation that IS the statement, not a fragment quoted inside reported speech.

    The longest quotation at the cue: `"A", it added; and, later, "B"` has B longer, but A is the
    one the cue reports (B is picked up by ``_quote_after_attribution``)."""
    # `said: "..."`, `said "..."`, `"...," he said`: the quote sits right at the cue.
    cue_start, cue_end = sentence.start + cue.start(), sentence.start + cue.end()
    for quote in sorted(quotes, key=lambda q: q.end - q.start, reverse=True):
        gap_after = sentence.text[cue.end() : max(cue.end(), quote.start - sentence.start - 1)]
        gap_before = sentence.text[max(0, quote.end - sentence.start + 1) : cue.start()]
        if quote.start > cue_end and len(gap_after.split()) <= 1 and quote.words >= 4:
            return quote
        if quote.end < cue_start and len(gap_before.split()) <= 6 and quote.words >= 4:
            return quote
    return None


# Between the attribution and a further quotation: `, "` continues one quotation split by the
# attribution; `; and, later, "` or `, adding, "` starts another one, by the same speaker.
_SPLIT_QUOTE_GAP = re.compile(r"[\s,:;]*[\"“”'‘’]*")
_SECOND_QUOTE_GAP = re.compile(r"[\s,:;]*(?:and|then|later|adding|before adding|and later|and,? later)?"
                               r"[\s,:;]*(?:later|then)?[\s,:;]*[\"“”'‘’]*", re.IGNORECASE)


def _quote_after_attribution(candidate: StatementCandidate, text: str,
                             quotes: list[QuoteSpan]) -> StatementCandidate | None:
    """``quotes``: the quotations of the candidate's sentence (``_quotations_in``).

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


def _quote_ending_reported_speech(candidate: StatementCandidate, text: str,
                                  quotes: list[QuoteSpan]) -> StatementCandidate | None:
    """Reported speech that ends in a quotation, `said X, "Q"` / `told the court that, over
    five months, "Q"`: when X is a clause of its own, X and Q are two statements (Q is returned);
    when it is only a lead-in phrase, Q alone is the statement (the candidate is changed)."""
    if candidate.direct or candidate.speaker is None:
        return None
    content = candidate.content
    ending = [q for q in quotes if content.start < q.start and q.end >= content.end - 1]
    if not ending:
        return None
    quote = ending[0]
    lead_in = text[content.start : quote.start]
    if not re.search(r"[,:]\s*[\"“”'‘]+$", lead_in):
        return None
    lead_in = lead_in.rstrip(" ,:\"“”'‘")
    if _SUBORDINATE.match(lead_in):
        return None  # "although X is known, "Q"": one sentence of reported speech, kept whole
    if len(lead_in.split()) >= 4 and _FINITE_VERB.search(lead_in):
        candidate.content = Span(content.start, content.start + len(lead_in), lead_in)
        return _further_quotation(candidate, text, quote)
    candidate.content = Span(quote.start, quote.end, text[quote.start : quote.end])
    candidate.direct = True
    return None


def _parse_sentences(document: Document, wanted: set[int], parses: dict) -> dict:
    """Parses of the ``wanted`` sentences, added to ``parses`` (sentences already there are kept)."""
    todo = sorted(i for i in wanted if i not in parses)
    parses.update(zip(todo, parse([document.sentences[i].text for i in todo])))
    return parses


def _find_referents(document: Document, statements: list[StatementCandidate], parses: dict) -> None:
    """Ties each speaker to the name a reader would give: a pronoun ("he", "she", "it") to the
    nearest earlier named person (or body, for "it") in its sentence or the two before, and a bare
    surname ("Saleh") to the full name the article gives ("Amrullah Saleh")."""
    pronouns = [c for c in statements if c.speaker is not None and c.speaker.text.lower() in PRONOUNS]
    listeners = [c for c in statements if c.addressee is not None and c.addressee.text.lower() in ("him", "her")]
    window = {i for c in pronouns + listeners for i in range(max(0, c.sentence.index - 2), c.sentence.index + 1)}
    _parse_sentences(document, window, parses)
    add_entities(parses[i] for i in sorted(window))
    named = [m for i in sorted(window)
             for m in mentions_in(parses[i], document.sentences[i].start, document.sentences[i].block_index)]
    # a bare surname stands for the full name ending in it, unless two people share it
    surnames = {c.speaker.text for c in statements
                if c.speaker is not None and re.fullmatch(r"[A-Z][\w'’\-]+", c.speaker.text)}
    _parse_sentences(document, {s.index for s in document.sentences
                                if any(re.search(rf"\b{re.escape(n)}\b", s.text) for n in surnames)}, parses)
    full = sorted((m for i, doc in parses.items()
                   for m in full_names(doc, document.sentences[i].start, document.sentences[i].block_index)),
                  key=lambda m: m.start)
    # the name proper is the last two words ("Afghan President Amrullah Saleh": "Amrullah Saleh");
    # a surname borne by two different people ("Melania Trump", "Donald Trump") stands for neither
    bearers: dict[str, dict[str, Mention]] = {}
    for mention in map(_last_two_words, full):
        bearers.setdefault(mention.text.split()[-1], {}).setdefault(mention.text, mention)
    full_name = {surname: next(iter(names.values())) for surname, names in bearers.items() if len(names) == 1}
    # a surname alone as a subject ("Maróth pointed out ...") is a person the tagger may have missed
    for i in sorted(window):
        doc, sentence = parses[i], document.sentences[i]
        for token in doc:
            if token.dep_ in ("nsubj", "nsubjpass") and token.pos_ == "PROPN" and token.ent_type_ == "" and \
                    token.text in full_name and not any(c.dep_ == "compound" for c in token.children):
                start = sentence.start + token.idx
                named.append(Mention(start, start + len(token), full_name[token.text].text, sentence.block_index, True))
    spoken = [c.speaker.text for c in statements if c.speaker is not None]
    for candidate in statements:
        surname = candidate.speaker.text if candidate.speaker is not None else ""
        if surname not in full_name:
            continue
        name = full_name[surname]
        # (a speaker already named in full elsewhere is merged with it when the brief is assembled)
        if not any(name.text in other for other in spoken):
            candidate.refers_to = name
    # Earlier speakers, under the names they were resolved to.
    speakers = []
    for c in statements:
        if c.speaker is None or c in pronouns:
            continue
        inside = [m for m in named if c.speaker.start <= m.start and m.end <= c.speaker.end]
        if inside or c.speaker.text in full_name:  # a named entity, or a known person's surname
            shown = c.refers_to.text if c.refers_to is not None else c.speaker.text
            speakers.append(Mention(c.speaker.start, c.speaker.end, shown, c.sentence.block_index,
                                    any(m.person for m in inside) or c.speaker.text in full_name))
    # the nearest earlier mention, named as a reader would name it (an earlier speaker's resolved name)
    mentions = speakers + [m for m in named if not any(s.start <= m.start < s.end for s in speakers)]
    for candidate in pronouns:
        candidate.refers_to = antecedent(candidate.speaker.text, candidate.speaker.start,
                                         candidate.sentence.block_index, mentions)
    for candidate in listeners:  # "pleaded with him": a person named before, other than the speaker
        own = {candidate.speaker.text, candidate.refers_to.text if candidate.refers_to else ""} \
            if candidate.speaker is not None else set()
        others = [m for m in speakers if m.text not in own] + [m for m in named if m.text not in own]
        named_listener = antecedent(candidate.addressee.text, candidate.addressee.start,
                                    candidate.sentence.block_index, others)
        if named_listener is not None:
            candidate.addressee = Span(named_listener.start, named_listener.end, named_listener.text)


def _last_two_words(mention: Mention) -> Mention:
    words = mention.text.split()
    if len(words) < 2:  # a one-word name is its own name proper
        return mention
    first = mention.text.rfind(words[-2])
    return Mention(mention.start + first, mention.end, mention.text[first:], mention.paragraph, mention.person)


def _introduced_quote(sentence: Sentence, text: str, quotes: list[QuoteSpan], doc) -> StatementCandidate | None:
    """A quotation introduced by a clause whose verb is no reporting cue: `Graham spoke on Fox News,
    "..."`, `Trump defended his decision: "..."`. The speaker is that clause's subject."""
    quote = next(iter(_quotations_in(sentence, quotes)), None)
    if quote is None:
        return None
    lead = text[sentence.start : quote.start].rstrip(" \"“'`‘")
    if not lead.endswith((",", ":")) or len(lead.split()) < 2:
        return None
    if lead.endswith(",") and not text[quote.start : quote.start + 1].isupper():
        return None  # `travelled to Ohio, "a place none had seen"`: a description, not words spoken
    # the clause before the quotation: its first verb that has a subject of its own
    verb = next((t for t in doc if t.idx < len(lead) and t.pos_ in ("VERB", "AUX")
                 and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)), None)
    if verb is None:
        return None
    found = speaker_offsets(doc, verb.idx, verb.idx + len(verb))
    if found is None:
        return None
    return StatementCandidate(
        sentence=sentence, cue=verb.lower_, cue_span=_span(sentence, verb.idx, verb.idx + len(verb)), kind="claim",
        speaker=_span(sentence, *found), content=Span(quote.start, quote.end, text[quote.start : quote.end]),
        direct=True,
    )


def _continuation_quote(sentence, text, quotes, previous):
    """A paragraph that is only a quotation continues the speaker of the paragraph before it."""
    if not previous:
        return None
    last = previous[-1]
    if last.sentence.block_index not in (sentence.block_index - 1, sentence.block_index) or last.speaker is None:
        return None
    own = _quotations_in(sentence, quotes)
    if not own or own[0].start - sentence.start > 2:
        return None
    quote = own[0]
    return StatementCandidate(
        sentence=sentence, cue="", cue_span=Span(quote.start, quote.start, ""), kind="claim",
        speaker=last.speaker, content=Span(quote.start, quote.end, text[quote.start : quote.end]),
        direct=True, continuation=True, reported_via=list(last.reported_via),
    )


def _resolve_addressee(candidate: StatementCandidate, previous: list[StatementCandidate]) -> None:
    """"... asked them to ...": them = whoever the appeal just before (within 3 sentences) addressed."""
    if candidate.addressee is None or candidate.addressee.text.lower() not in GROUP_PRONOUNS:
        return  # "him"/"her" are people named before: see _find_referents
    for earlier in reversed(previous):
        if candidate.sentence.index - earlier.sentence.index > 3:
            break
        if earlier.addressee is not None and earlier.addressee.text.lower() not in PRONOUNS:
            candidate.addressee = earlier.addressee
            return


def _inside_any_quote(offset: int, quotes: list[QuoteSpan]) -> bool:
    return any(q.start <= offset < q.end for q in quotes)


def _is_verb_use(sentence_text: str, cue: re.Match) -> bool:
    word = _cue_word(cue)
    before = sentence_text[: cue.start()].rstrip().lower()
    # "the said report", "a warning", "his claims" use the cue word as a noun or adjective.
    if word in ("claims", "appeals", "requests", "demands", "promises", "warning", "notes", "states",
                "says", "reported", "writing", "described"):
        if re.search(r"\b(the|a|an|his|her|their|its|our|such|these|those|of|in|to)$", before):
            return False
    if word == "thanks" and re.match(r"\s+to\b", sentence_text[cue.end():]):
        return False  # "reopened, thanks to new funding"
    if word in ("asked", "reported") and re.search(r"\b(when|if|was|were|being|been|is)$", before):
        return False
    # Passive voice ("People were encouraged to ...", "he was not asked", "she was told to")
    # names no speaker, unless its agent follows ("was announced by the ministry").
    passive = re.search(r"\b(was|were|been|being|is|are|be|get|got)(\s+\w+ly|\s+not|\s+never|\s+later|\s+also|"
                        r"\s+since)?$", before) if word.endswith("ed") or word == "told" else None
    if passive and (passive.group(2) or "").strip() in ("not", "never") or \
            passive and not re.match(r"\s+by\s", sentence_text[cue.end():]):
        return False
    # The frame for _FRAMED_ONLY verbs: "that", a comma, a colon or a quotation follows.
    if word in _FRAMED_ONLY and not re.match(r"\s*(?:that\b|[,:]|[\"“])", sentence_text[cue.end():]):
        # "... describe the judgement as historic" is the one frame without them.
        return word.startswith("describe") and re.match(r"(?:\s+[\w'’\-]+){1,8}\s+as\s", sentence_text[cue.end():]) is not None
    return True


_ALIAS_AFTER_ROLE = re.compile(
    r",\s*(?:who (?:tweets|writes|posts|blogs|goes) (?:as|under(?: the name)?)|(?:better |also )?known as|named|"
    r"called)\s+[\"“]?(?P<name>[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){0,4})[\"”]?\s*,"
)


def _speaker_for(sentence: Sentence, cue: re.Match, doc) -> Span | None:
    found = speaker_offsets(doc, cue.start(), cue.end())
    return _span(sentence, *found) if found is not None else None


def _span(sentence: Sentence, start: int, end: int) -> Span:
    piece = sentence.text[start:end]
    stripped = piece.strip().strip(",")
    offset = piece.find(stripped)
    return Span(sentence.start + start + offset, sentence.start + start + offset + len(stripped), stripped)


def _reported_content(sentence: Sentence, cue: re.Match, speaker: Span, request: Span | None) -> Span | None:
    if request is not None and request.start > sentence.start + cue.start():
        # "called on all the groups to refrain from ...": the appeal reads whole, listener and all.
        return _span(sentence, cue.start(), request.end - sentence.start)
    text = sentence.text
    speaker_start = speaker.start - sentence.start
    if speaker_start > cue.end() or _cue_word(cue) == "according to":
        # "CLAUSE, X said." / "According to X, CLAUSE."
        if _cue_word(cue) == "according to":
            rest = text[speaker.end - sentence.start:].lstrip(" ,")
            if len(rest.split()) >= 3:
                start = len(text) - len(rest)
                return _span(sentence, start, len(text.rstrip(". ")))
            head = text[: cue.start()].rstrip(" ,")
            return _span(sentence, 0, len(head)) if head else None
        that = re.match(r"\s*(?:on \w+\s+|in a \w+\s+)*,?\s*that\s+", text[speaker.end - sentence.start:])
        if that:  # "Residents were warned by the weather service that CLAUSE"
            start = speaker.end - sentence.start + that.end()
            return _span(sentence, start, len(text.rstrip(". ")))
        # "CLAUSE, X said." / "The decision was announced by X": the clause before the cue
        head = re.sub(r"(?:\s+(?:was|were|is|are|has been|have been|had been|been|be))+$", "",
                      text[: cue.start()].rstrip(" ,"))
        return _span(sentence, 0, len(head)) if head else None
    after = text[cue.end():]
    if re.match(r"\s*[,.;]", after) and speaker_start > 0:
        # "The council approved it, officials said, after a debate": the claim is the head clause.
        head = text[:speaker_start].rstrip(" ,")
        return _span(sentence, 0, len(head)) if len(head.split()) >= 3 else None
    lead = re.match(r"\s*(?:on \w+\s+|in a \w+\s+|last \w+\s+|clearly\s+|that\b[\s,]*|,\s*)*", after)
    start = cue.end() + (lead.end() if lead else 0)
    end = len(text.rstrip(" ."))
    trailing = re.search(r",\s*(?:according to|reported|said)\b[^,]*$", text[start:end])
    if trailing:
        end = start + trailing.start()
    if end - start < 8:
        head = text[: speaker_start].rstrip(" ,")
        return _span(sentence, 0, len(head)) if len(head.split()) >= 3 else None
    return _span(sentence, start, end)


def _trim_content(span: Span) -> Span:
    lead = re.match(r"[\s;:,\-–—]*(?:(?:and|but|or|then|later|also),?\s+)*[\s;:,\-–—]*", span.text)
    cut = lead.end() if lead else 0
    return Span(span.start + cut, span.end, span.text[cut:]) if cut else span


def _is_only_speaker(content: str, speaker: str) -> bool:
    return content.strip(" .,\"”“").lower() in {speaker.lower(), ""}




def _appeal_parts(sentence: Sentence, cue: re.Match, doc) -> tuple[Span | None, Span | None]:
    addressee, request = appeal_offsets(doc, cue.start(), cue.end())
    return (_span(sentence, *addressee) if addressee else None, _span(sentence, *request) if request else None)


def _according_to_outlet(text: str) -> str | None:
    match = re.search(r"according to (?:the )?([A-Z][\w'’.\- ]{1,50}?)(?=[,.;]|$)", text)
    if match and _OUTLET_WORDS.search(match.group(1)):
        return match.group(1).strip()
    return None


_NEGATION = re.compile(r"\b(not|n't|never|no|nothing|none|neither|nor|false|baseless|untrue)\b|n’t\b", re.IGNORECASE)
_ALLEGATION = re.compile(r"\b(alleg\w*|claim\w*|reports?|accus\w*|insinuation\w*|rumou?rs?|assumptions?|suggest\w*)\b", re.IGNORECASE)


def _looks_like_denial(candidate: StatementCandidate, document: Document) -> bool:
    """A statement that opens by negating ("Russia has not participated ...") right after an
    allegation is reported nearby is a denial, whatever its verb."""
    content = candidate.content.text
    if re.match(r"\s*(?:even though|although|though|like|if|unless|while|whether)\b", content, re.IGNORECASE):
        return False
    opening = " ".join(content.split()[:5])
    negation = _NEGATION.search(opening)
    if not negation or re.search(r"\bnot only\b", content[: negation.end() + 6], re.IGNORECASE):
        return False
    index = candidate.sentence.index
    context = document.sentences[max(0, index - 3) : index + 1]
    return any(_ALLEGATION.search(s.text) for s in context)


_CLAIMANT = re.compile(
    r"\b(?:reports?|claims?|allegations?|comments?|assumptions?|accusations?|insinuations?|suggestions?)\s+"
    r"(?:published\s+)?(?:by|from|of)\s+(?:the\s+)?[\"“]?(?P<who>[^\"”,.;]{3,60}?)[\"”]?(?=\s+(?:on|about|that|of|in)\b|[,.;\"”]|$)"
)
_CLAIMANT_VERB = re.compile(r"(?P<who>(?:[A-Z][\w'’.\-]+\s+){1,4})(?:had\s+|has\s+)?(?:claimed|alleged|accused|suggested)\b")


def _claimant(sentence: Sentence, document: Document) -> str | None:
    """Who made the claim being denied: searched in this sentence, then up to 5 before it."""
    for candidate in [sentence] + document.sentences[max(0, sentence.index - 5) : sentence.index][::-1]:
        match = _CLAIMANT.search(candidate.text) or _CLAIMANT_VERB.search(candidate.text)
        if match:
            return match.group("who").strip().strip("\"“”")
    return None


# --- sources -----------------------------------------------------------------------------------
_SOURCE_PATTERNS = [
    re.compile(r"\bwith (?:additional )?(?:inputs|reporting) from\s+(?P<who>[A-Z][\w&'’.\- ]{1,40}?)\s*[.)]?$", re.IGNORECASE),
    re.compile(r",\s*reported\s+(?P<who>[A-Z][\w&'’.\- ]{1,40}?)\s*\.?$"),
    re.compile(r"\bQuoting\s+(?P<who>[A-Z][\w&'’.\- ]{1,40}?),\s*(?P<relay>[A-Z][\w&'’.\-]+(?:\s+[A-Z][\w&'’.\-]+){0,3})"),
    re.compile(r"\baccording to (?:the )?(?P<who>[A-Z][\w&'’.\- ]{1,40}?)(?=[,.;]|$)"),
    re.compile(r"(?P<who>(?:[A-Z][\w&'’.\-]+\s+){0,3}[A-Z][\w&'’.\-]+)\s+(?:reported|reports)\b"),
]


# Words one of which each pattern above needs (same order), tested first: the patterns backtrack
# at every capital letter, and most paragraphs name no source at all.
_SOURCE_TRIGGERS = [("inputs", "reporting"), ("reported",), ("quoting",), ("according",), ("report",)]


def find_sources(document: Document) -> list[str]:
    sources: list[str] = []
    for block in document.blocks:
        if block.kind not in ("body", "credit"):
            continue
        lowered = block.text.lower()
        for pattern, trigger in zip(_SOURCE_PATTERNS, _SOURCE_TRIGGERS):
            if not any(word in lowered for word in trigger):
                continue
            for match in pattern.finditer(block.text):
                for group in ("who", "relay"):
                    name = match.groupdict().get(group)
                    if name and (block.kind == "credit" or _OUTLET_WORDS.search(name) or group == "relay" or pattern is _SOURCE_PATTERNS[2]):
                        name = name.strip().rstrip(".")
                        if name not in sources:
                            sources.append(name)
    return sources


# --- figures -----------------------------------------------------------------------------------
def _numbers_in(sentence: Sentence) -> list[NumberMatch]:
    return [
        NumberMatch(**{**m.__dict__, "start": m.start + sentence.start, "end": m.end + sentence.start})
        for m in find_numbers(sentence.text)
    ]


_TIME_UNITS = r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)"


def _relative_time(text: str, number: NumberMatch) -> bool:
    """"five hours earlier", "two years ago": a point in time, not a quantity (documented rule)."""
    return re.match(rf"\s+{_TIME_UNITS}\s+(?:earlier|later|ago|before|after|from now)\b", text[number.end:]) is not None


def _one_as_article(text: str, number: NumberMatch) -> bool:
    """"One news site", "one occasion": the word "one" counts something only in "one of the
    students" or after a comparison ("more than one", "only one")."""
    if number.raw.lower() != "one":
        return False
    counted = re.match(r"\s+of\b", text[number.end:]) is not None
    compared = re.search(r"\b(?:than|only|just|least|most|about|nearly|almost|exactly)\s+$", text[:number.start].lower())
    return not (counted or compared)


_WHAT_STOP = re.compile(r"\s(?:including|who|which|that|and|but|while|as|after|because|when|where|since|with|said|according)\b|[,.;:()\"”]")


def _figure(sentence: Sentence, number: NumberMatch) -> FigureCandidate:
    """`what` the number counts: the counted noun phrase after it ("2,50,000 residents stuck in
    Panjshir"), or for money, percentages and bare numbers the noun phrase before it ("a budget
    of $12 million"). At most 6 words, stopping at a clause boundary."""
    local_end = number.end - sentence.start
    rest = sentence.text[local_end:]
    stop = _WHAT_STOP.search(rest)
    words = (rest[: stop.start()] if stop else rest).split()[:6]
    after = None
    if words and words[0].lower() not in _TIME_OR_PREPOSITION:
        phrase_text = " ".join(words)
        start = sentence.text.find(phrase_text, local_end)
        if start >= 0:
            after = Span(sentence.start + start, sentence.start + start + len(phrase_text), phrase_text)
    if number.counted_noun is not None and after is not None:
        return FigureCandidate(number=number, sentence=sentence, what=after)
    return FigureCandidate(number=number, sentence=sentence, what=_what_before(sentence, number) or after)


_TIME_OR_PREPOSITION = {"on", "in", "at", "by", "of", "to", "for", "from", "last", "this", "next", "since",
                        "until", "during", "per", "each", "a", "an", "the", "and", "or", "over", "with"}


def _what_before(sentence: Sentence, number: NumberMatch) -> Span | None:
    """The last few words before the number, minus linking words: "a budget of $12m" -> "budget"."""
    head = sentence.text[: number.start - sentence.start]
    tokens = list(re.finditer(r"[\w'’\-]+", head))
    while tokens and tokens[-1].group(0).lower() in _LINKING:
        tokens.pop()
    kept = tokens[-3:]
    while kept and kept[0].group(0).lower() in _LINKING | {"its", "their", "his", "her", "only", "found"}:
        kept.pop(0)
    if not kept:
        return None
    return _span(sentence, kept[0].start(), kept[-1].end())


_LINKING = {"of", "at", "to", "by", "is", "was", "were", "are", "rose", "fell", "reached", "stood",
            "totalling", "totaling", "about", "around", "nearly", "some", "than", "more",
            "less", "over", "under", "up", "least", "only", "just", "almost", "approximately", "roughly", "and",
            "with", "for", "in", "on", "estimated", "an", "a", "the", "when", "that", "which"}
