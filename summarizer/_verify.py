"""The verifier: checks a brief against its article, independently of how the brief was made.

Every evidence span must hold ``article_text[start:end] == text``; a direct quote must be the
article's own words at that span; every figure's value must be what its raw text parses to.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from pydantic import ValidationError

from ._ground import fold
from ._models import Brief, Evidence
from ._numbers import parse_number


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


def verify_json(brief_json: str, article_text: str) -> VerifyReport:
    try:
        brief = Brief.model_validate_json(brief_json)
    except ValidationError as error:
        return VerifyReport(problems=[f"not a valid brief: {error.error_count()} schema error(s): "
                                      f"{error.errors()[0]['loc']} {error.errors()[0]['msg']}"])
    return verify(brief, article_text)


def verify(brief: Brief, article_text: str) -> VerifyReport:
    report = VerifyReport()
    if brief.article.chars != len(article_text):
        report.problems.append(
            f"article length differs: brief says {brief.article.chars} chars, the article has {len(article_text)}"
        )

    def span(where: str, evidence: Evidence, grounded: bool) -> bool:
        report.checked += 1
        if not grounded:
            report.ungrounded += 1
            return False
        if not (0 <= evidence.start < evidence.end <= len(article_text)):
            report.problems.append(f"{where}: offsets {evidence.start}-{evidence.end} outside the article")
            return False
        actual = article_text[evidence.start : evidence.end]
        if actual != evidence.text:
            report.problems.append(f"{where}: text at {evidence.start}-{evidence.end} is {actual[:50]!r}, "
                                   f"not {evidence.text[:50]!r}")
            return False
        return True

    for number, statement in enumerate(brief.statements, 1):
        where = f"statement {number}"
        if not span(where, statement.evidence, statement.grounded):
            continue
        if statement.direct:
            if not statement.quote:
                report.problems.append(f"{where}: direct but has no quote")
            elif fold(statement.quote) not in fold(statement.evidence.text):
                report.problems.append(f"{where}: quote is not the article's words at its evidence")
        elif statement.quote is not None:
            report.problems.append(f"{where}: has a quote but is not marked direct")
    for number, denial in enumerate(brief.denials, 1):
        span(f"denial {number}", denial.evidence, denial.grounded)
    for number, appeal in enumerate(brief.appeals, 1):
        span(f"appeal {number}", appeal.evidence, appeal.grounded)
    for number, figure in enumerate(brief.figures, 1):
        where = f"figure {number} ({figure.raw!r})"
        if not span(where, figure.evidence, figure.grounded):
            continue
        if figure.raw not in figure.evidence.text:
            report.problems.append(f"{where}: raw text is not at its evidence")
            continue
        parsed = parse_number(figure.raw)
        if parsed is None:
            report.problems.append(f"{where}: raw text does not parse as a number")
        elif not _same(parsed.value, figure.value) or not _same(parsed.value_max, figure.value_max):
            report.problems.append(f"{where}: value {figure.value} but the text says {parsed.value}")
    return report


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
