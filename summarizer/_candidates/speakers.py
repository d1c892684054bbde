"""Speakers: who spoke a cue, to whom, and which named person or body a pronoun or surname stands for.

Read from the syntactic parse of the sentence (``_attribution`` reads the roles off the parse);
this module maps them to article spans, picks the speaker when a sentence has several cues, finds
who made a denied claim, and ties pronoun, surname and "him"/"them" mentions to their antecedents.
"""

from __future__ import annotations

import re

from .._attribution import (Mention, antecedent, appeal_offsets, full_names, is_plural, mentions_in,
                            person_or_body, speaker_offsets)
from .._lexicon import (BODY_NAME, BODY_NOUNS, GROUP_PRONOUNS, INDEFINITE_DETERMINERS, PERSON_NOUNS, PRONOUNS,
                        ROLE_HEAD_NOUNS, SINGLE_OFFICES, TITLES, WORK_NOUNS)
from .._parse import add_entities, parse
from .._segment import Document, Sentence
from .cues import cue_word
from .sources import OUTLET_WORDS
from .spans import Span, StatementCandidate, span_in


_ROLE_PARAGRAPHS = 2


def parse_sentences(document: Document, wanted: set[int], parses: dict) -> dict:
    """Parses of the ``wanted`` sentences, added to ``parses`` (sentences already there are kept)."""
    todo = sorted(i for i in wanted if i not in parses)
    parses.update(zip(todo, parse([document.sentences[i].text for i in todo])))
    return parses


def speaker_for(sentence: Sentence, cue: re.Match, doc) -> Span | None:
    found = speaker_offsets(doc, cue.start(), cue.end())
    if found is not None:
        found = person_or_body(doc, *found)
    return span_in(sentence, *found) if found is not None else None


def appeal_parts(sentence: Sentence, cue: re.Match, doc) -> tuple[Span | None, Span | None]:
    addressee, request = appeal_offsets(doc, cue.start(), cue.end())
    return (span_in(sentence, *addressee) if addressee else None, span_in(sentence, *request) if request else None)


def primary_attribution(sentence: Sentence, found: list) -> tuple[re.Match, Span, list[str]]:
    """Pick who spoke when a sentence has several cues; the others relayed it.

    "Sputnik reported that Y had said ...": a later cue after an outlet's "that" is nested, so Y
    spoke; after a person's ("X said that Y had claimed ...") X's statement holds Y's.
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
        trailing = re.search(r",\s*$", sentence.text[: cue.start()]) is not None or cue_word(cue) == "according to"
        follows_source = re.fullmatch(r"\s*,\s*", sentence.text[found[primary][1].end - sentence.start:
                                                                speaker.start - sentence.start]) is not None
        # "According to the Herald, Professor X said ...": the outlet relays what X said.
        leading_source = (cue_word(previous_cue) == "according to" and previous_cue.start() == 0 and follows_source
                          and not re.search(r"\b(?:who|that|which)$", speaker.text))
        # "Trump has admitted to ..., according to prosecutors": the source a trailing "according to"
        # names made the whole report (an outlet, "according to AFP", only relays it)
        reports_it = cue_word(cue) == "according to" and not OUTLET_WORDS.search(speaker.text) and \
            speaker.text.split()[-1].lower() not in WORK_NOUNS
        # "Sputnik reported that X said ...": an outlet's "that" relays the speaker inside it; a
        # person's ("Hale said that the opposition had claimed ...") is the statement itself
        outlet_relays = re.search(r"\bthat\b", between) is not None and not trailing and (
            OUTLET_WORDS.search(found[primary][1].text) is not None or cue_word(previous_cue) in ("reported", "reports"))
        if leading_source or reports_it or outlet_relays:
            relays.append(found[primary][1].text)
            primary = index
        elif trailing:
            relays.append(speaker.text)
    cue, speaker = found[primary]
    return cue, speaker, [r for r in relays if r != speaker.text]


ALIAS_AFTER_ROLE = re.compile(
    r",\s*(?:who (?:tweets|writes|posts|blogs|goes) (?:as|under(?: the name)?)|(?:better |also )?known as|named|"
    r"called)\s+[\"“]?(?P<name>[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){0,4})[\"”]?\s*,"
)


_CLAIMANT = re.compile(
    r"\b(?:reports?|claims?|allegations?|comments?|assumptions?|accusations?|insinuations?|suggestions?)\s+"
    r"(?:published\s+)?(?:by|from|(?P<of>of))\s+(?:the\s+)?[\"“]?(?P<who>[^\"”,.;]{3,60}?)[\"”]?(?=\s+(?:on|about|that|of|in)\b|[,.;\"”]|$)"
)
# "the biggest lie being told by the administration [is] that ...", "claims made by the opposition"
_CLAIMANT_TOLD_BY = re.compile(
    r"\b(?:lies?|claims?|allegations?|accusations?)\s+(?:being\s+|that\s+(?:was|were|is|are)\s+)?(?:told|made|spread|"
    r"levelled|leveled|put forward)\s+by\s+(?P<who>(?:the\s+)?[^\"”,.;\[\]]{3,60}?)"
    r"(?=\s+(?:on|about|that|of|in|is|was|are|were|against)\b|[,.;\"”\[]|$)"
)
_CLAIMANT_VERB = re.compile(r"(?P<who>(?:[A-Z][\w'’.\-]+\s+){1,4})(?:had\s+|has\s+)?(?:claimed|alleged|accused|suggested)\b")


def claimant(sentence: Sentence, document: Document) -> str | None:
    """Who made the claim being denied: searched in this sentence, then up to 5 before it."""
    for candidate in [sentence] + document.sentences[max(0, sentence.index - 5) : sentence.index][::-1]:
        match = _CLAIMANT.search(candidate.text) or _CLAIMANT_TOLD_BY.search(candidate.text) or \
            _CLAIMANT_VERB.search(candidate.text)
        if match and match.groupdict().get("of") and not re.match(r"(?:the\s+)?[A-Z]", match.group("who")):
            match = _CLAIMANT_VERB.search(candidate.text)  # "claims of immunity": what was claimed, not who
        if match:
            return match.group("who").strip().strip("\"“”")
    return None


def resolve_addressee(candidate: StatementCandidate, previous: list[StatementCandidate]) -> None:
    """"... asked them to ...": them = whoever the appeal just before (within 3 sentences) addressed."""
    if candidate.addressee is None or candidate.addressee.text.lower() not in GROUP_PRONOUNS:
        return  # "him"/"her" are people named before: see find_referents
    for earlier in reversed(previous):
        if candidate.sentence.index - earlier.sentence.index > 3:
            break
        if earlier.addressee is not None and earlier.addressee.text.lower() not in PRONOUNS:
            candidate.addressee = earlier.addressee
            return


# ", the Defense Secretary," / ", a spokeswoman for the Pentagon." / ", Trump's defense secretary,"
_ROLE_AFTER = re.compile(r",\s+(?P<role>(?:(?:the|a|an)\s+|[A-Z][\w.\-]*[’']s\s+)[^,.;:()\"“”]{2,80}?)\s*(?:[,.;:]|$)")
# "The Defense Secretary, " before the name, at the start of its clause
_ROLE_BEFORE = re.compile(r"(?:^|[,;:\"“”]\s*|\b(?:said|says|told|added)\s+)(?P<role>(?:[Tt]he|[Aa]n?)\s+[^,.;:()\"“”]{2,80}?),\s*$")


def role_beside(sentence: Sentence, speaker: Span) -> str | None:
    """The role a sentence sets off by commas beside a named speaker: "Mark Esper, the Defense
    Secretary, said", "The Defense Secretary, Mark Esper, said", "said Jane Doe, a spokeswoman for
    X." The role must hold a title or a person noun ("Jane Doe, a mother of two" has "mother"; "Jane
    Doe, the first to arrive," has none), and the speaker must be a name, not itself a role."""
    if not re.fullmatch(r"(?:[A-Z][\w'’.\-]*\s+){0,3}[A-Z][\w'’\-]+", speaker.text) or \
            speaker.text.lower() in PRONOUNS:
        return None
    local_start, local_end = speaker.start - sentence.start, speaker.end - sentence.start
    after = _ROLE_AFTER.match(sentence.text, local_end)
    before = _ROLE_BEFORE.search(sentence.text[:local_start])
    for found in (after, before):
        if found is None:
            continue
        role = found.group("role")
        words = role.split()
        if words[0].lower() in ("the", "a", "an"):
            words = words[1:]
        # the role's own words, before "of"/"for"/"at" ("a spokeswoman for the Pentagon": "spokeswoman")
        own = []
        for word in words:
            if word.lower() in ("of", "for", "at", "with", "in", "to", "from"):
                break
            own.append(word.lower().strip("’'"))
        if own and any(w in TITLES or w in PERSON_NOUNS for w in own) and \
                not any(w in ("who", "which", "that", "said", "says", "told") for w in map(str.lower, words)):
            return " ".join(words)
    return None


_BARE_BODY = re.compile(r"(?:(?i:the)\s+)?(?P<noun>[a-z]+|Police)")
_NAME_WORD = r"(?:[A-Z][\w'’.&\-]*)"


def named_body(document: Document, sentence: Sentence, speaker: Span) -> Mention | None:
    """"The Foreign Office issued a warning. The office said ...": a bare body noun ("the office",
    "the ministry") stands for the nearest body named before it, in its paragraph or the two before,
    whose name ends in that noun ("Foreign Office", "the Health Ministry of Peru")."""
    bare = _BARE_BODY.fullmatch(speaker.text)
    if bare is None or bare.group("noun").lower() not in BODY_NOUNS:
        return None
    noun = bare.group("noun").capitalize()
    pattern = re.compile(rf"(?<![\w'’.&\-])(?P<name>(?:{_NAME_WORD}\s+){{1,4}}{noun}"
                         rf"(?:\s+(?:of|for)\s+(?:the\s+)?{_NAME_WORD}(?:\s+(?:and\s+)?{_NAME_WORD})*)?)(?![\w'’\-])")
    found: Mention | None = None
    for earlier in document.sentences[: sentence.index + 1]:
        if sentence.block_index - earlier.block_index > _ROLE_PARAGRAPHS:
            continue
        limit = speaker.start - earlier.start if earlier.index == sentence.index else len(earlier.text)
        for match in pattern.finditer(earlier.text[:limit]):
            name = match.group("name")
            lead = re.match(r"(?:(?:The|A|An|In|On|At|By|From|But|And|As)\s+)+", name)
            if lead is not None:
                name = name[lead.end():]
            if name.split()[0] == noun:
                continue  # "The Office said": the noun alone, capitalised at the start of a sentence
            start = earlier.start + match.end("name") - len(name)
            found = Mention(start, start + len(name), name, earlier.block_index, False, sentence=earlier.index)
    return found


def find_referents(document: Document, statements: list[StatementCandidate], parses: dict) -> None:
    """Ties each speaker to the name a reader would give: a pronoun ("he", "she", "it") to the
    nearest earlier named person (or body, for "it") in its sentence or the two before, and a bare
    surname ("Saleh") to the full name the article gives ("Amrullah Saleh")."""
    pronouns = [c for c in statements if c.speaker is not None and c.speaker.text.lower() in PRONOUNS]
    listeners = [c for c in statements if c.addressee is not None and c.addressee.text.lower() in ("him", "her")]
    window = {i for c in pronouns + listeners for i in range(max(0, c.sentence.index - 2), c.sentence.index + 1)}
    parse_sentences(document, window, parses)
    add_entities(parses[i] for i in sorted(window))
    named = [m for i in sorted(window)
             for m in mentions_in(parses[i], document.sentences[i].start, document.sentences[i].block_index, i)]
    # a bare surname stands for the full name ending in it, unless two people share it
    surnames = {c.speaker.text for c in statements
                if c.speaker is not None and re.fullmatch(r"[A-Z][\w'’\-]+", c.speaker.text)}
    with_surname = sorted(s.index for s in document.sentences
                          if any(re.search(rf"\b{re.escape(n)}\b", s.text) for n in surnames))
    parse_sentences(document, set(with_surname), parses)
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
                named.append(Mention(start, start + len(token), full_name[token.text].text, sentence.block_index, True,
                                     subject=True, sentence=i))
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
    # a one-word speaker the entity tagger called a person anywhere in the article ("Trump", which it
    # missed in one sentence) is a person
    add_entities(parses[i] for i in with_surname)
    person_names = {e.text.split()[-1] for i in with_surname for e in parses[i].ents
                    if e.label_ == "PERSON" and not BODY_NAME.search(e.text)}
    speakers = []
    for c in statements:
        if c.speaker is None or c in pronouns:
            continue
        inside = [m for m in named if c.speaker.start <= m.start and m.end <= c.speaker.end]
        # "The report's authors say ...": a group a later "they" stands for
        plural = c.sentence.index in parses and is_plural(parses[c.sentence.index], c.speaker.start - c.sentence.start,
                                                          c.speaker.end - c.sentence.start)
        if inside or c.speaker.text in full_name or plural:  # a named entity, a known person's surname, a group
            shown = c.refers_to.text if c.refers_to is not None else c.speaker.text
            # (or a name the tagger called a person elsewhere: "Trump" it missed in one sentence)
            person = not plural and (any(m.person for m in inside) or c.speaker.text in full_name or
                                     _titled_name(c.speaker.text) or c.speaker.text in person_names)
            speakers.append(Mention(c.speaker.start, c.speaker.end, shown, c.sentence.block_index, person,
                                    subject=True, plural=plural, sentence=c.sentence.index, spoke=True))
    # a speaker whose sentence lies outside the window still counts as a person when its words say
    # so ("President Trump declared ...": a title before a name)
    for c in statements:
        if c.speaker is None or c in pronouns or any(s.start == c.speaker.start for s in speakers):
            continue
        # "Lydia Buchtmann for Food Standards Australia": the entity tagger swallowed the name into the
        # body it works for; the name before "for" is a person
        swallowed = re.fullmatch(r"[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){1,2}", c.speaker.text) is not None and \
            re.match(r"\s+(?:for|of|at|from)\s+[A-Z]", document.text[c.speaker.end:]) is not None and \
            any(m.start == c.speaker.start and m.end > c.speaker.end for m in named)
        if _titled_name(c.speaker.text) or swallowed:
            shown = c.refers_to.text if c.refers_to is not None else c.speaker.text
            speakers.append(Mention(c.speaker.start, c.speaker.end, shown, c.sentence.block_index, True,
                                    subject=True, sentence=c.sentence.index, spoke=True))
    # the nearest earlier mention, named as a reader would name it (an earlier speaker's resolved name)
    mentions = speakers + [m for m in named if not any(s.start <= m.start < s.end for s in speakers)]
    for candidate in pronouns:
        candidate.refers_to = antecedent(candidate.speaker.text, candidate.speaker.start,
                                         candidate.sentence.block_index, mentions, candidate.sentence.start)
        if candidate.refers_to is not None and not candidate.refers_to.person and not candidate.refers_to.plural:
            candidate.refers_to = _fullest_body_name(document, candidate.refers_to)
        if candidate.refers_to is not None:
            # "In an interview with Dawn, she said ... She also said ...": the second "she" is whoever
            # the first was, not the outlet beside it
            who = candidate.refers_to
            mentions.append(Mention(candidate.speaker.start, candidate.speaker.end, who.text,
                                    candidate.sentence.block_index, who.person, subject=True, plural=who.plural,
                                    sentence=candidate.sentence.index, spoke=True))
    # "the envoy asked ...", "Russia based envoy said ...": a role with no name stands for the person
    # who last spoke in its paragraph or the two before, when that person is the only one there
    roles = {c.refers_to.text if c.refers_to is not None else c.speaker.text: role_beside(c.sentence, c.speaker)
             for c in statements if c.speaker is not None and c not in pronouns}
    for candidate in statements:
        words = candidate.speaker.text.split() if candidate.speaker is not None else []
        if not words or candidate.refers_to is not None or words[-1] not in ROLE_HEAD_NOUNS:
            continue
        if words[0].lower() in INDEFINITE_DETERMINERS | {"one"}:
            continue  # "a Turkish official said": someone not named before
        titled = _titled_in_sentence(candidate)
        if titled is not None:  # "minister Jane Doe sent a letter, but the minister said ...": her
            candidate.refers_to = titled
            continue
        earlier = [m for m in speakers if m.person and m.spoke and m.end <= candidate.speaker.start
                   and 0 <= candidate.sentence.block_index - m.paragraph <= _ROLE_PARAGRAPHS
                   and role_fits(candidate.speaker.text, all_forms(m.text, spoken), roles.get(m.text))]
        if len({m.text for m in earlier}) == 1:
            candidate.refers_to = earlier[-1]
    for candidate in statements:
        if candidate.speaker is None:
            continue
        candidate.role = role_beside(candidate.sentence, candidate.speaker)
        body = named_body(document, candidate.sentence, candidate.speaker)
        if body is not None:  # ("Police" is no surname of "Thames Valley Police")
            candidate.refers_to = body
    for index, candidate in enumerate(statements):
        # "X said the president should accept the outcome": the addressee is the person named before
        # with that title ("President Trump"), not the speaker
        role = re.fullmatch(r"(?i:the)\s+(\w+)", candidate.addressee.text) if candidate.addressee is not None else None
        if role is None or role.group(1).lower() not in ROLE_HEAD_NOUNS:
            continue
        own = candidate.refers_to.text if candidate.refers_to is not None else \
            candidate.speaker.text if candidate.speaker is not None else ""
        titled = [c for c in statements[:index] if c.speaker is not None and c not in pronouns and
                  re.search(rf"\b(?i:{re.escape(role.group(1))})\s+[A-Z]", c.speaker.text) and
                  (c.refers_to.text if c.refers_to is not None else c.speaker.text) != own]
        if titled:
            who = titled[-1]
            candidate.addressee = Span(who.speaker.start, who.speaker.end,
                                       who.refers_to.text if who.refers_to is not None else who.speaker.text)
    for candidate in listeners:  # "pleaded with him": a person named before, other than the speaker
        own = {candidate.speaker.text, candidate.refers_to.text if candidate.refers_to else ""} \
            if candidate.speaker is not None else set()
        others = [m for m in speakers if m.text not in own] + [m for m in named if m.text not in own]
        named_listener = antecedent(candidate.addressee.text, candidate.addressee.start,
                                    candidate.sentence.block_index, others)
        if named_listener is not None:
            candidate.addressee = Span(named_listener.start, named_listener.end, named_listener.text)


_ROLE_WORD = re.compile(r"[\w\-]+")


def role_fits(role: str, person: str, person_role: str | None) -> bool:
    """Whether a role with no name ("the minister", "the local health minister") can be a person
    named before, from the words that name that person ("Civil Aviation Minister Jane Doe") and the
    role set beside her: when her title holds the role's noun, the role's own title words must be
    hers too ("minister" fits "Prime Minister Jane Doe"; "health minister" does not fit "Civil
    Aviation Minister Jane Doe"). A person named with another role or none may be any role."""
    known = {w.lower() for w in _ROLE_WORD.findall(f"{person} {person_role or ''}")}
    wanted = [w.lower() for w in _ROLE_WORD.findall(role)]
    if wanted and wanted[-1] in SINGLE_OFFICES and wanted[-1] not in known and any(w in TITLES for w in known):
        return False  # "the president" is not "Prime Minister Jane Doe"
    if not wanted or wanted[-1] not in known:
        return True
    return all(w in known for w in wanted[:-1] if w in TITLES)


def all_forms(name: str, spoken: list[str]) -> str:
    """Every way the article named a person ("Hardeep" is also "Civil Aviation Minister Hardeep Singh Puri")."""
    own = set(re.findall(r"\b[A-Z][\w'’\-]+", name))
    return " ".join([name] + [other for other in spoken if own & set(re.findall(r"\b[A-Z][\w'’\-]+", other))])


def _fullest_body_name(document: Document, body: Mention) -> Mention:
    """"The United States House of Representatives issued ... the House subpoenaed ... It also
    called for ...": a body a pronoun stands for, under the one longer name the article gave it
    before (two different ones, "White House" and "House of Representatives", leave it as it is)."""
    if not re.fullmatch(r"[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){0,2}", body.text):
        return body
    pattern = re.compile(rf"(?<![\w'’.\-])(?:[A-Z][\w'’.\-]*\s+)*{re.escape(body.text)}"
                         rf"(?:\s+of\s+(?:the\s+)?[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*)*)?(?![\w'’\-])")
    forms: dict[str, tuple[Sentence, int]] = {}  # each longer form -> where it was last written
    for sentence in document.sentences:  # (the body's sentences: a headline shortens names)
        if sentence.start >= body.start:
            break
        for match in pattern.finditer(sentence.text[: body.start - sentence.start]):
            form = re.sub(r"^(?:(?:The|A|An|In|On|At|By|From|But|And|As)\s+)+", "", match.group(0))
            if form != body.text:
                where = sentence.start + match.end() - len(form)
                forms[form] = (sentence, where)
    longest = [f for f in forms if not any(f != g and f in g for g in forms)]
    if len(longest) != 1:
        return body
    sentence, start = forms[longest[0]]
    # the mention is where the longer name stands: its offsets, paragraph and sentence all point there
    return Mention(start, start + len(longest[0]), longest[0], sentence.block_index, False, subject=body.subject,
                   sentence=sentence.index, spoke=body.spoke)


def _titled_in_sentence(candidate: StatementCandidate) -> Mention | None:
    """"Italian minister Jane Doe sent a letter, but the minister said ...": a role's head noun
    used as a title before a name earlier in the same sentence is that person."""
    head = candidate.speaker.text.split()[-1]
    before = candidate.sentence.text[: candidate.speaker.start - candidate.sentence.start]
    found = None
    for match in re.finditer(rf"\b(?i:{re.escape(head)})\s+(?P<name>[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){{1,2}})",
                             before):
        found = match
    if found is None:
        return None
    start = candidate.sentence.start + found.start("name")
    return Mention(start, start + len(found.group("name")), found.group("name"), candidate.sentence.block_index,
                   True, sentence=candidate.sentence.index)


_NAME_THEN_AFFILIATION = re.compile(r"[A-Z][a-z'’\-]+\s+(?:[A-Z]\.\s+)?[A-Z][\w'’\-]+\s+(?:for|of|at|from|with)\s+[A-Z]")


def _titled_name(mention: str) -> bool:
    """"President Trump", "Health Minister Jane Doe": a title then a capitalised name, no body's name;
    or "Lydia Buchtmann for Food Standards Australia": a first name and a surname, then where she works."""
    name = _NAME_THEN_AFFILIATION.match(mention)
    if name and not BODY_NAME.search(mention[: name.end()]):
        return True
    words = mention.split()
    if BODY_NAME.search(mention) or len(words) < 2 or not words[-1][:1].isupper():
        return False
    return any(w.lower().strip(",") in TITLES for w in words[:-1])


def _last_two_words(mention: Mention) -> Mention:
    words = mention.text.split()
    if len(words) < 2:  # a one-word name is its own name proper
        return mention
    first = mention.text.rfind(words[-2])
    return Mention(mention.start + first, mention.end, mention.text[first:], mention.paragraph, mention.person)
