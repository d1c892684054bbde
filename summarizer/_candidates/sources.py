"""Sources: the outlets and agencies an article relays ("according to AFP", "with inputs from PTI")."""

from __future__ import annotations

import re

from .._segment import Document

OUTLET_WORDS = re.compile(
    r"\b(News|Press|Times|Post|Journal|Agency|Tribune|Herald|Guardian|Reuters|AFP|AP|ANI|PTI|IANS|BBC|"
    r"CNN|Sputnik|TASS|Xinhua|Gazette|Telegraph|Radio|TV|Television|Wire|Daily|Magazine|"
    r"Network|Broadcasting|Bloomberg|Associated|Reporter|Today)\b"
)


def according_to_outlet(text: str) -> str | None:
    """The outlet a sentence's "according to" names, if it names one."""
    match = re.search(r"according to (?:the )?([A-Z][\w'’.\- ]{1,50}?)(?=[,.;]|$)", text)
    if match and OUTLET_WORDS.search(match.group(1)):
        return match.group(1).strip()
    return None


_SOURCE_PATTERNS = [
    re.compile(r"\bwith (?:additional )?(?:inputs|reporting) from\s+(?P<who>[A-Z][\w&'’.\- ]{1,40}?)\s*[.)]?$", re.IGNORECASE),
    re.compile(r",\s*reported\s+(?P<who>[A-Z][\w&'’.\- ]{1,40}?)\s*\.?$"),
    re.compile(r"\bQuoting\s+(?P<who>[A-Z][\w&'’.\- ]{1,40}?),\s*(?P<relay>[A-Z][\w&'’.\-]+(?:\s+[A-Z][\w&'’.\-]+){0,3})"),
    re.compile(r"\baccording to (?:the )?(?P<who>[A-Z][\w&'’.\- ]{1,40}?)(?=[,.;]|$)"),
    re.compile(r"(?P<who>(?:[A-Z][\w&'’.\-]+\s+){0,3}[A-Z][\w&'’.\-]+)\s+(?:reported|reports)\b"),
    # "as reported by Hurriyet Daily News", "as quoted by Greek Reporter", "told Reuters": an outlet
    # (checked by OUTLET_WORDS) that relayed the words
    # (a dot only inside a word: "Greek Reporter. In 2016" ends at the sentence)
    re.compile(r"\b(?:reported|quoted|told)(?: by)? (?:the )?(?P<who>[A-Z](?:[\w&'’\-]|\.(?=\w))*"
               r"(?:\s+[A-Z](?:[\w&'’\-]|\.(?=\w))*){0,3})"),
]


# Words one of which each pattern above needs (same order), tested first: the patterns backtrack
# at every capital letter, and most paragraphs name no source at all.
_SOURCE_TRIGGERS = [("inputs", "reporting"), ("reported",), ("quoting",), ("according",), ("report",),
                    ("reported", "quoted", "told")]


def find_sources(document: Document) -> list[str]:
    sources: list[str] = []
    for block in document.blocks:
        if block.kind not in ("body", "credit"):
            continue
        lowered = block.text.lower()
        for pattern, trigger in zip(_SOURCE_PATTERNS, _SOURCE_TRIGGERS):
            if not any(word in lowered for word in trigger):
                continue
            for match in pattern.finditer(block.text):
                for group in ("who", "relay"):
                    name = match.groupdict().get(group)
                    if name and (block.kind == "credit" or OUTLET_WORDS.search(name) or group == "relay" or pattern is _SOURCE_PATTERNS[2]):
                        name = name.strip().rstrip(".")
                        if name not in sources:
                            sources.append(name)
    return sources
