"""Checks of a generated HTML page read with the stdlib HTML parser (no browser needed).

``brief_page_problems`` says what is wrong with an HTML brief: the article not shown exactly, an
item's span not highlighted at its offsets, a live script or event handler anywhere, or anything
loaded from outside. ``page_safety_problems`` is the part that applies to any page (the report too).
Each returns a list of problems; an empty list is a pass. tests/test_html.py feeds them broken
pages to show that they fail.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from summarizer._models import Brief
from summarizer._render_html import brief_items

# What the article container may hold: text, the highlights, and the empty anchors.
ARTICLE_TAGS = {"mark", "span"}
EXTERNAL = re.compile(r"^\s*[a-z][a-z0-9+.-]*:", re.IGNORECASE)  # a URL with a scheme (http:, javascript:)
LOADING_TAGS = {"img", "iframe", "object", "embed", "link", "video", "audio", "source", "frame", "base", "form"}


@dataclass
class Mark:
    start: int
    end: int
    items: list[str]
    title: str


@dataclass
class Page(HTMLParser):
    """Everything the checks need, gathered in one pass."""

    article: list[str] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    anchors: dict[str, int] = field(default_factory=dict)
    scripts: list[str] = field(default_factory=list)  # the ones a browser runs
    data_blocks: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    tags: list[tuple[str, dict]] = field(default_factory=list)
    article_tags: set[str] = field(default_factory=set)
    csp: str | None = None

    def __post_init__(self) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)
        self._stack: list[str] = []
        self._article_depth: int | None = None
        self._open_mark: Mark | None = None
        self._in: str | None = None  # "script" or "style" while inside one

    @property
    def position(self) -> int:
        return sum(len(piece) for piece in self.article)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.tags.append((tag, attributes))
        if tag == "meta" and attributes.get("http-equiv", "").lower() == "content-security-policy":
            self.csp = attributes.get("content")
        if tag == "script" and attributes.get("type", "").lower() == "application/json":
            self._in = "data"  # a data block: the browser never runs it
            self.data_blocks.append("")
        elif tag in ("script", "style"):
            self._in = tag
            (self.scripts if tag == "script" else self.styles).append("")
        if self._article_depth is not None:
            self.article_tags.add(tag)
            if tag == "mark":
                self._open_mark = Mark(self.position, self.position, attributes.get("data-items", "").split(),
                                       attributes.get("title", ""))
            elif tag == "span" and "anchor" in attributes.get("class", "").split():
                self.anchors[attributes.get("id", "")] = self.position
        if tag in ("br", "meta", "img", "link", "input", "hr", "source", "embed", "base"):
            return  # void elements have no end tag
        self._stack.append(tag)
        if tag == "div" and "article" in attributes.get("class", "").split() and self._article_depth is None:
            self._article_depth = len(self._stack)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._in = None
        if tag == "mark" and self._open_mark is not None:
            self._open_mark.end = self.position
            self.marks.append(self._open_mark)
            self._open_mark = None
        while self._stack:
            top = self._stack.pop()
            if self._article_depth is not None and len(self._stack) < self._article_depth:
                self._article_depth = None
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._in == "data":
            self.data_blocks[-1] += data
        elif self._in == "script":
            self.scripts[-1] += data
        elif self._in == "style":
            self.styles[-1] += data
        elif self._article_depth is not None:
            self.article.append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def page_safety_problems(html: str, expected_scripts: int = 1) -> list[str]:
    """A self-contained page that runs only its own script: one inline script, allowed by hash
    in its Content-Security-Policy; no event handler, no script URL, nothing loaded from outside."""
    page = parse(html)
    problems = []
    if len(page.scripts) != expected_scripts:
        problems.append(f"{len(page.scripts)} <script> element(s), expected {expected_scripts}")
    for block in page.data_blocks:
        try:
            json.loads(block)
        except ValueError:
            problems.append("a JSON data block is not JSON (was it cut short by markup inside?)")
    for tag, attributes in page.tags:
        if tag in LOADING_TAGS:
            problems.append(f"<{tag}> element: loads or submits something")
        if tag == "script" and "src" in attributes:
            problems.append("<script src>: an external script")
        for name, value in attributes.items():
            if name.startswith("on"):
                problems.append(f"<{tag} {name}>: an event handler attribute")
            if name in ("href", "src", "action", "formaction", "xlink:href") and EXTERNAL.match(value):
                problems.append(f"<{tag} {name}={value[:40]!r}>: a URL with a scheme")
    for style in page.styles:
        if re.search(r"url\(|@import", style, re.IGNORECASE):
            problems.append("a style loads a resource (url() or @import)")
    if page.csp is None:
        problems.append("no Content-Security-Policy")
    else:
        if "default-src 'none'" not in page.csp:
            problems.append("the Content-Security-Policy does not forbid everything by default")
        for script in page.scripts:
            digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
            if f"'sha256-{digest}'" not in page.csp:
                problems.append("a script is not the one the Content-Security-Policy allows")
    return problems


def brief_page_problems(html: str, brief: Brief, article_text: str) -> list[str]:
    """Everything ``page_safety_problems`` checks, plus: the article shown exactly, and every
    grounded item's span highlighted at its offsets (its marks, joined, are exactly its evidence)."""
    problems = page_safety_problems(html)
    page = parse(html)
    shown = "".join(page.article)
    if shown != article_text:
        at = next((i for i, (a, b) in enumerate(zip(shown, article_text)) if a != b), min(len(shown), len(article_text)))
        problems.append(f"the article shown differs from the article text at character {at}")
    if page.article_tags - ARTICLE_TAGS:
        problems.append(f"the article holds elements other than highlights: {sorted(page.article_tags - ARTICLE_TAGS)}")
    for item in brief_items(brief):
        marks = sorted((m for m in page.marks if item.id in m.items), key=lambda m: m.start)
        if not item.spanned:
            if marks:
                problems.append(f"{item.id}: ungrounded, yet highlighted")
            continue
        start, end = item.evidence.start, item.evidence.end
        covered = [(m.start, m.end) for m in marks]
        contiguous = all(a[1] == b[0] for a, b in zip(covered, covered[1:]))
        if not covered or covered[0][0] != start or covered[-1][1] != end or not contiguous:
            problems.append(f"{item.id}: highlighted at {covered[:3]}…, not at {start}–{end}")
        if page.anchors.get(item.id) != start:
            problems.append(f"{item.id}: no anchor at its start ({start})")
        if any(item.hover not in m.title for m in marks):
            problems.append(f"{item.id}: a highlight's hover text does not describe it")
    return problems
