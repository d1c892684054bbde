from __future__ import annotations

from summarizer._ingest import read_article
from summarizer._segment import segment, split_sentences
from tests.conftest import SEED_000, SEED_003


def kinds(path):
    return {b.text.replace("\xa0", " "): b.kind for b in segment(read_article(path)).blocks}


def test_seed_boilerplate_never_reaches_the_body():
    blocks = {**kinds(SEED_000), **kinds(SEED_003)}
    for line, expected in {
        "• youtube": "boilerplate",
        "Last Updated:": "boilerplate",
        "First Published:": "boilerplate",
        "Image: Twitter/ Amrullah Saleh/ANI": "caption",
        "With inputs from ANI": "credit",
        "Saleh appeals to UN for humanitarian aid to deal with Afghan conflict": "heading",
    }.items():
        assert blocks[line] == expected, line
    also_read = next(text for text in blocks if text.startswith("Also Read:"))
    assert blocks[also_read] == "boilerplate"


def test_headline_is_the_title_not_body():
    document = segment(read_article(SEED_003))
    assert document.title is not None
    assert document.title.text.startswith("Afghanistan: Russia Asks")
    assert all(not s.text.startswith("Afghanistan: Russia Asks") for s in document.sentences)


def test_sentence_offsets_index_the_article():
    document = segment(read_article(SEED_000))
    for sentence in document.sentences:
        assert document.text[sentence.start : sentence.end] == sentence.text


def test_sentence_split_respects_abbreviations_and_open_quotes():
    text = 'Mr. Smith arrived in the U.S. on Monday. "We are fine. We will stay," he said. Then he left.'
    spans = [text[a:b] for a, b in split_sentences(text)]
    assert spans == ["Mr. Smith arrived in the U.S. on Monday.", '"We are fine. We will stay," he said.', "Then he left."]
