"""Stage 1, ingest: bytes on disk -> one article text that every offset in the brief indexes into.

Behaviour on bad input is part of the contract: every failure is an ``InputError`` whose message is a
single readable line (the CLI prints it and exits 2), never a traceback.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

# 2 MB is ~300k words, far beyond any news article; past it the input is almost surely not one.
MAX_INPUT_BYTES = 2_000_000
# Fewer words than this after boilerplate is removed is not an article.
MIN_ARTICLE_WORDS = 15

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
_HTML_SNIFF = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<article)", re.IGNORECASE)
# Formats people hand to a text tool by mistake, by suffix and by their first bytes. Their bytes
# often decode as "text" (an uncompressed PDF did, and gave a brief titled "1 0 obj").
_DOCUMENT_SUFFIXES = {".pdf": "a PDF document", ".docx": "a Word document", ".doc": "a Word document",
                      ".odt": "an OpenDocument text", ".rtf": "an RTF document", ".epub": "an EPUB book",
                      ".xlsx": "a spreadsheet", ".pptx": "a presentation", ".json": "JSON data"}
_DOCUMENT_MAGIC = {b"%PDF-": "a PDF document", b"PK\x03\x04": "a ZIP archive (Word, OpenDocument, ...)",
                   b"{\\rtf": "an RTF document", b"\xd0\xcf\x11\xe0": "an old Office document"}
# The commonest English function words: in English news they are a fifth or more of all words.
_ENGLISH_WORDS = frozenset("the of and to a in is that for on was with as at by it from be has have are were "
                           "he his she her they an not this will but which who said its their after".split())
ENGLISH_SHARE_MIN = 0.08


class InputError(ValueError):
    """The input cannot be summarized; ``str(error)`` is one line fit for stderr."""


@dataclass(frozen=True)
class Article:
    text: str
    path: str | None
    sha256: str
    source_format: str  # "text", "markdown" or "html"
    html_title: str | None = None
    warnings: tuple[str, ...] = ()  # about the input as a whole; they reach the brief's run warnings


def read_article(path: str | Path) -> Article:
    """Read and decode one article file, extracting the main text from HTML."""
    file = Path(path)
    if not file.exists():
        if file.is_symlink():
            raise InputError(f"{path}: {_why_link_is_broken(file)}")
        raise InputError(f"{path}: no such file")
    if file.is_dir():
        raise InputError(f"{path}: is a directory (use `summarizer batch` for folders)")
    try:
        size = file.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise InputError(f"{path}: too large ({size:,} bytes; the limit is {MAX_INPUT_BYTES:,})")
        with file.open("rb") as stream:  # capped while reading: /dev/zero or a pipe reports no size
            raw = read_capped(stream, str(path))
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror or error})") from None
    return article_from_bytes(raw, path=str(path), suffix=file.suffix.lower())


def _why_link_is_broken(link: Path) -> str:
    try:
        os.stat(link)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "a symbolic link loop"
    return f"a broken symbolic link (to {os.readlink(link)})"


def read_capped(stream: BinaryIO, label: str) -> bytes:
    """Read at most MAX_INPUT_BYTES from a file or pipe; more than that is refused, never buffered."""
    raw = stream.read(MAX_INPUT_BYTES + 1)
    if len(raw) > MAX_INPUT_BYTES:
        raise InputError(f"{label}: too large (more than {MAX_INPUT_BYTES:,} bytes)")
    return raw


def article_from_bytes(raw: bytes, *, path: str | None = None, suffix: str = "") -> Article:
    label = path or "input"
    if len(raw) > MAX_INPUT_BYTES:
        raise InputError(f"{label}: too large ({len(raw):,} bytes; the limit is {MAX_INPUT_BYTES:,})")
    if not raw.strip():
        raise InputError(f"{label}: empty file")
    _refuse_documents(raw, suffix, label)
    if b"\x00" in raw[:8192] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{label}: looks like a binary file, not text")
    sha256 = hashlib.sha256(raw).hexdigest()
    is_html = suffix in HTML_SUFFIXES or (suffix not in MARKDOWN_SUFFIXES and _HTML_SNIFF.match(raw))
    text = _decode(raw, label)
    _refuse_json(text, label)
    html_title = None
    if is_html:
        text, html_title = _html_main_text(text, label)
        source_format = "html"
    elif suffix in MARKDOWN_SUFFIXES:
        text, html_title = markdown_text(text)
        source_format = "markdown"
    else:
        source_format = "text"
    words = re.findall(r"\w+", text)
    if len(words) < MIN_ARTICLE_WORDS:
        raise InputError(f"{label}: no article text found (fewer than {MIN_ARTICLE_WORDS} words)")
    return Article(text=text, path=path, sha256=sha256, source_format=source_format, html_title=html_title,
                   warnings=_language_warnings(words, label))


def _refuse_documents(raw: bytes, suffix: str, label: str) -> None:
    kind = _DOCUMENT_SUFFIXES.get(suffix) or next(
        (name for magic, name in _DOCUMENT_MAGIC.items() if raw.startswith(magic)), None)
    if kind is not None:
        raise InputError(f"{label}: is {kind}, not an article; give the article as .txt, .md or .html")


def _refuse_json(text: str, label: str) -> None:
    # A brief (or any JSON) given where the article belongs: say so instead of summarizing braces.
    if text.lstrip()[:1] in ("{", "["):
        try:
            json.loads(text)
        except ValueError:
            return
        raise InputError(f"{label}: is JSON data, not an article; give the article as .txt, .md or .html")


def _language_warnings(words: list[str], label: str) -> tuple[str, ...]:
    """Rules, prompts and number reading are English-only ("2.500" is 2.5, not 2,500): say so once."""
    share = sum(word.lower() in _ENGLISH_WORDS for word in words) / len(words)
    if share >= ENGLISH_SHARE_MIN:
        return ()
    warning = ("the text does not look like English; only English is supported, so speakers, figures "
               "(\"2.500\", \"250 000\") and the summary may be wrong")
    _warn_once(f"{label}: {warning}")
    return (warning,)


_warned: set[str] = set()


def _warn_once(message: str) -> None:
    kind = message.split(": ", 1)[-1]
    if kind not in _warned:  # once per process: a batch of 1,000 foreign articles says it once
        _warned.add(kind)
        logging.getLogger("summarizer").warning(message)


def markdown_text(source: str) -> tuple[str, str | None]:
    """Markdown -> its text, as a reader sees it (no #, *, links' targets, images or raw HTML), and
    its first heading if it opens the text. Offsets in the brief index this text, as they index the
    text extracted from HTML."""
    from markdown_it import MarkdownIt  # CommonMark parser, already installed with rich

    blocks: list[str] = []
    title: str | None = None
    tokens = MarkdownIt("commonmark").parse(source)
    for position, token in enumerate(tokens):
        if token.type == "inline":
            parts = []
            for child in token.children or []:
                if child.type in ("text", "code_inline"):
                    parts.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    parts.append("\n" if child.type == "hardbreak" else " ")
                # images (alt text, captions), raw HTML and link markup carry no article text
            blocks.append("".join(parts).strip())
            if position > 0 and tokens[position - 1].type == "heading_open" and not any(blocks[:-1]):
                title = blocks[-1] or None
        elif token.type in ("code_block", "fence"):
            blocks.append(token.content.rstrip("\n"))
    return "\n\n".join(block for block in blocks if block), title


def article_from_text(text: str, *, path: str | None = None) -> Article:
    """Wrap text already in memory (the library API); offsets index into ``text`` as given."""
    if not text.strip():
        raise InputError(f"{path or 'input'}: empty text")
    if len(re.findall(r"\w+", text)) < MIN_ARTICLE_WORDS:
        raise InputError(f"{path or 'input'}: no article text found (fewer than {MIN_ARTICLE_WORDS} words)")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Article(text=text, path=path, sha256=digest, source_format="text")


def _decode(raw: bytes, label: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # only paid for on non-UTF-8 input

    best = from_bytes(raw).best()
    if best is None:
        raise InputError(f"{label}: cannot decode the text (not UTF-8, and no other encoding fits)")
    text = str(best)
    # A "decoding" that is mostly control characters is binary data that happened to decode.
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > len(text) * 0.01:
        raise InputError(f"{label}: looks like a binary file, not text")
    return text


def _html_main_text(html: str, label: str) -> tuple[str, str | None]:
    import trafilatura  # heavy import, only for HTML

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not text or not text.strip():
        raise InputError(f"{label}: no article text found in the HTML")
    metadata = trafilatura.extract_metadata(html)
    title = metadata.title if metadata is not None else None
    if title and not text.startswith(title):
        # Keep the headline in the text so the brief's title is itself grounded.
        text = f"{title}\n\n{text}"
    return text, title

