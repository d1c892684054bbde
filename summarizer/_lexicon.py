"""Word lists shared by every stage; each exists once, here.

Stages import these rather than keeping their own copies: the candidate pass (``_candidates``,
``_attribution``), the rules backend, the assembler, the eval and the figure reader. The cue
lexicon (which verbs report speech) is the one list kept beside its only user,
``_candidates/cues.py``.
"""

from __future__ import annotations

import re

# Pronouns a speaker or an addressee can be written as.
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
BODY_PRONOUNS = frozenset({"it"})
GROUP_PRONOUNS = frozenset({"they", "them", "we", "us", "you", "i"})
PRONOUNS = PERSON_PRONOUNS | BODY_PRONOUNS | GROUP_PRONOUNS
POSSESSIVE_PRONOUNS = frozenset({"his", "their", "its", "our", "my", "your"})

# Words that stand before a name as a title or a role ("Prime Minister John Key",
# "spokesperson Maria Zakharova"), lower-case.
TITLES = frozenset({
    "mayor", "president", "prime", "minister", "professor", "emeritus", "dr", "dr.", "mr", "mr.", "mrs", "mrs.",
    "ms", "ms.", "general", "gen.", "senator", "sen.", "governor", "gov.", "judge", "justice", "chief", "director",
    "secretary", "spokesperson", "spokesman", "spokeswoman", "ambassador", "chairman", "chairwoman", "chair",
    "king", "queen", "prince", "princess", "pope", "rev.", "reverend", "sir", "dame", "lord", "officer",
    "sergeant", "captain", "colonel", "commissioner", "inspector", "chancellor", "detective", "acting", "former",
    "deputy", "vice", "foreign", "defence", "defense", "interior", "finance", "health", "state", "representative",
    "rep.", "commander", "lieutenant", "lt.", "major", "premier", "envoy", "attorney", "prosecutor", "editor",
    "sheriff",
})

# Capitalised words that make a name a body's rather than a person's ("the Interior Ministry",
# "the Labour Party", "Stanford University").
BODY_NAME_WORDS = (
    "Ministry", "Front", "Party", "Council", "Government", "Church", "Department", "Office", "Committee",
    "Commission", "Police", "Court", "Union", "Nations", "Agency", "Organisation", "Organization", "Company",
    "Inc", "News", "Press", "Authority", "Association", "Institute", "University", "Army", "Forces", "Bank",
    "Project", "Times", "Post", "Gazette", "Center", "Centre",
)
BODY_NAME = re.compile(r"\b(" + "|".join(BODY_NAME_WORDS) + r")\b")


def _forms(noun: str) -> tuple[str, str]:
    """A noun and its regular plural ("official"/"officials", "ministry"/"ministries", "man"/"men")."""
    if noun.endswith("man"):
        return noun, noun[:-3] + "men"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun, noun[:-1] + "ies"
    if noun.endswith(("s", "sh", "ch", "x")):
        return noun, noun + "es"
    return noun, noun + "s"


# Nouns that name a person by what they do or are ("the spokeswoman", "officials", "two witnesses"),
# lower-case, singular and plural: a speaker whose head is one of these is a person (or people).
PERSON_NOUNS = frozenset(
    form for word in (
        "spokesperson", "spokesman", "spokeswoman", "official", "minister", "envoy", "ambassador", "diplomat",
        "president", "leader", "chief", "head", "director", "chairman", "chairwoman", "chair", "secretary",
        "governor", "mayor", "senator", "lawmaker", "legislator", "politician", "candidate", "adviser",
        "advisor", "aide", "representative", "delegate", "negotiator", "commander", "general", "officer",
        "soldier", "troop", "colonel", "captain", "sergeant", "commissioner", "inspector", "detective",
        "investigator", "prosecutor", "attorney", "lawyer", "judge", "justice", "magistrate", "defendant",
        "witness", "victim", "survivor", "resident", "citizen", "villager", "local", "neighbour", "neighbor",
        "expert", "analyst", "scientist", "researcher", "professor", "academic", "scholar", "economist",
        "doctor", "physician", "nurse", "surgeon", "paramedic", "teacher", "student", "parent", "mother",
        "father", "son", "daughter", "brother", "sister", "wife", "husband", "family", "relative", "friend",
        "colleague", "employee", "worker", "staffer", "manager", "executive", "founder", "owner", "chairperson",
        "activist", "campaigner", "protester", "protestor", "demonstrator", "organiser", "organizer",
        "volunteer", "rescuer", "firefighter", "journalist", "reporter", "correspondent", "editor", "writer",
        "author", "critic", "commentator", "observer", "source", "insider", "member", "supporter", "opponent",
        "fan", "player", "coach", "athlete", "driver", "pilot", "passenger", "patient", "user", "customer",
        "farmer", "priest", "bishop", "cleric", "imam", "rabbi", "monk", "king", "queen", "prince",
        "princess", "premier", "chancellor", "lieutenant", "major", "militant", "fighter", "rebel", "refugee",
        "migrant", "man", "woman", "person", "boy", "girl", "child", "individual", "guardian", "caretaker",
        "physicist", "biologist", "chemist", "engineer", "architect", "developer", "designer", "artist",
        "actor", "actress", "singer", "musician", "producer", "host", "presenter", "trustee",
        "partner", "counsel", "hacker", "blogger", "consultant", "specialist", "eyewitness", "interviewee",
        "clerk", "poster", "anyone", "someone", "guard", "landlord", "tenant", "employer", "motorist", "commuter",
    )
    for form in _forms(word)
) | frozenset({"people", "children", "police", "staff", "personnel", "crew", "spokespeople", "public"})

# Nouns that name a body ("the ministry", "police", "the government"), lower-case, singular and plural.
BODY_NOUNS = frozenset(
    form for word in (
        "ministry", "government", "administration", "cabinet", "parliament", "congress", "senate", "assembly",
        "council", "committee", "commission", "board", "court", "tribunal", "police", "army", "military",
        "navy", "force", "agency", "authority", "department", "office", "bureau", "service", "embassy",
        "consulate", "state", "country", "nation", "city", "municipality", "party", "coalition", "alliance",
        "union", "federation", "association", "organisation", "organization", "group", "company", "firm",
        "corporation", "business", "bank", "fund", "charity", "foundation", "institute", "university",
        "college", "school", "hospital", "church", "team", "club", "league", "network", "broadcaster",
        "newspaper", "outlet", "channel", "station", "publisher", "regime", "junta", "opposition", "campaign",
        "movement", "secretariat", "watchdog", "regulator", "inquiry", "panel", "prosecution", "defence",
        "defense", "household", "community", "airline", "operator", "manufacturer", "maker", "retailer",
        "utility", "laboratory", "lab", "observatory", "body", "organ", "unit", "squad", "brigade", "media",
        "press",
        "militia", "faction", "family", "tribe", "clan", "majority", "minority", "industry", "sector",
        "hotel", "restaurant", "shop", "store", "museum", "airport", "prison", "factory", "plant", "mine",
    )
    for form in _forms(word)
)

# Nouns for a written or spoken act, not its author ("the statement said", "a tweet read"): a
# speaker written this way stands for whoever made it, who must be found before it.
SPEECH_ACT_NOUNS = frozenset({"tweet", "post", "statement", "letter", "report", "message"})
# Role nouns the rules backend resolves to the last named person ("the spokeswoman said").
ROLE_HEAD_NOUNS = frozenset({"spokesperson", "spokesman", "spokeswoman", "envoy", "minister", "official", "president"})
# Offices one person holds ("the president", "the mayor"): someone named with another title is not it.
SINGLE_OFFICES = frozenset({"president", "mayor", "governor", "king", "queen", "pope", "premier", "chancellor"})
# Nouns for a work that reports ("the study", "the ruling", "the website"): a reporting verb's
# subject written this way names no speaker, only, where the sentence gives one, its author.
WORK_NOUNS = frozenset(form for word in (
    "study", "survey", "analysis", "research", "finding", "result", "decision", "ruling", "judgment",
    "judgement", "website", "site", "posting", "section", "document", "paper", "article", "book", "video",
    "page", "blog", "account", "release", "announcement", "notice", "poll", "request", "petition", "complaint",
    "investigation", "inquiry", "review", "audit", "summary",
    *SPEECH_ACT_NOUNS,
) for form in _forms(word))
# Nouns for something asserted about someone ("the claims", "such insinuations", "reports of ..."):
# what a denial rejects. A verb that otherwise condemns or resists ("denounced", "slammed",
# "opposes") denies when its object is one of these.
ALLEGATION_NOUNS = frozenset(form for word in (
    "claim", "allegation", "accusation", "charge", "report", "insinuation", "rumour", "rumor", "assertion",
    "suggestion", "conclusion", "finding", "notion", "argument", "speculation", "assumption", "lie",
    "characterisation", "characterization", "portrayal", "narrative", "theory",
) for form in _forms(word))
# Verbs of a state or an outcome, not of an act one can undertake ("he would be surprised", "she
# will win"): "said he would ..." with one of these is no pledge.
STATE_VERBS = frozenset({"be", "have", "need", "like", "love", "want", "prefer", "win", "lose", "get", "know", "see",
                         "say", "think", "feel", "seem", "remain", "die", "happen", "become", "come", "hope", "wish",
                         "expect"})
# Auxiliaries of what may come to pass ("can lead to", "may occur if", "is going to"): a danger ahead.
MODALS_OF_CHANCE = frozenset({"can", "could", "may", "might", "will", "would", "wo", "'ll", "going"})
# Objects that are the speaker ("it was time for him to retire"): no one else is asked.
SPEAKER_AS_OBJECT = frozenset({"me", "us", "him", "her", "myself", "ourselves", "himself", "herself"})
# Heads that pick some of a group ("one of the students", "a number of senators"): the group is who.
# Pronoun-like quantifiers that name nobody a reader could check when they stand alone ("One said",
# "Another claimed", "Some argued").
QUANTIFIERS = frozenset({"one", "some", "many", "others", "several", "few", "most", "all", "both", "each",
                         "another"})
PART_OF_GROUP = QUANTIFIERS | frozenset({"none", "number", "majority", "minority", "half", "dozens", "hundreds",
                                         "thousands", "two", "three", "four", "five", "group"})

# Endings of nouns that name a person by what they do ("the harbour master", "a publicist", "her
# teammates"), and of nouns for acts, states and qualities ("the demarcation", "the agreement"),
# which never speak. A noun the lists above lack is read by these.
PERSON_NOUN_ENDING = re.compile(r"(?:ist|er|or|ian|ant|ent|eer|ee|man|men|person|people|mate)s?$")
ABSTRACT_NOUN_ENDING = re.compile(r"(?:tion|sion|ment|ness|ity|ance|ence|ure|ism|ing)s?$")


def names_a_person(noun: str) -> bool:
    """Whether a common noun (lower-case) names a person or people."""
    if noun in PERSON_NOUNS:
        return True
    return noun not in BODY_NOUNS and ABSTRACT_NOUN_ENDING.search(noun) is None and \
        PERSON_NOUN_ENDING.search(noun) is not None


def names_a_person_or_body(noun: str) -> bool:
    """Whether a common noun (lower-case) names a person, people or a body."""
    return noun in BODY_NOUNS or names_a_person(noun)


# Nouns an issuing verb gives out that are not reported words ("issued warnings against ...": a
# warning; "issued an opinion on ...": a verdict), and adverbs that make a clause follow from the one
# before ("and that, likewise, ..."): read by ``_candidates/statements``.
WARNING_NOUNS = frozenset({"warning", "warnings", "caution", "alert", "alerts"})
VERDICT_NOUNS = frozenset({"opinion", "ruling", "judgment", "judgement", "verdict"})
CONSEQUENCE_ADVERBS = frozenset({"likewise", "similarly", "therefore", "thus", "hence", "consequently",
                                 "accordingly"})
# Determiners that introduce someone not named before ("a Turkish official", "another minister").
INDEFINITE_DETERMINERS = frozenset({"a", "an", "another"})

# Adjectives of nationality and region ("American", "Iraqi", "Chinese", "Greek"): words that
# describe a name or a role rather than being one. A list, not a pattern over endings: endings
# also fit surnames ("Pelosi", "Khan", "Ryan").
NATIONALITY_ADJECTIVES = frozenset("""
afghan albanian algerian american andorran angolan argentine argentinian armenian australian austrian
azerbaijani bahamian bahraini bangladeshi barbadian belarusian belgian belizean beninese bhutanese
bolivian bosnian botswanan brazilian british bruneian bulgarian burkinabe burmese burundian cambodian
cameroonian canadian chadian chilean chinese colombian congolese croatian cuban cypriot czech danish
djiboutian dominican dutch ecuadorian egyptian emirati english eritrean estonian ethiopian fijian
filipino finnish french gabonese gambian georgian german ghanaian greek grenadian guatemalan guinean
guyanese haitian honduran hungarian icelandic indian indonesian iranian iraqi irish israeli italian
ivorian jamaican japanese jordanian kazakh kenyan korean kosovan kuwaiti kyrgyz lao latvian lebanese
liberian libyan lithuanian luxembourgish macedonian malagasy malawian malaysian maldivian malian maltese
mauritanian mauritian mexican moldovan mongolian montenegrin moroccan mozambican namibian nepalese nepali
nicaraguan nigerian nigerien norwegian omani pakistani palestinian panamanian paraguayan persian peruvian
polish portuguese qatari romanian russian rwandan salvadoran samoan saudi scottish senegalese serbian
singaporean slovak slovenian somali spanish sudanese surinamese swazi swedish swiss syrian taiwanese
tajik tanzanian thai tibetan togolese tongan trinidadian tunisian turkish turkmen ugandan ukrainian
uruguayan uzbek venezuelan vietnamese welsh yemeni zambian zimbabwean
african arab asian european kurdish latin nordic scandinavian soviet western eastern
""".split())


def is_nationality_adjective(word: str) -> bool:
    return word.lower() in NATIONALITY_ADJECTIVES


# Figures (``_candidates/figures.py``, ``_attribution.counted_phrase``).
# Nouns that measure rather than name what is counted ("49 percent of voters", "a third of"): the
# counted thing is their "of" phrase, or, with none, the figure's subject.
MEASURE_NOUNS = frozenset({"percent", "%", "per", "cent", "percentage", "fold", "times", "time", "half", "third",
                           "quarter", "number", "total", "majority", "minority"})
# Prepositions whose phrase belongs to a counted noun ("residents in Panjshir", "people on board").
WHAT_PREPOSITIONS = frozenset({"of", "in", "at", "from", "on", "for", "to", "across", "throughout", "near", "inside",
                               "outside", "within", "under", "over", "aboard", "into", "with", "without", "by",
                               "around", "along"})
# Verbs whose object is an amount their subject comes to ("turnout reached 60 percent"), lemmas.
AMOUNT_VERBS = frozenset({"reach", "total", "hit", "exceed", "top", "average", "equal", "surpass"})
# Words that open a clause: what stands before the number past one of these is another clause's.
SUBORDINATORS = frozenset({"when", "who", "whom", "whose", "which", "where", "after", "before", "because", "while",
                           "since", "if", "although", "though", "until", "unless", "whether"})

# Words before a person or body noun that leave them unnamed ("the police", "local officials",
# "an unnamed source"), lower-case: such a speaker is kept but marked unresolved.
UNNAMING_WORDS = frozenset({"the", "a", "an", "this", "that", "these", "those", "his", "her", "their", "its", "our",
                            "no", "more", "local", "senior", "unnamed", "anonymous"})
