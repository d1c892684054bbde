from __future__ import annotations

import pytest

from summarizer import summarize
from summarizer._assemble import split_name_and_role
from summarizer._render import render_markdown
from tests.conftest import SEED_000, SEED_003


@pytest.mark.parametrize(
    "mention, name, role",
    [
        ("Russian MFA spokesperson Maria Zakharova", "Maria Zakharova", "Russian MFA spokesperson"),
        ("Afghan President Amrullah Saleh", "Amrullah Saleh", "Afghan President"),
        ("Mayor Ana Lopez", "Ana Lopez", "Mayor"),
        ("Russian Foreign Ministry", "Russian Foreign Ministry", None),
        ("Zakharova", "Zakharova", None),
        ("the Saudi Interior Ministry", "Saudi Interior Ministry", None),
        # a leading article is no part of a name; a name follows an honorific
        ("The U.S. Department of Transport", "U.S. Department of Transport", None),
        ("An Al Arabiya reporter", "Al Arabiya reporter", None),
        ("Undersecretary of Health Mr. Rossi", "Rossi", "Undersecretary of Health"),
        # place or body words before the title belong to the role
        ("Greek Foreign Minister George Katrougalos", "George Katrougalos", "Greek Foreign Minister"),
        ("Santa Barbara County Sheriff Bill Brown", "Bill Brown", "Santa Barbara County Sheriff"),
        ("Minister Lavrov", "Lavrov", "Minister"),
        ("Santa Barbara County", "Santa Barbara County", None),
        # a body's name, a title, then a person; a body's name alone stays whole
        ("Supreme Court Justice Ana Ruiz", "Ana Ruiz", "Supreme Court Justice"),
        ("Labour Party leader Tom Reid", "Tom Reid", "Labour Party leader"),
        ("Justice Department", "Justice Department", None),
        # a person of a body: the body goes to the role
        ("ecologist Marta Lind of the University of Westland", "Marta Lind", "ecologist, the University of Westland"),
        # two named together: no role
        ("Tomas Brennan and Ines Duarte", "Tomas Brennan and Ines Duarte", None),
        # what someone does, capitalised at a sentence start, then a full name
        ("Actor Lena Marsh", "Lena Marsh", "Actor"),
        ("Co-developer Jun Park", "Jun Park", "Co-developer"),
        ("Singer Marsh", "Singer Marsh", None),  # one word after it: perhaps a surname "Singer"
        ("Baker Street Irregulars", "Baker Street Irregulars", None),
    ],
)
def test_name_and_role(mention, name, role):
    assert split_name_and_role(mention) == (name, role)


def test_actors_are_merged_by_alias_and_linked_by_id():
    brief = summarize(SEED_000, backend="rules")
    zakharova = [a for a in brief.actors if a.name == "Maria Zakharova"]
    assert len(zakharova) == 1
    (actor,) = zakharova
    assert "Zakharova" in actor.aliases and actor.role
    ids = {a.id for a in brief.actors}
    for statement in brief.statements:
        assert statement.actor_id is None or statement.actor_id in ids
    assert all(d.actor_id in ids for d in brief.denials if d.actor_id)


def test_one_name_spelled_with_and_without_accents_is_one_actor(tmp_path):
    article = tmp_path / "accents.txt"
    article.write_text("Museum to become a mosque\n\nPresident Recep Tayyip Erdoğan said on Sunday that the museum "
                       "would become a mosque again.\n\nOn Friday, Erdogan said the decision was final.\n\n"
                       "Prime Minister Jan Novák said the plan was wrong. Jan Novak is not the same spelling.\n",
                       encoding="utf-8")
    brief = summarize(article, backend="rules")
    erdogan = [a for a in brief.actors if "rdo" in a.name]
    assert len(erdogan) == 1 and erdogan[0].name == "Recep Tayyip Erdoğan"
    assert {s.speaker for s in brief.statements if "mosque" in s.text or "final" in s.text} == {"Recep Tayyip Erdoğan"}


def test_denials_and_appeals_are_derived_from_statements():
    brief = summarize(SEED_003, backend="rules")
    assert {a.speaker for a in brief.appeals} >= {"Maria Zakharova", "Amrullah Saleh"}
    assert all(a.evidence.text for a in brief.appeals)
    markdown = render_markdown(brief)
    assert "→ **the international communities**" in markdown


@pytest.mark.parametrize("word, expected", [("American", True), ("Iraqi", True), ("Chinese", True), ("British", True),
                                            ("French", True), ("french", True), ("Obama", False), ("Reuters", False),
                                            ("Pelosi", False), ("Khan", False), ("Ryan", False)])
def test_nationality_adjectives_are_one_list_shared_by_every_stage(word, expected):
    # Surnames end like demonyms ("Pelosi" like "Iraqi", "Khan" like "Afghan"): a list tells them apart.
    from summarizer._lexicon import is_nationality_adjective

    assert is_nationality_adjective(word) is expected


def test_a_court_is_not_the_justice_named_with_its_name():
    brief = summarize("case", text="Court overturns the verdict\n\nThe Supreme Court said the lower court had "
                      "erred. Supreme Court Justice Ana Ruiz wrote that the law was clear.", backend="rules")
    assert sorted(a.name for a in brief.actors) == ["Ana Ruiz", "Supreme Court"]
