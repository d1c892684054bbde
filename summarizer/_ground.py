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
from ._segment import Document, split_sentences

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
    instructions = instruction_spans(text)
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
            if evidence is not None and inside_quotation_marks(text, evidence):
                quote, direct = evidence.text, True
            else:
                why = "not a verbatim quote" if evidence is None else "not in quotation marks in the article"
                warnings.append(f"{why}, kept as reported speech: {quote[:60]!r}")
                evidence = None
                item = item.model_copy(update={"text": item.text or quote})
                quote = None
        if evidence is None:
            evidence = aligner.align(item.text, item.hint)
        if evidence is None and speaker_found:  # (an unfound speaker was counted above)
            if not reject(f"dropped ungrounded statement by {speaker}: {item.text[:60]!r}"):
                continue
        if evidence is not None and any(start < evidence.end and evidence.start < end for start, end in instructions):
            if not reject(f"dropped statement whose words read as instructions to a model: {item.text[:60]!r}"):
                continue
            evidence = None
        evidence = evidence or _EMPTY
        key = (evidence.start, evidence.end)
        shared = kept_drafts and kept_drafts[-1].hint == item.hint and kept_drafts[-1].text == item.text and \
            statements[-1].evidence == evidence and statements[-1].speaker != speaker
        if evidence is not _EMPTY and key in seen_spans and not shared:
            continue  # the same words extracted twice are one statement (but "X and Y said" is said by each)
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


# --- quotation marks and instructions: what the article's own words allow ------------------------
_OPENING = "\"“‘'«"
_CLOSING = "\"”’'»"


def inside_quotation_marks(text: str, evidence: Evidence) -> bool:
    """An odd number of quotation marks between the paragraph's start and the evidence, or marks
    right around it: the words are quoted, so they may be shown as a direct quote."""
    paragraph_start = text.rfind("\n", 0, evidence.start) + 1
    before = text[paragraph_start : evidence.start]
    after = text[evidence.end : evidence.end + 3]
    if before.rstrip()[-1:] in _OPENING and after.lstrip(" ,.;:!?")[:1] in _CLOSING:
        return True
    straight = before.count('"')
    curly_open, curly_close = before.count("“"), before.count("”")
    return straight % 2 == 1 or curly_open > curly_close


# Text addressed to a model rather than to a reader ("Ignore previous instructions and ..."). Such
# a passage is the article's data: it grounds no item and supports no summary sentence.
_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b[^.!?\n]{0,40}?\b(?:instructions|prompts?|the above|everything "
    r"above|all (?:previous|prior|earlier))\b"
    r"|\b(?:previous|prior|earlier|new|hidden) instructions\b|\bsystem prompt\b"
    r"|^\W*(?:now\s+)?(?:output|respond|reply|print|return|generate)\s+(?:only\b|with\b|a statement|the "
    r"(?:word|following)|json)",
    re.IGNORECASE,
)


def instruction_like(sentence: str) -> bool:
    return bool(_INSTRUCTION.search(sentence))


def instruction_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of every sentence of ``text`` that reads as instructions to a model."""
    spans = []
    position = 0
    for line in text.split("\n"):
        for start, end in split_sentences(line):
            if instruction_like(line[start:end]):
                spans.append((position + start, position + end))
        position += len(line) + 1
    return spans


# --- the summary: every clause supported by one article passage -----------------------------------
_CONTENT_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]{2,}")
_STOP = {"the", "and", "for", "with", "that", "this", "from", "has", "have", "had", "was", "were", "are",
         "its", "their", "his", "her", "who", "which", "while", "into", "over", "about", "also", "been",
         "will", "would", "said", "says", "after", "amid", "not", "but", "they", "them", "there", "than",
         "reported", "according", "being", "is", "it", "as"}
# A summary clause must find this share of its content words (5-letter stems) in ONE article
# sentence (with its neighbours): bag-of-words support over the whole article would let a
# small model splice two unrelated facts into one false sentence.
SUPPORT_THRESHOLD = 0.7
_CLAUSE_BREAK = re.compile(r",\s+(?:while|and|but|as|which|whereas)\s+|;\s+|\s+while\s+")


def _stems(text: str) -> set[str]:
    return {w.lower()[:5] for w in _CONTENT_WORD.findall(text) if w.lower() not in _STOP}


def clause_supported(clause: str, document: Document) -> bool:
    wanted = _stems(clause)
    if not wanted:
        return False
    windows = getattr(document, "_support_windows", None)
    if windows is None:
        # a passage that reads as instructions to a model is data, and supports nothing
        sentences = [set() if instruction_like(s.text) else _stems(s.text) for s in document.sentences]
        if document.title is not None:
            sentences.insert(0, _stems(document.title.text))
        windows = [set().union(*sentences[max(0, i - 1) : i + 2]) for i in range(len(sentences))]
        document._support_windows = windows  # type: ignore[attr-defined]
    return any(len(wanted & window) / len(wanted) >= SUPPORT_THRESHOLD for window in windows)


def supported_summary(summary: str, document: Document) -> tuple[str, int]:
    """Keep the summary clauses an article sentence supports; fall back to the lede if none is.

    A 1.5B model sometimes splices facts ("Tajikistan seeks help from the UN"); a clause that no
    article passage supports is cut rather than shown to a reader as fact.
    """
    kept_sentences: list[str] = []
    dropped = 0
    for start, end in split_sentences(summary.strip()):
        sentence = summary.strip()[start:end]
        pieces = _CLAUSE_BREAK.split(sentence)
        kept = []
        for piece in pieces:
            if clause_supported(piece, document):
                kept.append(piece)
            else:
                dropped += 1
                break  # keep only the supported opening of a sentence, so it still reads
        if kept:
            text = sentence[: sentence.find(kept[-1]) + len(kept[-1])].rstrip(" ,;")
            kept_sentences.append(text if text.endswith((".", "!", "?")) else text + ".")
    return " ".join(kept_sentences), dropped


# A key point whose content words are already this much in the summary or an earlier point tells
# the reader nothing new (a small model often restates its own summary as the first point).
REPEAT_THRESHOLD = 0.8


def repeats(point: str, said: set[str]) -> bool:
    wanted = _stems(point)
    return bool(wanted) and len(wanted & said) / len(wanted) >= REPEAT_THRESHOLD


# A key point is a statement: a name or a noun phrase alone ("US embassy") tells the reader nothing,
# and nor does one cut off mid-clause ("... with his wife and family according", "X wrote of Y,").
MIN_KEY_POINT_WORDS = 3
_CUT_OFF = re.compile(r"(?:[,;:(\-–—]|\b(?:according|and|or|but|of|to|the|a|an|with|by|for|in|on|at|from|as|that|"
                      r"which|who|said|says|wrote|told|than))\s*$", re.IGNORECASE)


def is_a_statement(point: str) -> bool:
    return len(point.split()) >= MIN_KEY_POINT_WORDS and _CUT_OFF.search(point.rstrip(" .")) is None


def ground_summary(document: Document, summary: str, key_points: list[str]) -> tuple[str, list[str], list[str]]:
    """The summary and key points an article passage supports, for any backend, and warnings for
    what was removed. (Reads instructions embedded in the article as supporting nothing.) A key
    point that repeats the summary or an earlier point is dropped quietly: it is redundant, not false."""
    kept, dropped = supported_summary(summary, document) if summary.strip() else ("", 0)
    statements = [point for point in key_points if is_a_statement(point)]
    supported = [point for point in statements if clause_supported(point, document)]
    points: list[str] = []
    said = _stems(kept)
    for point in supported:
        if not repeats(point, said):
            points.append(point)
            said |= _stems(point)
    warnings = []
    if dropped:
        warnings.append(f"{dropped} summary clause(s) not supported by any article sentence were removed")
    if len(statements) < len(key_points):
        warnings.append(f"{len(key_points) - len(statements)} key point(s) that are only a phrase, not a statement, "
                        "were removed")
    if len(supported) < len(statements):
        warnings.append(f"{len(statements) - len(supported)} key point(s) not supported by any article sentence "
                        "were removed")
    return kept, points, warnings
