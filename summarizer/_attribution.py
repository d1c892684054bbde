"""Stage 3, candidates: who spoke, to whom, asking what: read from the parse, not from patterns over raw text.

The speaker is the subject of the reporting verb ("Saleh said", `"...," said Michael Podhorzer`),
the object of "according to", or the agent of a passive ("was announced by the ministry"). A
participle or a second verb shares the subject of the clause it hangs from ("Estimating ...,
Saleh said", "issued a statement saying", "arrived and said"); a relative clause's speaker is the
noun it describes ("the minister, who said ..."). The speaker is the noun phrase of that word:
its name with titles and modifiers, never a clause, a time or place phrase, or an apposition
("Tom Vilsack, the secretary of agriculture," gives "Tom Vilsack"; "the director, Jane Doe," gives
"Jane Doe").
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ._lexicon import (ALLEGATION_NOUNS, AMOUNT_VERBS, BODY_NAME, BODY_NOUNS, BODY_PRONOUNS, MEASURE_NOUNS, PART_OF_GROUP,
                       PERSON_NOUNS, PERSON_PRONOUNS, POSSESSIVE_PRONOUNS, PRONOUNS, QUANTIFIERS, SPEECH_ACT_NOUNS,
                       TITLES, WHAT_PREPOSITIONS, WORK_NOUNS, names_a_person_or_body)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Dependents that belong to a speaker's noun phrase ("the Russian Foreign Ministry's spokesperson").
_NOUN_PHRASE = {"compound", "flat", "det", "predet", "amod", "poss", "nmod", "case", "nummod", "quantmod"}
# A verb with no subject of its own takes the subject of the word it hangs from.
_SHARES_SUBJECT = {"advcl", "xcomp", "conj", "acl", "dobj", "pobj", "prep", "pcomp"}
_RELATIVE = {"who", "which", "that", "whom"}
_MAX_PHRASE_TOKENS = 10
# "have X released", "get X freed", "make X pay": the clause's subject is acted on, not the actor
_CAUSATIVES = {"have", "has", "had", "having", "get", "gets", "got", "getting", "make", "makes", "made", "let", "lets"}


def speaker_offsets(doc: "Doc", cue_start: int, cue_end: int) -> tuple[int, int] | None:
    """Character offsets (in ``doc.text``) of who spoke the cue at [cue_start, cue_end), or None."""
    cue = next((t for t in doc if t.idx < cue_end and t.idx + len(t) > cue_start), None)
    if cue is None:
        return None
    if cue.lower_ == "according":
        to = next((c for c in cue.children if c.lower_ == "to"), None)
        if to is None and cue.i + 1 < len(doc) and doc[cue.i + 1].lower_ == "to":
            to = doc[cue.i + 1]
        source = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        if source is None or (cue.i == 0 and _source_swallowed_subject(doc, source)):
            return None
        return _phrase(source, whole=True)
    if cue.dep_ == "relcl" and not any(c.dep_ in ("ccomp", "xcomp", "advcl") for c in cue.children) and \
            any(c.dep_ == "nsubj" and c.lower_ in _RELATIVE for c in cue.children) and \
            not any(c.dep_ == "dobj" and c.lower_ in ALLEGATION_NOUNS for c in cue.children):
        # "the man who told neighbours about the fire was arrested": no words are reported (but "Smith,
        # who has denied the allegations, ..." denies them)
        return None
    if cue.dep_ in ("relcl", "acl") and any(c.dep_ == "dobj" and c.lower_ in _RELATIVE and c.i > 0 and doc[c.i - 1].text != ","
                                   for c in cue.children):
        # "the notion that the Founders rejected": what was rejected is the noun, no words reported
        # (but ", which he denied" denies what was just said)
        return None
    if cue.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in cue.children) and \
            not (cue.dep_ == "ROOT" and any(c.dep_ == "nsubj" and c.i < cue.i for c in cue.children)):
        # (a main verb with its subject before it is a past tense the tagger took for a participle:
        # "McConnell, the Senate leader, previously committed to ...")
        return None  # "the taxes requested from shop owners": a participle; the noun is what was asked for
    if cue.dep_ in ("relcl", "acl") and cue.head.dep_ == "ROOT" and cue.head.pos_ in ("PROPN", "NOUN") and \
            any(c.dep_ == "mark" and c.lower_ == "that" for c in cue.children) and \
            any(c.dep_ == "nsubj" and c.lower_ in BODY_PRONOUNS | PERSON_PRONOUNS | {"they"} for c in cue.children) and \
            (cue.head.pos_ == "PROPN" or names_a_person_or_body(cue.head.lower_)):
        # "The Russian Foreign Ministry that it strongly opposes ...": a sentence whose reporting verb
        # fell out; the pronoun is the body the sentence opens with
        return _phrase(cue.head)
    verb = cue
    if cue.tag_ == "VBG" and cue.dep_ == "advcl" and cue.i > 0 and doc[cue.i - 1].text == "," and \
            cue.head.dep_ == "advcl" and any(c.dep_ == "mark" for c in cue.head.children) and cue.head.head is not cue.head:
        # "declared an emergency so the army could help, claiming this would save lives": the participle
        # after the comma goes with the main clause, not the "so" clause the parser hung it on
        verb = cue.head.head
        subject = _subject_of(verb)
        if subject is not None:
            return _phrase(subject)
    for _ in range(6):
        if verb is not cue and verb.dep_ == "ccomp" and verb.head.lower_ in _CAUSATIVES and verb.i > verb.head.i:
            # "tried to have Waseem released by saying ...": who is released did not speak; who had
            # it done did
            verb = verb.head
            continue
        # a passive subject speaks only above the cue: "Jane Doe was quoted as saying"
        subject = _subject_of(verb, passive=verb is not cue)
        if subject is not None:
            if subject.lower_ in _RELATIVE and verb.dep_ == "relcl":
                return _phrase(verb.head)
            return _phrase(subject)
        if verb.dep_ == "relcl":
            return _phrase(verb.head)
        if verb.dep_ == "ROOT":
            # "According to the Courier, Professor Ana Ruiz, who ..., said": the parser hangs the
            # name on the source as an apposition and leaves the verb without a subject.
            name = next((t for t in reversed(doc[: verb.i]) if t.dep_ == "appos" and t.pos_ == "PROPN"
                         and t.head.dep_ == "pobj" and t.head.head.head.lower_ == "according"), None)
            return _phrase(name) if name is not None else None
        if verb.dep_ not in _SHARES_SUBJECT or verb.head is verb:
            return None
        verb = verb.head
    return None


def person_or_body(doc: "Doc", start: int, end: int) -> tuple[int, int] | None:
    """The mention at [start, end) of ``doc.text`` as who spoke: kept when it names a person or a
    body (a name, a pronoun, "the spokeswoman", "police", "one of the students"); for a work or a
    message ("the government statement", "PC World's analysis", "a letter released by the
    ministry") its author where the parse names one; None for anything else ("the taxes", "The
    November border demarcation"). A bare message with no author ("the tweet") is kept for the
    backend to tie to whoever wrote it."""
    inside = [t for t in doc if t.idx >= start and t.idx + len(t) <= end]
    if not inside:
        return start, end
    indices = {t.i for t in inside}
    heads = [t for t in inside if t.head.i not in indices or t.head is t] or inside
    # "The government" cut from "The government statement": both words hang outside; the noun heads it
    head = max(heads, key=lambda t: (t.pos_ in ("NOUN", "PROPN", "PRON", "NUM"), len(list(t.subtree))))
    word = head.lower_
    if word in _WHEN:
        return None  # "Friday", "September": a time never speaks
    if word in PRONOUNS or word in PERSON_NOUNS or word in BODY_NOUNS:
        return start, end
    if word in PART_OF_GROUP and any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children):
        return start, end
    if (word in SPEECH_ACT_NOUNS or word in WORK_NOUNS) and head.text[:1].isupper() and head.i > 0 and \
            sum(c.dep_ == "compound" and c.pos_ == "PROPN" for c in head.children) >= 2:
        return start, end  # "the Australian National Iodine Nutrition Study": a named work speaks as itself
    if word in SPEECH_ACT_NOUNS or word in WORK_NOUNS:
        author = _author(head)
        if author is not None:  # the author must itself name a person or a body
            return person_or_body(doc, *author) if author != (start, end) else None
        return (start, end) if word in SPEECH_ACT_NOUNS else None
    if head.pos_ == "PROPN" or head.text[:1].isupper() and (head.i > 0 or head.tag_ != "NNS" or not word.endswith("s")) or \
            names_a_person_or_body(word):
        # a name, or a person noun the lists lack ("the harbour master"); a capital only from its
        # place is no name ("Estimates suggest ...")
        return start, end
    return None


def has_to_infinitive(verb: "Token") -> bool:
    """Whether a verb is a "to" infinitive ("urged them to leave"): an action asked for."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _names_who(head: "Token") -> bool:
    """Whether a noun phrase's head can name a listener: a name, a pronoun, a person or body noun."""
    word = head.lower_
    if word in PART_OF_GROUP and any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children):
        return True
    return head.pos_ in ("PROPN", "PRON") or word in PRONOUNS or names_a_person_or_body(word) or \
        bool(head.ent_type_) or head.text[:1].isupper()


def _author(work: "Token") -> tuple[int, int] | None:
    """Who made a work: its possessor ("PC World's analysis"), the agent of a participle ("a
    statement released by Erdogan's office") or a naming modifier ("the government statement")."""
    for child in work.children:
        if child.dep_ == "poss" and child.lower_ not in POSSESSIVE_PRONOUNS:
            return _phrase(child, prefer_name=False)
    for child in work.children:
        if child.dep_ == "acl":
            agent = next((c for c in child.children if c.dep_ == "agent"), None)
            who = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            if who is not None:
                return _phrase(who, whole=True, prefer_name=False)
    for child in work.children:  # "a letter from the mayor", "the report of the commission"
        if child.dep_ == "prep" and child.lower_ in ("of", "from", "by"):
            who = next((c for c in child.children if c.dep_ == "pobj"), None)
            if who is not None:
                return _phrase(who, prefer_name=False)
    for child in work.children:
        if child.dep_ == "compound" and (child.pos_ == "PROPN" or child.lower_ in BODY_NOUNS or
                                         child.lower_ in PERSON_NOUNS or names_a_person_or_body(child.lower_)):
            # "the government statement", "a whistle-blower complaint": who made it
            words = [t for t in child.subtree] + [c for c in work.children if c.dep_ == "det" and c.i < child.i]
            first, last = min(words, key=lambda t: t.i), child
            return first.idx, last.idx + len(last)
    return None


def _source_swallowed_subject(doc: "Doc", source: "Token") -> bool:
    """"According to police Smith was arrested": with no comma after the source, the parser may take
    the clause's subject into it ("police Smith"); the main verb is then left without a subject."""
    after = doc[source.i + 1] if source.i + 1 < len(doc) else None
    if after is None or after.is_punct:
        return False
    if not any(c.dep_ == "compound" and c.pos_ == "NOUN" for c in source.children):
        return False  # "According to the Port Authority over 120 ships ...": the source is whole
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    return root is not None and root.pos_ in ("VERB", "AUX") and not any(
        c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in root.children)


def _subject_of(verb: "Token", *, passive: bool = False) -> "Token | None":
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i]
    if len(subjects) > 1:
        # "Party leader and Prime Minister Boris Johnson said": the parser may give the verb two
        # subjects for one person's two roles; the one next to the verb carries the name
        return subjects[-1]
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    if passive and agent is not None and verb.lower_ not in ("quoted", "cited") and \
            not any(c.dep_ == "nsubj" for c in verb.children):
        # "the result was described by Johnson as a mandate, saying ...": who said it is the agent, not
        # what was described (but "was quoted by Reuters as saying": the one quoted speaks)
        who = next((c for c in agent.children if c.dep_ == "pobj"), None)
        if who is not None:
            return who
    for child in verb.children:
        if child.dep_ == "nsubj" or (passive and child.dep_ == "nsubjpass"):
            return child
        if child.dep_ == "csubj":
            return None
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    if agent is not None:  # "was announced by the ministry"
        return next((c for c in agent.children if c.dep_ == "pobj"), None)
    return None




def _phrase(head: "Token", *, whole: bool = False, prefer_name: bool = True) -> tuple[int, int] | None:
    """The noun phrase around ``head``; ``whole`` keeps every dependent but clauses and appositions
    ("Pentagon officials familiar with the matter"); ``prefer_name`` takes a name in apposition to a
    common noun instead of it (for speakers: who can be checked)."""
    if head.pos_ in ("VERB", "AUX", "ADP", "SCONJ", "ADV"):
        return None
    if head.lower_ in QUANTIFIERS and not any(c.dep_ == "prep" for c in head.children):
        return None  # "One said", "Some claimed": nobody a reader could check
    if prefer_name and (head.pos_ == "NOUN" or head.lower_ in PART_OF_GROUP or _capitalised_role(head) or
                        _indefinite_proper(head) or _body_then_its_named_officer(head)):
        # "the political director, Jane Doe, said": the name in apposition is who can be checked.
        # (not a gloss in brackets: "the secretary general of CEI (Italian Episcopal Conference), Nunzio Galantino")
        # "geostrategy expert and former security official, Avinoam Idan, said": the name may hang
        # on the last of two coordinated roles
        # ("news source Daily Xtra's editorial director, Rachel Giese, said": or on a role in apposition)
        roles = [head] + [c for c in head.children if c.dep_ in ("conj", "appos") and c.pos_ == "NOUN"]
        names = [c for role in roles for c in role.children if c.dep_ == "appos" and c.pos_ == "PROPN"
                 and c.doc[min(t.i for t in c.subtree) - 1].text != "("]
        name = names[-1] if names else _closing_appositive_name(head)
        if name is not None:
            head = name
    if prefer_name:
        glued = _name_after_title(head)
        if glued is not None:
            return glued
    if whole:
        inside = {t.i for t in head.subtree}
        tokens = [t for t in head.subtree if not any(a.dep_ in ("relcl", "appos", "acl") and a.i != head.i
                                                      for a in [t, *t.ancestors] if a.i in inside)]
    else:
        tokens = _phrase_tokens(head, with_of=True)
    # "Arnel dela Vega": a name the parser split into a head and a name in apposition with no comma
    tokens += [t for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN" and head.pos_ == "PROPN"
               and min(t.i for t in c.subtree) == head.i + 1 for t in c.subtree if t.dep_ in ("compound", "flat") or t is c]
    if max(t.i for t in tokens) - min(t.i for t in tokens) >= _MAX_PHRASE_TOKENS:
        tokens = _phrase_tokens(head, with_of=False)
    # from the first phrase word to the last, but a comma ends the phrase ("the Daily Courier, Professor ...")
    start, end = min(t.i for t in tokens), max(t.i for t in tokens)
    doc = head.doc
    start = max([start] + [t.i + 1 for t in doc[start : head.i] if t.text in (",", ";")])
    end = min([end] + [t.i - 1 for t in doc[head.i + 1 : end + 1] if t.text in (",", ";")])
    span = head.doc[start : end + 1]
    while len(span) > 1 and (span[-1].is_punct or span[-1].is_space or
                             span[-1].dep_ == "case" and span[-1].text in ("'s", "’s")):
        span = span[:-1]
    while len(span) > 1 and (span[0].is_punct or span[0].is_space):
        span = span[1:]
    return span.start_char, span.end_char


def _name_after_title(head: "Token") -> tuple[int, int] | None:
    """"Former US Ambassador to the United Nations Nikki Haley wrote": the parser may glue the
    name onto the body the title names ("United Nations Nikki Haley"); the two capitalised words
    after the body's name are who spoke."""
    if head.lower_ not in TITLES and head.lower_ not in PERSON_NOUNS:
        return None
    prep = next((c for c in head.children if c.dep_ == "prep" and c.lower_ in ("to", "of", "for", "at")), None)
    body = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    if body is None or body.pos_ != "PROPN" or any(c.dep_ in ("prep", "appos", "conj") for c in body.children):
        return None
    run = [t for t in body.subtree if t.i >= prep.i + 1 and (t.pos_ == "PROPN" or t.dep_ == "det")]
    if len(run) != body.i - prep.i:
        return None
    if not any(BODY_NAME.fullmatch(t.text) for t in run):
        # "First Minister of Scotland Nicola Sturgeon said": a place, not a body, then the name; only
        # a place's end the entity tagger knows ("of Papua New Guinea") is no name
        if len([t for t in run if t.pos_ == "PROPN"]) < 3 or any(c.dep_ == "det" for c in head.children):
            # (a title before a name goes without an article: "the Premier of New South Wales" has none)
            return None
        from ._parse import add_entities
        add_entities([head.doc])
        if any(t.ent_type_ not in ("PERSON", "ORG", "") for t in run[-2:]) or \
                not all(t.text[:1].isupper() and t.text[1:].islower() for t in run[-2:]):
            return None
        return run[-2].idx, run[-1].idx + len(run[-1])
    last_body_word = max(t.i for t in run if BODY_NAME.fullmatch(t.text))
    name = [t for t in run if t.i > last_body_word]
    if len(name) != 2 or not all(t.text[:1].isupper() and t.text[1:].islower() for t in name):
        return None
    return name[0].idx, name[-1].idx + len(name[-1])


def _capitalised_role(head: "Token") -> bool:
    """"The Defense Secretary, Mark Esper, said": a title written with capitals after "the" or "a"
    is a role, not a name; the name in apposition is who spoke."""
    return head.pos_ == "PROPN" and (head.lower_ in TITLES or head.lower_ in PERSON_NOUNS) and \
        any(c.dep_ == "det" and c.lower_ in ("the", "a", "an") for c in head.children) and \
        not BODY_NAME.search(" ".join(t.text for t in head.subtree if t.i <= head.i))


def _body_then_its_named_officer(head: "Token") -> bool:
    """"said University of California, San Diego's chancellor, Pradeep Khosla": the parser joins the
    body and "chancellor" as two things said; the name in apposition to the officer is who spoke."""
    return head.pos_ == "PROPN" and any(
        c.dep_ == "conj" and c.pos_ == "NOUN" and c.lower_ in PERSON_NOUNS and
        any(a.dep_ == "appos" and a.pos_ == "PROPN" for a in c.children) for c in head.children)


def _indefinite_proper(head: "Token") -> bool:
    """"a Republican, Mark Amodei, said": a capitalised word after "a"/"an" is a kind (a party's
    member, a nationality), not a name; the name in apposition is who spoke."""
    return head.pos_ == "PROPN" and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in head.children)


def _closing_appositive_name(head: "Token") -> "Token | None":
    """"The delegate to the U.S. House, Aumua Amata, told": the parser may hang the name on the last
    noun of the role's phrase; a name set off by commas at the very end of the phrase is the role's."""
    words = list(head.subtree)
    last = words[-1]
    while last.is_punct and last.i > head.i:
        last = last.doc[last.i - 1]
    for token in words:
        if token.dep_ == "appos" and token.pos_ == "PROPN" and token.head.dep_ == "pobj" and token.head is not head \
                and max(t.i for t in token.subtree) == last.i and token.doc[token.i - 1].is_punct is False \
                and any(t.text == "," for t in token.doc[token.head.i : token.i]):
            return token
    return None


def _phrase_tokens(head: "Token", *, with_of: bool) -> list["Token"]:
    """The head with its noun-phrase dependents, coordinated names ("Trump and Pence"), and, when
    ``with_of``, its "of"/"for" phrases ("the Ministry of Defence")."""
    tokens = [head]
    if head.dep_ == "amod":  # "Kabul-based", "Russia based": the place belongs to the modifier
        tokens += [t for c in head.children if c.i < head.i and (c.dep_ in ("npadvmod", "advmod") or c.tag_ == "HYPH")
                   for t in c.subtree]
    for child in head.children:
        if child.dep_ == "conj" and child.lower_ == "others" and head.pos_ == "PROPN":
            continue  # "Biden and others in the party warned": the one named is who a reader can check
        if child.dep_ in _NOUN_PHRASE or (child.dep_ == "conj" and child.pos_ in ("PROPN", "NOUN")):
            tokens += _phrase_tokens(child, with_of=with_of)
        elif child.dep_ == "cc" and not any(c.dep_ == "conj" and c.lower_ == "others" for c in head.children):
            tokens.append(child)
        elif with_of and child.dep_ == "prep" and child.lower_ in ("of", "for") and head.pos_ in ("NOUN", "PROPN") \
                and not _persons_name(head):
            tokens += list(child.subtree)
        elif child.dep_ == "prep" and child.lower_ == "of" and head.lower_ in PART_OF_GROUP:
            # "Some of the protesters (Wikinews interviewed)": the group, without its clauses
            tokens.append(child)
            for group in (c for c in child.children if c.dep_ == "pobj"):
                tokens += _phrase_tokens(group, with_of=False)
    return tokens


def _persons_name(head: "Token") -> bool:
    """A first name and a surname ("Mike Ryan"): its "of"/"for" phrase is where the person works
    ("Mike Ryan of the WHO"), a role, not part of the name ("the Bank of England" is one)."""
    if head.pos_ != "PROPN":
        return False
    run = [c for c in head.children if c.dep_ in ("compound", "flat") and c.pos_ == "PROPN" and c.i < head.i] + [head]
    text = " ".join(t.text for t in run)
    return len(run) >= 2 and not BODY_NAME.search(text) and not any(t.text.isupper() for t in run)


_PERSON_LABELS = {"PERSON"}
_BODY_LABELS = {"ORG", "NORP"}  # "it said" is never a city ("officials in Kabul confirmed. It said")
_ANTECEDENT_PARAGRAPHS = 2  # how far back a pronoun may reach for its name


@dataclass(frozen=True)
class Mention:
    start: int  # article offsets
    end: int
    text: str
    paragraph: int
    person: bool
    subject: bool = False  # the subject of its clause: what a later pronoun most often stands for
    plural: bool = False  # "the researchers", "officials": what "they" can stand for
    sentence: int = -1  # the index of its sentence, where known
    spoke: bool = False  # the speaker of a statement there


def full_names(doc: "Doc", offset: int, paragraph: int) -> list[Mention]:
    """Runs of two or more proper nouns ("Amrullah Saleh", "Saudi Aramco"): the full forms a bare
    surname or short name can stand for."""
    found = []
    for token in doc:
        if token.pos_ == "PROPN" and token.dep_ not in ("compound", "flat"):
            names = [t for t in token.subtree if t.pos_ == "PROPN" and (t is token or t.dep_ in ("compound", "flat"))
                     and t.i <= token.i]
            first = min(names, key=lambda t: t.i)
            if len(names) >= 2 and token.i - first.i == len(names) - 1:  # an unbroken run
                found.append(Mention(offset + first.idx, offset + token.idx + len(token),
                                     doc.text[first.idx : token.idx + len(token)], paragraph, True))
    return found


def mentions_in(doc: "Doc", offset: int, paragraph: int, sentence: int = -1) -> list[Mention]:
    """Named people and bodies of one parsed sentence, at article offsets: its entities, and names
    the entity tagger missed that stand as a subject ("Dr Ana Ruiz leads the lab")."""
    found = []
    for entity in doc.ents:
        if entity.label_ in _PERSON_LABELS or entity.label_ in _BODY_LABELS:
            text = entity.text[4:] if entity.text.lower().startswith("the ") else entity.text
            start = offset + entity.end_char - len(text)
            root = entity.root
            person = entity.label_ in _PERSON_LABELS or _names_herself(root)
            found.append(Mention(start, offset + entity.end_char, text, paragraph, person,
                                 subject=_main_subject(root), plural=root.tag_ in ("NNS", "NNPS"),
                                 sentence=sentence))
    for token in doc:
        if token.dep_ in ("nsubj", "nsubjpass") and token.pos_ == "PROPN" and token.ent_type_ == "" and \
                not (token.dep_ == "nsubj" and _names_herself(token)):
            names = [t for t in token.subtree if t.pos_ == "PROPN" and (t is token or t.dep_ in ("compound", "flat"))]
            if len(names) >= 2:  # a first name and a surname, or a title and a name: a person
                first, last = min(t.idx for t in names), token.idx + len(token)
                found.append(Mention(offset + first, offset + last, doc.text[first:last], paragraph, True, subject=True,
                                     sentence=sentence))
        elif token.dep_ == "nsubj" and (token.pos_ == "PROPN" or token.pos_ == "VERB" and token.text[:1].isupper()) and \
                token.ent_type_ in ("GPE", "LOC", "") and _names_herself(token):
            # "Bloomberg endorsed his former rival": a name its clause calls "his" is a person, even one
            # the tagger took for a place (or, "Rathbun requested ... on his blog", for a verb)
            names = [t for t in token.subtree if t is token or t.pos_ == "PROPN" and t.dep_ in ("compound", "flat")]
            first, last = min(t.idx for t in names), token.idx + len(token)
            found.append(Mention(offset + first, offset + last, doc.text[first:last], paragraph, True,
                                 subject=_main_subject(token), sentence=sentence))
        elif (_main_subject(token) or _opening_subject(token)) and token.tag_ == "NNS" and token.ent_type_ == "" and \
                names_a_person_or_body(token.lower_):
            # "The researchers found ...": a group "they" can stand for
            span = _phrase(token)
            if span is not None:
                found.append(Mention(offset + span[0], offset + span[1], doc.text[span[0] : span[1]], paragraph,
                                     False, subject=True, plural=True, sentence=sentence))
    return found


def _main_subject(token: "Token") -> bool:
    """The subject of the sentence's main verb (not of a clause inside it, nor inside a quotation)."""
    return token.dep_ in ("nsubj", "nsubjpass") and token.head.dep_ == "ROOT"


def _opening_subject(token: "Token") -> bool:
    """"The scientists found reduction ... exceeded 10%, ... in all cases": the subject that opens the
    sentence, of a verb the parser hung as a clause under a later one."""
    return token.dep_ in ("nsubj", "nsubjpass") and token.head.dep_ == "ccomp" and \
        min(t.i for t in token.subtree) == 0 and token.head.head.dep_ == "ROOT" and token.head.head.i > token.head.i


def _names_herself(subject: "Token") -> bool:
    """"Nadia Petrova won her third title": a subject that its own clause calls "her" or "his" is a
    person, whatever the entity tagger said."""
    if subject.dep_ not in ("nsubj", "nsubjpass"):
        return False
    return any(t.lower_ in ("her", "his", "herself", "himself") for t in subject.head.subtree if t.i > subject.i)


def is_plural(doc: "Doc", start: int, end: int) -> bool:
    """Whether the noun phrase at [start, end) of ``doc.text`` names more than one ("officials",
    "Trump and Pence")."""
    inside = [t for t in doc if t.idx >= start and t.idx + len(t) <= end]
    heads = [t for t in inside if t.head.i not in {u.i for u in inside} or t.head is t]
    head = max(heads, key=lambda t: len(list(t.subtree)), default=None)
    return head is not None and (head.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in head.children)
                                 or head.lower_ in ("police", "people", "staff"))


def antecedent(pronoun: str, at: int, paragraph: int, mentions: list[Mention],
               sentence_start: int | None = None) -> Mention | None:
    """The nearest earlier mention a pronoun speaker can refer to: a person for he/she, a body for
    it, a group for they; within the pronoun's paragraph or the two before it. In the sentence that
    holds it (from ``sentence_start``), only a subject ("In an interview with Dawn, she said": not
    Dawn); in an earlier sentence, its subject before its other mentions ("Bloomberg endorsed Joe
    Biden. "...," he said": Bloomberg)."""
    word = pronoun.lower()
    if word in PERSON_PRONOUNS:
        fits = lambda m: m.person and not m.plural  # noqa: E731
    elif word in BODY_PRONOUNS:
        fits = lambda m: not m.person and not m.plural  # noqa: E731
    elif word in ("they", "them"):
        # a group, or a body that spoke in the pronoun's own paragraph ("the Ministry denounced the
        # conclusions ... . They invited the countries to ...": a body speaks as "they" too)
        fits = lambda m: m.plural or m.spoke and not m.person and m.paragraph == paragraph  # noqa: E731
    else:
        return None
    earlier = [m for m in mentions if m.end <= at and paragraph - m.paragraph <= _ANTECEDENT_PARAGRAPHS and fits(m)]
    if sentence_start is not None:
        earlier = [m for m in earlier if m.start < sentence_start or m.subject]
    if not earlier:
        return None
    last = max(earlier, key=lambda m: m.start)
    if sentence_start is None or last.start >= sentence_start:
        return last
    # the last earlier sentence with a fitting mention: its subject, else its last mention
    sentence_of = last.sentence if last.sentence >= 0 else None
    if sentence_of is None:
        return last
    same = [m for m in earlier if m.sentence == sentence_of]
    speakers = [m for m in same if m.spoke]
    subjects = [m for m in same if m.subject]
    return min(speakers or subjects, key=lambda m: m.start) if speakers or subjects else last


_ADDRESSEE_PREPOSITIONS = {"on", "upon", "to", "with"}
# "asked them on Wednesday to ...": a day is no addressee
_WHEN = {name.lower() for name in (*calendar.day_name, *calendar.month_name) if name} | {"today", "tomorrow",
                                                                                       "yesterday", "tonight"}


def appeal_offsets(doc: "Doc", cue_start: int, cue_end: int) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """(addressee, request) of an appeal, as character offsets in ``doc.text``: "urged the councils
    not to close the libraries" gives "the councils" and "not to close the libraries" (the negation
    stays with the request); "appealed to the UN for aid" gives "the UN" and "aid"."""
    cue = next((t for t in doc if t.idx < cue_end and t.idx + len(t) > cue_start), None)
    if cue is None:
        return None, None
    addressee = request = None
    wanted_for = False  # the request is what a "for" phrase names ("appealed to the UN for aid")
    for child in cue.children:
        if child.dep_ in ("dobj", "dative") and addressee is None:
            # "appealed the decision to ...", "requested power line de-energisation": a thing asked
            # for or about is no listener
            if _names_who(child):
                addressee = _phrase(child, prefer_name=False)
        elif child.dep_ == "prep" and child.lower_ in _ADDRESSEE_PREPOSITIONS and addressee is None:
            listener = next((c for c in child.children if c.dep_ == "pobj" and c.lower_ not in _WHEN), None)
            addressee = _phrase(listener, prefer_name=False) if listener is not None else None
        elif child.dep_ in ("xcomp", "advcl", "ccomp") and has_to_infinitive(child):
            request = _clause(child)
            # "urged the leaders to settle ..." parsed as a clause with its own subject: the subject is
            # who was asked, the words from "to" on what
            asked = next((c for c in child.children if c.dep_ == "nsubj" and c.i < child.i), None)
            # "called for NATO members to increase spending": the same, opened by "for"
            opened_by_for = any(c.dep_ == "mark" and c.lower_ == "for" for c in child.children)
            if asked is not None and (child.dep_ == "ccomp" or opened_by_for and _names_who(asked)):
                to = next(c for c in child.children if c.dep_ == "aux" and c.lower_ == "to")
                request = (doc[to.i + 1].idx, request[1])
                if addressee is None and _names_who(asked):
                    addressee = _phrase(asked, prefer_name=False)
        elif child.dep_ == "ccomp" and (request is None or wanted_for) and child.tag_ == "VB" and addressee is not None \
                and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "mark") for c in child.children):
            # "asked the District Court for the Southern District of New York intervene in ...": a bare
            # infinitive after the listener is the act asked for, not the "for" phrase before it
            request = _clause(child)
        elif child.dep_ == "ccomp" and (request is None or wanted_for) and subjunctive(child):
            # "advised that U.S. citizens not approach the Embassy": who is to act, and the act (its
            # negation kept); "asked that the immunity be waived": no one named, the clause is the request
            asked = next((c for c in child.children if c.dep_ == "nsubj" and c.i < child.i), None)
            request = _clause(child)
            if asked is not None and _names_who(asked):
                first = min((c for c in child.children if c.dep_ == "neg"), key=lambda t: t.i, default=child)
                request = (first.idx, request[1])
                if addressee is None:
                    addressee = _phrase(asked, prefer_name=False)
        elif child.dep_ == "prep" and child.lower_ == "for" and request is None:
            wanted = next((c for c in child.children if c.dep_ == "pobj"), None)
            request = _clause(wanted) if wanted is not None else None
            wanted_for = request is not None
    if request is None:
        # "asked the front against the Taliban, led by X, to start a dialogue": the parser may hang the
        # request on a word inside the listener's phrase; it is still what the cue asks for
        # ("urge anyone with any information to contact police": hung on "information" as its clause)
        asked = any(c.dep_ == "dobj" and c.pos_ in ("PRON", "PROPN") or c.dep_ == "dobj" and _names_who(c)
                    for c in cue.children)
        deps = ("xcomp", "relcl", "acl") if asked else ("xcomp",)
        late = next((t for t in cue.subtree if t.i > cue.i and t.dep_ in deps and t.pos_ == "VERB"
                     and has_to_infinitive(t)
                     and not any(a.dep_ in ("ccomp", "relcl") and a.i > cue.i for a in t.ancestors if a.i != cue.i)), None)
        if late is not None:
            request = _clause(late)
    if request is None and cue.lower_.startswith(("request", "demand", "recommend", "sought", "seek")):
        # "requested donations via his blog", "demanded the minister's resignation": the thing asked
        # for is the request (not the whole statement, reporting verb and all)
        thing = next((c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i and not _names_who(c)), None)
        if thing is not None:
            request = _clause(thing)
    if request is not None and request[0] > cue.idx:
        # "to start a dialogue in order to solve ...": the purpose the parser hangs on the cue is the request's
        purpose = next((c for c in cue.children if c.dep_ == "prep" and c.lower_ == "in" and c.idx > request[0]
                        and any(g.lower_ == "order" for g in c.children)), None)
        if purpose is not None:
            last = max(purpose.subtree, key=lambda t: t.i)
            while last.is_punct and last.i > purpose.i:
                last = last.doc[last.i - 1]
            request = (request[0], max(request[1], last.idx + len(last)))
    if addressee is None and request is not None:
        # "called for the government of Ukraine to reduce corruption": the parser's "for" phrase
        # before the act names who is to act
        wanted = next((c for p in cue.children if p.dep_ == "prep" and p.lower_ == "for" and p.idx < request[0]
                       for c in p.children if c.dep_ == "pobj"), None)
        if wanted is not None and _names_who(wanted) and max(t.idx for t in wanted.subtree) < request[0]:
            addressee = _phrase(wanted, prefer_name=False)
    if addressee is None and request is not None:
        # "asked the resistance front to start ...": whoever is asked to act is the listener
        listener = next((c for c in cue.children if c.dep_ in ("dobj", "dative") and c.idx < request[0]), None)
        if listener is not None and listener.pos_ in ("NOUN", "PROPN", "PRON"):
            addressee = _phrase(listener, prefer_name=False)
    if addressee is not None and doc.text[addressee[0]:addressee[1]].lower() in ("them", "us", "you"):
        # "Appealing to the UN and the Red Cross, Saleh urged them to ...": them = those appealed to.
        for token in doc:
            if token.lower_ in ("appealing", "appealed", "calling", "called") and token is not cue:
                prep = next((c for c in token.children if c.dep_ == "prep" and c.lower_ in ("to", "on", "upon")), None)
                listener = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
                if listener is not None:
                    return _phrase(listener, whole=True, prefer_name=False), request
    return addressee, request


def subjunctive(verb: "Token") -> bool:
    """A clause in the subjunctive ("that U.S. citizens not approach the Embassy", "that the immunity
    be waived"): a base-form verb with a subject of its own and no modal, what is asked for. After a
    verb in the past, a present form is one too ("suggested people think about it": the indicative
    would read "thought")."""
    base = verb.tag_ == "VB" or verb.tag_ == "VBP" and verb.head.tag_ in ("VBD", "VBN") and verb.head is not verb
    if not base or not any(c.dep_ in ("nsubj", "nsubjpass") and c.i < verb.i for c in verb.children):
        return False
    return not any(c.dep_ in ("aux", "auxpass") and c.tag_ in ("MD", "TO", "VBZ", "VBP", "VBD") for c in verb.children)


def _clause(head: "Token") -> tuple[int, int]:
    """A clause's words: the head's whole subtree, without a leading "to" or "for" or trailing
    punctuation, nor a ", such as X, who ..." the parser hangs on it (it names more of those asked,
    not the request), nor a finite verb coordinated with an infinitive ("urged the embassy to
    reconsider and spoke with ...": who spoke is the one who urged)."""
    finite = {t.i for c in head.children if c.dep_ == "conj" and c.tag_ in ("VBD", "VBZ") and head.tag_ == "VB"
              and c.i > head.i for t in c.subtree}
    tokens = [t for t in head.subtree if t.i not in finite]
    if finite:
        tokens = [t for t in tokens if t.i < min(finite)]
    such = next((i for i, t in enumerate(tokens[1:], 1) if t.lower_ == "such" and i + 1 < len(tokens)
                 and tokens[i + 1].lower_ == "as" and tokens[i - 1].text == ","), None)
    if such is not None:
        tokens = tokens[:such]
    while len(tokens) > 1 and (tokens[0].lower_ == "to" and tokens[0].dep_ == "aux" or tokens[0].is_punct or
                               tokens[0].dep_ == "mark" and tokens[0].lower_ in ("for", "that")):
        tokens = tokens[1:]
    while len(tokens) > 1 and (tokens[-1].is_punct or finite and tokens[-1].dep_ == "cc"):
        tokens = tokens[:-1]
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


# Dependents of a counted noun that belong to its phrase ("residents stuck in Panjshir"); a
# clause ("who ...", "when ...") or a second item after a comma never does.
_WHAT_LEFT = {"amod", "compound", "nmod", "poss", "case", "npadvmod", "advmod", "punct"}
_MAX_WHAT_TOKENS = 8


def counted_phrase(doc: "Doc", start: int, end: int) -> tuple[int, int, int, int] | None:
    """Character offsets (phrase start and end, the counted noun's start and end) of what the number at [start, end) of ``doc.text`` counts, read from the
    parse: the noun the number modifies with its modifiers and "in"/"of"/... phrases ("2,50,000
    residents stuck in Panjshir" gives "residents stuck in Panjshir"; "thousands of Swedes joined"
    gives "Swedes"; "a six-member team" gives "member team"), never a clause ("who ...", "when
    ..."). None when the parse names no counted noun (a bare number, a pronoun: "two of them")."""
    number = _number_tokens(doc, start, end)
    if number is None:
        return None
    inside, indices, top = number
    counted = group = None
    # "thousands of Swedes", "all eleven of the bills", "98 percent of voters": the "of" phrase
    for token in [*reversed(inside), top.head] if top.head.i not in indices else list(reversed(inside)):
        of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of" and c.i > max(indices)), None)
        if of is not None and (token.i in indices or token.lower_ in MEASURE_NOUNS):
            counted = next((c for c in of.children if c.dep_ == "pobj"), None)
            group = token
            break
    if counted is None and top.dep_ in ("nummod", "quantmod", "amod", "compound", "npadvmod") and \
            top.head.i > max(indices) and top.head.pos_ in ("NOUN", "PROPN"):
        counted = top.head  # "2,50,000 residents", "six-member team"
        if counted.lower_ in MEASURE_NOUNS:
            of = next((c for c in counted.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            counted = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if counted is not None and counted.dep_ in ("amod", "compound") and counted.head.i > counted.i and \
            counted.head.pos_ == "NOUN" and counted.i > 0 and doc[counted.i - 1].text == "-":
        counted = counted.head  # "two-year terms", "a six-member team": the terms, the team
    if counted is None or counted.pos_ not in ("NOUN", "PROPN") or counted.ent_type_ in ("GPE", "LOC", "DATE", "TIME"):
        return None
    tokens = [counted]
    for child in counted.children:
        if child.i in indices or any(t.i in indices for t in child.subtree):
            continue
        if child.i < counted.i and child.dep_ == "poss" and child.lower_ in POSSESSIVE_PRONOUNS:
            continue  # "90% of their patients": "patients"
        if child.i < counted.i and child.dep_ in _WHAT_LEFT and child.dep_ != "punct":
            tokens += [t for t in child.subtree if t.i not in indices]
        elif child.i > counted.i and child.dep_ == "prep" and child.lower_ in WHAT_PREPOSITIONS:
            tokens += _without_clauses(child)
        elif child.i > counted.i and child.dep_ == "acl" and child.tag_ in ("VBN", "VBG"):
            tokens += _without_clauses(child)  # "residents stuck in Panjshir", "people living in poverty"
        elif child.i > counted.i and child.dep_ in ("compound", "amod"):
            tokens += [t for t in child.subtree if t.i not in indices]
    tokens = sorted(set(tokens), key=lambda t: t.i)
    # contiguous from the counted noun, no commas, at most a few words after it
    first = counted.i
    while any(t.i == first - 1 for t in tokens) and not doc[first - 1].is_punct:
        first -= 1
    last = counted.i
    while any(t.i == last + 1 for t in tokens) and not doc[last + 1].is_punct and last + 1 - counted.i < _MAX_WHAT_TOKENS:
        last += 1
    while last > counted.i and (doc[last].dep_ in ("prep", "cc", "det", "case") or doc[last].pos_ in ("ADP", "CCONJ", "DET")):
        last -= 1
    while first < counted.i and doc[first].pos_ in ("DET", "PUNCT", "ADP", "CCONJ"):
        first += 1
    if group is not None and group.dep_ in ("nsubj", "nsubjpass") and group.head.pos_ in ("VERB", "AUX") and \
            group.head.i > last:
        # "thousands of Swedes eventually joined the protest": what the group did says which ones
        last = _predicate_end(group.head, last, counted.i + _MAX_WHAT_TOKENS)
    noun_start = counted.idx
    # "co-authors": the tokenizer splits a hyphenated word, and the parse may hang its first half alone
    while counted.i + 2 < len(doc) and not counted.whitespace_ and doc[counted.i + 1].text in ("-", "\u2010") and \
            not doc[counted.i + 1].whitespace_ and doc[counted.i + 2].is_alpha:
        counted = doc[counted.i + 2]
        last = max(last, counted.i)
    return doc[first].idx, doc[last].idx + len(doc[last]), noun_start, counted.idx + len(counted)


def _number_tokens(doc: "Doc", start: int, end: int) -> "tuple[list[Token], set[int], Token] | None":
    """The tokens over a number at [start, end) of ``doc.text``, their indices, and the last of them
    whose head lies outside (how the number hangs in the sentence); None when no token is there."""
    inside = [t for t in doc if t.idx < end and t.idx + len(t) > start]
    if not inside:
        return None
    indices = {t.i for t in inside}
    return inside, indices, [t for t in inside if t.head.i not in indices or t.head is t][-1]


def _predicate_end(verb: "Token", last: int, limit: int) -> int:
    """The last token of a verb's own short predicate right after ``last`` (aux, adverbs, object,
    particle, a prepositional phrase; no clause), or ``last`` when anything else stands between."""
    doc = verb.doc
    if any(c.dep_ in ("ccomp", "xcomp") for c in verb.children):
        return last  # "one of the children said ...", "95% of participants indicated that ...": a report
    kept = {verb.i}
    for child in verb.children:
        if child.i < verb.i and child.dep_ in ("aux", "auxpass", "neg", "advmod"):
            kept.update(t.i for t in child.subtree)
        elif child.i > verb.i and child.dep_ in ("dobj", "prt", "acomp", "attr", "prep", "agent", "advmod", "npadvmod"):
            kept.update(t.i for t in _without_clauses(child))
    if not all(i in kept for i in range(last + 1, verb.i)):
        return last
    end = verb.i
    while end + 1 in kept and end + 1 < limit and not doc[end + 1].is_punct:
        end += 1
    while end > verb.i and (doc[end].pos_ in ("ADP", "CCONJ", "DET") or doc[end].dep_ in ("prep", "cc", "det")):
        end -= 1
    return last if end == verb.i and verb.pos_ == "AUX" else end  # not "murders were"


def _without_clauses(head: "Token") -> list["Token"]:
    """A phrase's words without the clauses inside it ("in Yeoncheon, where ...": "in Yeoncheon")."""
    inside = {t.i for t in head.subtree}
    return [t for t in head.subtree if not any(a.dep_ in ("relcl", "advcl", "ccomp", "appos", "conj", "parataxis")
                                                  for a in [t, *t.ancestors] if a.i in inside and a.i != head.i)]


def only_place_or_time(doc: "Doc", start: int, end: int) -> bool:
    """Whether the words at [start, end) of ``doc.text`` are only a place, a date or a pronoun
    ("Washington D.C", "Kingdom", "2018", "She"): no thing a number can count."""
    inside = [t for t in doc if t.idx >= start and t.idx + len(t) <= end and not t.is_punct]
    return bool(inside) and all(t.ent_type_ in ("GPE", "LOC", "DATE", "TIME") or t.pos_ == "PRON" or
                                t.lower_ in PRONOUNS for t in inside)


def subject_phrase(doc: "Doc", start: int, end: int) -> tuple[int, int] | None:
    """For a number that is what a clause says of its subject ("The overall mortality rates were 49%
    for patients treated with ZMapp", "coverage had risen to 55 percent"): character offsets of the
    subject's noun phrase, with the number's own "for"/"in"/"among" phrase ("overall mortality rates
    ... for patients treated with ZMapp" as one span from the subject to that phrase's end is too
    long: the subject alone, unless the phrase follows the number)."""
    number = _number_tokens(doc, start, end)
    if number is None:
        return None
    _, indices, top = number
    if top.dep_ == "nummod" and top.head.lower_ in MEASURE_NOUNS:
        top = top.head
    verb = top.head
    if top.dep_ == "pobj" and verb.dep_ == "prep" and verb.lower_ in ("to", "at", "by", "around", "of"):
        verb = verb.head
    elif not (top.dep_ in ("attr", "npadvmod", "oprd", "acomp") or top.dep_ == "dobj" and verb.lemma_ in AMOUNT_VERBS):
        return None  # "Biden had 54", "the Navy saved 1,000": the subject has or acts on them, is not them
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    changed = next((c for c in verb.children if c.dep_ == "dobj" and c.i < top.i), None)
    if top.dep_ == "pobj" and changed is not None:
        subject = changed  # "the council increased the death toll to six": the toll is six
    if subject is None or subject.pos_ not in ("NOUN", "PROPN") or subject.lower_ in QUANTIFIERS:
        return None
    words = [t for c in subject.children if c.i < subject.i and c.dep_ in _WHAT_LEFT and not
             (c.dep_ == "poss" and c.lower_ in POSSESSIVE_PRONOUNS) for t in c.subtree]
    words += [subject] + [t for c in subject.children if c.i > subject.i and c.dep_ == "prep"
                          and c.lower_ in WHAT_PREPOSITIONS for t in _without_clauses(c)]
    words = [t for t in words if (not t.is_punct or t.text in ("-", "'s", "’s")) and t.i - subject.i < _MAX_WHAT_TOKENS]
    if subject not in words:
        return None
    first = min(words, key=lambda t: t.i)
    last = max(words, key=lambda t: t.i)
    while first.i < subject.i and first.pos_ in ("DET", "ADP", "CCONJ"):
        first = doc[first.i + 1]
    return first.idx, last.idx + len(last)


def holds_a_verb(doc: "Doc", start: int, end: int) -> bool:
    """Whether the words at [start, end) of ``doc.text`` hold a verb ("ozone has declined"): a
    clause, not the name of a thing counted."""
    return any(t.pos_ in ("VERB", "AUX") for t in doc if t.idx >= start and t.idx + len(t) <= end)
