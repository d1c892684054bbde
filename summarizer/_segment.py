"""Stage 2, segment: article text -> classified blocks and body sentences, all with offsets.

Blocks are lines (news text puts one paragraph per line). Each block gets a kind; only ``body``
blocks yield sentences, so boilerplate, headlines, captions, datelines and credits never produce items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ._ingest import Article

BlockKind = Literal["title", "heading", "dateline", "caption", "credit", "boilerplate", "body"]

_BOILERPLATE = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^[•·▪●◦*\-–]\s*\S{1,25}$",  # a bulleted one-word nav/social link: "• youtube"
        r"^(last updated|first published|published( on)?|updated( on)?|posted( on)?)\s*:",
        r"^(also read|read more|read also|also see|see also|watch|recommended|related( stories| news)?)\s*:",
        r"^(categories|tags|share this|follow us|subscribe|advertisement|sources|external links)\b\s*:?",
        r"^(click here|sign up|download the app)\b",
    )
]
_CAPTION = re.compile(
    r"^(image|images|photo|photograph|picture|video|file photo|credit)s?\s*:|"
    r"\((image|photo|picture)s?( courtesy| credit)?\s*:[^)]*\)\s*$|"
    r"\b(image|photo)\s*:\s*[^.]{1,60}\.?\s*$",
    re.IGNORECASE,
)
_CREDIT = re.compile(r"^(with inputs from|\(?with (additional )?(reporting|inputs) (by|from))\b", re.IGNORECASE)
_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_DATELINE = re.compile(
    rf"^((({_WEEKDAYS}),?\s+)?(({_MONTHS})\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+({_MONTHS}),?\s+\d{{4}}))\.?$",
    re.IGNORECASE,
)
_TERMINAL_PUNCTUATION = re.compile(r"[.!?…:;\"”’']\)?$")

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "col", "lt", "sgt", "capt", "gov", "sen",
    "rep", "rev", "inc", "ltd", "co", "corp", "vs", "etc", "no", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m", "fig",
    "approx", "dept", "est", "mt", "ft", "maj", "adm", "cmdr", "brig", "pres", "messrs", "hon",
}
# A sentence ends at . ! ? (plus closing quotes/brackets) followed by space and a capital, digit or quote.
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])")


@dataclass(frozen=True)
class Block:
    """A paragraph-like block of the article, with its kind (title, body, caption, boilerplate...)."""

    index: int
    start: int
    end: int
    text: str
    kind: BlockKind


@dataclass(frozen=True)
class Sentence:
    """A body sentence; ``start``/``end`` are character offsets into the article text."""

    index: int
    block_index: int
    start: int
    end: int
    text: str


@dataclass
class Document:
    """A segmented article: its text (``document.text``), blocks and body sentences, all with
    character offsets into that text. What every backend reads."""

    article: Article
    blocks: list[Block]
    sentences: list[Sentence]
    title: Block | None = None

    @property
    def text(self) -> str:
        return self.article.text

    def body_text(self) -> str:
        return "\n".join(b.text for b in self.blocks if b.kind == "body")


def segment(article: Article) -> Document:
    blocks = _classify_blocks(article.text, article.html_title)
    sentences: list[Sentence] = []
    for block in blocks:
        if block.kind != "body":
            continue
        for start, end in split_sentences(block.text):
            sentences.append(
                Sentence(
                    index=len(sentences),
                    block_index=block.index,
                    start=block.start + start,
                    end=block.start + end,
                    text=block.text[start:end],
                )
            )
    title = next((b for b in blocks if b.kind == "title"), None)
    return Document(article=article, blocks=blocks, sentences=sentences, title=title)


def _iter_lines(text: str):
    position = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            yield position + lead, position + lead + len(stripped), stripped
        position += len(line) + 1


def _classify_blocks(text: str, known_title: str | None = None) -> list[Block]:
    """``known_title``: the headline the source format marked as such (HTML <title>, Markdown's first
    heading), so a short one ("Flood hits town") is not taken for a menu item."""
    blocks: list[Block] = []
    seen_body = False
    seen_title = False
    after_sources_heading = False
    for start, end, line in _iter_lines(text):
        kind = _classify_line(line)
        if after_sources_heading:
            kind = "boilerplate"
        elif kind == "boilerplate" and re.match(r"^(sources|external links)\b", line, re.IGNORECASE):
            after_sources_heading = True  # everything after a "Sources" list heading is reference matter
        if line == known_title and not seen_title and not seen_body:
            kind = "title"
        elif kind == "heading" and line.startswith("#"):
            line_kind: BlockKind = "title" if not seen_title and not seen_body else "heading"
            kind = line_kind
        elif kind == "heading" and not seen_title and not seen_body and len(line.split()) >= 4:
            kind = "title"
        if kind == "title":
            seen_title = True
        if kind == "body":
            seen_body = True
        blocks.append(Block(index=len(blocks), start=start, end=end, text=line, kind=kind))
    if not seen_title:
        # No unpunctuated headline line: a short first body line stands in as the title.
        first = next((b for b in blocks if b.kind == "body"), None)
        if first is not None and len(first.text.split()) <= 25 and not any(b.kind == "title" for b in blocks):
            blocks[first.index] = Block(first.index, first.start, first.end, first.text, "title")
    return blocks


def _classify_line(line: str) -> BlockKind:
    if any(p.search(line) for p in _BOILERPLATE):
        return "boilerplate"
    if _CREDIT.search(line):
        return "credit"
    if _DATELINE.match(line):
        return "dateline"
    if _CAPTION.search(line):
        return "caption"
    words = line.split()
    if line.startswith("#"):
        return "heading"
    if len(words) < 4 and not _TERMINAL_PUNCTUATION.search(line):
        return "boilerplate"  # menu items, section labels ("English News")
    if not _TERMINAL_PUNCTUATION.search(line) and len(words) <= 25:
        return "heading"
    return "body"


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split one paragraph into sentence spans (start, end), skipping abbreviations and initials."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if _ends_with_abbreviation(text[start : match.start() + 1]):
            continue
        if _inside_open_quote(text[start:end]):
            # A full stop inside a quotation ("... fine. We will") does not end the reporting sentence.
            continue
        spans.append((start, end))
        start = end
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text):
        tail_end = len(text.rstrip())
        if tail_end > start:
            spans.append((start, tail_end))
    return spans


def _ends_with_abbreviation(chunk: str) -> bool:
    if not chunk.endswith("."):
        return False
    word = re.search(r"([A-Za-z][A-Za-z.]*)\.$", chunk)
    if not word:
        return False
    token = word.group(1).lower()
    if token in _ABBREVIATIONS:
        return True
    # A single capital initial ("J. Smith") or dotted acronym ("U.S.") is not a sentence end.
    return len(token) == 1 or bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", token))


def _inside_open_quote(chunk: str) -> bool:
    opening = chunk.count("“")
    closing = chunk.count("”")
    if opening or closing:
        return opening > closing
    # Straight quotes: an odd count means a quotation is still open, unless it runs on.
    straight = chunk.count('"')
    return straight % 2 == 1 and len(chunk) < 600
