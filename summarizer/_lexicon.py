"""Word lists shared by every stage; each exists once, here."""

from __future__ import annotations

# Pronouns a speaker or an addressee can be written as.
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
BODY_PRONOUNS = frozenset({"it"})
GROUP_PRONOUNS = frozenset({"they", "them", "we", "us", "you", "i"})
PRONOUNS = PERSON_PRONOUNS | BODY_PRONOUNS | GROUP_PRONOUNS
POSSESSIVE_PRONOUNS = frozenset({"his", "their", "its", "our", "my", "your"})
