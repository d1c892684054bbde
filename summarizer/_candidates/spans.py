"""The records the candidate pass returns: spans of article text and the candidates built on them.

Every offset is an article offset (``text[span.start:span.end] == span.text``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .._models import StatementKind
from .._numbers import NumberMatch
from .._segment import Sentence

if TYPE_CHECKING:
    from .._attribution import Mention
    from .quotes import QuoteSpan


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


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
    role: str | None = None  # a role set off by commas beside a named speaker ("Mark Esper, the Defense Secretary,")


@dataclass
class FigureCandidate:
    number: NumberMatch
    sentence: Sentence
    what: Span | None


@dataclass
class Candidates:
    """What the deterministic pass found, every item with offsets: attribution candidates (speaker,
    cue, content spans), figures, relaying sources and paired quotations. LLM backends confirm and
    complete them; the rules backend turns them straight into a draft."""

    statements: list[StatementCandidate]
    figures: list[FigureCandidate]
    sources: list[str]
    quotes: list["QuoteSpan"]


def span_in(sentence: Sentence, start: int, end: int) -> Span:
    """The span of ``sentence.text[start:end]`` (sentence offsets), trimmed of spaces and commas."""
    piece = sentence.text[start:end]
    stripped = piece.strip().strip(",")
    offset = piece.find(stripped)
    return Span(sentence.start + start + offset, sentence.start + start + offset + len(stripped), stripped)
