"""The eval harness: score briefs against hand-labeled gold (format: evals/README.md).

Matching is one-to-one and order-insensitive: every (gold, prediction) pair that passes the
field's rule gets a score, and pairs are taken greedily, best score first.

- Text overlap is over lower-cased word stems (first 5 letters) without stop words:
  |gold ∩ predicted| / |gold|.
- Speakers are strict: the speaker a reader sees (``speaker`` of the item) must name the gold
  actor. It matches when it equals a form of the actor (name or alias, a leading "the" aside), is
  a shorter form inside one ("Saleh" for "Amrullah Saleh"), or holds one plus only words of the
  actor's role and titles ("spokesperson Maria Zakharova"). A bare pronoun ("He"), a clause
  fragment ("Donald Trump personally") or a name glued to other words never matches.
- statements: speaker and content overlap ≥ 0.5.
- denials: speaker and overlap of the gold `denied` with the prediction's denied text and
  evidence ≥ 0.25.
- appeals: speaker, request overlap ≥ 0.25 (request and evidence), and when the gold names an
  addressee the prediction's addressee or its evidence must share a word stem with it.
- figures: value within 1% (both null for vague figures), and the same unit class: percent, a
  currency code, or a count.
- actors: a name or alias of the prediction equals a name or alias of the gold (case-insensitive).

Optional gold items are matched like the rest, but a match to one is neither a true positive nor
a false positive; unmatched optional items are not misses.

Every miss and false positive gets an error class:
- ``wrong speaker``: the content was found (overlap at the field's threshold, or for statements
  evidence covering half the gold words' span) but the speaker is wrong;
- ``wrong span``: the speaker is right, and the prediction touches the gold item without matching
  it: for statements its evidence or its words cover more than a fifth of the gold's; for denials
  and appeals some content overlaps; for figures, a figure at the gold's place with the wrong value
  or unit class;
- ``missed``: a required gold item nothing came near;
- ``invented``: a prediction near no gold item.
A prediction near an optional gold item (wrong speaker or span) is a false positive counted as
``near_optional``, apart from the four classes, so that missed + wrong speaker + wrong span is the
count of required misses.

Speaker accuracy on pronoun and role items: a required gold statement whose sentence (the
segmenter's, holding its text) names its speaker by no name form (name, a person's surname, an
alias that shares a word with the name or is an acronym) is a pronoun or role item; of those the
statements field matched or paired as a wrong speaker (content found), the share matched.

The summary is scored by key facts (gold ``key_facts``): a fact is covered when at least two
thirds of its keywords occur in ``summary`` + ``key_points`` (compared by word stems; digit
grouping ignored, so "2,50,000" meets "250000"). The lede baseline is the article's first body
words cut to the same number of words. A summary sentence is unsupported when no article
sentence, with its neighbours, holds 60% of its content stems.
"""

from __future__ import annotations

import json
import math
import re
import statistics
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from ._lexicon import BODY_NAME, PRONOUNS, TITLES
from ._models import Brief, GoldActor, GoldArticle
from ._segment import split_sentences
from ._verify import unit_class

FIELDS = ("statements", "denials", "appeals", "figures", "actors")
ERROR_CLASSES = ("missed", "wrong_speaker", "wrong_span", "invented")
# predictions near an optional gold item: false positives, but no error against a required one
NEAR_OPTIONAL = "near_optional"
STATEMENT_OVERLAP = 0.5
DENIAL_OVERLAP = 0.25
APPEAL_OVERLAP = 0.25
FIGURE_TOLERANCE = 0.01
KEY_FACT_SHARE = 2 / 3
SUPPORT_SHARE = 0.6
_STOP = {"the", "a", "an", "of", "to", "in", "on", "and", "or", "for", "that", "this", "is", "was", "are",
         "were", "be", "been", "it", "its", "by", "with", "as", "at", "from", "has", "have", "had", "will",
         "would", "not", "but", "they", "their", "he", "she", "his", "her", "we", "our", "i", "you", "said",
         "says", "also", "which", "who", "there", "any", "all"}
# Words that may stand beside a name in a speaker without making it another speaker.
_TITLES = {t.rstrip(".") for t in TITLES} | {"the", "of", "and", "us", "uk", "miss", "lady", "leader", "head"}


def stems(text: str | None) -> set[str]:
    return {w[:5] for w in re.findall(r"\w+", (text or "").lower()) if w not in _STOP}


def overlap(gold: str | None, predicted: str | None) -> float:
    wanted = stems(gold)
    return len(wanted & stems(predicted)) / len(wanted) if wanted else 0.0


def phrase_overlap(gold: str | None, predicted: str | None) -> float:
    """Token overlap of two phrases, both ways (Dice over content-word stems): a phrase padded with
    words the gold does not have scores lower, unlike ``overlap``, which counts only the gold's."""
    wanted, got = stems(gold), stems(predicted)
    return 2 * len(wanted & got) / (len(wanted) + len(got)) if wanted or got else 1.0


def _contains_words(haystack: str, needle: str) -> bool:
    return bool(needle) and re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack) is not None


def _normal_name(text: str) -> str:
    """Lower case, "U.S." as "us", hyphens as spaces, a final possessive and a leading "the" dropped
    ("Putin's spokesman" keeps its possessive: it names someone else)."""
    text = text.lower().replace("’", "'").replace(".", "").replace("-", " ")
    text = re.sub(r"'s?$", "", text.strip())
    text = re.sub(r"[^\w\s']", " ", text)
    return re.sub(r"^the\s+", "", " ".join(text.split()))


def speaker_matches(gold_forms: Iterable[str], gold_role: str | None, predicted: str | None) -> bool:
    """Whether the speaker a reader sees names the gold actor (the strict rule in the module doc)."""
    shown = _normal_name(predicted or "")
    if not shown or shown in PRONOUNS:
        return False
    forms = [f for f in (_normal_name(f) for f in gold_forms if f and f.strip()) if f]
    allowed = {w for f in [*forms, _normal_name(gold_role or "")] for w in f.split()} | _TITLES
    for form in forms:
        if shown == form:
            return True
        # a shorter form of the name: its last words, and no title ("Saleh", never "Donald" or "the minister")
        if form.endswith(" " + shown) and not any(word in _TITLES for word in shown.split()):
            return True
        # the name with words of the actor's role or titles around it ("spokesperson Maria Zakharova")
        if _contains_words(shown, form):
            rest = re.sub(rf"(?<!\w){re.escape(form)}(?!\w)", " ", shown, count=1)
            if all(word in allowed for word in rest.split()):
                return True
    return False


@dataclass
class FieldScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    # per matched pair, how well a secondary phrase agrees with the gold (figures: ``what``)
    phrase_scores: list[float] = field(default_factory=list)
    # gold index -> how it was paired: "matched", "wrong_speaker" or "wrong_span" (absent: nothing came near)
    outcomes: dict[int, str] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=lambda: dict.fromkeys((*ERROR_CLASSES, NEAR_OPTIONAL), 0))

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def empty(self) -> bool:
        return self.tp + self.fp + self.fn == 0


def _greedy(gold: list, predicted: list, score: Callable[[Any, Any], float | None],
            used_gold: set[int] | None = None, used_predicted: set[int] | None = None) -> list[tuple[int, int]]:
    used_gold = set() if used_gold is None else used_gold
    used_predicted = set() if used_predicted is None else used_predicted
    pairs = []
    for gi, g in enumerate(gold):
        if gi in used_gold:
            continue
        for pi, p in enumerate(predicted):
            if pi in used_predicted:
                continue
            value = score(g, p)
            if value is not None:
                # required gold first, so an optional twin never steals the match
                pairs.append((value + (1.0 if getattr(g, "required", True) else 0.0), gi, pi))
    pairs.sort(key=lambda item: -item[0])
    matched = []
    for _, gi, pi in pairs:
        if gi not in used_gold and pi not in used_predicted:
            used_gold.add(gi)
            used_predicted.add(pi)
            matched.append((gi, pi))
    return matched


@dataclass
class _Spec:
    gold: list
    predicted: list
    match: Callable[[Any, Any], float | None]
    show_gold: Callable[[Any], str]
    show_predicted: Callable[[Any], str]
    wrong_speaker: Callable[[Any, Any], float | None] = lambda g, p: None
    wrong_span: Callable[[Any, Any], float | None] = lambda g, p: None
    phrase: Callable[[Any, Any], float] | None = None


def _score_field(spec: _Spec) -> FieldScore:
    """P/R from the strict matching, then every miss and false positive put in an error class."""
    result = FieldScore()
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    matched = _greedy(spec.gold, spec.predicted, spec.match, used_gold, used_predicted)
    if spec.phrase is not None:
        result.phrase_scores = [spec.phrase(spec.gold[gi], spec.predicted[pi]) for gi, pi in matched]
    for gi, _ in matched:
        result.outcomes[gi] = "matched"
        if getattr(spec.gold[gi], "required", True):
            result.tp += 1
    result.fp = len(spec.predicted) - len(used_predicted)
    result.fn = sum(1 for gi, g in enumerate(spec.gold) if gi not in used_gold and getattr(g, "required", True))
    for error, scorer in (("wrong_speaker", spec.wrong_speaker), ("wrong_span", spec.wrong_span)):
        for gi, pi in _greedy(spec.gold, spec.predicted, scorer, used_gold, used_predicted):
            result.outcomes[gi] = error
            label = error.replace("_", " ")
            if getattr(spec.gold[gi], "required", True):
                result.errors[error] += 1
                result.misses.append(f"[{label}] {spec.show_gold(spec.gold[gi])} ← got {spec.show_predicted(spec.predicted[pi])}")
            else:  # near an optional item: a false positive, but not an invented one
                result.errors[NEAR_OPTIONAL] += 1
                result.false_positives.append(
                    f"[{label}, optional gold] {spec.show_predicted(spec.predicted[pi])}")
    for gi, g in enumerate(spec.gold):
        if gi not in used_gold and getattr(g, "required", True):
            result.errors["missed"] += 1
            result.misses.append(f"[missed] {spec.show_gold(g)}")
    for pi, p in enumerate(spec.predicted):
        if pi not in used_predicted:
            result.errors["invented"] += 1
            result.false_positives.append(f"[invented] {spec.show_predicted(p)}")
    return result


def _spans_of(text: str, needle: str) -> list[tuple[int, int]]:
    spans, start = [], text.find(needle) if needle else -1
    while start >= 0:
        spans.append((start, start + len(needle)))
        start = text.find(needle, start + 1)
    return spans


def _covered_share(spans: list[tuple[int, int]], start: int, end: int) -> float:
    """The largest share of one gold span that [start, end) covers."""
    best = 0.0
    for s, e in spans:
        if e > s:
            best = max(best, max(0, min(e, end) - max(s, start)) / (e - s))
    return best


def score_article(gold: GoldArticle, brief: Brief, article_text: str = "") -> dict[str, FieldScore]:
    """Scores every field. ``article_text`` lets evidence offsets count as finding a gold text."""
    actors = {a.name: a for a in gold.actors}

    def speaker_ok(name: str, predicted: str) -> bool:
        actor = actors.get(name)
        forms = [actor.name, *actor.aliases] if actor else [name]
        return speaker_matches(forms, actor.role if actor else None, predicted)

    gold_spans = {id(g): _spans_of(article_text, g.text) for g in gold.statements}

    def statement_content(g, p) -> float:
        value = overlap(g.text, f"{p.text} {p.quote or ''}")
        covered = _covered_share(gold_spans[id(g)], p.evidence.start, p.evidence.end)
        return max(value, covered if covered >= STATEMENT_OVERLAP else 0.0)

    def statement_score(g, p):
        if not speaker_ok(g.speaker, p.speaker):
            return None
        value = overlap(g.text, f"{p.text} {p.quote or ''}")
        return value if value >= STATEMENT_OVERLAP else None

    def statement_wrong_speaker(g, p):
        value = statement_content(g, p)
        return value if value >= STATEMENT_OVERLAP and not speaker_ok(g.speaker, p.speaker) else None

    def statement_wrong_span(g, p):
        if not speaker_ok(g.speaker, p.speaker):
            return None
        touched = _covered_share(gold_spans[id(g)], p.evidence.start, p.evidence.end)
        value = max(touched, overlap(g.text, f"{p.text} {p.quote or ''}"))
        return value if value > 0.2 else None

    def denial_content(g, p) -> float:
        return overlap(g.denied, f"{p.denied} {p.evidence.text}")

    def denial_score(g, p):
        value = denial_content(g, p)
        return value if value >= DENIAL_OVERLAP and speaker_ok(g.speaker, p.speaker) else None

    def denial_wrong_speaker(g, p):
        value = denial_content(g, p)
        return value if value >= DENIAL_OVERLAP and not speaker_ok(g.speaker, p.speaker) else None

    def denial_wrong_span(g, p):
        value = denial_content(g, p)
        return value if value > 0 and speaker_ok(g.speaker, p.speaker) else None

    def appeal_content(g, p) -> float | None:
        value = overlap(g.request, f"{p.request} {p.evidence.text}")
        if value < APPEAL_OVERLAP:
            return None
        if g.addressee and not (stems(g.addressee) & stems(f"{p.addressee or ''} {p.evidence.text}")):
            return None
        return value

    def appeal_score(g, p):
        value = appeal_content(g, p)
        return value if value is not None and speaker_ok(g.speaker, p.speaker) else None

    def appeal_wrong_speaker(g, p):
        value = appeal_content(g, p)
        return value if value is not None and not speaker_ok(g.speaker, p.speaker) else None

    def appeal_wrong_span(g, p):
        value = overlap(g.request, f"{p.request} {p.evidence.text}")
        return value if value > 0 and speaker_ok(g.speaker, p.speaker) else None

    def figure_score(g, p):
        if unit_class(g.unit) != unit_class(p.unit):
            return None
        if g.value is None or p.value is None:
            return 0.5 if g.value is None and p.value is None and overlap(g.raw, p.raw) > 0 else None
        close = math.isclose(g.value, p.value, rel_tol=FIGURE_TOLERANCE, abs_tol=1e-9)
        return 1.0 - abs(g.value - p.value) / max(abs(g.value), 1e-9) if close else None

    figure_spans = {id(g): _spans_of(article_text, g.raw) for g in gold.figures}

    def figure_wrong_span(g, p):
        touched = _covered_share(figure_spans[id(g)], p.evidence.start, p.evidence.end)
        return touched if touched > 0 else None

    def actor_score(g, p):
        gold_set = {f.lower() for f in [g.name, *g.aliases]}
        return 1.0 if any(f.lower() in gold_set for f in [p.name, *p.aliases]) else None

    specs = {
        "statements": _Spec(gold.statements, brief.statements, statement_score,
                            lambda g: f"{g.speaker} ({g.kind}): {g.text}", lambda p: f"{p.speaker} ({p.kind}): {p.text}",
                            statement_wrong_speaker, statement_wrong_span),
        "denials": _Spec(gold.denials, brief.denials, denial_score,
                         lambda g: f"{g.speaker} denied: {g.denied}", lambda p: f"{p.speaker} denied: {p.denied}",
                         denial_wrong_speaker, denial_wrong_span),
        "appeals": _Spec(gold.appeals, brief.appeals, appeal_score,
                         lambda g: f"{g.speaker} → {g.addressee}: {g.request}",
                         lambda p: f"{p.speaker} → {p.addressee}: {p.request}",
                         appeal_wrong_speaker, appeal_wrong_span),
        "figures": _Spec(gold.figures, brief.figures, figure_score,
                         lambda g: f"{g.raw} = {g.value} {g.unit or ''} ({g.what})",
                         lambda p: f"{p.raw} = {p.value} {p.unit or ''} ({p.what})",
                         wrong_span=figure_wrong_span, phrase=lambda g, p: phrase_overlap(g.what, p.what)),
        "actors": _Spec(gold.actors, brief.actors, actor_score, lambda g: g.name, lambda p: p.name),
    }
    return {name: _score_field(spec) for name, spec in specs.items()}


# --------------------------------------------------------------------------------------------
# Speakers the sentence does not name: accuracy on pronoun and role items
# --------------------------------------------------------------------------------------------


def _folded_words(text: str) -> str:
    """Lower case, accents folded, curly apostrophes straight, so "Erdoğan’s" meets "erdogan's"."""
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return text.lower().replace("’", "'")


def _name_forms(actor: GoldActor) -> list[str]:
    """The forms that name an actor: its name, its surname (the last word of a person's name, every
    word capitalised and none a body's: "Pelosi" for "Nancy Pelosi", none for "Russian Foreign
    Ministry") and the aliases that are names. An alias is a name when it shares a word with the name,
    titles aside ("Senator Warren"), or is an acronym ("WHO"); any other alias is a role phrase ("the
    envoy", "the president"), which gold aliases list too."""
    words = actor.name.split()
    name_words = {w for w in re.findall(r"\w+", _folded_words(actor.name)) if w not in _STOP | _TITLES}
    forms = [actor.name]
    if len(words) > 1 and all(w[0].isupper() for w in words) and not BODY_NAME.search(actor.name) \
            and _folded_words(words[-1]) not in _TITLES:
        forms.append(words[-1])
    for alias in actor.aliases:
        shares_a_word = name_words & set(re.findall(r"\w+", _folded_words(alias)))
        if shares_a_word or re.fullmatch(r"[A-Z0-9&.-]{2,}", alias):
            forms.append(alias)
    return forms


def holding_sentence(article_text: str, sentences: list[tuple[int, int]], text: str) -> str:
    """The article sentence(s) holding ``text`` (its first occurrence), from the segmenter's sentence
    spans; the line holding it when no body sentence does (a line the segmenter took for a heading)."""
    start = article_text.find(text)
    if start < 0:
        return text
    end = start + len(text)
    held = [article_text[s:e] for s, e in sentences if s < end and e > start]
    if held:
        return " ".join(held)
    line_start, line_end = article_text.rfind("\n", 0, start) + 1, article_text.find("\n", end)
    return article_text[line_start : line_end if line_end >= 0 else len(article_text)]


def is_pronoun_or_role_item(actor: GoldActor, sentence: str) -> bool:
    """Whether the sentence holding a statement leaves its speaker unnamed (a pronoun, a role, or
    nothing at all): none of the actor's name forms occurs in it as whole words, case-insensitive."""
    folded = _folded_words(sentence)
    return not any(_contains_words(folded, _folded_words(form)) for form in _name_forms(actor))


@dataclass
class SpeakerResolution:
    """Required gold statements whose sentence does not name the speaker, and how a brief did on them."""

    items: int = 0  # such statements in gold
    found: int = 0  # of those, content found: matched, or paired as a wrong speaker
    correct: int = 0  # of those found, with the right speaker (a match)

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.found if self.found else None


def pronoun_role_speakers(gold: GoldArticle, statements: FieldScore, article_text: str,
                          sentences: list[tuple[int, int]]) -> SpeakerResolution:
    """Speaker accuracy on pronoun and role items, from the statements field's own pairing: an item's
    content was found when it was matched or paired as a wrong speaker; correct when it was matched."""
    actors = {a.name: a for a in gold.actors}
    result = SpeakerResolution()
    for gi, item in enumerate(gold.statements):
        actor = actors.get(item.speaker, GoldActor(name=item.speaker))
        sentence = holding_sentence(article_text, sentences, item.text)
        if not item.required or not is_pronoun_or_role_item(actor, sentence):
            continue
        result.items += 1
        outcome = statements.outcomes.get(gi)
        result.found += outcome in ("matched", "wrong_speaker")
        result.correct += outcome == "matched"
    return result


# --------------------------------------------------------------------------------------------
# The summary: key-fact coverage, the lede baseline, unsupported sentences
# --------------------------------------------------------------------------------------------


def _stem_tokens(text: str) -> list[str]:
    # accents folded, so "Erdogan" meets "Erdoğan"; "2,50,000" is "250000", and numbers are never cut
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = re.sub(r"(?<=\d),(?=\d)", "", text.lower().replace("’", "'"))
    return [w if w.isdigit() else w[:5] for w in re.findall(r"\w+", text)]


def _has_phrase(tokens: list[str], phrase: list[str]) -> bool:
    n = len(phrase)
    return n > 0 and any(tokens[i : i + n] == phrase for i in range(len(tokens) - n + 1))


def facts_covered(gold: GoldArticle, text: str) -> list[bool]:
    """For each key fact, whether ``text`` states it (two thirds of its keywords occur)."""
    tokens = _stem_tokens(text)
    covered = []
    for fact in gold.key_facts:
        present = sum(_has_phrase(tokens, _stem_tokens(keyword)) for keyword in fact.keywords)
        covered.append(present >= math.ceil(KEY_FACT_SHARE * len(fact.keywords) - 1e-9))
    return covered


def lede_of(body_text: str, words: int) -> str:
    """The article's first body words, as many as the summary has."""
    return " ".join(body_text.split()[:words])


def unsupported_sentences(summary_parts: list[str], article_sentences: list[str]) -> list[str]:
    """The summary sentences no article sentence (with its neighbours) supports."""
    windows_of = [stems(s) for s in article_sentences]
    windows = [set().union(*windows_of[max(0, i - 1) : i + 2]) for i in range(len(windows_of))]
    unsupported = []
    for part in summary_parts:
        for start, end in split_sentences(part.strip()):
            sentence = part.strip()[start:end]
            wanted = stems(sentence)
            if wanted and not any(len(wanted & w) / len(wanted) >= SUPPORT_SHARE for w in windows):
                unsupported.append(sentence)
    return unsupported


@dataclass
class SummaryScore:
    facts: int = 0
    covered: int = 0
    lede_covered: int = 0
    words: int = 0
    sentences: int = 0
    unsupported: list[str] = field(default_factory=list)
    missed_facts: list[str] = field(default_factory=list)


def score_summary(gold: GoldArticle, brief: Brief, body_text: str, article_sentences: list[str]) -> SummaryScore:
    parts = [brief.summary, *brief.key_points]
    shown = " ".join(p for p in parts if p)
    words = len(shown.split())
    covered = facts_covered(gold, shown)
    lede = facts_covered(gold, lede_of(body_text, words))
    sentences = sum(len(split_sentences(p.strip())) for p in parts if p.strip())
    return SummaryScore(
        facts=len(covered), covered=sum(covered), lede_covered=sum(lede), words=words, sentences=sentences,
        unsupported=unsupported_sentences([p for p in parts if p], article_sentences),
        missed_facts=[fact.fact for fact, ok in zip(gold.key_facts, covered) if not ok],
    )


# --------------------------------------------------------------------------------------------
# Figures that are not quantities: listed, so a reader of the report sees them
# --------------------------------------------------------------------------------------------

_NOT_NAME_WORDS = {"Rs", "US", "USD", "About", "Over", "Nearly", "Some", "Around", "Almost", "Just", "Only",
                   "More", "Less", "At", "Up", "All", "The", "Of", "In", "On", "By", "Approximately", "Roughly"}
_MONTH = (r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
          r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?")


def figure_suspicion(raw: str, start: int, end: int, text: str) -> str | None:
    """'year', 'date' or 'name' when a predicted figure looks like one of those, else None."""
    before, after = text[max(0, start - 40) : start], text[end : end + 16]
    digits = re.sub(r"[^\d]", "", raw)
    if re.fullmatch(r"1[89]\d\d|20\d\d", digits) and not re.search(r"[,.$€£₹%]|\d\s*[A-Za-z]", raw) and (
            re.search(r"\b(?:in|since|by|of|from|until|till|before|after|during)\s*$", before.lower())
            or not re.match(r"\s+[a-z]", after)):
        return "year"  # "in 2019", "2000 - 2050"; but "over 1800 people" counts people
    day = re.fullmatch(r"\d{1,2}", digits)
    if day and (re.search(rf"{_MONTH}\s*$", before.lower()) or
                re.match(rf"(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?![a-z])", after.lower())):
        return "date"
    if re.match(r"(?:km|kg|mm|cm|m|g|mph|bn|mn|k|st|nd|rd|th)\b", after):
        return None
    glued = re.search(r"[A-Za-z][-‑]?$", before) or re.match(r"[A-Za-z]", after)
    word_before = re.search(r"\b([A-Z][A-Za-z]+)\s$", before)
    sentence_start = re.search(r"(?:^|[.!?][\"”’']?\s+|\n\s*)[A-Z][A-Za-z]+\s$", before)
    if glued or (word_before and not sentence_start and word_before.group(1) not in _NOT_NAME_WORDS):
        return "name"
    return None


def gold_problems(gold: GoldArticle, article_text: str) -> list[str]:
    """What in a gold file does not hold against its article; empty when it is consistent."""
    problems = []
    names = {a.name for a in gold.actors}
    folded = article_text.lower()
    for actor in gold.actors:
        if not any(form.lower() in folded for form in [actor.name, *actor.aliases]):
            problems.append(f"actor {actor.name!r}: neither its name nor an alias occurs in the article")
    for kind in ("statements", "denials", "appeals"):
        for item in getattr(gold, kind):
            if item.speaker not in names:
                problems.append(f"{kind}: speaker {item.speaker!r} is not an actor's name")
    for item in gold.statements:
        if item.text not in article_text:
            problems.append(f"statement text not copied from the article: {item.text!r}")
    for kind, items in (("denial", gold.denials), ("appeal", gold.appeals)):
        for item in items:
            if not any(s.kind == kind and s.speaker == item.speaker for s in gold.statements):
                problems.append(f"{kind} by {item.speaker!r} has no statement of kind {kind!r}")
    for figure in gold.figures:
        if figure.raw not in article_text:
            problems.append(f"figure raw not in the article: {figure.raw!r}")
    for fact in gold.key_facts:
        for keyword in fact.keywords:
            if keyword.lower() not in folded:
                problems.append(f"key fact keyword not in the article: {keyword!r} ({fact.fact})")
    return problems


def load_gold(directory: Path, split: str = "all") -> list[tuple[str, GoldArticle]]:
    golds = []
    for path in sorted(directory.glob("*.json")):
        gold = GoldArticle.model_validate_json(path.read_text(encoding="utf-8"))
        if split == "all" or gold.split == split:
            golds.append((path.stem, gold))
    return golds


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))
    return ordered[index]


@dataclass
class ArticleResult:
    name: str
    split: str
    scores: dict[str, FieldScore] | None
    error: str | None = None
    schema_valid: bool = True
    schema_errors: list[str] = field(default_factory=list)
    produced: int = 0  # items the backend produced, before anything was dropped
    grounded: int = 0  # of those, items whose evidence was found in the article
    verify_problems: list[str] = field(default_factory=list)
    summary: SummaryScore | None = None
    suspect_figures: list[str] = field(default_factory=list)
    pronoun_role: SpeakerResolution | None = None  # statements whose sentence does not name the speaker
    attempts: int = 0
    tokens: int = 0
    seconds: float = 0.0

    @property
    def grounding_rate(self) -> float:
        return self.grounded / self.produced if self.produced else 1.0


def aggregate(results: list[ArticleResult]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    ran = [r for r in results if r.scores is not None]
    for name in FIELDS:
        total = FieldScore()
        per_article_f1 = []
        phrase_scores = [value for result in ran for value in result.scores[name].phrase_scores]
        for result in ran:
            score = result.scores[name]
            total.tp += score.tp
            total.fp += score.fp
            total.fn += score.fn
            for error, count in score.errors.items():
                total.errors[error] += count
            if not score.empty:
                per_article_f1.append(score.f1)
        fields[name] = {
            "precision": round(total.precision, 4), "recall": round(total.recall, 4), "f1": round(total.f1, 4),
            "macro_f1": round(statistics.fmean(per_article_f1), 4) if per_article_f1 else 1.0,
            "tp": total.tp, "fp": total.fp, "fn": total.fn, "errors": total.errors,
        }
        if phrase_scores:
            fields[name]["phrase_overlap"] = round(statistics.fmean(phrase_scores), 4)
            fields[name]["phrase_pairs"] = len(phrase_scores)
    seconds = [r.seconds for r in ran]
    tokens = [float(r.tokens) for r in ran]
    produced = sum(r.produced for r in ran)
    summaries = [r.summary for r in ran if r.summary is not None and r.summary.facts]
    facts = sum(s.facts for s in summaries)
    resolved = SpeakerResolution()
    for r in ran:
        if r.pronoun_role is not None:
            resolved.items += r.pronoun_role.items
            resolved.found += r.pronoun_role.found
            resolved.correct += r.pronoun_role.correct
    return {
        "articles": len(results),
        "failed": len(results) - len(ran),
        "fields": fields,
        "summary": {
            "articles": len(summaries), "facts": facts,
            "coverage": round(sum(s.covered for s in summaries) / facts, 4) if facts else 0.0,
            "lede_coverage": round(sum(s.lede_covered for s in summaries) / facts, 4) if facts else 0.0,
            "words_mean": round(statistics.fmean([s.words for s in summaries]), 1) if summaries else 0.0,
            "sentences": sum(s.sentences for s in summaries),
            "unsupported_sentences": sum(len(s.unsupported) for s in summaries),
        },
        "pronoun_role_speakers": {
            "items": resolved.items, "found": resolved.found, "correct": resolved.correct,
            "accuracy": round(resolved.accuracy, 4) if resolved.accuracy is not None else None,
        },
        "suspect_figures": sum(len(r.suspect_figures) for r in ran),
        "grounding_rate": round(sum(r.grounded for r in ran) / produced, 4) if produced else (1.0 if ran else 0.0),
        "schema_valid_rate": round(sum(r.schema_valid for r in results) / len(results), 4) if results else 0.0,
        "attempts_per_article": round(statistics.fmean([r.attempts for r in ran]), 3) if ran else 0.0,
        "tokens": {"mean": round(statistics.fmean(tokens), 1) if tokens else 0.0, "p95": _percentile(tokens, 0.95)},
        "seconds": {"mean": round(statistics.fmean(seconds), 3) if seconds else 0.0,
                    "p95": round(_percentile(seconds, 0.95), 3)},
    }


def results_json(backend: str, split: str, results: list[ArticleResult], summary: dict) -> str:
    articles = []
    for r in results:
        entry: dict[str, Any] = {"name": r.name, "split": r.split, "error": r.error, "schema_valid": r.schema_valid,
                                 "schema_errors": r.schema_errors, "produced": r.produced, "grounded": r.grounded,
                                 "verify_problems": r.verify_problems, "suspect_figures": r.suspect_figures,
                                 "attempts": r.attempts, "tokens": r.tokens, "seconds": r.seconds}
        if r.scores:
            entry["fields"] = {
                name: {"tp": s.tp, "fp": s.fp, "fn": s.fn, "errors": s.errors, "misses": s.misses,
                       "false_positives": s.false_positives}
                for name, s in r.scores.items()
            }
        if r.pronoun_role:
            entry["pronoun_role_speakers"] = {"items": r.pronoun_role.items, "found": r.pronoun_role.found,
                                              "correct": r.pronoun_role.correct}
        if r.summary:
            entry["summary"] = {"facts": r.summary.facts, "covered": r.summary.covered,
                                "lede_covered": r.summary.lede_covered, "words": r.summary.words,
                                "unsupported": r.summary.unsupported, "missed_facts": r.summary.missed_facts}
        articles.append(entry)
    return json.dumps({"backend": backend, "split": split, "summary": summary, "articles": articles},
                      indent=2, ensure_ascii=False) + "\n"


def overview_lines(summary: dict) -> list[str]:
    """The lines under the table: wrong speakers, the summary against the lede, grounding."""
    statements = summary["fields"]["statements"]
    wrong = statements["errors"]["wrong_speaker"]
    gold = statements["tp"] + statements["fn"]
    s = summary["summary"]
    resolved = summary.get("pronoun_role_speakers")
    return [
        f"Statements whose content was found but whose speaker was wrong: {wrong} of {gold} required "
        f"({wrong / gold if gold else 0:.3f}).",
        *([f"Speaker accuracy on pronoun and role items: "
           f"{'n/a' if resolved['accuracy'] is None else format(resolved['accuracy'], '.3f')} "
           f"({resolved['correct']} of {resolved['found']} whose content was found; {resolved['items']} such items "
           f"in gold)."] if resolved else []),
        f"Summary key-fact coverage {s['coverage']:.3f} vs lede baseline {s['lede_coverage']:.3f} "
        f"({s['facts']} facts in {s['articles']} articles, {s['words_mean']} words on average) · "
        f"unsupported summary sentences {s['unsupported_sentences']} of {s['sentences']}.",
        f"Figures that look like a year, date or name: {summary['suspect_figures']}.",
        *([f"Figure `what` phrases: token overlap with gold {figures['phrase_overlap']:.3f} (Dice over content "
           f"words) on {figures['phrase_pairs']} matched figures."]
          if "phrase_overlap" in (figures := summary["fields"]["figures"]) else []),
        f"Grounding rate {summary['grounding_rate']:.3f} (of everything the backend produced) · schema-valid rate "
        f"{summary['schema_valid_rate']:.3f} · attempts/article {summary['attempts_per_article']} · tokens mean "
        f"{summary['tokens']['mean']} p95 {summary['tokens']['p95']} · seconds mean {summary['seconds']['mean']} "
        f"p95 {summary['seconds']['p95']} · {summary['articles']} article(s), {summary['failed']} failed.",
    ]


def markdown_report(backend: str, split: str, results: list[ArticleResult], summary: dict,
                    baseline: dict | None) -> str:
    lines = [f"# Eval: backend `{backend}`, split `{split}`", "", summary_table(summary, baseline), ""]
    lines += [f"{line}  " for line in overview_lines(summary)] + [""]
    for r in results:
        lines.append(f"## {r.name} ({r.split})")
        if r.error:
            lines += ["", f"**failed:** {r.error}", ""]
            continue
        for problem in r.verify_problems:
            lines.append(f"- verifier: {problem}")
        for problem in r.schema_errors:
            lines.append(f"- schema: {problem}")
        if r.produced != r.grounded:
            lines.append(f"- grounding: {r.grounded} of {r.produced} produced item(s) grounded")
        if r.summary and r.summary.facts:
            lines.append(f"- summary: {r.summary.covered}/{r.summary.facts} key facts (lede "
                         f"{r.summary.lede_covered}/{r.summary.facts}), {r.summary.words} words")
            lines += [f"  - fact not covered: {fact}" for fact in r.summary.missed_facts]
            lines += [f"  - unsupported sentence: {sentence}" for sentence in r.summary.unsupported]
        lines += [f"- figure that looks like a {suspect}" for suspect in r.suspect_figures]
        if r.pronoun_role and r.pronoun_role.items:
            lines.append(f"- pronoun and role items: speaker right on {r.pronoun_role.correct} of "
                         f"{r.pronoun_role.found} whose content was found ({r.pronoun_role.items} in gold)")
        for name, score in (r.scores or {}).items():
            if not score.misses and not score.false_positives:
                continue
            lines.append(f"### {name}: P {score.precision:.2f} R {score.recall:.2f}")
            lines += [f"- miss {m}" for m in score.misses]
            lines += [f"- false positive {fp}" for fp in score.false_positives]
        lines.append("")
    return "\n".join(lines) + "\n"


def summary_table(summary: dict, baseline: dict | None = None) -> str:
    rows = ["| field | P | R | F1 | macro F1 | missed | wrong speaker | wrong span | invented | Δ F1 vs baseline |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    for name in FIELDS:
        f = summary["fields"][name]
        delta = "—"
        if baseline and name in baseline.get("fields", {}):
            delta = f"{f['f1'] - baseline['fields'][name]['f1']:+.3f}"
        errors = " | ".join(str(f["errors"][e]) for e in ERROR_CLASSES)
        rows.append(f"| {name} | {f['precision']:.3f} | {f['recall']:.3f} | {f['f1']:.3f} | {f['macro_f1']:.3f} | "
                    f"{errors} | {delta} |")
    return "\n".join(rows)


def check_gates(summary: dict, gates: dict) -> list[str]:
    """Gate failures as readable lines; ``gates`` is one backend's table for one split."""
    failures = []
    if summary["articles"] == 0:
        failures.append("no article was scored")
    for name, floor in gates.get("min_f1", {}).items():
        value = summary["fields"][name]["f1"]
        if value < floor:
            failures.append(f"{name} F1 {value:.3f} < gate {floor}")
    if "min_coverage" in gates and summary["summary"]["coverage"] < gates["min_coverage"]:
        failures.append(f"summary coverage {summary['summary']['coverage']:.3f} < gate {gates['min_coverage']}")
    if "max_unsupported" in gates and summary["summary"]["unsupported_sentences"] > gates["max_unsupported"]:
        failures.append(f"{summary['summary']['unsupported_sentences']} unsupported summary sentence(s) > gate "
                        f"{gates['max_unsupported']}")
    for key in ("grounding_rate", "schema_valid_rate"):
        if key in gates and summary[key] < gates[key]:
            failures.append(f"{key} {summary[key]:.3f} < gate {gates[key]}")
    if "max_failed" in gates and summary["failed"] > gates["max_failed"]:
        failures.append(f"{summary['failed']} article(s) failed > gate {gates['max_failed']}")
    return failures
