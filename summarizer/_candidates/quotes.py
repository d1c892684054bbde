"""Quotation marks: pair them into quote spans, and tell which quotation a cue reports.

Nothing here knows who spoke; it only says where quoted words are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .._segment import Sentence


@dataclass(frozen=True)
class QuoteSpan:
    start: int  # first character inside the marks
    end: int  # last character inside the marks (exclusive)
    words: int
    closed: bool


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


def quotations_in(sentence: Sentence, quotes: list[QuoteSpan]) -> list[QuoteSpan]:
    """The quotations (scare quotes left out) that open inside ``sentence``."""
    return [q for q in quotes if sentence.start <= q.start < sentence.end and not is_scare_quote(q)]


def inside_any_quote(offset: int, quotes: list[QuoteSpan]) -> bool:
    return any(q.start <= offset < q.end for q in quotes)


def main_quote(sentence: Sentence, cue: re.Match, quotes: list[QuoteSpan]) -> QuoteSpan | None:
    """The quotation that IS the statement, not a fragment quoted inside reported speech.

    The longest quotation at the cue: `"A", it added; and, later, "B"` has B longer, but A is the
    one the cue reports (B is picked up by ``statements.quote_after_attribution``)."""
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
