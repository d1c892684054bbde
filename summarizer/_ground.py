"""Stage 5, ground: tie every extracted string to a span of the article text.

Alignment runs in three stages and records which one matched:
1. ``exact``: the string occurs verbatim.
2. ``normalized``: equal after folding case, curly/straight quotes, dashes and runs of whitespace;
   offsets are mapped back to the original characters.
3. ``fuzzy``: a token-level longest common subsequence covering at least ``FUZZY_THRESHOLD`` of the
   string's word tokens, inside a window at most 25% longer than the string. The evidence is then
   the article's own span from the first to the last matched token, so ``text`` is always verbatim.

Repeated strings map to successive occurrences: each aligner remembers where the last match of the
same string ended, and a position hint (from the candidate pass) picks the nearest occurrence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import LCSseq

from ._models import Evidence

FUZZY_THRESHOLD = 0.8

_FOLD = str.maketrans({
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "`": "'", "´": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"',
    "–": "-", "—": "-", "−": "-", "‐": "-", "‑": "-", "‒": "-",
})
_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """The normalized form used by stage 2 (without the offset map)."""
    return re.sub(r"\s+", " ", text.translate(_FOLD).replace("''", '"')).lower().strip()


@dataclass(frozen=True)
class _Folded:
    text: str
    origin: list[int]  # origin[i] = offset in the article of folded character i


def _fold_with_map(text: str) -> _Folded:
    lowered = text.translate(_FOLD).lower()
    # Whole-string lower() differs from per-character lower() only in length changes and the
    # context-dependent final sigma, so those texts take the general path.
    if len(lowered) == len(text) and "Σ" not in text:
        return _fold_same_length(text, lowered)
    return _fold_char_by_char(text)


_SPACE_RUN = re.compile(r"\s+")


def _fold_same_length(text: str, lowered: str) -> _Folded:
    """The usual case, where folding keeps every character's position: only whitespace runs move.

    Works run by run instead of character by character (about ten times faster on an article).
    """
    pieces: list[str] = []
    origin: list[int] = []
    position = 0
    for run in _SPACE_RUN.finditer(text):
        start, end = run.span()
        if start > position:
            pieces.append(lowered[position:start])
            origin.extend(range(position, start))
        if pieces:  # leading whitespace is dropped; any other run becomes one space
            pieces.append(" ")
            origin.append(start)
        position = end
    if position < len(text):
        pieces.append(lowered[position:])
        origin.extend(range(position, len(text)))
    return _Folded("".join(pieces), origin)


def _fold_char_by_char(text: str) -> _Folded:
    """The general case: ``lower()`` can lengthen a character (e.g. 'İ'); each piece maps to its source."""
    chars: list[str] = []
    origin: list[int] = []
    previous_space = True
    for index, char in enumerate(text):
        if char.isspace():
            if previous_space:
                continue
            chars.append(" ")
            origin.append(index)
            previous_space = True
            continue
        folded = char.translate(_FOLD).lower()
        for piece in folded:
            chars.append(piece)
            origin.append(index)
        previous_space = False
    return _Folded("".join(chars), origin)


class Aligner:
    """Aligns strings to one article text. Not thread-safe: one per article."""

    def __init__(self, text: str):
        self.text = text
        self._folded: _Folded | None = None
        self._tokens: list[tuple[int, int, str]] | None = None
        self._next_from: dict[str, int] = {}

    # lazily built: many briefs ground everything at stage 1
    @property
    def folded(self) -> _Folded:
        if self._folded is None:
            self._folded = _fold_with_map(self.text)
        return self._folded

    @property
    def tokens(self) -> list[tuple[int, int, str]]:
        if self._tokens is None:
            self._tokens = [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(self.text)]
        return self._tokens

    def align(self, needle: str, hint: int | None = None, *, allow_fuzzy: bool = True) -> Evidence | None:
        needle = needle.strip()
        if not needle:
            return None
        found = self._exact(needle, hint) or self._normalized(needle, hint)
        if found is None and allow_fuzzy:
            found = self._fuzzy(needle, hint)
        if found is not None:
            self._next_from[needle] = found.end
        return found

    def _pick(self, starts: list[int], needle: str, hint: int | None) -> int | None:
        if not starts:
            return None
        if hint is not None:
            return min(starts, key=lambda s: abs(s - hint))
        after = self._next_from.get(needle, 0)
        later = [s for s in starts if s >= after]
        return later[0] if later else starts[0]

    def _exact(self, needle: str, hint: int | None) -> Evidence | None:
        starts = [m.start() for m in re.finditer(re.escape(needle), self.text)]
        start = self._pick(starts, needle, hint)
        if start is None:
            return None
        return Evidence(start=start, end=start + len(needle), text=needle, match="exact")

    def _normalized(self, needle: str, hint: int | None) -> Evidence | None:
        target = fold(needle)
        if not target:
            return None
        folded = self.folded
        starts_folded = [m.start() for m in re.finditer(re.escape(target), folded.text)]
        starts = [folded.origin[s] for s in starts_folded]
        start = self._pick(starts, needle, hint)
        if start is None:
            return None
        index = starts_folded[starts.index(start)]
        end = folded.origin[index + len(target) - 1] + 1
        return Evidence(start=start, end=end, text=self.text[start:end], match="normalized")

    def _fuzzy(self, needle: str, hint: int | None) -> Evidence | None:
        wanted = [m.group().lower() for m in _WORD.finditer(needle)]
        if len(wanted) < 3:
            return None  # too short for a token LCS to mean anything
        tokens = self.tokens
        words = [t[2] for t in tokens]
        width = len(wanted) + max(1, len(wanted) // 4)
        wanted_set = set(wanted)
        best: tuple[float, int, int] | None = None
        for start in range(len(words)):
            if words[start] not in wanted_set:
                continue
            window = words[start : start + width]
            score = LCSseq.similarity(wanted, window) / len(wanted)
            if score < FUZZY_THRESHOLD:
                continue
            last = max(i for i, w in enumerate(window) if w in wanted_set)
            distance = abs(tokens[start][0] - hint) if hint is not None else 0
            key = (score, -distance)
            if best is None or key > (best[0], -(abs(tokens[best[1]][0] - hint) if hint is not None else 0)):
                best = (score, start, start + last)
        if best is None:
            return None
        begin, finish = tokens[best[1]][0], tokens[best[2]][1]
        return Evidence(start=begin, end=finish, text=self.text[begin:finish], match="fuzzy")


def quote_is_verbatim(aligner: Aligner, quote: str, hint: int | None = None) -> Evidence | None:
    """A quote passes only at the exact or normalized stage: typography may differ, words may not."""
    return aligner.align(quote, hint, allow_fuzzy=False)


def mention_in_article(aligner: Aligner, name: str) -> bool:
    """True when a speaker's name occurs in the article (guards against invented or few-shot names)."""
    if not name.strip():
        return False
    if name in aligner.text:
        return True
    # "Maria Zakharova" may appear only as "Zakharova" plus "Maria" elsewhere: every word must occur.
    # (Tested before the folded search, which would fold the whole article; a name with a word
    # the article lacks can never match there either.)
    words = [w.lower() for w in _WORD.findall(name) if len(w) > 2]
    lowered = aligner.text.lower()
    if words and not all(w in lowered for w in words):
        return False
    if fold(name) in aligner.folded.text:
        return True
    text_words = {t[2] for t in aligner.tokens}
    return bool(words) and all(w in text_words for w in words)


# --- grounding a whole draft -----------------------------------------------------------------
from ._models import Draft, Figure, Statement  # noqa: E402  (kept beside the code that uses them)
from ._numbers import parse_number  # noqa: E402
from ._lexicon import POSSESSIVE_PRONOUNS, PRONOUNS  # noqa: E402

_PRONOUNS = PRONOUNS | POSSESSIVE_PRONOUNS
_EMPTY = Evidence(start=0, end=0, text="", match="exact")


@dataclass
class Grounded:
    statements: list[Statement]
    figures: list[Figure]
    drafts: list  # the DraftStatement behind each grounded statement, same order
    warnings: list[str]
    dropped: int
    rejected: int = 0  # items that could not be grounded, dropped or kept


def ground_draft(text: str, draft: Draft, *, keep_ungrounded: bool = False) -> Grounded:
    """Give every draft item verified evidence; drop (or mark) what cannot be grounded."""
    aligner = Aligner(text)
    statements: list[Statement] = []
    kept_drafts = []
    figures: list[Figure] = []
    warnings: list[str] = []
    dropped = rejected = 0

    def reject(reason: str) -> bool:
        nonlocal dropped, rejected
        rejected += 1
        warnings.append(reason)
        if not keep_ungrounded:
            dropped += 1
        return keep_ungrounded

    seen_spans: set[tuple[int, int]] = set()
    for item in draft.statements:
        speaker = item.speaker.strip()
        speaker_found = speaker.lower() in _PRONOUNS or mention_in_article(aligner, speaker)
        if not speaker_found:
            if not reject(f"dropped statement: speaker {speaker!r} does not occur in the article"):
                continue
        quote = item.quote.strip().strip('"“”') if item.quote else None
        direct = False
        evidence = None
        if quote:
            evidence = quote_is_verbatim(aligner, quote, item.hint)
            if evidence is not None:
                quote, direct = evidence.text, True
            else:
                warnings.append(f"not a verbatim quote, kept as reported speech: {quote[:60]!r}")
                item = item.model_copy(update={"text": item.text or quote})
                quote = None
        if evidence is None:
            evidence = aligner.align(item.text, item.hint)
        if evidence is None and speaker_found:  # (an unfound speaker was counted above)
            if not reject(f"dropped ungrounded statement by {speaker}: {item.text[:60]!r}"):
                continue
        evidence = evidence or _EMPTY
        key = (evidence.start, evidence.end)
        if evidence is not _EMPTY and key in seen_spans:
            continue  # the same words extracted twice are one statement
        seen_spans.add(key)
        statements.append(
            Statement(
                speaker=speaker, kind=item.kind, text=evidence.text if direct else (item.text or evidence.text),
                quote=quote if direct else None, direct=direct, speaker_resolved=item.speaker_resolved,
                reported_via=item.reported_via, evidence=evidence,
                grounded=speaker_found and evidence is not _EMPTY,
            )
        )
        kept_drafts.append(item)

    for figure in draft.figures:
        evidence = aligner.align(figure.raw, figure.hint, allow_fuzzy=False)
        parsed = parse_number(evidence.text) if evidence else parse_number(figure.raw)
        if evidence is None or parsed is None:
            if not reject(f"dropped ungrounded figure {figure.raw!r}"):
                continue
            evidence = evidence or _EMPTY
        figures.append(
            Figure(
                raw=evidence.text or figure.raw,
                value=parsed.value if parsed else None,
                value_max=parsed.value_max if parsed else None,
                unit=(parsed.unit if parsed and parsed.unit else figure.unit),
                what=figure.what or (parsed.counted_noun if parsed and parsed.counted_noun else ""),
                approximate=bool(parsed and parsed.approximate),
                comparator=parsed.comparator if parsed else None,
                evidence=evidence,
                grounded=evidence is not _EMPTY and parsed is not None,
            )
        )
    return Grounded(statements, figures, kept_drafts, warnings, dropped, rejected)
