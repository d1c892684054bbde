"""What a figure counts (issue 13): the counted noun and its modifiers, read from the parse; never
a clause after it, a pronoun or a bare place. Every sentence here is invented."""

from __future__ import annotations

import pytest

from summarizer._candidates import find_candidates
from summarizer._ingest import article_from_text
from summarizer._segment import segment

HEADLINE = "Flood waters recede across the northern valley after a week of rain"


def _what(body: str, raw: str) -> str | None:
    found = find_candidates(segment(article_from_text(HEADLINE + "\n\n" + body)))
    figures = [f for f in found.figures if f.number.raw == raw]
    assert figures, [f.number.raw for f in found.figures]
    return figures[0].what.text if figures[0].what is not None else None


@pytest.mark.parametrize("body, raw, what", [
    # "N of X": X is what is counted, not the words before the number
    ("The river rose overnight, but thousands of residents stayed in their homes near the bridge.",
     "thousands", "residents stayed in their homes near the bridge"),
    ("Officials said all eleven of the emergency shelters filed reports on Tuesday morning.",
     "eleven", "emergency shelters filed reports on Tuesday morning"),
    # what the group did says which ones; a report ("said") or a bare "were" says nothing
    ("She protested alone on the first day, but thousands of farmers eventually joined the protest.",
     "thousands", "farmers eventually joined the protest"),
    ("The river rose overnight, but one of the farmers said the fields would recover by spring.",
     "one", "farmers"),
    # the noun the number modifies, with its own phrase
    ("Rescuers reached 2,50,000 residents stuck in the valley by the end of the week.",
     "2,50,000", "residents stuck in the valley"),
    # a hyphenated measure describes the noun after it
    ("The council approved a repair plan for the three-lane bridge near the town hall on Monday.",
     "three", "lane bridge near the town hall"),
    # a hyphenated noun the tokenizer splits is counted whole
    ("The engineer and three of his co-authors have started a company to sell the new pumps.",
     "three", "co-authors"),
])
def test_what_is_the_counted_noun_phrase(body, raw, what):
    assert _what(body, raw) == what


@pytest.mark.parametrize("body, raw", [
    # a pronoun or a clause before the number is no counted thing
    ("The mayor first visited the valley in 2011, and she was 44 when she ran for office.", "44"),
    ("The flood was the worst since records began in 1921 when he counted 12 at the station.", "12"),
])
def test_what_never_runs_into_a_clause_or_a_pronoun(body, raw):
    what = _what(body, raw)
    assert what is None or not any(w in what.lower().split() for w in ("when", "she", "he", "1921"))


def test_a_bare_place_before_the_number_is_no_what():
    body = ("The team travelled to a science fair in Washington D.C. The 12 were greeted by the mayor "
            "at the airport on Friday.")
    what = _what(body, "12")
    assert what is None or "Washington" not in what


@pytest.mark.parametrize("body, raw, what", [
    # what a clause says comes to the number is its subject (or the object it changed)
    ("After the storm, vaccination coverage had risen to 55 percent in the northern districts.",
     "55 percent", "vaccination coverage"),
    ("The regional council increased the death toll to six on Thursday after the landslide.",
     "six", "death toll"),
])
def test_what_a_clause_says_is_the_number_is_its_subject(body, raw, what):
    assert _what(body, raw) == what


def test_whoever_has_or_acts_on_a_number_is_not_what_it_counts():
    what = _what("Before the vote the mayor's rival, Joe Biden, had 54 after a long campaign in the valley.", "54")
    assert what is None or "Biden" not in what


def test_a_name_with_a_number_at_the_start_of_a_sentence_is_no_figure():
    body = ("Thousands planned to storm Area 51, a military base in the desert. Area 51 has long been a "
            "subject of rumours about 40 visitors a day.")
    found = find_candidates(segment(article_from_text(HEADLINE + "\n\n" + body)))
    assert [f.number.raw for f in found.figures if f.number.raw == "51"] == []
    assert "about 40" in [f.number.raw for f in found.figures]
