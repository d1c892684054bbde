"""Cues: which words in a sentence report speech, and of what kind (claim, denial, appeal, ...).

The cue lexicon lives here and only here. A cue word counts only where it is used as a reporting
verb (``is_verb_use``); a statement that negates an allegation made nearby is a denial whatever its
verb (``negates_an_allegation``).
"""

from __future__ import annotations

import re

from .._attribution import has_to_infinitive
from .._lexicon import ALLEGATION_NOUNS, WORK_NOUNS
from .._models import StatementKind
from .._segment import Document, Sentence

# Claim verbs with other common senses ("the talks concluded on Friday", "conceded a goal"): they
# report speech only in a reporting frame (see is_verb_use).
FRAMED_ONLY = ("reasoned", "observed", "concluded", "contended", "asserted", "remarked", "pointed out",
               "testified", "mentioned", "countered", "conceded", "describe", "describes", "explains",
               "announces", "confirms", "predicts", "observes", "concludes", "points out", "recounted",
               "disclosed", "revealed", "continued", "cited", "cites", "expressed", "questioned")
# Base forms that are nouns as often as verbs ("Activists claim ..." / "the claim"): cues only where
# the parse tags them as a verb (see ``is_verb_in_parse``).
VERB_TAG_ONLY = ("claim", "report", "argue", "insist", "warn", "urge", "note", "allege", "estimate", "admit", "explain",
                 "predict", "announce", "confirm", "stress", "vow", "pledge", "promise", "demand", "reject",
                 "dismiss", "call on", "call for", "believe", "acknowledge", "caution", "ask", "request", "appeal",
                 "implore", "plead", "beg", "encourage", "thank", "congratulate", "apologise", "apologize")
# Third-person forms that are plural nouns as often ("sixteen states filed", "the claims were false"):
# cues only where the parse tags them as a verb.
PLURAL_NOUN_FORMS = ("states", "reports", "claims", "notes", "appeals", "requests", "demands", "promises", "pledges", "vows",
                     "disputes", "thanks", "praises", "calls on", "calls for")
# Participles that report speech only with what was said after them ("arguing that ...", "noting
# the risk" is no report): a clause in the parse, or a quotation.
PARTICIPLES = ("arguing", "claiming", "noting", "stating", "insisting", "declaring", "alleging", "suggesting",
               "acknowledging", "confirming", "announcing", "stressing", "denying", "vowing", "pledging",
               "promising", "adding", "finding")
# Verbs that report speech only with a clause as their object ("found that ..."), read from the parse.
# "decided"/"ruled" (a court or panel: "decided their actions did not qualify"; "decided to meet" is
# no report), "projected" ("outlets projected Biden won"; "projected growth" is no report).
NEEDS_CLAUSE = ("found", "finds", "decided", "decides", "ruled", "projected")
# A ruling on what was alleged, which denies nothing even where it negates (see statements).
VERDICTS = ("decided", "decides", "ruled")
# Verbs that give a verdict only as "X as Y" ("hailed the pipeline as an advancement", "branded the
# plan as reckless"; "hailed a taxi" says nothing): an object and "as", read from the parse.
NEEDS_AS = ("hailed", "hails", "branded", "brands", "labelled", "labeled")
# "committed to proceeding with the trial", "committed itself to holding talks": a pledge only with
# an act (a verb in -ing after "to"); "committed a crime" pledges nothing.
COMMITTED = ("committed", "commits")
# Verbs that ask only with a listener and the act asked of them ("invited the countries to open
# dialogue"; "invited them to the ceremony" asks nothing): read from the parse.
NEEDS_LISTENER_AND_ACT = ("invited", "invites", "inviting", "begged")
# Verbs that condemn or resist, which deny only what their object says was asserted ("denounced the
# conclusions of the summit", "slammed reports of ...", "opposes such insinuations"; "denounced the
# attack" denies nothing): read from the parse.
NEEDS_ALLEGATION_OBJECT = ("denounced", "denounces", "slammed", "slams", "opposes", "opposed", "contested",
                           "contests", "challenged", "challenges")
# Claim verbs that ask for an act when their clause is in the subjunctive ("suggested people
# "think about" it", "insisted that every pupil wear a mask"): an appeal (see statements).
SUGGESTING = ("suggested", "suggests", "insisted", "insists")
# Verbs that voice a feeling only with a word for it as their object ("expressed sympathy for the
# victims", "offered condolences to the families", "sent his prayers"; "sent troops" voices
# nothing): a statement of kind "other", or "warning" for concern (see ``SENTIMENT`` and is_verb_use).
VOICES_A_FEELING = ("expressed", "expresses", "offered", "offers", "sent", "sends",
                    "extended", "extends", "conveyed", "conveys")
SENTIMENT = re.compile(r"\s+(?:(?:his|her|their|its|our|my|the|no)\s+)?(?:(?:deep|deepest|sincere|sincerest|heartfelt|"
                       r"profound|great|serious|grave|strong)\s+)?[\"“]?(?P<feeling>condolences?|sympath(?:y|ies)|"
                       r"sorrow|grief|gratitude|thanks|regrets?|remorse|sadness|solidarity|prayers|concerns?)\b",
                       re.IGNORECASE)
# "called the deal "lousy"": a verdict in quotation marks (see is_verb_use).
CALLED = ("called", "calls", "calling")
CUES: dict[StatementKind, tuple[str, ...]] = {
    "denial": ("denied", "denies", "deny", "rejected", "rejects", "dismissed", "dismisses", "refuted",
               "refutes", "disputed", "disputes", "denying", "reject", "dismiss", *NEEDS_ALLEGATION_OBJECT),
    "appeal": ("urged", "urges", "urging", "called on", "calls on", "calling on", "called upon",
               "called for", "calls for", "appealed", "appeals", "appealing", "asked", "asks",
               "demanded", "demands", "requested", "requests", "pleaded", "implored", "asking",
               "encouraged", "encouraging", "encourages", "advised", "advises", "recommended",
               "recommends", "urge", "call on", "call for", "demand", "ask", "request", "appeal", "implore",
               "plead", "beg", "begged", "encourage", "invited", "invites", "inviting", "calling for"),
    "warning": ("warned", "warns", "warning", "cautioned", "cautions", "threatened", "threatens", "warn",
                "caution"),
    "pledge": ("vowed", "vows", "pledged", "pledges", "promised", "promises", "vow", "pledge", "promise",
               "vowing", "pledging", "promising", *COMMITTED),
    "claim": ("said", "says", "say", "told", "tells", "added", "adds", "adding", "finding", "stated", "states", "claimed",
              "claims", "noted", "notes", "explained", "argued", "argues", "insisted", "insists",
              "maintained", "reiterated", "reiterates", "recalled", "announced", "confirmed", "wrote",
              "writes", "writing", "tweeted", "replied", "responded", "commented", "declared",
              "stressed", "emphasised", "emphasized", "alleged", "alleges", "acknowledged",
              "admitted", "believes", "estimated", "predicted", "highlighted", "according to",
              "described", "suggested", "reported", "explaining", "estimating", "saying", "accused", "accuses",
              "accusing", "condemned", "condemns", "criticised", "criticized", "criticises", "criticizes",
              "blamed", "blames", "arguing", "claiming", "noting", "stating", "insisting", "declaring",
              "alleging", "suggesting", "acknowledging", "confirming", "announcing", "stressing", "claim", "argue",
              "insist", "note", "allege", "estimate", "admit", "explain", "predict", "announce",
              "confirm", "stress", "believe", "acknowledge", "confessed", "confesses", "reaffirmed", "reaffirms",
              "underlined", "underlines", "speculated", "speculates", "reports", "report", *NEEDS_CLAUSE, *NEEDS_AS,
              *FRAMED_ONLY, *CALLED),
    "other": ("apologised", "apologized", "apologises", "apologizes", "praised", "praises", "thanked",
              "thanks", "congratulated", "thank", "congratulate", "apologise", "apologize",
              *(w for w in VOICES_A_FEELING if w not in FRAMED_ONLY)),
}
CUE_KIND = {cue: kind for kind, cues in CUES.items() for cue in cues}
# "According to" also opens sentences; every other cue is a verb, lower-case in running text.
CUE_RE = re.compile(r"\b(According to|" + "|".join(sorted(map(re.escape, CUE_KIND), key=len, reverse=True)) + r")\b")


def cue_word(cue: re.Match) -> str:
    return cue.group(1).lower()


def cue_token(doc, cue: re.Match):
    """The parse token the cue starts in (None without a parse)."""
    return next((t for t in doc if t.idx <= cue.start() < t.idx + len(t)), None) if doc is not None else None


def is_verb_in_parse(doc, sentence_text: str, cue: re.Match) -> bool:
    """What the parse says of a cue word the text alone cannot tell: a base form is a cue only as a
    verb ("Activists claim ...", not "the claim"); "found" only with a clause ("found that ...")."""
    word = cue_word(cue)
    token = cue_token(doc, cue)
    if token is None:
        return word not in VERB_TAG_ONLY and word not in NEEDS_CLAUSE and word not in PARTICIPLES and \
            word not in PLURAL_NOUN_FORMS and word not in NEEDS_AS and word not in COMMITTED
    if CUE_KIND[word] == "denial" and any(c.dep_ == "dative" for c in token.children):
        return False  # "denying them entry": refused them something, no denial
    if word.startswith("appeal") and any(c.dep_ == "dobj" for c in token.children):
        return False  # "appealed the decision to the higher court": a legal appeal, no plea
    if _object_gap(token):
        return False  # "the state of emergency Trump declared", "as much as she had requested"
    if CUE_KIND[word] == "denial" and not _denies_a_proposition(token):
        return False  # "Congress denied funding", "rejected the offer": refused a thing, no claim denied
    if word in NEEDS_CLAUSE:
        # "An investigation by X found no such action": what an inquiry or study finds is its report,
        # whatever the object ("Police found no bodies" reports nothing)
        return any(c.dep_ == "ccomp" for c in token.children) or word in ("found", "finds") and any(
            c.dep_ == "nsubj" and c.lower_ in WORK_NOUNS and any(g.dep_ == "prep" and g.lower_ == "by" for g in c.children)
            for c in token.children) and any(c.dep_ == "dobj" for c in token.children)
    if word in NEEDS_AS:
        return any(c.dep_ == "dobj" for c in token.children) and \
            any(c.dep_ == "prep" and c.lower_ == "as" for c in token.children)
    if word in COMMITTED:
        to = [c for c in token.children if c.dep_ == "prep" and c.lower_ == "to"]
        return any(g.dep_ == "pcomp" and g.tag_ == "VBG" for c in to for g in c.children)
    if word in ("responded", "replied") and any(c.dep_ == "prep" and c.lower_ == "to" for c in token.children) and \
            not any(c.dep_ in ("ccomp", "parataxis") for c in token.children) and \
            not re.match(r"\s*[,:]?\s*[\"“]", sentence_text[cue.end():]):
        return False  # "responded to her letter on Twitter, calling for ...": what it answered, not what was said
    if word == "calling for":
        return token.dep_ == "advcl"  # "marched on Sunday, calling for ..."; not "a plan calling for 5,000 homes"
    if word in NEEDS_ALLEGATION_OBJECT:
        objects = [c for c in token.children if c.dep_ == "dobj"]
        return bool(objects) and objects[0].lower_ in ALLEGATION_NOUNS
    if word in NEEDS_LISTENER_AND_ACT:
        return any(c.dep_ in ("dobj", "dative") for c in token.children) and \
            any(c.dep_ == "xcomp" and has_to_infinitive(c) for c in token.children)
    if word in PARTICIPLES:
        return any(c.dep_ in ("ccomp", "xcomp") for c in token.children) or \
            re.match(r"\s*[,:]?\s*[\"“]", sentence_text[cue.end():]) is not None
    if word in VERB_TAG_ONLY:
        return token.pos_ in ("VERB", "AUX") and token.tag_ == "VBP"
    if word in PLURAL_NOUN_FORMS:  # (a quotation after it is what was said: `X notes, "..."`)
        return token.pos_ in ("VERB", "AUX") and token.tag_ == "VBZ" or \
            re.match(r"\s*[,:]?\s*[\"“]", sentence_text[cue.end():]) is not None
    return True


# What is granted or refused, not claimed ("denied funding", "rejected the offer", "denied them
# entry"): a denial verb with one of these as its object refuses a thing and denies no claim.
GRANTED_NOUNS = frozenset(form for word in (
    "funding", "fund", "money", "entry", "access", "visa", "permission", "bail", "request", "application",
    "offer", "proposal", "bid", "asylum", "licence", "license", "permit", "parole", "service", "treatment",
    "aid", "admission", "citizenship", "passage", "approval", "loan", "membership", "budget", "motion",
    "petition", "lawsuit", "suit", "case", "plan", "deal", "amendment", "bill", "nomination", "candidacy",
) for form in (word, word + "s"))
_CLAUSE_DEPS = ("ccomp", "xcomp", "parataxis", "csubj")


# A clause opened by one of these says why or when, never what was said ("declared it so he could
# fund a wall"), even where the parser hangs it as the verb's complement.
_ADVERBIAL_MARKS = frozenset({"so", "because", "since", "although", "though", "while", "when", "after", "before",
                              "until", "unless", "as", "once"})


def _reported_clauses(token) -> list:
    return [c for c in token.children if c.dep_ in _CLAUSE_DEPS and not any(
        g.dep_ == "mark" and g.lower_ in _ADVERBIAL_MARKS for g in c.children)]


def _quotation_follows(sentence_text: str, cue: re.Match) -> bool:
    return re.search(r"[\"“]", sentence_text[cue.end():]) is not None


def _object_gap(token) -> bool:
    """A cue verb whose object is the noun its clause describes, written before it: "the state of
    emergency Trump declared last Friday" (a contact relative clause), "as much money as the president
    had requested" (a comparative). Nothing is reported: the object is a thing, not words."""
    if any(c.dep_ == "dobj" and c.tag_ in ("WP", "WDT") and c.lower_ in ("what", "whatever") for c in token.children):
        return True  # "what she described as post-election resources": the object is a thing named
    if _reported_clauses(token) or any(c.dep_ in ("dobj", "dative") for c in token.children):
        return False
    if any(c.dep_ == "mark" and c.lower_ == "as" for c in token.children) and token.dep_ == "advcl" and \
            token.head.pos_ in ("NOUN", "PROPN"):
        return True
    if token.dep_ in ("acl", "relcl") and token.head.pos_ in ("NOUN", "PROPN") and token.head.i < token.i and \
            any(c.dep_ == "mark" and c.lower_ == "that" for c in token.children) and \
            any(c.dep_ == "nsubj" for c in token.children):
        return True  # "the very notion that the Founders rejected" (the parser read "that" as a conjunction)
    subject = next((c for c in token.children if c.dep_ == "nsubj" and c.i < token.i), None)
    if subject is None or token.dep_ not in ("relcl", "ccomp", "acl", "conj"):
        return False
    first = min(t.i for t in subject.subtree)
    before = token.doc[first - 1] if first > 0 else None
    return before is not None and before.pos_ in ("NOUN", "PROPN") and before.i < token.i and \
        token.head.i <= before.i


def _denies_a_proposition(token) -> bool:
    """Whether a denial verb denies something said rather than refusing a thing: its object is no
    thing one is granted or refused ("denied funding for the wall", "rejected the offer")."""
    if any(c.dep_ in _CLAUSE_DEPS + ("pcomp",) for c in token.children):
        return True
    objects = [c for c in token.children if c.dep_ == "dobj"]
    return not objects or objects[0].lower_ not in GRANTED_NOUNS


def declares_a_thing(doc, sentence_text: str, cue: re.Match) -> bool:
    """"Declared" with a plain noun phrase as its object, no clause and no quotation ("declared a
    state of emergency", "declared seven days of mourning"): a declaration (kind "other"), no claim."""
    if doc is None or not cue_word(cue).startswith("declar"):
        return False
    token = cue_token(doc, cue)
    return token is not None and _acts_on_a_thing(token, sentence_text, cue)


def _acts_on_a_thing(token, sentence_text: str, cue: re.Match) -> bool:
    """A verb whose object is a plain noun phrase, with no clause and no quotation."""
    if _reported_clauses(token) or _quotation_follows(sentence_text, cue):
        return False
    objects = [c for c in token.children if c.dep_ == "dobj"]
    if not objects:
        return False
    obj = objects[0]
    if obj.pos_ not in ("NOUN", "PROPN") or any(c.dep_ == "prep" and c.lower_ == "as" for c in token.children):
        return False
    # "announced that ..." parsed as an object, "reported plans to ...": a clause inside the object
    return not any(c.dep_ in ("acl", "relcl", "ccomp") for c in obj.children)


def has_cue(sentence: Sentence) -> bool:
    """Whether a cue word occurs in the sentence where the text alone allows a reporting use
    (only such sentences are parsed)."""
    return any(is_verb_use(sentence.text, cue) for cue in CUE_RE.finditer(sentence.text)) or \
        IN_A_WORK.match(sentence.text) is not None


# "In a situational report of the council, CLAUSE", "In the analysis of the institute, CLAUSE": a
# work and its author opening the sentence, with no reporting verb, attribute the clause after them.
# (A study or survey "of" is what it studied: "In a survey of voters, ..." names no author.)
IN_A_WORK = re.compile(r"\s*In\s+(?:a|an|the|its|their)\s+(?:[\w\-]+\s+){0,2}?(?:(?:report|analysis|assessment|"
                       r"statement|view|opinion)\s+(?:of|by|from)|(?:study|survey)\s+by)\s+(?P<who>[^,;:\"“]{2,80}?)\s*,\s*"
                       r"(?P<what>[^\"“]+?)[\s.]*$")


def is_verb_use(sentence_text: str, cue: re.Match) -> bool:
    word = cue_word(cue)
    before = sentence_text[: cue.start()].rstrip().lower()
    # "the said report", "a warning", "his claims" use the cue word as a noun or adjective.
    if word in ("claims", "appeals", "requests", "demands", "promises", "warning", "notes", "states",
                "says", "reported", "writing", "described", "reports", "report"):
        if re.search(r"\b(the|a|an|his|her|their|its|our|such|these|those|of|in|to)$", before):
            return False
    if word in CALLED:
        # "called the deal "lousy"": an object, then the verdict quoted; "called off", "called it" are not
        # or a verdict on a clause: "called it unlikely that the EU would pay"
        return (re.match(r"\s+(?:[\w'’.\-]+\s+){1,8}?[\"“]", sentence_text[cue.end():]) is not None or
                re.match(r"\s+it\s+(?:\w+ly\s+)?\w+\s+that\b", sentence_text[cue.end():]) is not None) and \
            not re.search(r"\b(?:was|were|been|being|is|are|be|so|also|officially)$", before)
    if word == "thanks" and re.match(r"\s+to\b", sentence_text[cue.end():]):
        return False  # "reopened, thanks to new funding"
    if word.startswith("plead") and re.match(r"\s+(?:not\s+)?(?:guilty|innocent|no contest)\b", sentence_text[cue.end():],
                                            re.IGNORECASE):
        return False  # "pleaded guilty to each charge": a plea in court, no appeal to anyone
    if word in ("asked", "reported") and re.search(r"\b(when|if|was|were|being|been|is)$", before):
        return False
    # Passive voice ("People were encouraged to ...", "he was not asked", "she was told to")
    # names no speaker, unless its agent follows ("was announced by the ministry").
    passive = re.search(r"\b(was|were|been|being|is|are|be|get|got)(\s+\w+ly|\s+not|\s+never|\s+later|\s+also|"
                        r"\s+since)?$", before) if word.endswith("ed") or word == "told" else None
    if passive and (passive.group(2) or "").strip() in ("not", "never") or \
            passive and not re.match(r"\s+by\s", sentence_text[cue.end():]):
        return False
    if word in VOICES_A_FEELING:
        return SENTIMENT.match(sentence_text, cue.end()) is not None
    # The frame for FRAMED_ONLY verbs: "that", a comma, a colon or a quotation follows.
    # (or a clause opening with a pronoun and its verb: "asserted he had won")
    if word in FRAMED_ONLY and not re.match(r"\s*(?:that\b|[,:]|[\"“]|(?:he|she|they|we|I)\s+(?:had|has|have|was|were|is|are|would|will|could|did|should)\b)",
                                            sentence_text[cue.end():]):
        # "... describe the judgement as historic", "cited an audit as the reason" are the frames without them.
        return word.startswith(("describe", "cite")) and re.match(r"(?:\s+[\w'’\-]+){1,8}\s+as\s", sentence_text[cue.end():]) is not None
    return True


_NEGATION = re.compile(r"\b(not|n't|never|no|nothing|none|neither|nor|false|baseless|untrue)\b|n’t\b", re.IGNORECASE)
# Words that report an allegation nearby. Not "claiming" or "suggesting": a participle after a comma
# is the speaker's own claim ("called for cooperation, claiming a right to ..."), no one else's; "lie"
# only as a noun ("the biggest lie being told ... is that ...", not "the answer lies in").
_ALLEGATION = re.compile(r"\b(alleg\w*|claim(?!ing)\w*|reports?|accus\w*|insinuation\w*|rumou?rs?|assumptions?|"
                         r"suggest(?!ing)\w*|(?:a|the|biggest|big|blatant|outright)\s+lie|lies\b(?!\s+(?:in|with|on|at|"
                         r"ahead|behind|beneath|between|within)\b))\b", re.IGNORECASE)


def negates_an_allegation(content: str, sentence: Sentence, document: Document) -> bool:
    """A statement that opens by negating ("Russia has not participated ...") right after an
    allegation is reported nearby is a denial, whatever its verb."""
    if re.match(r"\s*(?:even though|although|though|like|if|unless|while|whether)\b", content, re.IGNORECASE):
        return False
    opening = " ".join(content.split()[:5])
    negation = _NEGATION.search(opening)
    if not negation or re.search(r"\bnot only\b", content[: negation.end() + 6], re.IGNORECASE):
        return False
    index = sentence.index
    context = document.sentences[max(0, index - 3) : index + 1]
    return any(_ALLEGATION.search(s.text) for s in context)


def feeling_kind(sentence_text: str, cue: re.Match) -> StatementKind | None:
    """The kind of what a verb that voices a feeling says: "expressed concern over ..." warns; "offered
    condolences", "expressed sympathy" is other. None for any other cue."""
    if cue_word(cue) not in VOICES_A_FEELING:
        return None
    found = SENTIMENT.match(sentence_text, cue.end())
    if found is None:
        return None
    return "warning" if found.group("feeling").lower().startswith("concern") else "other"
