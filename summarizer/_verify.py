"""The verifier: checks a brief against its article, independently of how the brief was made.

A brief passes only when every claim it makes about the article holds:
- the article is the one the brief names (sha256 of its bytes, its length in characters);
- every evidence span holds ``article_text[start:end] == text``;
- every item's words are at its evidence: a statement's text and quote, a denial's ``denied``, an
  appeal's request (its evidence or the paragraph around it), a figure's ``raw`` (exactly);
- a statement is ``direct`` only when its evidence sits inside quotation marks in the article;
- every speaker, ``alleged_by`` and addressee is named in the article, through the actor's aliases;
- every figure's value, range and unit class agree with its raw text, re-derived here by a small
  reader of digits, scale words and signs that shares no code with the parser that made them.

Each problem is one line naming the item and the field.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from pydantic import ValidationError

from ._ground import Aligner, fold, inside_quotation_marks, mention_in_article
from ._models import Brief, Evidence


@dataclass
class VerifyReport:
    checked: int = 0
    ungrounded: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def grounding_rate(self) -> float:
        return 1.0 if self.checked == 0 else (self.checked - self.ungrounded - len(self.problems)) / self.checked


def verify_json(brief_json: str, article_text: str, article_sha256: str | None = None) -> VerifyReport:
    try:
        brief = Brief.model_validate_json(brief_json)
    except ValidationError as error:
        return VerifyReport(problems=[f"not a valid brief: {error.error_count()} schema error(s): "
                                      f"{error.errors()[0]['loc']} {error.errors()[0]['msg']}"])
    return verify(brief, article_text, article_sha256)


def verify(brief: Brief, article_text: str, article_sha256: str | None = None) -> VerifyReport:
    """``article_sha256`` is the sha256 of the article file's bytes, when the brief is checked
    against a file; without it the brief's sha256 is not checked."""
    report = VerifyReport()
    problem = report.problems.append
    if article_sha256 is not None and brief.article.sha256 != article_sha256:
        problem(f"article.sha256: {brief.article.sha256[:16]}… is not the article's {article_sha256[:16]}…")
    if brief.article.chars != len(article_text):
        problem(f"article.chars: brief says {brief.article.chars}, the article has {len(article_text)}")
    aligner = Aligner(article_text)
    names = {actor.id: [actor.name, *actor.aliases] for actor in brief.actors}

    def span(where: str, evidence: Evidence, grounded: bool) -> bool:
        report.checked += 1
        if not grounded:
            report.ungrounded += 1
            return False
        if not (0 <= evidence.start < evidence.end <= len(article_text)):
            problem(f"{where} evidence: offsets {evidence.start}-{evidence.end} outside the article")
            return False
        actual = article_text[evidence.start : evidence.end]
        if actual != evidence.text:
            problem(f"{where} evidence.text: the article has {actual[:50]!r} at {evidence.start}-{evidence.end}, "
                    f"not {evidence.text[:50]!r}")
            return False
        return True

    def named(where: str, field_name: str, name: str | None, actor_id: str | None = None) -> None:
        if name is None:
            return
        forms = [name, *names.get(actor_id or "", [])]
        if not any(mention_in_article(aligner, form) for form in forms if form.strip()):
            problem(f"{where} {field_name}: {name!r} is not named in the article")

    def words_at(where: str, field_name: str, words: str | None, evidence: Evidence, *, around: bool = False) -> None:
        if words is None or not words.strip():
            return
        place = _paragraph(article_text, evidence) if around else evidence.text
        if Aligner(place).align(words) is None:
            problem(f"{where} {field_name}: {words[:60]!r} is not what the article says at its evidence")

    for number, statement in enumerate(brief.statements, 1):
        where = f"statement {number}"
        named(where, "speaker", statement.speaker if statement.speaker_resolved else None, statement.actor_id)
        if not span(where, statement.evidence, statement.grounded):
            continue
        words_at(where, "text", statement.text, statement.evidence)
        if statement.direct:
            if not statement.quote:
                problem(f"{where} quote: direct but has no quote")
            elif fold(statement.quote) not in fold(statement.evidence.text):
                problem(f"{where} quote: not the article's words at its evidence")
            elif not inside_quotation_marks(article_text, statement.evidence):
                problem(f"{where} direct: the article does not put these words in quotation marks")
        elif statement.quote is not None:
            problem(f"{where} quote: has a quote but is not marked direct")
    for number, denial in enumerate(brief.denials, 1):
        where = f"denial {number}"
        named(where, "speaker", denial.speaker, denial.actor_id)
        named(where, "alleged_by", denial.alleged_by)
        if span(where, denial.evidence, denial.grounded):
            words_at(where, "denied", denial.denied, denial.evidence)
    for number, appeal in enumerate(brief.appeals, 1):
        where = f"appeal {number}"
        named(where, "speaker", appeal.speaker, appeal.actor_id)
        named(where, "addressee", appeal.addressee)
        if span(where, appeal.evidence, appeal.grounded):
            words_at(where, "request", appeal.request, appeal.evidence, around=True)
    for number, figure in enumerate(brief.figures, 1):
        where = f"figure {number} ({figure.raw!r})"
        if not span(where, figure.evidence, figure.grounded):
            continue
        if figure.raw != figure.evidence.text:
            problem(f"{where} raw: not the article's text at its evidence ({figure.evidence.text!r})")
            continue
        expected = read_figure(figure.raw)
        if expected is None:
            continue  # number words beyond the small reader: the value is not re-derived
        value, value_max, expected_class = expected
        if not _same(value, figure.value):
            problem(f"{where} value: {figure.value}, but the text says {value}")
        if not _same(value_max, figure.value_max):
            problem(f"{where} value_max: {figure.value_max}, but the text says {value_max}")
        if unit_class(figure.unit) != expected_class:
            problem(f"{where} unit: {figure.unit!r} is not a {expected_class} as the text says")
    return report


def _paragraph(text: str, evidence: Evidence) -> str:
    start = text.rfind("\n", 0, evidence.start) + 1
    end = text.find("\n", evidence.end)
    return text[start : end if end >= 0 else len(text)]


# --- an independent reader of figures ------------------------------------------------------------
# Deliberately small and separate from _numbers: it knows digits with grouping, a few scale words
# and the signs of percent and currency. Anything else ("a quarter of a million") is not re-derived.
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "lakh": 1e5, "lakhs": 1e5,
           "crore": 1e7, "crores": 1e7, "k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "tn": 1e12}
_SMALL_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12}
_CURRENCY_MARKS = re.compile(r"[$€£¥₹]|\b(?:USD|EUR|GBP|INR|JPY|CNY|AUD|CAD|NZD|CHF|Rs\.?|dollars?|euros?|pounds?|"
                             r"rupees?|yen|yuan)\b", re.IGNORECASE)
_PERCENT_MARKS = re.compile(r"%|\bper ?cent\b|\bpercent\b|\bpct\b", re.IGNORECASE)
_DIGITS = re.compile(r"\d+(?:[,\u00a0 ]\d{2,3})*(?:\.\d+)?")


def read_figure(raw: str) -> tuple[float | None, float | None, str] | None:
    """(value, value_max, unit class) as this reader sees ``raw``; None when it cannot tell."""
    lowered = raw.lower()
    numbers = [float(re.sub(r"[,\u00a0 ]", "", m.group())) for m in _DIGITS.finditer(raw)]
    if not numbers:
        # only "five" or "five million": longer number words are left to the parser alone
        words = re.fullmatch(r"\s*([a-z]+)(?:\s+(thousand|million|billion|trillion|lakhs?|crores?))?\s*", lowered)
        if words is None or words.group(1) not in _SMALL_WORDS:
            return None
        numbers = [float(_SMALL_WORDS[words.group(1)])]
    ranged = len(numbers) == 2 and re.search(r"\d\s*(?:-|–|to|and)\s*\D{0,3}\d", raw) is not None
    if len(numbers) > 2 or (len(numbers) == 2 and not ranged):
        return None
    scale = 1.0
    word = re.search(r"\b(thousand|million|billion|trillion|lakhs?|crores?)\b", lowered)
    glued = re.search(r"\d\s?(k|m|mn|bn|tn)\b", lowered)
    if word or glued:
        scale = _SCALES[(word or glued).group(1)]
    kind = "percent" if _PERCENT_MARKS.search(raw) else "currency" if _CURRENCY_MARKS.search(raw) else "count"
    return numbers[0] * scale, numbers[1] * scale if ranged else None, kind


def unit_class(unit: str | None) -> str:
    """percent, currency (an ISO code) or count: the classes figures are compared by."""
    if unit is None:
        return "count"
    if unit.lower() in ("percent", "%", "per cent", "percentage"):
        return "percent"
    if re.fullmatch(r"[A-Z]{3}", unit):
        return "currency"
    return "count"


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)
