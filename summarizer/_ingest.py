"""Stage 1, ingest: bytes on disk -> one article text that every offset in the brief indexes into.

Behaviour on bad input is part of the contract: every failure is an ``InputError`` whose message is a
single readable line (the CLI prints it and exits 2), never a traceback.
"""

from __future__ import annotations

import hashlib
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
_HTML_SNIFF = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<article)", re.IGNORECASE)


class InputError(ValueError):
    """The input cannot be summarized; ``str(error)`` is one line fit for stderr."""


@dataclass(frozen=True)
class Article:
    text: str
    path: str | None
    sha256: str
    source_format: str  # "text", "markdown" or "html"
    html_title: str | None = None


def read_article(path: str | Path) -> Article:
    """Read and decode one article file, extracting the main text from HTML."""
    file = Path(path)
    if not file.exists():
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
    if b"\x00" in raw[:8192] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{label}: looks like a binary file, not text")
    sha256 = hashlib.sha256(raw).hexdigest()
    is_html = suffix in HTML_SUFFIXES or (suffix not in {".md", ".markdown"} and _HTML_SNIFF.match(raw))
    text = _decode(raw, label)
    html_title = None
    if is_html:
        text, html_title = _html_main_text(text, label)
        source_format = "html"
    else:
        source_format = "markdown" if suffix in {".md", ".markdown"} else "text"
    if len(re.findall(r"\w+", text)) < MIN_ARTICLE_WORDS:
        raise InputError(f"{label}: no article text found (fewer than {MIN_ARTICLE_WORDS} words)")
    return Article(text=text, path=path, sha256=sha256, source_format=source_format, html_title=html_title)


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

