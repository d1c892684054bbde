"""Figures: the number expressions of each sentence (``_numbers``), and what each one counts."""

from __future__ import annotations

import re

from .._attribution import counted_phrase, holds_a_verb, only_place_or_time, subject_phrase
from .._lexicon import PRONOUNS, SUBORDINATORS
from .._numbers import NumberMatch, find_numbers
from .._segment import Document, Sentence
from .spans import FigureCandidate, Span, span_in
from .speakers import parse_sentences


def find_figures(document: Document, parses: dict | None = None) -> list[FigureCandidate]:
    found = [(sentence, match) for sentence in document.sentences for match in _numbers_in(sentence)
             if not _relative_time(document.text, match) and not _one_as_article(document.text, match)
             and not _name_at_sentence_start(document.text, sentence, match)
             and not _refers_back(document.text, match)]
    parses = parse_sentences(document, {sentence.index for sentence, _ in found}, {} if parses is None else parses)
    return [_figure(sentence, match, parses.get(sentence.index)) for sentence, match in found]


def _numbers_in(sentence: Sentence) -> list[NumberMatch]:
    return [
        NumberMatch(**{**m.__dict__, "start": m.start + sentence.start, "end": m.end + sentence.start})
        for m in find_numbers(sentence.text)
    ]


_TIME_UNITS = r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)"


def _relative_time(text: str, number: NumberMatch) -> bool:
    """"five hours earlier", "two years ago": a point in time, not a quantity (documented rule)."""
    # (an editor's bracket may close around the number: "[Ten] years ago")
    return re.match(rf"\]?\s+{_TIME_UNITS}\s+(?:earlier|later|ago|before|after|from now)\b", text[number.end:]) is not None


def _refers_back(text: str, number: NumberMatch) -> bool:
    """"on these four days", "the same three lanes": a number after "these", "those" or "the same"
    that the article has already given with its noun names those things again; no new figure."""
    if not re.search(r"\b(?:these|those|the same)\s+$", text[max(0, number.start - 12):number.start], re.IGNORECASE):
        return False
    noun = re.match(r"\s+([a-z]+)", text[number.end:])
    if noun is None:
        return False
    again = rf"\b{re.escape(number.raw)}\s+{re.escape(noun.group(1))}\b"
    return re.search(again, text[:number.start], re.IGNORECASE) is not None


def _name_at_sentence_start(text: str, sentence: Sentence, number: NumberMatch) -> bool:
    """"Area 51 has for decades been ...", "Bob Lazar: Area 51 & Flying Saucers": a number after a
    capitalised word that opens the sentence (or a title, a quotation) is part of a name when the
    article writes the same pair mid-sentence ("to storm Area 51")."""
    opening = re.search(r"(?:^\s*|[:\"“(]\s*)(?:The\s+)?([A-Z][a-z]+)\s+$", text[sentence.start:number.start])
    if opening is None or not number.raw.isdigit():
        return False
    pair = rf"(?<=[a-z,] ){re.escape(opening.group(1))}\s+{re.escape(number.raw)}\b"
    return re.search(pair, text) is not None


def _one_as_article(text: str, number: NumberMatch) -> bool:
    """"One news site", "one occasion": the word "one" counts something only in "one of the
    students" or after a comparison ("more than one", "only one")."""
    if number.raw.lower() != "one":
        return False
    counted = re.match(r"\s+of\b", text[number.end:]) is not None
    following = re.match(r"\s+([a-z]+)\b", text[number.end:])
    if following is not None and following.group(1) in ("person", "man", "woman", "child"):
        return False  # "arrested one person": a count of people
    compared = re.search(r"\b(?:than|only|just|least|most|about|nearly|almost|exactly)\s+$", text[:number.start].lower())
    # "231 Democrats supported, two opposed, and one independent supported": the last of a list of counts
    listed = re.search(r"(?:\d|\b(?:two|three|four|five|six|seven|eight|nine|ten))\b[^.;:!?]{1,60},?\s+and\s+$",
                       text[max(0, number.start - 80):number.start].lower()) is not None
    return not (counted or compared or listed)


_WHAT_STOP = re.compile(r"\s(?:including|who|which|that|and|but|while|as|after|because|when|where|since|with|said|according)\b|[,.;:()\"”]")


def _figure(sentence: Sentence, number: NumberMatch, doc=None) -> FigureCandidate:
    """`what` the number counts: the counted noun phrase after it ("2,50,000 residents stuck in
    Panjshir"), or for money, percentages and bare numbers the noun phrase before it ("a budget
    of $12 million"). At most 6 words, stopping at a clause boundary. Read from the parse where it
    names the counted noun (``counted_phrase``), else from the words around the number."""
    what = _what_from_words(sentence, number)
    counted = counted_phrase(doc, number.start - sentence.start, number.end - sentence.start) if doc is not None else None
    if counted is not None:
        start, end, noun_start, noun_end = (sentence.start + offset for offset in counted)
        # the words around the number are kept when they hold the counted noun ("people died in
        # the fire"); otherwise they missed it ("but thousands of Swedes joined": "but")
        if what is None or not (what.start <= noun_start and noun_end <= what.end):
            what = span_in(sentence, start - sentence.start, end - sentence.start)
    elif what is not None and doc is not None and only_place_or_time(doc, what.start - sentence.start,
                                                                      what.end - sentence.start):
        what = None  # "Washington D.C", "the United Kingdom": where, not what is counted
    if counted is None and doc is not None and (what is None or holds_a_verb(doc, what.start - sentence.start,
                                                                             what.end - sentence.start)):
        # "coverage had risen to 55 percent": what the clause says is 55 percent is its subject
        subject = subject_phrase(doc, number.start - sentence.start, number.end - sentence.start)
        if subject is not None:
            what = span_in(sentence, *subject)
    return FigureCandidate(number=number, sentence=sentence, what=what)


def _what_from_words(sentence: Sentence, number: NumberMatch) -> Span | None:
    local_end = number.end - sentence.start
    rest = sentence.text[local_end:]
    stop = _WHAT_STOP.search(rest)
    words = (rest[: stop.start()] if stop else rest).split()[:6]
    while len(words) > 1 and words[-1].lower() in _TIME_OR_PREPOSITION | {"was", "were", "is", "are", "had", "have"}:
        words.pop()  # "residents stuck in the valley by": the phrase ends at its last content word
    if words and words[0] in ("-", "–") and len(words) > 1:
        words = words[1:]  # "six - member team"
    if words and words[0].startswith("-") and len(words[0]) > 1:
        words[0] = words[0][1:]  # "three-lane bridge": "lane bridge"
    after = None
    if words and words[0].lower() not in _TIME_OR_PREPOSITION:
        phrase_text = " ".join(words)
        start = sentence.text.find(phrase_text, local_end)
        if start >= 0:
            after = Span(sentence.start + start, sentence.start + start + len(phrase_text), phrase_text)
    if number.counted_noun is not None and after is not None:
        return after
    if after is None and len(words) >= 2 and words[0].lower() in _SOURCE_OR_PURPOSE:
        # "$2.5 billion from anti-drug programs", "$5 million for repairs": what the money comes from or is for
        kept = [w for w in words[1:] if w.lower() not in ("a", "an", "the")]
        phrase_text = " ".join(kept)
        start = sentence.text.find(phrase_text, local_end)
        if kept and start >= 0:
            after = Span(sentence.start + start, sentence.start + start + len(phrase_text), phrase_text)
    return _what_before(sentence, number) or after or _what_before(sentence, number, own_phrase=False)


_SOURCE_OR_PURPOSE = {"from", "for"}


_TIME_OR_PREPOSITION = {"on", "in", "at", "by", "of", "to", "for", "from", "last", "this", "next", "since",
                        "until", "during", "per", "each", "a", "an", "the", "and", "or", "over", "with"}


def _what_before(sentence: Sentence, number: NumberMatch, own_phrase: bool = True) -> Span | None:
    """The last few words before the number, minus linking words: "a budget of $12m" -> "budget"."""
    head = sentence.text[: number.start - sentence.start]
    # only words in the number's own phrase: a list ("$3.6 billion from X, $2.5 billion from Y") or a
    # source ("according to Al Jazeera, $3.6 billion") before a comma belongs to something else
    boundary = max(head.rfind(","), head.rfind(";"), head.rfind(":"), head.rfind("(")) if own_phrase else -1
    # nor does a clause the number sits in ("in 2018 when he was 45": not "2018 when he"), nor a
    # sentence the splitter ran on into this one ("in Washington D.C. The 12 were ...")
    for pattern in (_SUBORDINATOR, _RUN_ON_SENTENCE):
        ends = [found.end() - 1 for found in pattern.finditer(head)]
        if ends:
            boundary = max(boundary, ends[-1])
    offset = boundary + 1 if boundary >= 0 else 0
    head = head[offset:]
    tokens = list(re.finditer(r"[\w'’\-]+", head))
    while tokens and tokens[-1].group(0).lower() in _LINKING:
        tokens.pop()
    kept = tokens[-3:]
    while kept and kept[0].group(0).lower() in _LINKING | {"its", "their", "his", "her", "only", "found"}:
        kept.pop(0)
    while kept and kept[0].group(0).lower() in PRONOUNS:
        kept.pop(0)
    if not kept or kept[-1].group(0).lower() in PRONOUNS:
        return None  # "she was 26": a pronoun counts nothing
    return span_in(sentence, offset + kept[0].start(), offset + kept[-1].end())


_SUBORDINATOR = re.compile(r"\b(?:" + "|".join(sorted(SUBORDINATORS)) + r")\b", re.IGNORECASE)
_RUN_ON_SENTENCE = re.compile(r"\.\s+(?=[A-Z])")
_LINKING = {"of", "at", "to", "by", "is", "was", "were", "are", "rose", "fell", "reached", "stood",
            "totalling", "totaling", "about", "around", "nearly", "some", "than", "more",
            "less", "over", "under", "up", "least", "only", "just", "almost", "approximately", "roughly", "and",
            "with", "for", "in", "on", "estimated", "an", "a", "the", "when", "that", "which"}
