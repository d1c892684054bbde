"""Speakers, addressees and claimants name a person or a body: the check itself, the extraction
rules behind it (invented sentences), and the rules backend over every labeled article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer import summarize
from summarizer._ingest import article_from_text, read_article
from summarizer._segment import segment
from summarizer._candidates import find_candidates
from tests.speaker_check import article_problem, brief_problems, mention_problem

ROOT = Path(__file__).resolve().parent.parent
FILLER = "This sentence only pads the article so that it is long enough to count as news text."


def problem_of(sentence: str, mention: str) -> str | None:
    at = sentence.index(mention)
    return mention_problem(sentence, at, at + len(mention), sentence)


@pytest.mark.parametrize("sentence, mention", [
    ("The council, in a statement, said the bridge would reopen in May.", "in a statement"),
    ("On the other side, the residents argued that the plan was too costly.", "On the other side"),
    ("A tweet said the road was closed for the whole weekend.", "A tweet"),
    ("The decision was taken late on Friday, the mayor's office said.", "The decision was taken late"),
    ("The new taxes requested from shop owners are due in the spring.", "The new taxes"),
    ("Last week the minister announced a new budget for the schools.", "Last week"),
])
def test_the_check_rejects_what_is_no_person_or_body(sentence, mention):
    assert problem_of(sentence, mention) is not None


@pytest.mark.parametrize("sentence, mention", [
    ("The spokeswoman said the talks would resume on Monday.", "The spokeswoman"),
    ("Maria Zakharova said Russia had not supplied any weapons.", "Maria Zakharova"),
    ("Police said two men had been arrested near the station.", "Police"),
    ("He said the talks would resume on Monday.", "He"),
    ("One of the students said the exam had been cancelled.", "One of the students"),
    ("The Interior Ministry said the border would stay closed.", "The Interior Ministry"),
])
def test_the_check_accepts_people_and_bodies(sentence, mention):
    assert problem_of(sentence, mention) is None


def test_the_check_finds_a_mention_as_a_whole_word_in_the_article():
    article = "Immediate relief was promised.\nThe media said the port had reopened after the storm."
    assert article_problem(article, "media", len(article)) is None
    assert article_problem(article, "the harbour master", len(article)) == "not written in the article"


def speakers_of(*paragraphs: str) -> list[str | None]:
    text = "\n\n".join([FILLER, *paragraphs, FILLER])
    return [c.speaker.text if c.speaker else None for c in find_candidates(segment(article_from_text(text))).statements]


def test_a_work_speaks_for_its_author():
    assert speakers_of("The government statement said the border would stay closed until June.") == ["The government"]
    assert speakers_of("The Courier's analysis concluded that most readers had left the site.") == ["The Courier"]
    assert speakers_of("A letter released by the Health Ministry said hospitals would get more staff.") == \
        ["the Health Ministry"]


def test_a_work_without_a_named_author_is_no_speaker():
    # a message ("the report") is kept for the backend to tie to its author; a study's results are no one
    assert speakers_of("The report said the river had flooded twice this year.") == ["The report"]
    assert speakers_of("The results revealed that most children lacked iodine in their diets.") == [None]
    assert speakers_of("The new tariffs requested from importers are due in the spring of next year.") in ([], [None])


def test_a_lone_quantifier_is_no_speaker():
    assert speakers_of('Another said, "We were never told what the plan was for the village."') in ([], [None])


def test_a_thing_appealed_is_no_addressee():
    text = "\n\n".join([FILLER, "The company appealed the ruling to the Supreme Court on Monday.", FILLER])
    found = find_candidates(segment(article_from_text(text))).statements
    assert all(c.addressee is None or c.addressee.text != "the ruling" for c in found)


def test_claims_of_something_name_no_claimant():
    text = "\n\n".join([
        FILLER, "The lawyers repeated claims of immunity from prosecution for the former president.",
        "The president denied that he had broken any law while he was in office.", FILLER])
    denial = next(c for c in find_candidates(segment(article_from_text(text))).statements if c.kind == "denial")
    assert denial.alleged_by != "immunity from prosecution for the former president"


def _labeled():
    for path in sorted((ROOT / "evals" / "gold").glob("*.json")):
        yield path.stem, json.loads(path.read_text(encoding="utf-8"))["article"]


@pytest.mark.parametrize("name, article", list(_labeled()))
def test_every_rules_speaker_on_labeled_articles_is_a_person_or_a_body(name, article):
    source = read_article(ROOT / article)
    brief = summarize(source, backend="rules")
    assert brief_problems(source.text, brief) == []


def test_a_day_or_a_month_is_no_speaker():
    from summarizer._attribution import person_or_body
    from summarizer._parse import parse

    text = "Friday said the site was down for most of the day."
    (doc,) = parse([text])
    assert person_or_body(doc, 0, len("Friday")) is None
