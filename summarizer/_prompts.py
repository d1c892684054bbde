"""Loads versioned prompt templates from the top-level ``prompts/`` folder (see prompts/README.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from string import Template

from . import _environment

DEFAULT_PROMPT_VERSION = "v2"
_SECTION = re.compile(r"^=== (system|user) ===\s*$", re.MULTILINE)


def prompts_dir() -> Path:
    """``$SUMMARIZER_PROMPTS_DIR``, else the repository's ``prompts/`` beside the package."""
    return _environment.prompts_dir() or Path(__file__).resolve().parent.parent / "prompts"


@dataclass(frozen=True)
class PromptTemplate:
    version: str
    name: str
    system: str | None
    user: str

    def messages(self, system: str | None = None, **values: str) -> list[dict[str, str]]:
        """Chat messages with ``$placeholders`` filled; values are inserted literally, never parsed."""
        messages = []
        system_text = system if system is not None else self.system
        if system_text:
            messages.append({"role": "system", "content": system_text})
        messages.append({"role": "user", "content": Template(self.user).substitute(values)})
        return messages


@lru_cache(maxsize=None)
def load_prompt(name: str, version: str = DEFAULT_PROMPT_VERSION) -> PromptTemplate:
    path = prompts_dir() / version / f"{name}.md"
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError:
        raise FileNotFoundError(f"prompt {version}/{name} not found at {path}") from None
    parts = _SECTION.split(raw)
    sections = {parts[i]: parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}
    if "user" not in sections and "system" not in sections:
        raise ValueError(f"prompt {path} has no '=== system ===' or '=== user ===' section")
    return PromptTemplate(version=version, name=name, system=sections.get("system"), user=sections.get("user", ""))
